"""``serial://DEVICE?baudrate=N``: a printer on a serial port or a USB-serial adapter.

pyserial is optional (``pip install pyserial``; python-escpos' ``[serial]`` extra) and
imported only when a job goes out. ``flow`` chooses the handshake: ``dsrdtr`` (the default,
as python-escpos), ``rtscts``, ``xonxoff`` or ``none``.
"""

from __future__ import annotations

import errno
import importlib
from types import ModuleType
from typing import Final

from cashier.printing.errors import (
    SERIAL_PERMISSION_HINT,
    PermissionDenied,
    PrinterDriverMissing,
    PrinterError,
    PrinterNotFound,
    PrinterOffline,
    PrinterTimeout,
    PrinterUriError,
)
from cashier.printing.transports.base import ByteSink, Timeouts

FLOW_CONTROL: Final = ("dsrdtr", "rtscts", "xonxoff", "none")
BAUD_RATES: Final = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


def _pyserial(uri: str) -> ModuleType:
    try:
        return importlib.import_module("serial")
    except ImportError as exc:
        raise PrinterDriverMissing(
            "Serial printers need the pyserial package: install it with 'pip install pyserial'.", uri=uri
        ) from exc


class SerialSink(ByteSink):
    def __init__(
        self, uri: str, device: str, timeouts: Timeouts, *, baudrate: int = 9600, flow: str = "dsrdtr"
    ) -> None:
        super().__init__(uri, timeouts)
        if baudrate not in BAUD_RATES:
            raise PrinterUriError(f"baudrate={baudrate} is not one of {BAUD_RATES}", uri=uri)
        if flow not in FLOW_CONTROL:
            raise PrinterUriError(f"flow={flow!r} is not one of {FLOW_CONTROL}", uri=uri)
        self.device = device
        self.baudrate = baudrate
        self.flow = flow

    def write(self, data: bytes) -> None:
        serial = _pyserial(self.uri)
        try:
            port = serial.Serial(
                self.device,
                baudrate=self.baudrate,
                timeout=self.timeouts.io,
                write_timeout=self.timeouts.io,
                dsrdtr=self.flow == "dsrdtr",
                rtscts=self.flow == "rtscts",
                xonxoff=self.flow == "xonxoff",
            )
        except serial.SerialException as exc:
            raise self._open_failed(exc) from exc
        try:
            port.write(data)
            port.flush()
        except serial.SerialTimeoutException as exc:
            raise PrinterTimeout(
                f"The printer on {self.device} did not take the job within {self.timeouts.io:g} s "
                "(switched off, or the handshake setting is wrong?).",
                uri=self.uri,
            ) from exc
        except (serial.SerialException, OSError) as exc:
            raise PrinterOffline(
                f"The printer on {self.device} failed during the job ({exc}).", uri=self.uri
            ) from exc
        finally:
            port.close()

    def _open_failed(self, exc: Exception) -> PrinterError:
        code = getattr(exc, "errno", None)
        if code == errno.ENOENT or "FileNotFoundError" in str(exc):
            return PrinterNotFound(f"There is no serial port {self.device}.", uri=self.uri)
        if code in (errno.EACCES, errno.EPERM) or "PermissionError" in str(exc):
            return PermissionDenied(
                f"This user may not open {self.device}. {SERIAL_PERMISSION_HINT}", uri=self.uri
            )
        if code == errno.EBUSY:
            return PrinterError(f"{self.device} is in use by another program.", uri=self.uri)
        return PrinterOffline(f"{self.device} cannot be opened ({exc}).", uri=self.uri)
