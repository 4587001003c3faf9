"""The pages of the settings dialog that only the running till has: environment and catalogue.

Same contract as :mod:`cashier.ui.settings.settings_pages` (``load``, ``form``, ``problem``; signals for
what needs the app); the scanner page is :mod:`cashier.ui.settings.scanner_page`. The environment page
never saves an environment itself: it asks for one with ``environment_requested(EnvironmentChoice)``,
and the registration wizard registers the device there, saves and restarts the till.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.settings import ENVIRONMENTS, SECUCONNECT_ENVIRONMENTS, is_vendor_name
from cashier.ui.catalog import Catalog
from cashier.ui.kit.style import touch_button
from cashier.ui.settings.settings_widgets import (
    ChoiceButtons,
    SettingsPage,
    caption,
    field_label,
    form_layout,
    problem_label,
    show_problem,
)
from cashier.ui.settings_ports import VENDOR_NAME_LENGTH, CatalogForm, EnvironmentChoice, EnvironmentForm

FLASH_MS = 800
translate = QCoreApplication.translate


# --- environment and till id ----------------------------------------------------------------------
class EnvironmentPage(SettingsPage):
    environment_requested = Signal(object)  # EnvironmentChoice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = EnvironmentForm()
        self.now = QLabel(self)
        self.now.setObjectName("heading")
        self.till_id = QLineEdit(self)
        self.till_id.setMaxLength(32)
        self.till_hint = caption(self)
        self.choice = ChoiceButtons(ENVIRONMENTS, self)
        self.choice.chosen.connect(lambda _: self._update())
        self.base_url = QLineEdit(self)
        self.client_id = QLineEdit(self)
        self.client_secret = QLineEdit(self)
        self.client_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.vendor = QLineEdit(self)
        self.vendor.setMaxLength(VENDOR_NAME_LENGTH)
        for field in (self.base_url, self.client_id, self.client_secret, self.vendor):
            field.textChanged.connect(self._update)
        self.register_button = touch_button(parent=self)
        self.register_button.clicked.connect(self._request)
        self.problem_text = problem_label(self)
        self.hint = caption(self)
        self._labels = [field_label(self) for _ in range(6)]
        fields = form_layout()
        till_box = QVBoxLayout()
        till_box.setSpacing(2)
        till_box.addWidget(self.till_id)
        till_box.addWidget(self.till_hint)
        fields.addRow(self._labels[0], till_box)
        rows: tuple[QWidget, ...] = (
            self.choice,
            self.base_url,
            self.client_id,
            self.client_secret,
            self.vendor,
        )
        for label, row in zip(self._labels[1:], rows, strict=True):
            fields.addRow(label, row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.now)
        layout.addLayout(fields)
        layout.addWidget(self.register_button)
        layout.addWidget(self.problem_text)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(
            self._labels,
            (
                self.tr("Till id"),
                self.tr("Environment"),
                self.tr("Server address"),
                self.tr("Client id"),
                self.tr("Client secret"),
                self.tr("Vendor name"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.till_hint.setText(self.tr("Saving a new till id restarts the till."))
        self.choice.set_texts(
            {
                "simulator": self.tr("Simulator\n(training)"),
                "testing": self.tr("Testing\n(secuconnect test)"),
                "live": self.tr("Live\n(real payments)"),
                "custom": self.tr("Other server"),
            }
        )
        self.base_url.setPlaceholderText("https://connect-testing.secuconnect.com")
        self.client_id.setPlaceholderText(self.tr("from secuconnect, for this shop"))
        self.vendor.setPlaceholderText(self.tr("from secupay, with the client id"))
        self.register_button.setText(self.tr("Register the till in this environment…"))
        self.hint.setText(
            self.tr(
                "Registering shows a code to confirm on the secuconnect website; then the till restarts "
                "in the new environment. The simulator needs no registration."
            )
        )
        self._show_now()
        self._update()

    def environment_name(self, environment: str) -> str:
        return {
            "simulator": self.tr("Simulator"),
            "testing": self.tr("Testing"),
            "live": self.tr("Live"),
            "custom": self.tr("Other server"),
        }.get(environment, environment)

    def load(self, form: EnvironmentForm) -> None:
        self._current = form
        self.till_id.setText(form.till_id)
        self.choice.set_value(form.environment)
        self.base_url.setText(form.base_url)
        self.client_id.setText(form.client_id)
        self.vendor.setText(form.vendor)
        self.client_secret.clear()  # never shown back
        show_problem(self.problem_text, None)
        self._show_now()
        self._update()

    def form(self) -> EnvironmentForm:
        """The environment in effect (changed only by registering) with the till id as edited."""
        current = self._current
        return EnvironmentForm(
            current.environment,
            current.base_url,
            current.client_id,
            self.till_id.text().strip(),
            current.vendor,
        )

    def choice_made(self) -> EnvironmentChoice:
        chosen = self.choice.value()
        environment = chosen if isinstance(chosen, str) else self._current.environment
        if environment == "simulator":
            return EnvironmentChoice("simulator")
        return EnvironmentChoice(
            environment,
            base_url=self.base_url.text().strip() if environment == "custom" else "",
            client_id=self.client_id.text().strip(),
            client_secret=self.client_secret.text().strip(),
            vendor=self.vendor.text().strip(),
        )

    def is_changed(self) -> bool:
        choice = self.choice_made()
        current = self._current
        return bool(
            choice.environment != current.environment
            or choice.base_url != (current.base_url if current.environment == "custom" else "")
            or (choice.environment != "simulator" and choice.client_id != current.client_id)
            or self._new_vendor(choice)
            or choice.client_secret
        )

    def _new_vendor(self, choice: EnvironmentChoice) -> bool:
        """Another vendor name: another device uuid, registered anew (with the client secret)."""
        return (
            choice.environment != "simulator"
            and bool(choice.vendor)
            and choice.vendor != self._current.vendor
        )

    def problem(self) -> str | None:
        text = None if self.till_id.text().strip() else self.tr("The till needs an id, e.g. KASSE-1.")
        show_problem(self.problem_text, text)
        if text:
            self.till_id.setFocus()
        return text

    def choice_problem(self) -> str | None:
        choice = self.choice_made()
        if choice.environment == "simulator":
            return None
        if choice.environment == "custom":
            parts = urlsplit(choice.base_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return self.tr("Enter the server's address, e.g. https://connect.example.com.")
        if not choice.client_id:
            return self.tr("Enter the client id secuconnect gave you for this shop.")
        vendor_problem = vendor_name_problem(choice)
        if vendor_problem:
            return vendor_problem
        current = self._current
        new_credentials = (
            choice.environment != current.environment
            or choice.client_id != current.client_id
            or self._new_vendor(choice)
        )
        if new_credentials and not choice.client_secret:
            return self.tr("Enter the client secret that belongs to the client id.")
        return None

    def _show_now(self) -> None:
        current = self._current
        where = self.environment_name(current.environment)
        if current.environment == "custom" and current.base_url:
            where = f"{where} ({current.base_url})"
        self.now.setText(
            self.tr("Now: {environment} · till {till_id}").format(environment=where, till_id=current.till_id)
        )

    def _update(self) -> None:
        environment = self.choice_made().environment
        self.base_url.setEnabled(environment == "custom")
        for field in (self.client_id, self.client_secret, self.vendor):
            field.setEnabled(environment != "simulator")
        stored = (
            environment == self._current.environment
            and environment != "simulator"
            and not self._new_vendor(self.choice_made())
        )
        self.client_secret.setPlaceholderText(
            self.tr("stored — type a new one only to replace it") if stored else ""
        )
        self.register_button.setEnabled(self.is_changed())

    def _request(self) -> None:
        problem = self.choice_problem()
        show_problem(self.problem_text, problem)
        if problem is None and self.is_changed():
            self.environment_requested.emit(self.choice_made())


def vendor_name_problem(choice: EnvironmentChoice) -> str | None:
    """What is wrong with the vendor name of ``choice``, in the cashier's words: testing and live
    need one, and it becomes the device uuid's ``/vendor/<name>/`` segment."""
    if choice.environment in SECUCONNECT_ENVIRONMENTS and not choice.vendor:
        return translate("EnvironmentPage", "Enter the vendor name secupay gave you with the client id.")
    if choice.vendor and not is_vendor_name(choice.vendor):
        return translate(
            "EnvironmentPage",
            "The vendor name may hold only letters (a–z, A–Z), digits, _ and - — no spaces, umlauts or /.",
        )
    return None


