"""The settings' screen page: a window with a title bar, or a kiosk till (full screen, no frame)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cashier.ui.settings.settings_widgets import ChoiceButtons, SettingsPage, caption
from cashier.ui.settings_ports import ScreenForm

_WINDOW, _KIOSK = "window", "kiosk"


class ScreenPage(SettingsPage):
    """How the till sits on its screen; saving applies it at once and it is kept across restarts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.choice = ChoiceButtons((_WINDOW, _KIOSK), self)
        for button in self.choice.buttons.values():
            button.setMinimumHeight(64)
        self.hint = caption(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.choice)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.choice.set_value(_WINDOW)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("The till on its screen"))
        self.choice.set_texts(
            {
                _WINDOW: self.tr("Window\n(with title bar, fills the screen)"),
                _KIOSK: self.tr("Kiosk\n(full screen, no frame)"),
            }
        )
        self.hint.setText(
            self.tr(
                "Kiosk: the till is the only thing on the screen; the cashier cannot move or close "
                "it by its frame. F11 switches between full screen and the window meanwhile."
            )
        )

    def load(self, form: ScreenForm) -> None:
        self.choice.set_value(_KIOSK if form.kiosk else _WINDOW)

    def form(self) -> ScreenForm:
        return ScreenForm(kiosk=self.choice.value() == _KIOSK)

    def problem(self) -> str | None:
        return None
