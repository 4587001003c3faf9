"""Hand-written printer fakes: a loopback network printer, a recording sink, a fake ``lp``,
and stand-ins for the optional pyusb, pyserial and pywin32 modules.

:class:`LoopbackPrinter` is a real TCP server on 127.0.0.1 that behaves like an ESC/POS
network printer where the till can tell: it records every job (one per connection), answers
the paper-status query ``DLE EOT 4``, and can be told to run out of paper or to stop
answering in the middle of a job.
"""

from __future__ import annotations

import contextlib
import socket
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from cashier.printing.transports.base import ByteSink, Timeouts

STATUS_QUERY = b"\x10\x04"
PAPER_OK = 0x12
PAPER_OUT = 0x72


class LoopbackPrinter:
    """``mode``: ``"normal"``; ``"mute"`` — answers the first status query of a job, then
    nothing (the printer hung mid-job); ``"silent"`` — never answers."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._server.getsockname()[1]
        self.mode = "normal"
        self.paper = PAPER_OK
        self.jobs: list[bytes] = []
        self.connections = 0
        self._changed = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, name="loopback-printer", daemon=True)
        self._acceptor.start()

    def uri(self, **options: str) -> str:
        query = "&".join(f"{key}={value}" for key, value in options.items())
        return f"tcp://127.0.0.1:{self.port}" + (f"?{query}" if query else "")

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            with self._changed:
                self.connections += 1
            thread = threading.Thread(target=self._serve, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, connection: socket.socket) -> None:
        received = bytearray()
        answered = 0
        scanned = 0
        with connection:
            while True:
                try:
                    chunk = connection.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                received += chunk
                while True:
                    index = received.find(STATUS_QUERY, scanned)
                    if index < 0 or index + 2 >= len(received):
                        break
                    scanned = index + 3
                    if self.mode == "normal" or (self.mode == "mute" and answered == 0):
                        connection.sendall(bytes([self.paper]))
                        answered += 1
        with self._changed:
            self.jobs.append(bytes(received))
            self._changed.notify_all()

    def wait_for_jobs(self, count: int, timeout: float = 10.0) -> list[bytes]:
        """The jobs once ``count`` connections have ended (waits on an event, not a clock)."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.jobs) >= count, timeout):
                raise AssertionError(f"the loopback printer got {len(self.jobs)} jobs, not {count}")
            return list(self.jobs)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        self._server.close()
        self._acceptor.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=5)


def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class RecordingSink(ByteSink):
    """A sink that keeps what it gets; ``fail_with`` makes the next writes raise; ``on_write``
    runs before anything is kept (to look at the world as the printer is reached)."""

    def __init__(self, uri: str = "test://recording") -> None:
        super().__init__(uri, Timeouts(connect=1, io=1))
        self.jobs: list[bytes] = []
        self.fail_with: Exception | None = None
        self.on_write: Callable[[bytes], None] | None = None

    def write(self, data: bytes) -> None:
        if self.on_write is not None:
            self.on_write(data)
        if self.fail_with is not None:
            raise self.fail_with
        self.jobs.append(bytes(data))


