"""The till's settings: one frozen object, read from ``settings.toml`` and passed in (habit 12).

Missing keys take their defaults, unknown keys are ignored (with a warning in the log), and a
broken file is an error that names the file and the line. ``save_settings`` writes the file
back (atomically) for the settings screen and first-run set-up.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import tomllib
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cashier.app.paths import AppPaths

log = logging.getLogger(__name__)

ENVIRONMENTS = ("simulator", "testing", "live", "custom")
DEFAULT_VENDOR = "cashier"
"""The vendor segment of a device uuid made without a vendor name: the simulator's demo (the
real service knows only the vendor name secupay configured for the client id)."""
VENDOR_FORM = "letters (a-z, A-Z), digits, _ and - only"
_VENDOR = re.compile(r"[A-Za-z0-9_-]+")
SERIAL_BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


class SettingsError(Exception):
    """``settings.toml`` cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class ShopSettings:
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
class Settings:
    environment: str = "simulator"
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
    # The first-run set-up has not been finished (or skipped) yet: offered at every start until
    # it is. Written true with a new settings file; a file without it was made before the
    # wizard existed, or by hand: set up.
    setup_pending: bool = False

    def __post_init__(self) -> None:
        if self.environment not in ENVIRONMENTS:
            raise SettingsError(
                f"environment must be one of {', '.join(ENVIRONMENTS)}, not {self.environment!r}"
            )
        if self.environment == "custom" and not self.base_url:
            raise SettingsError("environment 'custom' needs a base_url")
        if self.printer.width not in (32, 48):
            raise SettingsError(f"printer.width must be 48 (80 mm) or 32 (58 mm), not {self.printer.width}")
        if self.printer.drawer_pin not in (2, 5):
            raise SettingsError(f"printer.drawer_pin must be 2 or 5, not {self.printer.drawer_pin}")
        if not 2 <= self.printer.drawer_pulse_ms <= 510:
            raise SettingsError(
                f"printer.drawer_pulse_ms must be between 2 and 510, not {self.printer.drawer_pulse_ms}"
            )
        if not 1 <= self.scanner.gap_ms <= 500:
            raise SettingsError(f"scanner.gap_ms must be between 1 and 500, not {self.scanner.gap_ms}")
        if self.scanner.serial_baud not in SERIAL_BAUD_RATES:
            rates = ", ".join(str(rate) for rate in SERIAL_BAUD_RATES)
            raise SettingsError(f"scanner.serial_baud must be one of {rates}, not {self.scanner.serial_baud}")
        if self.language not in ("", "de", "en"):
            raise SettingsError(f"language must be de, en or empty, not {self.language!r}")
        if not 0 < self.max_amount_cents <= 100_000_000:
            raise SettingsError("max_amount_cents must be between 1 and 100000000")
        if not self.till_id.strip():
            raise SettingsError("till_id must not be empty")
        if self.device_uuid and not is_device_uuid(self.device_uuid):
            raise SettingsError(
                f"the device uuid {self.device_uuid!r} is not of the form /vendor/<vendor>/<key>/<value> "
                "(--device-uuid, CASHIER_DEVICE_UUID or device_uuid in settings.toml)"
            )
        if self.vendor and not is_vendor_name(self.vendor):
            raise SettingsError(
                f"the vendor name {self.vendor!r} cannot be a device uuid's vendor segment: {VENDOR_FORM} "
                "(--vendor, CASHIER_VENDOR or vendor in settings.toml)"
            )
        if self.vendor and self.device_uuid and vendor_of(self.device_uuid) != self.vendor:
            raise SettingsError(
                f"the device uuid {self.device_uuid!r} names the vendor {vendor_of(self.device_uuid)!r}, "
                f"not {self.vendor!r}: give the vendor name or a device uuid, or both alike "
                "(--vendor/--device-uuid, or vendor/device_uuid in settings.toml)"
            )

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


def load_settings(path: Path) -> Settings:
    """The settings in ``path``; defaults when the file does not exist."""
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from None
    except OSError as exc:
        what = "is a folder, not a file" if path.is_dir() else f"cannot be read ({exc.strerror or exc})"
        raise SettingsError(f"{path} {what}; it must be a file this user can read and write") from None
    try:
        settings: Settings = _build(Settings, raw, path, "")
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    return settings


def _build(cls: Any, raw: dict[str, Any], path: Path, prefix: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            log.warning("%s: unknown setting %s%s ignored", path, prefix, key)
            continue
        default = getattr(cls(), key)
        if isinstance(default, ShopSettings | PrinterSettings | ScannerSettings):
            if not isinstance(value, dict):
                raise SettingsError(f"[{prefix}{key}] must be a table")
            values[key] = _build(type(default), value, path, f"{prefix}{key}.")
        elif isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise SettingsError(f"{prefix}{key} must be a list of texts")
            values[key] = tuple(value)
        elif type(default) is not type(value):
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                values[key] = float(value)
                continue
            raise SettingsError(f"{prefix}{key} must be {type(default).__name__}, not {type(value).__name__}")
        else:
            values[key] = value
    return cls(**values)


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` to ``path`` atomically (a crash leaves the old file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _to_toml(asdict(settings))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _to_toml(data: dict[str, Any]) -> str:
    simple = [f"{key} = {_value(value)}" for key, value in data.items() if not isinstance(value, dict)]
    tables = [
        f"\n[{key}]\n" + "\n".join(f"{k} = {_value(v)}" for k, v in value.items())
        for key, value in data.items()
        if isinstance(value, dict)
    ]
    head = "# Cashier settings (written by Cashier; comments are not kept)\n"
    return head + "\n".join(simple) + "\n" + "\n".join(tables) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def load_or_create_settings(paths: AppPaths) -> Settings:
    """The settings file, completed with a device uuid on the first start (and saved); a new
    file says the set-up is pending (:attr:`Settings.setup_pending`) until the wizard ends."""
    new = not paths.settings_file.exists()
    settings = load_settings(paths.settings_file)
    completed = settings.with_device_uuid()
    if new:
        completed = replace(completed, setup_pending=True)
    if completed is not settings:
        try:
            save_settings(paths.settings_file, completed)
        except OSError as exc:
            raise SettingsError(
                f"{paths.settings_file} cannot be written ({exc.strerror or exc}); give this user write "
                "access to its folder"
            ) from None
    return completed