# --- catalogue ------------------------------------------------------------------------------------------
class CatalogPage(SettingsPage):
    """Which catalogue file the quick keys come from. A chosen file is read and checked by the
    app (``file_chosen``); only a file that could be used becomes the page's choice."""

    file_chosen = Signal(str)  # a path; "" = the demo catalogue

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = ""
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.path_label = QLabel(self)
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(self)
        self.choose_button = touch_button(parent=self)
        self.choose_button.clicked.connect(self.choose_file)
        self.demo_button = touch_button(parent=self)
        self.demo_button.clicked.connect(lambda: self.file_chosen.emit(""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.demo_button)
        self.problem_text = problem_label(self)
        self.hint = caption(self)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.path_label, self.summary):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.problem_text)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.file_dialog: QFileDialog | None = None
        self._catalog: Catalog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Articles for the quick keys"))
        self.choose_button.setText(self.tr("Choose a catalogue file…"))
        self.demo_button.setText(self.tr("Use the demo catalogue"))
        self.hint.setText(
            self.tr(
                "A catalogue is a JSON file with the shop's articles (name, price, VAT rate). "
                "The quick keys change when you save."
            )
        )
        self._show()

    def load(self, form: CatalogForm) -> None:
        self._path = form.path
        self._catalog = None
        show_problem(self.problem_text, None)
        self._show()

    def form(self) -> CatalogForm:
        return CatalogForm(self._path)

    def problem(self) -> str | None:
        return None

    @property
    def catalog(self) -> Catalog | None:
        """The catalogue of :meth:`form`, once the app has read it."""
        return self._catalog

    def show_catalog(self, path: str, catalog: Catalog) -> None:
        self._path, self._catalog = path, catalog
        show_problem(self.problem_text, None)
        self._show()

    def show_problem(self, text: str) -> None:
        """The chosen file cannot be used: say why; the previous choice stays."""
        show_problem(self.problem_text, text)

    def choose_file(self) -> None:
        if self.file_dialog is None:
            self.file_dialog = QFileDialog(self, self.tr("Catalogue file"))
            self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            self.file_dialog.setNameFilter(self.tr("Catalogues (*.json)"))
            self.file_dialog.fileSelected.connect(self.file_chosen)
        self.file_dialog.open()

    def _show(self) -> None:
        self.path_label.setText(self._path or self.tr("The demo catalogue"))
        catalog = self._catalog
        if catalog is None:
            self.summary.clear()
            return
        self.summary.setText(
            self.tr("{name}: {articles} articles, {keys} of them quick keys").format(
                name=catalog.name or "–", articles=len(catalog.articles), keys=len(catalog.quick_keys)
            )
        )
