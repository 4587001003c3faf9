"""A dialog's OK and Cancel: touch-sized and labelled with their keys ("Paid ⏎", "Cancel Esc").

Qt's button box puts its own words back on its standard buttons when the language changes;
:class:`ConfirmButtons` puts the dialog's labels back after it, so a dialog open during a
language switch keeps showing the keys (the dialog relabels in its own language change).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from cashier.ui.kit.style import touch_sized

_OK, _CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


class ConfirmButtons(QDialogButtonBox):
    def __init__(self, dialog: QDialog, on_confirm: Callable[[], None]) -> None:
        super().__init__(_OK | _CANCEL, dialog)
        touch_sized(self)
        self.accepted.connect(on_confirm)
        self.rejected.connect(dialog.reject)
        self._labels: tuple[str, str] | None = None

    @property
    def ok_button(self) -> QPushButton:
        return self.button(_OK)

    @property
    def cancel_button(self) -> QPushButton:
        return self.button(_CANCEL)

    def label(self, ok: str, cancel: str) -> None:
        self._labels = (ok, cancel)
        self._apply()

    def _apply(self) -> None:
        if self._labels is not None:
            self.ok_button.setText(self._labels[0])
            self.cancel_button.setText(self._labels[1])

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._apply()  # over Qt's own words ("OK", "Abbrechen")
        return handled
