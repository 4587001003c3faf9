"""The till's settings as one frozen value: the one model the app loads, saves and builds the
till from, and the settings screens edit (through ``cashier.ui.settings_ports``).

Pure data with its rules (which environments, paper widths, drawer pins, baud rates; the form of
a vendor name and a device uuid): it lives in ``domain`` because both ``app`` and ``ui`` read it
and nothing in it does I/O. Reading and writing ``settings.toml`` is ``cashier.app.settings``.

The sections (:class:`ShopSettings`, :class:`PrinterSettings`, :class:`ScannerSettings`) are plain
values that any screen may hold; :class:`Settings` checks the whole when it is made and raises
:class:`SettingsError` naming the key (``printer.width must be …``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from typing import Final

from cashier.domain.receipt import ENVIRONMENTS, Environment

__all__ = [
    "DEFAULT_VENDOR",
    "DRAWER_PINS",
    "ENVIRONMENTS",
    "PAPER_WIDTHS",
    "SECUCONNECT_ENVIRONMENTS",
    "SERIAL_BAUD_RATES",
    "VENDOR_FORM",
    "Environment",
    "OfflineSettings",
    "PrinterSettings",
    "ScannerSettings",
    "Settings",
    "SettingsError",
    "ShopSettings",
    "is_device_uuid",
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


class SettingsError(Exception):
    """The settings cannot be used; the message names the key (and, from a file, the file)."""


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
    # The first-run set-up has not been finished (or skipped) yet: offered at every start until
    # it is. Written true with a new settings file; a file without it was made before the
    # wizard existed, or by hand: set up.
    setup_pending: bool = False

    def __post_init__(self) -> None:
        problem = _problem(self)
        if problem:
            raise SettingsError(problem)

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
