"""Printer URIs (docs/architecture.md, "Printing"): where the receipts go, in one line of settings.

``tcp://HOST[:9100]``, ``usb://VID:PID`` (hex), ``serial:///dev/ttyUSB0?baudrate=9600`` or
``serial://COM3``, ``file:///dev/usb/lp0`` (Windows: ``file:///C:/receipts/till.bin``),
``cups://QUEUE``, ``win32://PRINTER`` (empty name = the default printer), ``preview`` (no
hardware). Query options: ``timeout`` (seconds, all),
``status`` (``on``/``off``, tcp), ``baudrate`` and ``flow`` (serial), ``out_ep`` and
``interface`` (usb).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final
from urllib.parse import parse_qsl, unquote, urlsplit

from cashier.printing.errors import PrinterUriError

SCHEMES: Final = ("tcp", "usb", "serial", "file", "cups", "win32", "preview")
DEFAULT_TCP_PORT: Final = 9100
_WINDOWS_DRIVE_PATH: Final = re.compile(r"/[A-Za-z]:([/\\]|$)")


@dataclass(frozen=True, slots=True)
class PrinterUri:
    text: str
    scheme: str
    target: str
    port: int | None = None
    options: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def option_float(self, name: str, default: float) -> float:
        raw = self.options.get(name)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise PrinterUriError(f"{name}={raw!r} is not a number", uri=self.text) from None
        if not 0 < value < 3600:
            raise PrinterUriError(f"{name}={raw!r} must be a positive number of seconds", uri=self.text)
        return value

    def option_int(self, name: str, default: int | None, *, base: int = 10) -> int | None:
        raw = self.options.get(name)
        if raw is None:
            return default
        try:
            return int(raw, base)
        except ValueError:
            raise PrinterUriError(f"{name}={raw!r} is not a whole number", uri=self.text) from None

    def option_flag(self, name: str, default: bool) -> bool:
        raw = self.options.get(name)
        if raw is None:
            return default
        if raw.lower() in ("1", "on", "yes", "true"):
            return True
        if raw.lower() in ("0", "off", "no", "false"):
            return False
        raise PrinterUriError(f"{name}={raw!r} must be on or off", uri=self.text)


def parse_printer_uri(text: str) -> PrinterUri:
    """The parts of ``text``; raises :class:`PrinterUriError` saying what a URI looks like."""
    raw = text.strip()
    if raw.rstrip(":/").lower() == "preview":
        return PrinterUri(raw, "preview", "")
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or "://" not in raw:
        raise PrinterUriError(
            f"{text!r} is not a printer URI; use one of tcp://HOST[:9100], usb://VID:PID, "
            "serial://DEVICE?baudrate=N, file://PATH, cups://QUEUE, win32://PRINTER or preview",
            uri=text,
        )
    options = MappingProxyType(dict(parse_qsl(parts.query, keep_blank_values=True)))
    if scheme == "tcp":
        return _tcp(raw, parts.netloc, options)
    if scheme == "usb":
        return PrinterUri(raw, scheme, _usb_ids(raw, parts.netloc), options=options)
    if scheme in ("serial", "file"):
        if scheme == "file" and parts.netloc not in ("", "localhost"):
            raise PrinterUriError(f"file URIs name a local path: file:///dev/usb/lp0, not {text!r}", uri=text)
        target = unquote(parts.path if scheme == "file" else parts.netloc + parts.path)
        if scheme == "file" and _WINDOWS_DRIVE_PATH.match(target):
            target = target[1:]  # file:///C:/x is C:/x; "/C:/x" is no path on Windows
        if not target:
            raise PrinterUriError(f"{text!r} names no device", uri=text)
        return PrinterUri(raw, scheme, target, options=options)
    # cups, win32: the queue or printer name, spaces allowed (as %20 or literally).
    name = unquote(parts.netloc + parts.path)
    if scheme == "cups" and not name:
        raise PrinterUriError(f"{text!r} names no CUPS queue", uri=text)
    return PrinterUri(raw, scheme, name, options=options)


def _tcp(raw: str, netloc: str, options: Mapping[str, str]) -> PrinterUri:
    parts = urlsplit(f"//{netloc}")
    try:
        port = parts.port
    except ValueError:
        raise PrinterUriError(f"{raw!r} has no valid port (1-65535)", uri=raw) from None
    host = parts.hostname
    if not host:
        raise PrinterUriError(f"{raw!r} names no host; write tcp://192.168.1.50:9100", uri=raw)
    return PrinterUri(raw, "tcp", host, port or DEFAULT_TCP_PORT, options)


def _usb_ids(raw: str, netloc: str) -> str:
    vendor, _, product = netloc.partition(":")
    try:
        vid, pid = int(vendor, 16), int(product, 16)
    except ValueError:
        raise PrinterUriError(
            f"{raw!r}: write usb://VID:PID with the hexadecimal ids from lsusb, e.g. usb://04b8:0e28",
            uri=raw,
        ) from None
    if not (0 <= vid <= 0xFFFF and 0 <= pid <= 0xFFFF):
        raise PrinterUriError(f"{raw!r}: USB ids have four hex digits", uri=raw)
    return f"{vid:04x}:{pid:04x}"
