"""The "TSE (Germany)" page of the settings dialog and the first-run wizard, and the admin PUK.

In Germany every sale is signed by a TSE (KassenSichV): the page chooses which — the embedded
simulator (training signatures, the default), fiskaly's test or live environment — or none at
all for a till outside Germany. For fiskaly it takes the API key, the API secret (a password
field; it goes to the secret store, never to ``settings.toml``), the TSS id and client id
(**New ids** makes UUIDs for a TSS still to be set up) and the till's ERS serial number.

**Set up TSE** (``set_up_requested``) asks the dialog or wizard to run the TSS set-up through
the app (:meth:`~cashier.ui.settings_ports.SettingsAccess.set_up_tse`, on the TaskRunner:
:func:`start_tse_set_up`); a new TSS's admin PUK is then shown once, in :class:`AdminPukDialog`,
with the advice to write it down (the till keeps it in the secret store too).

Same contract as the other pages (``load``, ``form``, ``problem``); every text follows
``LanguageChange``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.settings import (
    CLIENT_SERIAL_LENGTH,
    TSE_MODES,
    FiscalProblem,
    FiscalSettings,
    default_client_serial,
    fiscal_issue,
)
from cashier.ui.kit.style import TOUCH, touch_button
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.settings.settings_widgets import (
    ChoiceButtons,
    SettingsPage,
    caption,
    field_label,
    form_layout,
    problem_label,
    show_problem,
)
from cashier.ui.settings_ports import (
    FiscalForm,
    SettingsAccess,
    SettingsRejected,
    TseProblem,
    TseSetUpOutcome,
)

translate = QCoreApplication.translate
UUID_LENGTH = 36
PUK_TEXT_WIDTH = 620  # the PUK dialog's words: well inside a 1024×768 screen
API_FIELD_LENGTH = 200


class TsePage(SettingsPage):
    """``[fiscal]``: which TSE signs the sales, and how the till reaches it."""

    set_up_requested = Signal(object)  # FiscalForm: run the TSS set-up with it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded = FiscalSettings()
        self._environment = "simulator"
        self._till_id = "KASSE-1"
        self.puk_dialog: AdminPukDialog | None = None  # the last set-up's, while it is open
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.choice = ChoiceButtons(TSE_MODES, self)
        self.choice.chosen.connect(self._chosen)
        self.explanation = caption(self)
        self.api_key = QLineEdit(self)
        self.api_key.setMaxLength(API_FIELD_LENGTH)
        self.api_secret = QLineEdit(self)
        self.api_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_secret.setMaxLength(API_FIELD_LENGTH)
        self.tss_id = QLineEdit(self)
        self.client_id = QLineEdit(self)
        for field in (self.tss_id, self.client_id):
            field.setMaxLength(UUID_LENGTH)
            field.setPlaceholderText("00000000-0000-0000-0000-000000000000")
        self.client_serial = QLineEdit(self)
        self.client_serial.setMaxLength(CLIENT_SERIAL_LENGTH)
        self.api_key.textChanged.connect(self._update_secret_hint)
        self.new_ids_button = touch_button(parent=self)
        self.new_ids_button.clicked.connect(self.make_new_ids)
        self.set_up_button = touch_button(parent=self)
        self.set_up_button.clicked.connect(self.request_set_up)
        self.keys = {"new_ids": QKeySequence("Ctrl+N"), "set_up": QKeySequence("Ctrl+T")}
        for key, button in (("new_ids", self.new_ids_button), ("set_up", self.set_up_button)):
            QShortcut(self.keys[key], self, button.click, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._lay_out()
        self.choice.set_value("simulator")
        self.retranslate()

    def _lay_out(self) -> None:
        self._labels = [field_label(self) for _ in range(5)]
        self.credentials = QWidget(self)
        fields = form_layout()
        fields.setContentsMargins(0, 0, 0, 0)
        rows = (self.api_key, self.api_secret, self.tss_id, self.client_id, self.client_serial)
        for label, row in zip(self._labels, rows, strict=True):
            fields.addRow(label, row)
        self.credentials.setLayout(fields)
        actions = QHBoxLayout()
        actions.addWidget(self.new_ids_button)
        actions.addWidget(self.set_up_button)
        self.problem_text = problem_label(self)
        self.outcome = problem_label(self)
        self.outcome_detail = caption(self)
        self.outcome_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome_detail.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.choice)
        layout.addWidget(self.explanation)
        layout.addWidget(self.credentials)
        layout.addLayout(actions)
        layout.addWidget(self.problem_text)
        layout.addWidget(self.outcome)
        layout.addWidget(self.outcome_detail)
        layout.addStretch(1)

    # --- texts ---------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(self.tr("Germany: a TSE signs every sale (KassenSichV)"))
        self.choice.set_texts(
            {
                "simulator": self.tr("Simulator\n(training)"),
                "testing": self.tr("fiskaly test\n(test signatures)"),
                "live": self.tr("fiskaly live\n(real signatures)"),
                "off": self.tr("No TSE\n(outside Germany)"),
            }
        )
        for label, text in zip(
            self._labels,
            (
                self.tr("API key"),
                self.tr("API secret"),
                self.tr("TSS id"),
                self.tr("Client id"),
                self.tr("Till serial (ERS)"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.api_key.setPlaceholderText(self.tr("from the fiskaly dashboard"))
        for key, button, text in (
            ("new_ids", self.new_ids_button, self.tr("New ids (a new TSS)")),
            ("set_up", self.set_up_button, self.tr("Set up TSE…")),
        ):
            shortcut = self.keys[key].toString(QKeySequence.SequenceFormat.NativeText)
            button.setText(f"{text}\n{shortcut}")
        self._update()

    def _explanation(self, tse: str) -> str:
        if tse == "simulator":
            return self.tr(
                "The built-in fiskaly simulator signs every sale with training signatures — for "
                "trying the till out, never for real sales in Germany."
            )
        if tse == "off":
            return self.tr(
                "Only for a till outside Germany: sales are not signed and receipts carry no TSE "
                "data. In Germany every sale must be signed by a TSE."
            )
        if tse == "live":
            return self.tr(
                "fiskaly's cloud TSE signs every sale for the tax office. Set it up once: the TSE "
                "then shows its admin PUK, which you must write down."
            )
        return self.tr(
            "fiskaly's test environment: real signatures from a test TSE, not valid for the tax "
            "office. For trying out the connection before going live."
        )

    # --- the form ------------------------------------------------------------------------------------
    def load(self, form: FiscalForm, *, environment: str = "simulator", till_id: str = "KASSE-1") -> None:
        """Show ``form`` (``[fiscal]`` in effect) for a till in ``environment`` named ``till_id``."""
        fiscal = form.settings
        self._loaded, self._environment, self._till_id = fiscal, environment, till_id
        self.choice.set_value(fiscal.tse if fiscal.tse in TSE_MODES else "simulator")
        self.api_key.setText(fiscal.api_key)
        self.api_secret.clear()  # never shown back
        self.tss_id.setText(fiscal.tss_id)
        self.client_id.setText(fiscal.client_id)
        self.client_serial.setText(fiscal.client_serial)
        show_problem(self.problem_text, None)
        self.show_outcome(None)
        self._update()

    def set_environment(self, environment: str) -> None:
        """The secuconnect environment the till will work in (the wizard's last step)."""
        self._environment = environment

    def tse(self) -> str:
        chosen = self.choice.value()
        return chosen if isinstance(chosen, str) else self._loaded.tse

    def form(self) -> FiscalForm:
        tse, loaded = self.tse(), self._loaded
        if tse == "off":  # kept as they were, for a change back
            return FiscalForm(replace(loaded, tse="off"))
        if tse == "simulator":  # its own TSS (or the one it had): never fiskaly's ids
            return FiscalForm(loaded if loaded.tse == "simulator" else FiscalSettings())
        fiscal = FiscalSettings(
            tse=tse,
            tss_id=self.tss_id.text().strip().lower(),
            client_id=self.client_id.text().strip().lower(),
            client_serial=self.client_serial.text().strip(),
            api_key=self.api_key.text().strip(),
            base_url=loaded.base_url
            if loaded.tse == tse
            else "",  # a served simulator: for its own mode only
        )
        return FiscalForm(fiscal, api_secret=self.api_secret.text().strip())

    def secret_is_stored(self) -> bool:
        """Whether the API secret of the key on the page was stored with the settings in effect."""
        tse = self.tse()
        return (
            tse in ("testing", "live")
            and self._loaded.tse == tse
            and bool(self._loaded.api_key)
            and self.api_key.text().strip() == self._loaded.api_key
        )

    def problem(self) -> str | None:
        return self._check(ids_needed=True)

    def set_up_problem(self) -> str | None:
        """What must be fixed before the set-up (the ids may be empty: it makes new ones)."""
        return self._check(ids_needed=False)

    def _check(self, *, ids_needed: bool) -> str | None:
        form = self.form()
        fiscal = form.settings
        text: str | None = None
        focus: QWidget | None = None
        if fiscal.tse in ("testing", "live"):
            if not fiscal.api_key:
                text, focus = self.tr("Enter the API key from the fiskaly dashboard."), self.api_key
            elif not form.api_secret and not self.secret_is_stored():
                text = self.tr("Enter the API secret that belongs to the API key.")
                focus = self.api_secret
            elif ids_needed and not fiscal.tss_id:
                text = self.tr("Enter the TSS id — or press New ids and then Set up TSE for a new TSS.")
                focus = self.tss_id
            elif ids_needed and not fiscal.client_id:
                text = self.tr("Enter this till's client id — or press New ids for a new TSS.")
                focus = self.client_id
        if text is None:
            checked = fiscal if ids_needed else _with_placeholder_ids(fiscal)
            issue = fiscal_issue(checked, self._environment)
            if issue is not None:
                text = fiscal_problem_words(issue.problem.value, issue.key)
                focus = self._field_of(issue.key)
        show_problem(self.problem_text, text)
        if focus is not None:
            focus.setFocus()
        return text

    def _field_of(self, key: str) -> QWidget:
        return (
            {
                "fiscal.api_key": self.api_key,
                "fiscal.api_secret": self.api_secret,
                "fiscal.tss_id": self.tss_id,
                "fiscal.client_id": self.client_id,
                "fiscal.client_serial": self.client_serial,
            }.get(key)
            or self.choice.buttons.get(self.tse())
            or self.choice
        )

    def show_rejected(self, error: SettingsRejected) -> str:
        """The app refused ``[fiscal]``: the words, on the page (and returned for the dialog)."""
        text = fiscal_problem_words(error.problem, error.field, error.detail)
        show_problem(self.problem_text, text)
        self._field_of(error.field).setFocus()
        return text

    # --- the actions ---------------------------------------------------------------------------------
    def make_new_ids(self) -> None:
        """New UUIDs for the TSS and this till's client: a TSS that the set-up will create."""
        made = FiscalSettings().with_new_ids()
        self.tss_id.setText(made.tss_id)
        self.client_id.setText(made.client_id)
        if not self.client_serial.text().strip():
            self.client_serial.setText(self._serial_hint())
        self.show_outcome(self.tr("New ids made: press Set up TSE to create the TSS at fiskaly."), good=True)

    def request_set_up(self) -> None:
        if not self.set_up_button.isEnabled() or self.set_up_problem():
            return
        self.set_up_requested.emit(self.form())

    def set_busy(self, busy: bool) -> None:
        """While the set-up runs: one at a time, and nothing else changes the fields."""
        for widget in (self.set_up_button, self.new_ids_button, self.choice, self.credentials):
            widget.setEnabled(not busy)
        if busy:
            self.show_outcome(self.tr("Setting up the TSE — this may take half a minute…"), good=True)
        else:
            self._update()

    def show_outcome(self, text: str | None, *, good: bool = False, detail: str = "") -> None:
        show_problem(self.outcome, text, good=good)
        self.outcome_detail.setText(detail)
        self.outcome_detail.setVisible(bool(detail))

    def show_set_up_outcome(self, outcome: TseSetUpOutcome) -> None:
        """The set-up's outcome in words; the page shows the ``[fiscal]`` it saved."""
        if outcome.fiscal is not None:
            self.load(FiscalForm(outcome.fiscal), environment=self._environment, till_id=self._till_id)
        if outcome.done:
            text = (
                self.tr("The TSE was set up before — it is ready, nothing was changed.")
                if outcome.already
                else self.tr("The TSE is set up and this till is registered with it.")
            )
            if outcome.tss_serial:
                text += " " + self.tr("TSE serial number: {serial}").format(serial=outcome.tss_serial)
            self.show_outcome(text, good=True)
            return
        self.show_outcome(set_up_problem_words(outcome.problem), detail=outcome.detail)

    # --- state ---------------------------------------------------------------------------------------
    def _chosen(self, _: object) -> None:
        self.show_outcome(None)  # what the last action said belongs to the mode left
        self._update()

    def _serial_hint(self) -> str:
        return default_client_serial(self._till_id)

    def _update(self) -> None:
        tse = self.tse()
        on_fiskaly = tse in ("testing", "live")
        self.explanation.setText(self._explanation(tse))
        self.credentials.setVisible(on_fiskaly)
        self.new_ids_button.setVisible(on_fiskaly)
        self.set_up_button.setVisible(on_fiskaly)
        self.client_serial.setPlaceholderText(self._serial_hint())
        self._update_secret_hint()
        show_problem(self.problem_text, None)

    def _update_secret_hint(self) -> None:
        self.api_secret.setPlaceholderText(
            self.tr("stored — type a new one only to replace it") if self.secret_is_stored() else ""
        )


def _with_placeholder_ids(fiscal: FiscalSettings) -> FiscalSettings:
    """``fiscal`` as the set-up will make it: ids where there are none (only to check the rest)."""
    made = fiscal.with_new_ids()
    return replace(fiscal, tss_id=fiscal.tss_id or made.tss_id, client_id=fiscal.client_id or made.client_id)


def fiscal_problem_words(problem: str, key: str, detail: str = "") -> str:
    """A :class:`~cashier.domain.settings.FiscalProblem` of ``key`` in the cashier's words."""
    if problem == FiscalProblem.NOT_A_UUID:
        if key == "fiscal.client_id":
            return translate(
                "TsePage", "The client id must be a UUID like 3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b."
            )
        return translate("TsePage", "The TSS id must be a UUID like 3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b.")
    if problem == FiscalProblem.MISSING:
        return {
            "fiscal.api_key": translate("TsePage", "Enter the API key from the fiskaly dashboard."),
            "fiscal.tss_id": translate(
                "TsePage", "Enter the TSS id — or press New ids and then Set up TSE for a new TSS."
            ),
            "fiscal.client_id": translate(
                "TsePage", "Enter this till's client id — or press New ids for a new TSS."
            ),
        }.get(key) or translate("TsePage", "The TSE needs its API key, TSS id and client id.")
    words: dict[str, str] = {
        FiscalProblem.UNKNOWN_TSE: translate("TsePage", "Choose which TSE signs the sales."),
        FiscalProblem.SIMULATED_TSE_ON_LIVE: translate(
            "TsePage",
            "The till works live: it must not sign with the simulator — its training signatures would "
            "be on real receipts. Set up fiskaly live (or choose No TSE outside Germany).",
        ),
        FiscalProblem.TEST_TSE_ON_LIVE: translate(
            "TsePage",
            "The till works live: fiskaly's test TSE signs nothing the tax office accepts. Set up "
            "fiskaly live (or choose No TSE outside Germany).",
        ),
        FiscalProblem.BAD_BASE_URL: translate(
            "TsePage", "The TSE server address in settings.toml (fiscal.base_url) cannot be used."
        ),
        FiscalProblem.BASE_URL_ON_LIVE: translate(
            "TsePage",
            "fiskaly live is always fiskaly's own server: remove fiscal.base_url from settings.toml.",
        ),
        FiscalProblem.BAD_CLIENT_SERIAL: translate(
            "TsePage",
            "The till serial may hold at most 70 characters, printable, without spaces at either end.",
        ),
        FiscalProblem.NO_API_SECRET: translate(
            "TsePage", "Enter the API secret that belongs to the API key."
        ),
    }
    return words.get(problem) or translate("TsePage", "These TSE settings cannot be used: {problem}").format(
        problem=detail or key
    )


def set_up_problem_words(problem: TseProblem | None) -> str:
    return {
        TseProblem.OFFLINE: translate(
            "TsePage",
            "The TSE could not be reached — check the internet connection, then press Set up TSE "
            "again: it goes on where it stopped.",
        ),
        TseProblem.CREDENTIALS: translate(
            "TsePage", "fiskaly refused the API key and secret — check both in the fiskaly dashboard."
        ),
        TseProblem.REFUSED: translate("TsePage", "The TSE refused the set-up — see the reason below."),
        TseProblem.NOT_AVAILABLE: translate("TsePage", "This till cannot reach such a TSE — see below."),
    }.get(problem or TseProblem.BUG, translate("TsePage", "The TSE set-up failed — see below."))


# --- the admin PUK, once -------------------------------------------------------------------------------
class AdminPukDialog(QDialog):
    """The new TSS's admin PUK, shown once with the advice to write it down. Enter closes it."""

    def __init__(self, puk: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.puk = QLabel(puk, self)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(22)
        font.setWeight(QFont.Weight.Bold)
        self.puk.setFont(font)
        self.puk.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.puk.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = QLabel(self)
        self.advice.setWordWrap(True)
        self.ok_button = QPushButton(self)
        self.ok_button.setMinimumHeight(TOUCH)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.puk)
        layout.addWidget(self.advice)
        layout.addWidget(self.ok_button)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # as large as its words, no more
        for label in (self.heading, self.advice):
            label.setFixedWidth(PUK_TEXT_WIDTH)  # wrapped at this width: the height follows
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Admin PUK of the TSE"))
        self.heading.setText(self.tr("Write down the admin PUK of the new TSE now"))
        self.advice.setText(
            self.tr(
                "It is shown only this once. Keep it on paper in a safe place, away from the till: "
                "with it, and only with it, the TSE can be unlocked if its admin PIN is ever blocked. "
                "The till keeps a copy in its secret store."
            )
        )
        self.ok_button.setText(self.tr("I have written it down") + "  ⏎")

    def done(self, result: int) -> None:
        self.puk.clear()  # shown once: not left on a hidden widget
        super().done(result)


# --- the set-up, for the dialog and the wizard -----------------------------------------------------------
def start_tse_set_up(
    page: TsePage,
    form: FiscalForm,
    *,
    editor: SettingsAccess,
    runner: TaskRunner,
    owner: QObject,
    parent: QWidget,
    done: Callable[[TseSetUpOutcome], None] | None = None,
    refused: Callable[[Exception], str | None] | None = None,
) -> None:
    """Run the set-up of ``form`` on the TaskRunner; show its outcome on ``page``, and a new
    admin PUK in an :class:`AdminPukDialog` over ``parent`` (kept as ``page.puk_dialog``)."""
    page.set_busy(True)

    def finished(outcome: TseSetUpOutcome) -> None:
        page.show_set_up_outcome(outcome)
        if outcome.admin_puk:
            if page.puk_dialog is not None:
                page.puk_dialog.deleteLater()
            dialog = AdminPukDialog(outcome.admin_puk, parent)
            dialog.finished.connect(lambda _: page.set_up_button.setFocus())  # the window is active again
            page.puk_dialog = dialog
            dialog.open()
        if done is not None:
            done(outcome)

    def failed(error: Exception) -> bool:
        if isinstance(error, SettingsRejected):
            if error.field.startswith("fiscal."):
                page.show_rejected(error)
            else:
                words = refused(error) if refused is not None else None
                page.show_outcome(words or error.detail)
            return True
        if isinstance(error, OSError):
            page.show_outcome(
                translate("TsePage", "The settings could not be saved: {problem}").format(
                    problem=error.strerror or error
                )
            )
            return True
        return False  # a bug: the bridge words it with a support reference

    runner.start(
        editor.set_up_tse(form),
        name="set up the TSE",
        owner=owner,
        on_done=finished,
        on_error=failed,
        on_settled=lambda: page.set_busy(False),
    )