def install_fake_lp(folder: Path, *, exit_code: int = 0, stderr: str = "") -> Path:
    """An ``lp`` in ``folder/bin`` that stores its arguments and stdin in ``folder``."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{folder}/lp-args"\n'
        f'cat > "{folder}/lp-job.bin"\n'
        f"printf '%s' '{stderr}' >&2\n"
        f"exit {exit_code}\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return bin_dir


# --- stand-ins for optional modules (installed with monkeypatch.setitem(sys.modules, …)) -------


class FakeUSBError(Exception):
    def __init__(self, message: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno


class FakeUSBTimeoutError(FakeUSBError):
    pass


class FakeNoBackendError(Exception):
    pass


class FakeEndpoint:
    def __init__(self, address: int) -> None:
        self.bEndpointAddress = address


class FakeUsbDevice:
    def __init__(self, *, write_error: Exception | None = None, kernel_driver: bool = True) -> None:
        self.written: list[tuple[int, bytes, int]] = []
        self.detached = False
        self.write_error = write_error
        self.kernel_driver = kernel_driver
        self.disposed = False

    def is_kernel_driver_active(self, interface: int) -> bool:
        return self.kernel_driver and not self.detached

    def detach_kernel_driver(self, interface: int) -> None:
        self.detached = True

    def set_configuration(self) -> None:
        pass

    def get_active_configuration(self) -> dict[tuple[int, int], list[FakeEndpoint]]:
        return {(0, 0): [FakeEndpoint(0x81), FakeEndpoint(0x02)]}

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        if self.write_error is not None:
            raise self.write_error
        self.written.append((endpoint, bytes(data), timeout))
        return len(data)


def fake_pyusb(device: FakeUsbDevice | None, *, find_error: Exception | None = None) -> dict[str, ModuleType]:
    core = ModuleType("usb.core")
    util = ModuleType("usb.util")
    package = ModuleType("usb")
    core.USBError = FakeUSBError  # type: ignore[attr-defined]
    core.USBTimeoutError = FakeUSBTimeoutError  # type: ignore[attr-defined]
    core.NoBackendError = FakeNoBackendError  # type: ignore[attr-defined]

    def find(**criteria: Any) -> FakeUsbDevice | None:
        if find_error is not None:
            raise find_error
        return device

    core.find = find  # type: ignore[attr-defined]
    util.ENDPOINT_OUT = 0x00  # type: ignore[attr-defined]
    util.endpoint_direction = lambda address: address & 0x80  # type: ignore[attr-defined]

    def find_descriptor(interface: list[FakeEndpoint], custom_match: Callable[[FakeEndpoint], bool]) -> Any:
        return next((endpoint for endpoint in interface if custom_match(endpoint)), None)

    def dispose_resources(dev: FakeUsbDevice) -> None:
        dev.disposed = True

    util.find_descriptor = find_descriptor  # type: ignore[attr-defined]
    util.dispose_resources = dispose_resources  # type: ignore[attr-defined]
    package.core = core  # type: ignore[attr-defined]
    package.util = util  # type: ignore[attr-defined]
    return {"usb": package, "usb.core": core, "usb.util": util}


class FakeSerialException(OSError):
    pass


class FakeSerialTimeoutException(FakeSerialException):
    pass


def fake_pyserial(*, open_error: Exception | None = None, write_error: Exception | None = None) -> ModuleType:
    module = ModuleType("serial")
    module.SerialException = FakeSerialException  # type: ignore[attr-defined]
    module.SerialTimeoutException = FakeSerialTimeoutException  # type: ignore[attr-defined]
    module.opened = []  # type: ignore[attr-defined]

    class Serial:
        def __init__(self, port: str, **settings: Any) -> None:
            if open_error is not None:
                raise open_error
            self.port = port
            self.settings = settings
            self.data = b""
            self.closed = False
            module.opened.append(self)  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            if write_error is not None:
                raise write_error
            self.data += data
            return len(data)

        def flush(self) -> None:
            pass

        def close(self) -> None:
            self.closed = True

    module.Serial = Serial  # type: ignore[attr-defined]
    return module


class FakeWin32Error(Exception):
    def __init__(self, winerror: int, funcname: str, strerror: str) -> None:
        super().__init__(winerror, funcname, strerror)
        self.winerror = winerror


def fake_win32print(*, printers: tuple[str, ...] = ("EPSON TM-T20III Receipt",)) -> ModuleType:
    module = ModuleType("win32print")
    module.error = FakeWin32Error  # type: ignore[attr-defined]
    module.calls = []  # type: ignore[attr-defined]
    calls: list[tuple[str, Any]] = module.calls  # type: ignore[attr-defined]

    def open_printer(name: str) -> str:
        if name not in printers:
            raise FakeWin32Error(1801, "OpenPrinter", "The printer name is invalid.")
        calls.append(("open", name))
        return f"handle:{name}"

    module.GetDefaultPrinter = lambda: printers[0]  # type: ignore[attr-defined]
    module.OpenPrinter = open_printer  # type: ignore[attr-defined]
    module.StartDocPrinter = lambda handle, level, info: calls.append(("doc", info))  # type: ignore[attr-defined]
    module.StartPagePrinter = lambda handle: calls.append(("page", None))  # type: ignore[attr-defined]
    module.WritePrinter = lambda handle, data: calls.append(("write", bytes(data)))  # type: ignore[attr-defined]
    module.EndPagePrinter = lambda handle: calls.append(("end page", None))  # type: ignore[attr-defined]
    module.EndDocPrinter = lambda handle: calls.append(("end doc", None))  # type: ignore[attr-defined]
    module.ClosePrinter = lambda handle: calls.append(("close", handle))  # type: ignore[attr-defined]
    return module
