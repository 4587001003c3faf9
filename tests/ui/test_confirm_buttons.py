"""OK and Cancel keep the dialog's labels (with their keys) through a language switch."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cashier.ui.kit.confirm_buttons import ConfirmButtons
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.style import TOUCH


def test_labels_survive_qt_retranslating_its_buttons(qtbot: QtBot, language: UiLanguage) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    confirmed: list[bool] = []
    buttons = ConfirmButtons(dialog, lambda: confirmed.append(True))
    buttons.label("Bezahlt ⏎", "Abbrechen Esc")
    dialog.show()
    language.switch("en")  # Qt posts LanguageChange: the box puts "OK" / "Cancel" back on
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange.value)
    assert buttons.cancel_button.text() == "Abbrechen Esc"
    assert buttons.ok_button.text() == "Bezahlt ⏎"
    buttons.label("Paid ⏎", "Cancel Esc")  # the dialog's own retranslation
    assert (buttons.ok_button.text(), buttons.cancel_button.text()) == ("Paid ⏎", "Cancel Esc")
    assert buttons.ok_button.height() >= TOUCH
    buttons.ok_button.click()
    assert confirmed == [True]
    buttons.cancel_button.click()
    assert not dialog.isVisible()
    language.switch("de")
