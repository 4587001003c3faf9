"""What the settings screens need from the app, as plain values and protocols.

The settings file and the device registration belong to ``cashier.app`` (a higher layer); the
settings screens see them only through these types, and the app passes implementations in.

The pages of the settings dialog (and of the first-run wizard) edit one part each of the one
settings model (:mod:`cashier.domain.settings`): the shop, printer and scanner pages its sections
as they are, the others a small form of the top-level values they show (defaults from the model).
:class:`SettingsAccess` (the app's ``cashier.app.settings_editor.SettingsEditor``) turns them
into ``Settings`` and back, saves them, and puts what can change at once into effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, Protocol

from cashier.domain.settings import FiscalSettings, PrinterSettings, ScannerSettings, Settings, ShopSettings
from cashier.ui.catalog import Catalog


@dataclass(frozen=True, slots=True)
class EnvironmentChoice:
    """Where the till should work: the settings dialog asks, the registration wizard carries it out.

    ``client_secret`` goes to the secret store, never to ``settings.toml``; empty means "keep the
    stored one". ``vendor`` is the vendor name secupay gave with the client id: the device uuid's
    ``/vendor/<vendor>/…`` segment (empty: keep the till's).
    """

    environment: str  # one of cashier.domain.settings.ENVIRONMENTS
    base_url: str = ""  # for custom
    client_id: str = ""
    client_secret: str = ""
    vendor: str = ""


VENDOR_NAME_LENGTH = 64  # characters a vendor name may have in the forms
_DEFAULTS: Final = Settings()


@dataclass(frozen=True, slots=True)
class EnvironmentForm:
    """Where the till works now (shown; changed through :class:`EnvironmentChoice`) and its id."""

    environment: str = _DEFAULTS.environment
    base_url: str = _DEFAULTS.base_url
    client_id: str = _DEFAULTS.client_id
    till_id: str = _DEFAULTS.till_id
    vendor: str = _DEFAULTS.vendor  # the vendor name given with the client id ("" = none given yet)


@dataclass(frozen=True, slots=True)
class LanguageForm:
    language: str = _DEFAULTS.language  # "" = the machine's locale, "de", "en"


@dataclass(frozen=True, slots=True)
class ScreenForm:
    kiosk: bool = _DEFAULTS.kiosk  # full screen without window decorations


@dataclass(frozen=True, slots=True)
class CatalogForm:
    path: str = _DEFAULTS.catalog  # "" = the demo catalogue


@dataclass(frozen=True, slots=True)
class FiscalForm:
    """The TSE page: ``[fiscal]`` as it is, and fiskaly's API secret if one was typed.

    ``api_secret`` goes to the secret store, never to ``settings.toml`` (nor to a ``repr``);
    empty means "keep the stored one". The admin PUK and PIN never pass through a form.
    """

    settings: FiscalSettings = field(default_factory=FiscalSettings)
    api_secret: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class SettingsForm:
    """What the settings dialog edits: the model's sections as they are, the rest as forms."""

    environment: EnvironmentForm = field(default_factory=EnvironmentForm)
    shop: ShopSettings = field(default_factory=ShopSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    language: LanguageForm = field(default_factory=LanguageForm)
    catalog: CatalogForm = field(default_factory=CatalogForm)
    screen: ScreenForm = field(default_factory=ScreenForm)
    fiscal: FiscalForm = field(default_factory=FiscalForm)


class DeviceProblem(StrEnum):
    """Why a test print or a drawer kick did not happen: the values of
    ``cashier.printing.errors.PrinterProblem``, and ``BUG`` for anything else."""

    BAD_URI = "bad_uri"
    OFFLINE = "offline"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    PAPER_OUT = "paper_out"
    TIMEOUT = "timeout"
    DRIVER_MISSING = "driver_missing"
    FAILED = "failed"
    BUG = "bug"


@dataclass(frozen=True, slots=True)
class DeviceOutcome:
    """What a test print or a drawer kick came to; ``detail`` is the printing layer's English
    sentence (with the fix, e.g. the udev rule), shown below the cashier's words."""

    done: bool
    problem: DeviceProblem | None = None
    detail: str = ""


class TseProblem(StrEnum):
    """Why the TSE set-up did not happen."""

    OFFLINE = "offline"  # fiskaly (or the simulator) could not be reached, or did not answer
    CREDENTIALS = "credentials"  # the API key and secret were refused
    REFUSED = "refused"  # the TSE refused a step (``detail`` says which and why)
    NOT_AVAILABLE = "not_available"  # this build has no such TSE, or the mode is "off"
    BUG = "bug"


@dataclass(frozen=True, slots=True)
class TseSetUpOutcome:
    """What the "Set up TSE" action came to.

    ``admin_puk`` is set only when this set-up created the TSS: the page shows it once (it is in
    the secret store too). ``already``: the TSS was set up before, nothing was created.
    ``fiscal`` is the ``[fiscal]`` section saved for it (with the ids made for a new TSS).
    """

    done: bool
    fiscal: FiscalSettings | None = None
    admin_puk: str = field(default="", repr=False)
    tss_serial: str = ""
    already: bool = False
    problem: TseProblem | None = None
    detail: str = ""


class SettingsRejected(ValueError):
    """The app refused a value the pages could not check themselves (an unreadable logo, a
    printer address the printing layer does not understand, a value outside its range).

    ``field`` names it as ``page.name`` (``"shop.logo"``, ``"printer.uri"``); ``detail`` is English.
    ``problem`` is a machine-readable reason where there is one (a
    :class:`~cashier.domain.settings.FiscalProblem` value for ``fiscal.*``), else "".
    """

    def __init__(self, field: str, detail: str, *, problem: str = "") -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.detail = detail
        self.problem = problem


class SettingsAccess(Protocol):
    """What the settings screens may do with the settings of the running till.

    The coroutines do file or printer I/O: the UI starts them through the TaskRunner.
    """

    def current(self) -> SettingsForm:
        """The settings in effect now."""
        ...

    def printer_uri_problem(self, uri: str) -> str | None:
        """Why ``uri`` is no printer address (the printing layer's words), or ``None``."""
        ...

    async def save(self, form: SettingsForm) -> SettingsForm:
        """Check, save atomically and put into effect what can change at once (printer, shop
        header); raises :class:`SettingsRejected` or ``OSError``. Returns what was saved."""
        ...

    async def finish_set_up(self, form: SettingsForm) -> SettingsForm:
        """:meth:`save`, and the first-run set-up is done: not offered at the next start."""
        ...

    async def test_print(self, printer: PrinterSettings) -> DeviceOutcome:
        """Use ``printer`` from now on (saved) and print a test page on it."""
        ...

    async def open_drawer(self, printer: PrinterSettings) -> DeviceOutcome:
        """Use ``printer`` from now on (saved) and kick its cash drawer."""
        ...

    async def read_catalog(self, path: str) -> Catalog:
        """The catalogue in ``path`` ("" = the demo's); raises CatalogError or OSError."""
        ...

    async def serial_ports(self) -> list[str]:
        """The serial ports of this machine (for the scanner), e.g. ``/dev/ttyUSB0``, ``COM3``."""
        ...

    async def set_up_tse(self, fiscal: FiscalForm) -> TseSetUpOutcome:
        """Use ``fiscal`` from now on (saved first, with new ids when it has none; the API secret
        stored) and set its TSS up: created, initialised, this till registered as its client.
        Raises :class:`SettingsRejected` or ``OSError`` when it cannot be saved."""
        ...
