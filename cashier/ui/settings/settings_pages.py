"""The pages of the settings dialog that the first-run wizard shares: shop, printer, language.

Each page edits one plain form of :mod:`cashier.ui.settings_ports`: :meth:`load` shows a form,
:meth:`form` returns what is on the page now, :meth:`problem` says in words what must be fixed
before it can be saved (``None`` when nothing). A page does no I/O and knows no editor: what
needs the app (a test print, a drawer kick, switching the language) goes out as a signal, and
the dialog or wizard that shows the page carries it out through the TaskRunner. Pages set
their texts again on ``LanguageChange``, so they work in any container. The first-run wizard
uses :class:`ShopPage`, :class:`PrinterPage` and :class:`LanguagePage` as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLocale, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.money import Money
from cashier.domain.settings import DRAWER_PINS, PAPER_WIDTHS, PrinterSettings, ShopSettings
from cashier.ui.kit.formatting import LANGUAGES, MoneyFormat
from cashier.ui.kit.i18n import choose_language
from cashier.ui.kit.style import TOUCH, touch_button
from cashier.ui.settings.settings_widgets import (
    ChoiceButtons,
    SettingsPage,
    Stepper,
    caption,
    field_label,
    form_layout,
    lines_edit,
    problem_label,
    show_problem,
)
from cashier.ui.settings_ports import DeviceOutcome, DeviceProblem, LanguageForm

PRINTER_EXAMPLES = (
    "preview",
    "tcp://192.168.1.50:9100",
    "usb://04b8:0e28",
    "serial:///dev/ttyUSB0?baudrate=9600",
    "file:///dev/usb/lp0",
)


# --- the shop: header and footer of every receipt ----------------------------------------------
class ShopPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setMaxLength(60)
        self.address = lines_edit(self, 3)
        self.vat_id = QLineEdit(self)
        self.vat_id.setMaxLength(30)
        self.phone = QLineEdit(self)
        self.phone.setMaxLength(30)
        self.footer = lines_edit(self, 3)
        self.logo = QLineEdit(self)
        self.choose_logo_button = touch_button(parent=self)
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.no_logo_button = touch_button(parent=self)
        self.no_logo_button.clicked.connect(self.logo.clear)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.choose_logo_button)
        logo_row.addWidget(self.no_logo_button)
        self.problem_text = problem_label(self)
        self.hint = caption(self)
        self.fields = form_layout()
        self._labels = [field_label(self) for _ in range(6)]
        rows = (self.name, self.address, self.vat_id, self.phone, self.footer)
        for label, field in zip(self._labels, rows, strict=False):
            self.fields.addRow(label, field)
        self.fields.addRow(self._labels[-1], logo_row)
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields)
        layout.addWidget(self.problem_text)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.file_dialog: QFileDialog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(
            self._labels,
            (
                self.tr("Shop name"),
                self.tr("Address\n(one line each)"),
                self.tr("VAT id"),
                self.tr("Phone"),
                self.tr("Receipt footer\n(one line each)"),
                self.tr("Logo"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.logo.setPlaceholderText(self.tr("no logo"))
        self.choose_logo_button.setText(self.tr("Choose…"))
        self.no_logo_button.setText(self.tr("No logo"))
        self.hint.setText(
            self.tr("Printed at the top and bottom of every receipt, from the next receipt on.")
        )

    def load(self, form: ShopSettings) -> None:
        self.name.setText(form.name)
        self.address.setPlainText("\n".join(form.address))
        self.vat_id.setText(form.vat_id)
        self.phone.setText(form.phone)
        self.footer.setPlainText("\n".join(form.footer))
        self.logo.setText(form.logo)
        show_problem(self.problem_text, None)

    def form(self) -> ShopSettings:
        return ShopSettings(
            name=self.name.text().strip(),
            address=_text_lines(self.address),
            vat_id=self.vat_id.text().strip(),
            phone=self.phone.text().strip(),
            footer=_text_lines(self.footer),
            logo=self.logo.text().strip(),
        )

    def problem(self) -> str | None:
        text = None if self.name.text().strip() else self.tr("The shop needs a name for its receipts.")
        show_problem(self.problem_text, text)
        if text:
            self.name.setFocus()
        return text

    def choose_logo(self) -> None:
        """A file dialog for the logo, opened with ``open()`` (no nested event loop)."""
        if self.file_dialog is None:
            self.file_dialog = QFileDialog(self, self.tr("Logo for the receipt"))
            self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            self.file_dialog.setNameFilter(self.tr("Pictures (*.png *.jpg *.jpeg *.bmp *.gif)"))
            self.file_dialog.fileSelected.connect(self.logo.setText)
        self.file_dialog.open()


def _text_lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


# --- the printer ---------------------------------------------------------------------------------
class PrinterPage(SettingsPage):
    """The receipt printer. ``check_uri`` is the app's printer-URI check (the printing layer's
    parser): it returns what is wrong with an address, or ``None``."""

    test_print_requested = Signal(object)  # PrinterSettings
    drawer_requested = Signal(object)  # PrinterSettings

    def __init__(self, check_uri: Callable[[str], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check_uri = check_uri
        self.uri = QComboBox(self)
        self.uri.setEditable(True)
        self.uri.addItems(PRINTER_EXAMPLES)
        self.uri.setMinimumHeight(TOUCH - 4)
        self.uri.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.uri.currentTextChanged.connect(self._check)
        self.uri_state = problem_label(self)
        self.examples = caption(self)
        self.width_choice = ChoiceButtons(PAPER_WIDTHS, self)
        self.pin_choice = ChoiceButtons(DRAWER_PINS, self)
        self.pulse = Stepper(2, 510, 10, self)
        self.pulse.spin.setSuffix(" ms")
        self.test_button = touch_button(parent=self)
        self.drawer_button = touch_button(parent=self)
        self.test_button.clicked.connect(lambda: self._request(self.test_print_requested))
        self.drawer_button.clicked.connect(lambda: self._request(self.drawer_requested))
        self.keys = {"test": QKeySequence("Ctrl+P"), "drawer": QKeySequence("Ctrl+D")}
        for key, button in (("test", self.test_button), ("drawer", self.drawer_button)):
            QShortcut(self.keys[key], self, button.click, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addWidget(self.drawer_button)
        self.outcome = problem_label(self)
        self.outcome_detail = caption(self)
        self.outcome_detail.hide()
        self.outcome_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._labels = [field_label(self) for _ in range(4)]
        fields = form_layout()
        uri_box = QVBoxLayout()
        uri_box.setSpacing(2)
        for widget in (self.uri, self.uri_state, self.examples):
            uri_box.addWidget(widget)
        fields.addRow(self._labels[0], uri_box)
        for label, field in zip(
            self._labels[1:], (self.width_choice, self.pin_choice, self.pulse), strict=True
        ):
            fields.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addSpacing(8)
        layout.addLayout(actions)
        layout.addWidget(self.outcome)
        layout.addWidget(self.outcome_detail)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(
            self._labels,
            (self.tr("Printer address"), self.tr("Paper"), self.tr("Cash drawer"), self.tr("Drawer pulse")),
            strict=True,
        ):
            label.setText(text)
        self.examples.setText(
            self.tr(
                "For example: preview (on the screen, no printer), tcp://192.168.1.50:9100 (network), "
                "usb://04b8:0e28 (USB ids from lsusb), serial:///dev/ttyUSB0, file:///dev/usb/lp0"
            )
        )
        self.width_choice.set_texts(
            {48: self.tr("80 mm · 48 characters"), 32: self.tr("58 mm · 32 characters")}
        )
        self.pin_choice.set_texts({2: self.tr("Pin 2"), 5: self.tr("Pin 5")})
        for key, button, text in (
            ("test", self.test_button, self.tr("Test print")),
            ("drawer", self.drawer_button, self.tr("Open drawer")),
        ):
            shortcut = self.keys[key].toString(QKeySequence.SequenceFormat.NativeText)
            button.setText(f"{text}\n{shortcut}")
        self._check()

    def load(self, form: PrinterSettings) -> None:
        self.uri.setCurrentText(form.uri)
        self.width_choice.set_value(form.width)
        self.pin_choice.set_value(form.drawer_pin)
        self.pulse.set_value(form.drawer_pulse_ms)
        self.show_outcome(None)
        self._check()

    def form(self) -> PrinterSettings:
        width, pin = self.width_choice.value(), self.pin_choice.value()
        return PrinterSettings(
            uri=self.uri.currentText().strip(),
            width=width if isinstance(width, int) else 48,
            drawer_pin=pin if isinstance(pin, int) else 2,
            drawer_pulse_ms=self.pulse.value(),
        )

    def problem(self) -> str | None:
        text = self._check()
        if text:
            self.uri.setFocus()
        return text

    def set_busy(self, busy: bool) -> None:
        """While a test print or drawer kick runs: one at a time."""
        self.test_button.setEnabled(not busy)
        self.drawer_button.setEnabled(not busy)
        if busy:
            self.show_outcome(self.tr("Talking to the printer…"), good=True)

    def show_outcome(self, text: str | None, *, good: bool = False, detail: str = "") -> None:
        show_problem(self.outcome, text, good=good)
        self.outcome_detail.setText(detail)
        self.outcome_detail.setVisible(bool(detail))

    def show_device_outcome(self, outcome: DeviceOutcome, *, drawer: bool) -> None:
        """A test print's or drawer kick's outcome, in words."""
        if outcome.done:
            text = (
                self.tr("The drawer was told to open.")
                if drawer
                else self.tr("The test page was printed — check that it came out readable.")
            )
            self.show_outcome(text, good=True)
            return
        self.show_outcome(self._problem_words(outcome.problem), detail=outcome.detail)

    def _problem_words(self, problem: DeviceProblem | None) -> str:
        words = {
            DeviceProblem.BAD_URI: self.tr("This printer address cannot be used — check it."),
            DeviceProblem.OFFLINE: self.tr(
                "The printer does not answer — is it switched on and connected, and the address right?"
            ),
            DeviceProblem.NOT_FOUND: self.tr(
                "There is no printer at this address — check the address and cable."
            ),
            DeviceProblem.PERMISSION_DENIED: self.tr(
                "The till may not use this printer — see the hint below."
            ),
            DeviceProblem.PAPER_OUT: self.tr("The printer is out of paper — put in a new roll."),
            DeviceProblem.TIMEOUT: self.tr("The printer stopped answering — check it, then try again."),
            DeviceProblem.DRIVER_MISSING: self.tr(
                "A driver for this printer is missing — see the hint below."
            ),
        }
        if problem is DeviceProblem.BUG:
            return self.tr("Printing failed because of an unexpected error — please tell support.")
        return words.get(problem, self.tr("Printing did not work — check the printer, then try again."))  # type: ignore[arg-type]

    def _check(self) -> str | None:
        uri = self.uri.currentText().strip()
        problem = self._check_uri(uri) if uri else ""
        if problem is None:
            show_problem(self.uri_state, self.tr("✓ a valid printer address"), good=True)
            return None
        text = self.tr("Not a printer address: {problem}").format(
            problem=problem or self.tr("please enter one")
        )
        show_problem(self.uri_state, text)
        return text

    def _request(self, signal: SignalInstance) -> None:
        if self.problem() is None:
            signal.emit(self.form())


# --- the language ----------------------------------------------------------------------------------
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}  # each in its own language: never translated


class LanguagePage(SettingsPage):
    """Automatic (the computer's locale), Deutsch or English. ``language_chosen(setting)`` at
    each choice ("" for automatic); the container switches the till's language at once."""

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.choice = ChoiceButtons(("", *LANGUAGES), self)
        for button in self.choice.buttons.values():
            button.setMinimumHeight(64)
        self.choice.chosen.connect(self._chosen)
        self.example = QLabel(self)
        self.hint = caption(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.choice)
        layout.addWidget(self.example)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.choice.set_value("")
        self.retranslate()

    def retranslate(self) -> None:
        automatic = LANGUAGE_NAMES[choose_language("", QLocale.system())]
        self.heading.setText(self.tr("Language of the till"))
        texts: dict[object, str] = {
            "": self.tr("Automatic\n({language} on this computer)").format(language=automatic)
        }
        self.choice.set_texts(texts | {code: LANGUAGE_NAMES[code] for code in LANGUAGES})
        self.hint.setText(self.tr("The till switches at once. Receipts are always printed in German."))
        self._show_example()

    def load(self, form: LanguageForm) -> None:
        self.choice.set_value(form.language)
        self._show_example()

    def form(self) -> LanguageForm:
        value = self.choice.value()
        return LanguageForm(value if isinstance(value, str) else "")

    def problem(self) -> str | None:
        return None

    def _chosen(self, value: object) -> None:
        self._show_example()
        self.language_chosen.emit(value if isinstance(value, str) else "")

    def _show_example(self) -> None:
        money = MoneyFormat(choose_language(self.form().language, QLocale.system()))
        self.example.setText(
            self.tr("Amounts look like this: {amount}").format(amount=money.amount(Money(123450)))
        )
