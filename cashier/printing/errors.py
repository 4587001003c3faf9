"""Why a print did not happen: one small tree of typed errors, raised by every transport.

Each error has a ``reason`` (stored with a failed print job, mapped to words by the UI), the
printer URI, and an English message that says what to do. ``services`` turns them into print
outcomes; a printer error never reaches the sale.
"""

from __future__ import annotations

from enum import StrEnum


class PrinterProblem(StrEnum):
    BAD_URI = "bad_uri"
    OFFLINE = "offline"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    PAPER_OUT = "paper_out"
    TIMEOUT = "timeout"
    DRIVER_MISSING = "driver_missing"
    FAILED = "failed"


class PrinterError(Exception):
    """A print job could not be delivered."""

    reason: PrinterProblem = PrinterProblem.FAILED

    def __init__(self, message: str, *, uri: str = "") -> None:
        super().__init__(message)
        self.uri = uri

    @property
    def message(self) -> str:
        return str(self.args[0])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, uri={self.uri!r})"


class PrinterUriError(PrinterError):
    """The printer setting cannot be understood (``tcp://``, ``usb://VID:PID``, …)."""

    reason = PrinterProblem.BAD_URI


class PrinterOffline(PrinterError):
    """Nothing answers where the printer should be (switched off, cable, network)."""

    reason = PrinterProblem.OFFLINE


class PrinterNotFound(PrinterError):
    """No such device, queue or host."""

    reason = PrinterProblem.NOT_FOUND


class PermissionDenied(PrinterError):
    """The device exists but this user may not write to it; the message carries the fix."""

    reason = PrinterProblem.PERMISSION_DENIED


class PaperOut(PrinterError):
    """The printer reports that its paper roll is empty."""

    reason = PrinterProblem.PAPER_OUT


class PrinterTimeout(PrinterError):
    """The printer stopped answering in the middle of a job; the receipt may be incomplete."""

    reason = PrinterProblem.TIMEOUT


class PrinterDriverMissing(PrinterError):
    """The Python package (or OS driver) this kind of printer needs is not installed."""

    reason = PrinterProblem.DRIVER_MISSING


USB_PERMISSION_HINT = (
    "On Linux, allow the till's user to use the printer with a udev rule, e.g. "
    '/etc/udev/rules.d/99-cashier-printer.rules: SUBSYSTEM=="usb", ATTRS{{idVendor}}=="{vid}", '
    'ATTRS{{idProduct}}=="{pid}", MODE="0660", GROUP="lp" (then add the user to the lp group and '
    "replug the printer). On Windows, the printer needs a WinUSB/libusb driver (Zadig), or use "
    "win32://PRINTER with the vendor driver instead."
)
SERIAL_PERMISSION_HINT = (
    "On Linux, add the till's user to the 'dialout' group (sudo usermod -aG dialout USER) and log in again."
)
DEVICE_FILE_PERMISSION_HINT = (
    "On Linux, add the till's user to the 'lp' group (sudo usermod -aG lp USER) and log in again, "
    "or install a udev rule for the printer."
)
