"""``win32://PRINTER``: a Windows printer through the spooler, as a RAW job (pywin32).

Works with the vendor's Windows driver (no Zadig). ``win32://`` without a name uses the
default printer. pywin32 is imported only when a job goes out; elsewhere the sink raises
:class:`PrinterDriverMissing`.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Final

from cashier.printing.errors import PermissionDenied, PrinterDriverMissing, PrinterError, PrinterNotFound
from cashier.printing.transports.base import ByteSink, Timeouts

ERROR_ACCESS_DENIED: Final = 5
ERROR_INVALID_PRINTER_NAME: Final = 1801
ERROR_PRINTER_NOT_FOUND: Final = 3012
JOB_TITLE: Final = "Cashier receipt"


def _win32print(uri: str) -> ModuleType:
    try:
        return importlib.import_module("win32print")
    except ImportError as exc:
        where = "this Windows installation" if sys.platform == "win32" else f"{sys.platform} (not Windows)"
        raise PrinterDriverMissing(
            f"win32:// printers need Windows and the pywin32 package, which {where} does not have; "
            "on Windows install it with 'pip install pywin32', elsewhere use tcp://, usb://, file:// or cups://.",
            uri=uri,
        ) from exc


class Win32Sink(ByteSink):
    def __init__(self, uri: str, printer: str, timeouts: Timeouts) -> None:
        super().__init__(uri, timeouts)
        self.printer = printer

    def write(self, data: bytes) -> None:
        win32print = _win32print(self.uri)
        error: type[Exception] = getattr(win32print, "error", OSError)
        name = self.printer or win32print.GetDefaultPrinter()
        try:
            handle = win32print.OpenPrinter(name)
        except error as exc:
            raise self._translate(exc, name) from exc
        try:
            win32print.StartDocPrinter(handle, 1, (JOB_TITLE, None, "RAW"))
            try:
                win32print.StartPagePrinter(handle)
                win32print.WritePrinter(handle, data)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
        except error as exc:
            raise self._translate(exc, name) from exc
        finally:
            win32print.ClosePrinter(handle)

    def _translate(self, exc: Exception, name: str) -> PrinterError:
        code = getattr(exc, "winerror", None)
        if code is None and exc.args and isinstance(exc.args[0], int):
            code = exc.args[0]
        if code in (ERROR_INVALID_PRINTER_NAME, ERROR_PRINTER_NOT_FOUND):
            return PrinterNotFound(f"Windows has no printer called {name!r}.", uri=self.uri)
        if code == ERROR_ACCESS_DENIED:
            return PermissionDenied(
                f"Windows refuses this user access to the printer {name!r}.", uri=self.uri
            )
        return PrinterError(f"The Windows printer {name!r} failed: {exc}", uri=self.uri)
