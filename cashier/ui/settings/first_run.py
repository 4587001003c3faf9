"""The first-run wizard: language, shop, printer, TSE and where the till works — over the demo till.

On the very first start the till opens at once on the embedded simulator with the demo shop,
and this wizard offers to make it the shop's own, one step at a time: the language (switched
and saved at once), the shop's name and address for the receipts, the receipt printer (with a
test print), the TSE that signs the sales in Germany (the simulator by default; fiskaly test or
live with **Set up TSE**, which shows the new TSS's admin PUK once; none outside Germany) and
the environment — keeping the demo simulator is the default and one click; testing or live
hand over to the registration wizard (``environment_requested``), which registers the till
there and restarts it. Live needs the live TSE (or none): Finish says so on the TSE step.
Another TSE than the till started with asks for a restart (``restart_requested``).

**Finish** saves every step through :class:`~cashier.ui.settings_ports.SettingsAccess` (the
app's settings editor; printer and shop header take effect at once). **Skip set-up** (Esc) saves the settings in
effect — the defaults, and a language chosen on the first step. Only these two mark the set-up
done (``finish_set_up``): a till closed or killed half-way offers the wizard again at its next
start. The steps are the settings dialog's own pages (:mod:`cashier.ui.settings.settings_pages`); all
file and printer work runs on the TaskRunner. Opened with ``open()``, never ``exec()``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.settings import SECUCONNECT_ENVIRONMENTS, PrinterSettings
from cashier.ui.kit.i18n import UiLanguage, choose_language
from cashier.ui.kit.style import TOUCH, touch_button
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.settings.settings_pages import LanguagePage, PrinterPage, ShopPage
from cashier.ui.settings.settings_till_pages import vendor_name_problem
from cashier.ui.settings.settings_widgets import (
    ChoiceButtons,
    SettingsPage,
    caption,
    problem_label,
    show_problem,
)
from cashier.ui.settings.tse_page import TsePage, start_tse_set_up
from cashier.ui.settings_ports import (
    VENDOR_NAME_LENGTH,
    DeviceOutcome,
    EnvironmentChoice,
    FiscalForm,
    LanguageForm,
    SettingsAccess,
    SettingsForm,
    SettingsRejected,
)

WIZARD_SIZE: Final = (920, 660)  # inside a 1024×768 window, with room for the window frame
STEPS: Final = ("language", "shop", "printer", "fiscal", "environment")
FIRST_RUN_ENVIRONMENTS: Final = ("simulator", *SECUCONNECT_ENVIRONMENTS)


class EnvironmentStep(SettingsPage):
    """Keep the demo simulator (the default) or register the till with secuconnect."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.choice = ChoiceButtons(FIRST_RUN_ENVIRONMENTS, self)
        self.choice.chosen.connect(lambda _: self._update())
        self.explanation = caption(self)
        self.client_id = QLineEdit(self)
        self.client_id.setMaxLength(200)
        self.client_secret = QLineEdit(self)
        self.client_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.client_secret.setMaxLength(200)
        self.vendor = QLineEdit(self)
        self.vendor.setMaxLength(VENDOR_NAME_LENGTH)
        self._labels = [QLabel(self), QLabel(self), QLabel(self)]
        self.credentials = QWidget(self)
        fields = QFormLayout(self.credentials)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields.addRow(self._labels[0], self.client_id)
        fields.addRow(self._labels[1], self.client_secret)
        fields.addRow(self._labels[2], self.vendor)
        self.problem_text = problem_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.choice)
        layout.addWidget(self.explanation)
        layout.addWidget(self.credentials)
        layout.addWidget(self.problem_text)
        layout.addStretch(1)
        self.choice.set_value("simulator")
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Where should the till work?"))
        self.choice.set_texts(
            {
                "simulator": self.tr("Keep the demo simulator\n(training, no real payments)"),
                "testing": self.tr("secuconnect testing\n(test payments)"),
                "live": self.tr("secuconnect live\n(real payments)"),
            }
        )
        self._labels[0].setText(self.tr("Client id"))
        self._labels[1].setText(self.tr("Client secret"))
        self._labels[2].setText(self.tr("Vendor name"))
        self.client_id.setPlaceholderText(self.tr("from secuconnect, for this shop"))
        self.vendor.setPlaceholderText(self.tr("from secupay, with the client id"))
        self._update()

    def load(self, environment: str) -> None:
        self.choice.set_value(environment if environment in FIRST_RUN_ENVIRONMENTS else "simulator")
        show_problem(self.problem_text, None)
        self._update()

    def choice_made(self) -> EnvironmentChoice:
        chosen = self.choice.value()
        if chosen not in SECUCONNECT_ENVIRONMENTS:
            return EnvironmentChoice("simulator")
        return EnvironmentChoice(
            str(chosen),
            client_id=self.client_id.text().strip(),
            client_secret=self.client_secret.text().strip(),
            vendor=self.vendor.text().strip(),
        )

    def problem(self) -> str | None:
        choice = self.choice_made()
        text = None
        if choice.environment != "simulator" and not choice.client_id:
            text = self.tr("Enter the client id secuconnect gave you for this shop.")
            self.client_id.setFocus()
        elif choice.environment != "simulator" and not choice.client_secret:
            text = self.tr("Enter the client secret that belongs to the client id.")
            self.client_secret.setFocus()
        elif text := vendor_name_problem(choice):
            self.vendor.setFocus()
        show_problem(self.problem_text, text)
        return text

    def _update(self) -> None:
        register = self.choice_made().environment != "simulator"
        self.credentials.setVisible(register)
        self.explanation.setText(
            self.tr(
                "After Finish the till shows a code to confirm on the secuconnect website; "
                "then it restarts there. Until then it keeps working on the simulator."
            )
            if register
            else self.tr(
                "The till works on the built-in simulator with the demo shop and demo cards. "
                "Register it with secuconnect later in the settings."
            )
        )
        show_problem(self.problem_text, None)


