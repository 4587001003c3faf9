"""The till's settings as one frozen value: the one model the app loads, saves and builds the
till from, and the settings screens edit (through ``cashier.ui.settings_ports``).

Pure data with its rules (which environments, paper widths, drawer pins, baud rates; the form of
a vendor name and a device uuid): it lives in ``domain`` because both ``app`` and ``ui`` read it
and nothing in it does I/O. Reading and writing ``settings.toml`` is ``cashier.app.settings``.

The sections (:class:`ShopSettings`, :class:`PrinterSettings`, :class:`ScannerSettings`,
:class:`FiscalSettings`) are plain values that any screen may hold; :class:`Settings` checks the
whole when it is made and raises :class:`SettingsError` naming the key (``printer.width must be
…``). A problem with the ``[fiscal]`` section is a :class:`FiscalSettingsError` that also carries
a :class:`FiscalProblem`, so that the settings screens word it in German or English
(:func:`fiscal_issue` checks a section on its own, for a page that is being filled in).
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Final
from urllib.parse import urlsplit

from cashier.domain.receipt import ENVIRONMENTS, Environment

__all__ = [
    "CLIENT_SERIAL_LENGTH",
    "DEFAULT_VENDOR",
    "DRAWER_PINS",
    "ENVIRONMENTS",
    "FISKALY_TSE_MODES",
    "PAPER_WIDTHS",
    "SECUCONNECT_ENVIRONMENTS",
    "SERIAL_BAUD_RATES",
    "TSE_MODES",
    "VENDOR_FORM",
    "Environment",
    "FiscalIssue",
    "FiscalProblem",
    "FiscalSettings",
    "FiscalSettingsError",
    "OfflineSettings",
    "PrinterSettings",
    "ScannerSettings",
    "Settings",
    "SettingsError",
    "ShopSettings",
    "default_client_serial",
    "fiscal_issue",
    "is_device_uuid",
    "is_tse_uuid",
    "is_vendor_name",
    "vendor_of",
]

SECUCONNECT_ENVIRONMENTS: Final[tuple[Environment, ...]] = ("testing", "live")
"""The environments secupay runs: they need the vendor's client id and vendor name."""
DEFAULT_VENDOR: Final = "cashier"
"""The vendor segment of a device uuid made without a vendor name: the simulator's demo (the
real service knows only the vendor name secupay configured for the client id)."""
VENDOR_FORM: Final = "letters (a-z, A-Z), digits, _ and - only"
_VENDOR: Final = re.compile(r"[A-Za-z0-9_-]+")
PAPER_WIDTHS: Final = (48, 32)  # characters per line: 80 mm paper, 58 mm paper
DRAWER_PINS: Final = (2, 5)
SERIAL_BAUD_RATES: Final = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
TSE_MODES: Final = ("simulator", "testing", "live", "off")
"""``[fiscal] tse``: the embedded fiskaly simulator (training signatures), fiskaly SIGN DE's test
or live environment, or no TSE at all (a till outside Germany)."""
FISKALY_TSE_MODES: Final = ("testing", "live")
"""The TSE modes on fiskaly's servers: they need an API key and secret, a TSS and a client."""
CLIENT_SERIAL_LENGTH: Final = 70  # DSFinV-K cashregister.csv KASSE_SERIENNR holds up to 70 characters
_UUID: Final = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class SettingsError(Exception):
    """The settings cannot be used; the message names the key (and, from a file, the file)."""


class FiscalProblem(StrEnum):
    """What is wrong with ``[fiscal]``, for the screens to word (the message is English)."""

    UNKNOWN_TSE = "unknown_tse"  # tse is none of TSE_MODES
    NOT_A_UUID = "not_a_uuid"  # tss_id or client_id
    MISSING = "missing"  # testing/live without api_key, tss_id or client_id (``key`` names it)
    SIMULATED_TSE_ON_LIVE = "simulated_tse_on_live"  # training signatures on real receipts
    TEST_TSE_ON_LIVE = "test_tse_on_live"  # fiskaly's test TSS signs nothing the tax office accepts
    BAD_BASE_URL = "bad_base_url"
    BASE_URL_ON_LIVE = "base_url_on_live"  # the live TSE is fiskaly's own host, never an override
    BAD_CLIENT_SERIAL = "bad_client_serial"
    NO_API_SECRET = (
        "no_api_secret"  # testing/live without the API secret in the secret store (the app's check)
    )


@dataclass(frozen=True, slots=True)
class FiscalIssue:
    """One problem of ``[fiscal]``: what (``problem``), which key (``fiscal.tss_id``), in English."""

    problem: FiscalProblem
    key: str
    message: str


class FiscalSettingsError(SettingsError):
    """``[fiscal]`` cannot be used; ``issue`` says what for the screens, ``str()`` in English."""

    def __init__(self, issue: FiscalIssue, *, where: str = "") -> None:
        super().__init__(f"{where}{issue.message}")
        self.issue = issue


