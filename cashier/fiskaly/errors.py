"""The client's errors: three kinds, told apart by what the caller may do next.

* :class:`FiskalyUnreachable` — no usable answer, and nothing was changed that we know of: no
  connection could be made, a read (``GET``, ``POST /auth``) failed or timed out or got a 5xx.
  Safe to try again later.
* :class:`FiskalyOutcomeUnknown` — a write (``PUT``/``PATCH``/``POST``) was sent and no usable
  answer came (a read timeout, a dropped connection, a 5xx, an unreadable body): fiskaly may or
  may not have applied it. Read the object back before deciding.
* :class:`FiskalyRefused` — fiskaly answered with an error (4xx) that repeating will not cure;
  ``code`` is fiskaly's (``E_TSS_NOT_FOUND``, …) and may be ``None``.

``str()`` of each is short English without secrets or tokens.
"""

from __future__ import annotations


class FiskalyError(Exception):
    """Base of every error :class:`~cashier.fiskaly.client.FiskalyClient` raises."""

    def __init__(self, message: str, *, operation: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation


class FiskalyUnreachable(FiskalyError):
    """No usable answer, nothing changed that we know of."""


class FiskalyOutcomeUnknown(FiskalyError):
    """A write was sent and no usable answer came back."""


class FiskalyRefused(FiskalyError):
    """An error answer (4xx): ``status``, fiskaly's ``code`` (may be None) and ``error``."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str | None = None,
        error: str | None = None,
        operation: str | None = None,
    ) -> None:
        super().__init__(message, operation=operation)
        self.status = status
        self.code = code
        self.error = error

    @property
    def not_found(self) -> bool:
        """404, or fiskaly's 400 ``E_CLIENT_NOT_FOUND`` (a "not found" sent as 400)."""
        return self.status == 404 or (self.code or "").endswith("_NOT_FOUND")
