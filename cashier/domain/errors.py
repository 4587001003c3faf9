"""The one base class for invalid input found by the domain.

Every parser and rule in :mod:`cashier.domain` raises a subclass of :class:`InputError`.
It carries a machine-readable ``reason`` (a member of a per-topic ``StrEnum``) so that the
user interface can translate it into German or English, plus ``details`` with the values the
message mentions, and an English ``message`` for logs and the command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class InputError(ValueError):
    """Input that the cashier (or a scanner) gave and that cannot be used as it is."""

    reason: StrEnum
    details: Mapping[str, object]

    def __init__(self, reason: StrEnum, message: str, **details: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = MappingProxyType(dict(details))

    @property
    def message(self) -> str:
        """The English explanation, fit to show to a cashier or print on a console."""
        return str(self.args[0])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reason.value!r}, {self.message!r})"
