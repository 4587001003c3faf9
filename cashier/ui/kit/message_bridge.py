"""The one way a message reaches the cashier (after qutebrowser's message bridge).

View-models and the TaskRunner call :meth:`MessageBridge.report` with an error, or
:meth:`info` / :meth:`warning` with a sentence; the main window shows what ``shown`` emits
in its message bar. Tests connect to ``shown`` and so see every word the cashier would see.
The bridge is an object passed in, not a global.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_scopes import MessageScope
from cashier.ui.kit.messages import (
    MessageLevel,
    UserMessage,
    describe,
    is_expected,
    new_support_reference,
    unexpected,
)

log = logging.getLogger(__name__)


class MessageBridge(QObject):
    shown = Signal(object)  # UserMessage
    scopes_ended = Signal(object)  # frozenset[MessageScope]: messages about these are stale now

    def __init__(self, money: Callable[[], MoneyFormat], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._money = money

    def show(self, message: UserMessage) -> None:
        log.info("message to the cashier (%s): %s", message.level.value, message.text)
        self.shown.emit(message)

    def info(self, text: str, scope: MessageScope = MessageScope.GENERAL) -> None:
        self.show(UserMessage(MessageLevel.INFO, text, scope=scope))

    def warning(self, text: str, scope: MessageScope = MessageScope.GENERAL) -> None:
        self.show(UserMessage(MessageLevel.WARNING, text, scope=scope))

    def end_scopes(self, scopes: frozenset[MessageScope]) -> None:
        """The card, basket or sale that messages of ``scopes`` were about is gone."""
        self.scopes_ended.emit(scopes)

    def report(self, error: BaseException) -> UserMessage:
        """Word ``error`` for the cashier; a bug goes to the log with its traceback."""
        if is_expected(error):
            message = describe(error, self._money())  # type: ignore[arg-type]
        else:
            reference = new_support_reference()
            log.error(
                "unexpected error (support reference %s)",
                reference,
                exc_info=(type(error), error, error.__traceback__),
            )
            message = unexpected(reference)
        self.show(message)
        return message
