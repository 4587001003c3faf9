"""``usb://VID:PID``: a printer that speaks USB itself, through pyusb and libusb.

pyusb is optional (``pip install pyusb``; python-escpos' ``[usb]`` extra) and imported only
when a job goes out, so a till without a USB printer never needs it. On Linux the kernel's
``usblp`` driver is detached for the job, and the till's user needs a udev rule; on Windows
the printer needs a WinUSB/libusb driver (Zadig) — ``win32://`` with the vendor driver is
usually the better choice there. pyusb looks for libusb on the system first, then in
libusb-package (the Windows bundle ships it; the printer still needs that WinUSB driver). The
bulk OUT endpoint is found from the descriptors unless
``?out_ep=0x01`` names it.
"""

from __future__ import annotations

import errno
import importlib
from types import ModuleType
from typing import Any

from cashier.printing.errors import (
    USB_PERMISSION_HINT,
    PermissionDenied,
    PrinterDriverMissing,
    PrinterError,
    PrinterNotFound,
    PrinterOffline,
    PrinterTimeout,
)
from cashier.printing.transports.base import ByteSink, Timeouts


def _pyusb(uri: str) -> tuple[ModuleType, ModuleType]:
    try:
        return importlib.import_module("usb.core"), importlib.import_module("usb.util")
    except ImportError as exc:
        raise PrinterDriverMissing(
            "USB printers need the pyusb package: install it with 'pip install pyusb' "
            "(and libusb: 'apt install libusb-1.0-0' on Debian/Ubuntu).",
            uri=uri,
        ) from exc


def _packaged_libusb() -> Any:
    """pyusb's backend for the libusb of the libusb-package wheel (Windows has no system
    libusb); None without that package or when its library does not load."""
    try:
        libusb_package = importlib.import_module("libusb_package")
    except ImportError:
        return None
    return libusb_package.get_libusb1_backend()


class UsbSink(ByteSink):
    def __init__(
        self,
        uri: str,
        vendor_id: int,
        product_id: int,
        timeouts: Timeouts,
        *,
        out_endpoint: int | None = None,
        interface: int = 0,
    ) -> None:
        super().__init__(uri, timeouts)
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.out_endpoint = out_endpoint
        self.interface = interface

    @property
    def ids(self) -> str:
        return f"{self.vendor_id:04x}:{self.product_id:04x}"

    def write(self, data: bytes) -> None:
        core, util = _pyusb(self.uri)
        device = self._find(core)
        try:
            self._claim(core, device)
            endpoint = self._endpoint(util, device)
            written = device.write(endpoint, data, timeout=int(self.timeouts.io * 1000))
            if written != len(data):
                raise PrinterTimeout(
                    f"The USB printer {self.ids} took only {written} of {len(data)} bytes.", uri=self.uri
                )
        except core.USBError as exc:
            raise self._translate(core, exc) from exc
        finally:
            util.dispose_resources(device)

    def _find(self, core: ModuleType) -> Any:
        try:
            try:
                device = core.find(idVendor=self.vendor_id, idProduct=self.product_id)
            except core.NoBackendError:
                backend = _packaged_libusb()
                if backend is None:
                    raise
                device = core.find(idVendor=self.vendor_id, idProduct=self.product_id, backend=backend)
        except core.NoBackendError as exc:
            raise PrinterDriverMissing(
                "pyusb finds no libusb on this computer: install libusb (Linux: 'apt install libusb-1.0-0'; "
                "Windows: a WinUSB/libusb driver for the printer, e.g. with Zadig).",
                uri=self.uri,
            ) from exc
        if device is None:
            raise PrinterNotFound(
                f"No USB device {self.ids} is connected: is the printer plugged in and switched on? "
                "(lsusb lists the ids of connected devices.)",
                uri=self.uri,
            )
        return device

    def _claim(self, core: ModuleType, device: Any) -> None:
        try:
            if device.is_kernel_driver_active(self.interface):
                device.detach_kernel_driver(self.interface)
        except NotImplementedError:  # not on this backend (Windows, libusb0)
            pass
        try:
            device.set_configuration()
        except core.USBError as exc:
            if getattr(exc, "errno", None) != errno.EBUSY:  # already configured: fine
                raise

    def _endpoint(self, util: ModuleType, device: Any) -> int:
        if self.out_endpoint is not None:
            return self.out_endpoint
        configuration = device.get_active_configuration()
        interface = configuration[(self.interface, 0)]
        endpoint = util.find_descriptor(
            interface,
            custom_match=lambda e: util.endpoint_direction(e.bEndpointAddress) == util.ENDPOINT_OUT,
        )
        if endpoint is None:
            raise PrinterNotFound(
                f"The USB device {self.ids} has no output endpoint on interface {self.interface}; "
                "is it a printer?",
                uri=self.uri,
            )
        address: int = endpoint.bEndpointAddress
        return address

    def _translate(self, core: ModuleType, exc: Exception) -> PrinterError:
        timeout_error = getattr(core, "USBTimeoutError", None)
        code = getattr(exc, "errno", None)
        if (timeout_error is not None and isinstance(exc, timeout_error)) or code == errno.ETIMEDOUT:
            return PrinterTimeout(
                f"The USB printer {self.ids} did not take the job within {self.timeouts.io:g} s.",
                uri=self.uri,
            )
        if code in (errno.EACCES, errno.EPERM):
            vid, pid = self.ids.split(":")
            return PermissionDenied(
                f"This user may not use the USB printer {self.ids}. "
                + USB_PERMISSION_HINT.format(vid=vid, pid=pid),
                uri=self.uri,
            )
        if code in (errno.ENODEV, errno.EPIPE, errno.EIO):
            return PrinterOffline(
                f"The USB printer {self.ids} went away during the job ({exc}).", uri=self.uri
            )
        if code == errno.EBUSY:
            return PrinterError(
                f"The USB printer {self.ids} is in use by another program ({exc}).", uri=self.uri
            )
        return PrinterError(f"The USB printer {self.ids} failed: {exc}", uri=self.uri)