@dataclass(frozen=True, slots=True)
class ShopSettings:
    """The receipt's header and footer."""

    name: str = "Café Sonnenschein"
    address: tuple[str, ...] = ("Sonnenallee 1", "12345 Musterstadt")
    vat_id: str = ""
    phone: str = ""
    footer: tuple[str, ...] = ("Vielen Dank für Ihren Einkauf!",)
    logo: str = ""  # an image file printed above the header ("" = none)


@dataclass(frozen=True, slots=True)
class PrinterSettings:
    uri: str = "preview"
    width: int = 48  # characters: 48 on 80 mm paper, 32 on 58 mm
    drawer_pin: int = 2
    drawer_pulse_ms: int = 100


@dataclass(frozen=True, slots=True)
class ScannerSettings:
    gap_ms: int = 30  # a keyboard-wedge burst whose mean gap between keys is below this is a scan
    serial_port: str = ""  # a serial scanner's port (/dev/ttyUSB0, COM3); "" = none
    serial_baud: int = 9600


@dataclass(frozen=True, slots=True)
class OfflineSettings:
    """While secuconnect cannot be reached the till sells for cash (docs/offline.md); beyond
    these a manager confirms each offline sale."""

    max_sale_cents: int = 10_000  # an offline sale above 100,00 €
    max_hours: int = 24  # offline longer than a day


@dataclass(frozen=True, slots=True)
class FiscalSettings:
    """``[fiscal]``: the TSE that signs every sale (German KassenSichV; docs/fiscal-settings.md).

    The secrets that go with it — fiskaly's API secret, the TSS's admin PUK and PIN — are never
    here: they are in the OS keyring or the 0600 secrets file (``cashier.app.fiscal_secrets``).
    """

    tse: str = "simulator"  # one of TSE_MODES; "off" = a till outside Germany, no TSE
    tss_id: str = ""  # the TSS (a UUID the till chose); the simulator's own (its seed) when empty
    client_id: str = ""  # this till as the TSS's client (a UUID); the simulator's own when empty
    client_serial: str = ""  # the till's ERS serial number; "" = "ERS <till id>" (fixed at set-up)
    api_key: str = ""  # fiskaly's API key (testing/live); its secret is in the secret store
    base_url: str = ""  # another server than fiskaly's, e.g. a served simulator; "" = fiskaly's

    @property
    def signs(self) -> bool:
        """Whether sales are signed at all (every mode but ``off``)."""
        return self.tse != "off"

    @property
    def on_fiskaly(self) -> bool:
        """Whether the TSE is one of fiskaly's (testing, live): key, secret, TSS and client needed."""
        return self.tse in FISKALY_TSE_MODES

    def with_new_ids(self) -> FiscalSettings:
        """This section with a new TSS id and client id (a TSS to be created by the set-up)."""
        return replace(self, tss_id=str(uuid.uuid4()), client_id=str(uuid.uuid4()))