class FirstRunWizard(QDialog):
    environment_requested = Signal(object)  # EnvironmentChoice (testing/live): register the till there
    restart_requested = Signal()  # another TSE was saved: the till starts with it

    def __init__(
        self,
        editor: SettingsAccess,
        runner: TaskRunner,
        language: UiLanguage,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.runner = runner
        self.language = language
        self._saving = False
        self._fiscal_at_start = editor.current().fiscal.settings
        self.setMinimumSize(*WIZARD_SIZE)
        self.setMaximumSize(1000, 720)
        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.welcome = caption(self)
        self.language_page = LanguagePage(self)
        self.shop_page = ShopPage(self)
        self.printer_page = PrinterPage(editor.printer_uri_problem, self)
        self.fiscal_page = TsePage(self)
        self.environment_page = EnvironmentStep(self)
        self.pages: dict[str, SettingsPage] = dict(
            zip(
                STEPS,
                (
                    self.language_page,
                    self.shop_page,
                    self.printer_page,
                    self.fiscal_page,
                    self.environment_page,
                ),
                strict=True,
            )
        )
        self.stack = QStackedWidget(self)
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.problem = problem_label(self)
        self.skip_button = touch_button(parent=self)
        self.back_button = touch_button(parent=self)
        self.next_button = touch_button(parent=self)
        for button in (self.skip_button, self.back_button, self.next_button):
            button.setMinimumWidth(3 * TOUCH)
        self.skip_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next_step)
        self.back_key = QKeySequence("Alt+Left")
        QShortcut(self.back_key, self, self.back_button.click, Qt.ShortcutContext.WindowShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.welcome)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        # Enter always means "next": a focused choice or test-print button takes Space, not Enter.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(button is self.next_button)
        self._bind()
        self.retranslate()

    def _bind(self) -> None:
        self.language_page.language_chosen.connect(self._switch_language)
        self.printer_page.test_print_requested.connect(lambda form: self._printer_action(form, drawer=False))
        self.printer_page.drawer_requested.connect(lambda form: self._printer_action(form, drawer=True))
        self.fiscal_page.set_up_requested.connect(self._set_up_tse)

    @property
    def step(self) -> str:
        return STEPS[self.stack.currentIndex()]

    # --- opening, moving between the steps --------------------------------------------------------
    def start(self) -> None:
        """Offer the set-up over the running till, starting with the settings in effect."""
        form = self.editor.current()
        self.language_page.load(form.language)
        self.shop_page.load(form.shop)
        self.printer_page.load(form.printer)
        self.fiscal_page.load(
            form.fiscal, environment=form.environment.environment, till_id=form.environment.till_id
        )
        self._fiscal_at_start = form.fiscal.settings
        self.environment_page.load("simulator")
        self._go(0)
        if not self.isVisible():
            self.open()

    def next_step(self) -> None:
        if self._saving:
            return
        show_problem(self.problem, None)
        if self.pages[self.step].problem():  # said on the page
            return
        if self.stack.currentIndex() == len(STEPS) - 1:
            self.finish()
        else:
            self._go(self.stack.currentIndex() + 1)

    def back(self) -> None:
        if not self._saving and self.stack.currentIndex() > 0:
            self._go(self.stack.currentIndex() - 1)

    def _go(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        show_problem(self.problem, None)
        self.back_button.setEnabled(index > 0)
        self.next_button.setDefault(True)
        self.welcome.setVisible(index == 0)
        self.retranslate()
        self._first_field().setFocus()

    def _first_field(self) -> QWidget:
        """Where the keyboard starts on the step in sight."""
        step = self.step
        if step == "language":
            chosen = self.language_page.choice.value()
            return self.language_page.choice.buttons.get(chosen, self.next_button)
        if step == "environment":
            chosen = self.environment_page.choice.value()
            return self.environment_page.choice.buttons.get(chosen, self.next_button)
        if step == "fiscal":
            return self.fiscal_page.choice.buttons.get(self.fiscal_page.tse(), self.next_button)
        return self.shop_page.name if step == "shop" else self.printer_page.uri

    # --- finishing or skipping ----------------------------------------------------------------------
    def form(self) -> SettingsForm:
        """The settings in effect with what the steps hold now."""
        return replace(
            self.editor.current(),
            language=self.language_page.form(),
            shop=self.shop_page.form(),
            printer=self.printer_page.form(),
            fiscal=self.fiscal_page.form(),
        )

    def finish(self) -> None:
        # The TSE step is checked for the environment the last step chose: live needs a live TSE.
        self.fiscal_page.set_environment(self.environment_page.choice_made().environment)
        for index, page in enumerate(self.pages.values()):
            if page.problem():
                self._go(index)
                page.problem()  # shown again on the page now in sight
                return
        self._set_saving(True)
        self.runner.start(
            self.editor.finish_set_up(self.form()),
            name="save the first set-up",
            owner=self,
            on_done=self._saved,
            on_error=self._save_failed,
            on_settled=lambda: self._set_saving(False),
        )

    def _saved(self, form: SettingsForm) -> None:
        choice = self.environment_page.choice_made()
        self.accept()
        if choice.environment != "simulator":
            self.environment_requested.emit(choice)  # the registration restarts the till anyway
        elif form.fiscal.settings != self._fiscal_at_start:
            self.restart_requested.emit()

    def _save_failed(self, error: Exception) -> bool:
        if isinstance(error, SettingsRejected):
            step = error.field.split(".", 1)[0]
            if step in self.pages:
                self._go(STEPS.index(step))
            if step == "fiscal":
                show_problem(self.problem, self.fiscal_page.show_rejected(error))
                return True
            show_problem(
                self.problem, self.tr("This cannot be saved: {problem}").format(problem=error.detail)
            )
            return True
        if isinstance(error, OSError):
            show_problem(
                self.problem,
                self.tr("The settings could not be saved: {problem}").format(problem=error.strerror or error),
            )
            return True
        return False  # a bug: the bridge words it with a support reference

    def reject(self) -> None:
        """Skip the set-up: the settings in effect are saved, so it is not offered again (a TSE
        set up on the way is among them: the till restarts with it)."""
        if self._saving:
            return
        self.runner.start(self.editor.finish_set_up(self.editor.current()), name="skip the first set-up")
        super().reject()
        if self.editor.current().fiscal.settings != self._fiscal_at_start:
            self.restart_requested.emit()

    # --- the TSE: saved, then set up; a new admin PUK shown once ------------------------------------
    def _set_up_tse(self, form: FiscalForm) -> None:
        start_tse_set_up(
            self.fiscal_page,
            form,
            editor=self.editor,
            runner=self.runner,
            owner=self,
            parent=self,
        )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        for button in (self.skip_button, self.back_button, self.next_button):
            button.setEnabled(not saving)
        if not saving:
            self.back_button.setEnabled(self.stack.currentIndex() > 0)

    # --- at once: language, test print, drawer ------------------------------------------------------
    def _switch_language(self, setting: str) -> None:
        self.language.switch(choose_language(setting, QLocale.system()))
        self.runner.start(
            self.editor.save(replace(self.editor.current(), language=LanguageForm(setting))),
            name="save the language",
        )

    def _printer_action(self, printer: PrinterSettings, *, drawer: bool) -> None:
        page = self.printer_page
        page.set_busy(True)

        def finished(outcome: DeviceOutcome) -> None:
            page.show_device_outcome(outcome, drawer=drawer)

        def failed(error: Exception) -> bool:
            if isinstance(error, SettingsRejected):
                page.show_outcome(self.tr("This cannot be saved: {problem}").format(problem=error.detail))
                return True
            if isinstance(error, OSError):
                page.show_outcome(str(error))
                return True
            return False

        self.runner.start(
            self.editor.open_drawer(printer) if drawer else self.editor.test_print(printer),
            name="open the drawer" if drawer else "print a test page",
            owner=self,
            on_done=finished,
            on_error=failed,
            on_settled=lambda: page.set_busy(False),
        )

    # --- language -------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up the till"))
        names = {
            "language": self.tr("Language"),
            "shop": self.tr("Your shop"),
            "printer": self.tr("Receipt printer"),
            "fiscal": self.tr("TSE (Germany)"),
            "environment": self.tr("secuconnect"),
        }
        index = self.stack.currentIndex()
        self.title.setText(
            self.tr("Set-up, step {number} of {count}: {name}").format(
                number=index + 1, count=len(STEPS), name=names[STEPS[index]]
            )
        )
        self.welcome.setText(
            self.tr(
                "Welcome to Cashier! The till already works with the demo shop on the simulator. "
                "A few steps make it yours — or skip them and change everything later in the settings."
            )
        )
        self.skip_button.setText(self.tr("Skip set-up") + "\nEsc")
        back = self.back_key.toString(QKeySequence.SequenceFormat.NativeText)
        self.back_button.setText(self.tr("Back") + f"\n{back}")
        last = index == len(STEPS) - 1
        self.next_button.setText((self.tr("Finish") if last else self.tr("Next")) + "\n⏎")
