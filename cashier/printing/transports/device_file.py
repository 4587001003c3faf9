"""``file://PATH``: a printer device file (``/dev/usb/lp0``) or any file (jobs are appended).

The kernel driver does the USB work, so no Python package is needed; the till's user needs
write access (the ``lp`` group on most Linux systems). A write to a device whose printer is
switched off can block; the deadline of :func:`~cashier.printing.transports.base.send`
bounds it.
"""

from __future__ import annotations

import errno
from pathlib import Path

from cashier.printing.errors import (
    DEVICE_FILE_PERMISSION_HINT,
    PermissionDenied,
    PrinterError,
    PrinterNotFound,
    PrinterOffline,
)
from cashier.printing.transports.base import ByteSink, Timeouts


class FileSink(ByteSink):
    def __init__(self, uri: str, path: Path, timeouts: Timeouts) -> None:
        super().__init__(uri, timeouts)
        self.path = path

    def write(self, data: bytes) -> None:
        try:
            with self.path.open("ab", buffering=0) as device:
                view = memoryview(data)
                while view:
                    written = device.write(view)
                    if not written:
                        raise PrinterOffline(f"{self.path} takes no more data.", uri=self.uri)
                    view = view[written:]
        except FileNotFoundError as exc:
            raise PrinterNotFound(
                f"{self.path} does not exist (is the printer plugged in and switched on?).", uri=self.uri
            ) from exc
        except PermissionError as exc:
            raise PermissionDenied(
                f"This user may not write to {self.path}. {DEVICE_FILE_PERMISSION_HINT}", uri=self.uri
            ) from exc
        except IsADirectoryError as exc:
            raise PrinterNotFound(f"{self.path} is a folder, not a printer.", uri=self.uri) from exc
        except OSError as exc:
            if exc.errno in (errno.ENODEV, errno.ENXIO, errno.EIO):
                raise PrinterOffline(
                    f"The printer behind {self.path} is not ready ({exc.strerror}).", uri=self.uri
                ) from exc
            raise PrinterError(f"Writing to {self.path} failed: {exc}", uri=self.uri) from exc