@dataclass(frozen=True, slots=True)
class Settings:
    environment: str = "simulator"  # one of ENVIRONMENTS
    base_url: str = ""  # for environment "custom"
    till_id: str = "KASSE-1"
    device_uuid: str = ""  # /vendor/<vendor>/till/<random>, made on first start
    client_id: str = ""  # the vendor's client id (testing/live); the simulator's demo client otherwise
    vendor: str = ""  # the vendor name secupay gave with the client id; "" = cashier (the simulator's)
    language: str = ""  # "de", "en", or "" for the machine's locale
    kiosk: bool = False  # full screen without window decorations (a till that is nothing else)
    max_amount_cents: int = 1_000_000
    simulator_terminal_delay: float = 2.0
    simulator_vendor_shapes: bool = False  # the embedded simulator answers as awkwardly as the vendor may
    catalog: str = ""  # a catalogue JSON file; "" = the demo catalogue
    shop: ShopSettings = field(default_factory=ShopSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    offline: OfflineSettings = field(default_factory=OfflineSettings)
    fiscal: FiscalSettings = field(default_factory=FiscalSettings)
    # The first-run set-up has not been finished (or skipped) yet: offered at every start until
    # it is. Written true with a new settings file; a file without it was made before the
    # wizard existed, or by hand: set up.
    setup_pending: bool = False

    def __post_init__(self) -> None:
        problem = _problem(self)
        if problem:
            raise SettingsError(problem)
        issue = fiscal_issue(self.fiscal, self.environment)
        if issue:
            raise FiscalSettingsError(issue)

    @property
    def client_serial(self) -> str:
        """The till's ERS serial number as the TSE and the receipts know it: ``[fiscal]
        client_serial``, else ``"ERS <till id>"``."""
        return self.fiscal.client_serial or default_client_serial(self.till_id)

    @property
    def vendor_name(self) -> str:
        """The vendor segment this till's device uuid has (or will have)."""
        return self.vendor or (vendor_of(self.device_uuid) if self.device_uuid else DEFAULT_VENDOR)

    def with_device_uuid(self) -> Settings:
        """These settings with a device uuid, making one if there is none yet."""
        if self.device_uuid:
            return self
        vendor = self.vendor or DEFAULT_VENDOR
        return replace(self, device_uuid=f"/vendor/{vendor}/till/{uuid.uuid4().hex[:16]}")

    def with_vendor(self, vendor: str) -> Settings:
        """These settings for the vendor name ``vendor``: the device uuid keeps its key and value
        (the till stays the same device), its vendor segment becomes ``vendor``."""
        if not is_vendor_name(vendor):
            raise SettingsError(f"the vendor name {vendor!r} cannot be used: {VENDOR_FORM}")
        if not self.device_uuid:
            return replace(self, vendor=vendor)
        parts = self.device_uuid.split("/")
        parts[2] = vendor
        return replace(self, vendor=vendor, device_uuid="/".join(parts))


def _problem(settings: Settings) -> str | None:
    """What is wrong with ``settings``, in English naming the key, or ``None``."""
    printer, scanner = settings.printer, settings.scanner
    if settings.environment not in ENVIRONMENTS:
        return f"environment must be one of {', '.join(ENVIRONMENTS)}, not {settings.environment!r}"
    if settings.environment == "custom" and not settings.base_url:
        return "environment 'custom' needs a base_url"
    if printer.width not in PAPER_WIDTHS:
        return f"printer.width must be 48 (80 mm) or 32 (58 mm), not {printer.width}"
    if printer.drawer_pin not in DRAWER_PINS:
        return f"printer.drawer_pin must be 2 or 5, not {printer.drawer_pin}"
    if not 2 <= printer.drawer_pulse_ms <= 510:
        return f"printer.drawer_pulse_ms must be between 2 and 510, not {printer.drawer_pulse_ms}"
    if not 1 <= scanner.gap_ms <= 500:
        return f"scanner.gap_ms must be between 1 and 500, not {scanner.gap_ms}"
    if scanner.serial_baud not in SERIAL_BAUD_RATES:
        rates = ", ".join(str(rate) for rate in SERIAL_BAUD_RATES)
        return f"scanner.serial_baud must be one of {rates}, not {scanner.serial_baud}"
    if settings.language not in ("", "de", "en"):
        return f"language must be de, en or empty, not {settings.language!r}"
    if not 0 < settings.max_amount_cents <= 100_000_000:
        return "max_amount_cents must be between 1 and 100000000"
    if not settings.till_id.strip():
        return "till_id must not be empty"
    if not 0 < settings.offline.max_sale_cents <= 100_000_000:
        return "offline.max_sale_cents must be between 1 and 100000000"
    if not 0 < settings.offline.max_hours <= 24 * 31:
        return f"offline.max_hours must be between 1 and {24 * 31}"
    return _device_problem(settings)


def _device_problem(settings: Settings) -> str | None:
    device_uuid, vendor = settings.device_uuid, settings.vendor
    if device_uuid and not is_device_uuid(device_uuid):
        return (
            f"the device uuid {device_uuid!r} is not of the form /vendor/<vendor>/<key>/<value> "
            "(--device-uuid, CASHIER_DEVICE_UUID or device_uuid in settings.toml)"
        )
    if vendor and not is_vendor_name(vendor):
        return (
            f"the vendor name {vendor!r} cannot be a device uuid's vendor segment: {VENDOR_FORM} "
            "(--vendor, CASHIER_VENDOR or vendor in settings.toml)"
        )
    if vendor and device_uuid and vendor_of(device_uuid) != vendor:
        return (
            f"the device uuid {device_uuid!r} names the vendor {vendor_of(device_uuid)!r}, "
            f"not {vendor!r}: give the vendor name or a device uuid, or both alike "
            "(--vendor/--device-uuid, or vendor/device_uuid in settings.toml)"
        )
    return None


def default_client_serial(till_id: str) -> str:
    """The ERS serial of a till that names none: ``"ERS <till id>"`` (as fiskaly's examples)."""
    return f"ERS {till_id.strip()}"


def fiscal_issue(fiscal: FiscalSettings, environment: str = "simulator") -> FiscalIssue | None:
    """What is wrong with ``fiscal`` on a till in the secuconnect ``environment``, or ``None``.

    The API secret is not checked here (it is in the secret store, which only the app reads).
    """
    if fiscal.tse not in TSE_MODES:
        return FiscalIssue(
            FiscalProblem.UNKNOWN_TSE,
            "fiscal.tse",
            f"fiscal.tse must be one of {', '.join(TSE_MODES)}, not {fiscal.tse!r}",
        )
    for key, value in (("tss_id", fiscal.tss_id), ("client_id", fiscal.client_id)):
        if value and not is_tse_uuid(value):
            return FiscalIssue(
                FiscalProblem.NOT_A_UUID,
                f"fiscal.{key}",
                f"fiscal.{key} must be a UUID (like 3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b), not {value!r}",
            )
    if environment == "live" and fiscal.tse in ("simulator", "testing"):
        which = "the simulated TSE" if fiscal.tse == "simulator" else "fiskaly's test TSE"
        return FiscalIssue(
            FiscalProblem.SIMULATED_TSE_ON_LIVE
            if fiscal.tse == "simulator"
            else FiscalProblem.TEST_TSE_ON_LIVE,
            "fiscal.tse",
            f"the live environment must not sign with {which} (fiscal.tse = {fiscal.tse!r}): real "
            "receipts would carry signatures the tax office does not accept; set up the live TSE "
            '(`cashier fiscal setup`, or Settings → TSE) — or fiscal.tse = "off" for a till outside Germany',
        )
    if fiscal.tse == "simulator" and bool(fiscal.tss_id) != bool(fiscal.client_id):
        key = "fiscal.client_id" if fiscal.tss_id else "fiscal.tss_id"
        return FiscalIssue(
            FiscalProblem.MISSING,
            key,
            f"the simulator needs both fiscal.tss_id and fiscal.client_id (a TSS set up with `cashier fiscal "
            f"setup --tse simulator --new-tss`) or neither (its own TSS), and {key} is empty",
        )
    if fiscal.on_fiskaly:
        for key, what in (
            ("api_key", "fiskaly's API key"),
            ("tss_id", "the TSS id"),
            ("client_id", "the client id"),
        ):
            if not getattr(fiscal, key).strip():
                return FiscalIssue(
                    FiscalProblem.MISSING,
                    f"fiscal.{key}",
                    f"fiscal.tse = {fiscal.tse!r} needs fiscal.{key} ({what}); set up the TSE with "
                    "`cashier fiscal setup` or in Settings → TSE",
                )
    return _fiscal_form_issue(fiscal)


def _fiscal_form_issue(fiscal: FiscalSettings) -> FiscalIssue | None:
    if fiscal.base_url:
        if fiscal.tse == "live":
            return FiscalIssue(
                FiscalProblem.BASE_URL_ON_LIVE,
                "fiscal.base_url",
                "fiscal.base_url must be empty with fiscal.tse = 'live': the live TSE is fiskaly's own "
                "server (base_url is for a served simulator)",
            )
        if not _is_server_address(fiscal.base_url):
            return FiscalIssue(
                FiscalProblem.BAD_BASE_URL,
                "fiscal.base_url",
                f"fiscal.base_url must be an https:// address (http:// only to this machine, e.g. "
                f"http://127.0.0.1:8480 for a served simulator), not {fiscal.base_url!r}",
            )
    serial = fiscal.client_serial
    if serial and (
        serial != serial.strip() or not serial.isprintable() or len(serial) > CLIENT_SERIAL_LENGTH
    ):
        return FiscalIssue(
            FiscalProblem.BAD_CLIENT_SERIAL,
            "fiscal.client_serial",
            f"fiscal.client_serial must be printable text of at most {CLIENT_SERIAL_LENGTH} characters "
            f"without spaces at either end, not {serial!r}",
        )
    return None


def _is_server_address(text: str) -> bool:
    """``https://host[:port][/path]``, or ``http://`` to a loopback host (as the API client allows)."""
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 — a port that is no number raises ValueError here
    except ValueError:
        return False
    if not host or parts.query or parts.fragment or any(ch.isspace() for ch in text):
        return False
    if parts.scheme == "https":
        return True
    if parts.scheme != "http":
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_tse_uuid(text: str) -> bool:
    """A TSS or client id as fiskaly takes it: a UUID written 8-4-4-4-12 hex digits."""
    return _UUID.fullmatch(text) is not None


def is_vendor_name(text: str) -> bool:
    """A device uuid's vendor segment as secupay names vendors: letters, digits, ``_``, ``-``."""
    return _VENDOR.fullmatch(text) is not None


def vendor_of(device_uuid: str) -> str:
    """The vendor segment of ``/vendor/<vendor>/<key>/<value>…``."""
    return device_uuid.split("/")[2]


def is_device_uuid(text: str) -> bool:
    """``/vendor/<vendor>/<key>/<value>…``: what secuconnect registers (anything else it refuses
    only after a round trip, as "not configured for this vendor")."""
    parts = text.split("/")
    return (
        len(parts) >= 5
        and parts[0] == ""
        and parts[1] == "vendor"
        and all(part and part.isprintable() and not any(ch.isspace() for ch in part) for part in parts[1:])
    )
