"""Printer transports: one :class:`ByteSink` per kind of connection, chosen by URI.

:func:`open_sink` turns a printer URI from the settings into a sink; :func:`send` delivers a
job through it off the event loop. Optional packages (pyusb, pyserial, pywin32) are imported
only when a job goes out through a transport that needs them.
"""

from __future__ import annotations

from pathlib import Path

from cashier.printing.transports.base import CONNECT_TIMEOUT, IO_TIMEOUT, ByteSink, Timeouts, send
from cashier.printing.transports.cups import CupsSink
from cashier.printing.transports.device_file import FileSink
from cashier.printing.transports.preview_sink import PreviewSink
from cashier.printing.transports.serial_port import SerialSink
from cashier.printing.transports.tcp import NetworkSink
from cashier.printing.transports.uri import PrinterUri, parse_printer_uri
from cashier.printing.transports.usb import UsbSink
from cashier.printing.transports.win32 import Win32Sink

__all__ = [
    "CONNECT_TIMEOUT",
    "IO_TIMEOUT",
    "ByteSink",
    "CupsSink",
    "FileSink",
    "NetworkSink",
    "PreviewSink",
    "PrinterUri",
    "SerialSink",
    "Timeouts",
    "UsbSink",
    "Win32Sink",
    "open_sink",
    "parse_printer_uri",
    "send",
]


def open_sink(uri: str | PrinterUri, *, timeouts: Timeouts | None = None) -> ByteSink:
    """The sink for ``uri``; nothing is opened yet (each job connects on its own).

    ``?timeout=SECONDS`` in the URI sets the I/O timeout; the connect timeout stays 3 s unless
    ``timeouts`` says otherwise. Raises :class:`~cashier.printing.errors.PrinterUriError`.
    """
    parsed = parse_printer_uri(uri) if isinstance(uri, str) else uri
    base = timeouts or Timeouts()
    chosen = Timeouts(connect=base.connect, io=parsed.option_float("timeout", base.io))
    if parsed.scheme == "tcp":
        assert parsed.port is not None
        return NetworkSink(
            parsed.text, parsed.target, parsed.port, chosen, status=parsed.option_flag("status", True)
        )
    if parsed.scheme == "usb":
        vendor, product = (int(part, 16) for part in parsed.target.split(":"))
        return UsbSink(
            parsed.text,
            vendor,
            product,
            chosen,
            out_endpoint=parsed.option_int("out_ep", None, base=0),
            interface=parsed.option_int("interface", 0) or 0,
        )
    if parsed.scheme == "serial":
        return SerialSink(
            parsed.text,
            parsed.target,
            chosen,
            baudrate=parsed.option_int("baudrate", 9600) or 9600,
            flow=parsed.options.get("flow", "dsrdtr"),
        )
    if parsed.scheme == "file":
        return FileSink(parsed.text, Path(parsed.target), chosen)
    if parsed.scheme == "cups":
        return CupsSink(parsed.text, parsed.target, chosen)
    if parsed.scheme == "win32":
        return Win32Sink(parsed.text, parsed.target, chosen)
    return PreviewSink(parsed.text, chosen)
