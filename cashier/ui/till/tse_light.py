"""Whether the TSE signs, as the till shows it (docs/fiscal.md, "TSE down ≠ till down").

The services tell this once when the TSE goes out and once when it is back; the cashier reads
it once in the message bar, and the status bar says "TSE ausgefallen" for as long as it lasts.
Selling goes on: each receipt made meanwhile says it is unsigned.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.ports import FiscalWatch


class TseLight(QObject):
    changed = Signal(bool)  # out

    def __init__(
        self, source: FiscalWatch | None, bridge: MessageBridge, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.out = source.out if source is not None else False
        self._unsubscribe: Callable[[], None] | None = None
        if source is not None:
            self._unsubscribe = source.subscribe(self._heard)
            self.destroyed.connect(self.stop)

    def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _heard(self, out: bool, reason: str) -> None:
        if not shiboken6.isValid(self):
            return
        self.out = out
        if out:
            self._bridge.warning(
                self.tr(
                    "The TSE does not answer ({reason}). The till keeps selling; receipts say "
                    "\u201cTSE ausgefallen\u201d until it is back."
                ).format(reason=reason)
            )
        else:
            self._bridge.info(self.tr("The TSE signs again."))
        self.changed.emit(out)
