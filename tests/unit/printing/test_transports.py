"""Every transport with what stands in for its hardware: files, a fake ``lp``, fake modules."""

from __future__ import annotations

import asyncio
import errno
import os
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import pytest

from cashier.printing.errors import (
    PermissionDenied,
    PrinterDriverMissing,
    PrinterError,
    PrinterNotFound,
    PrinterOffline,
    PrinterProblem,
    PrinterTimeout,
    PrinterUriError,
)
from cashier.printing.transports import (
    CupsSink,
    FileSink,
    NetworkSink,
    PreviewSink,
    SerialSink,
    Timeouts,
    UsbSink,
    Win32Sink,
    open_sink,
    parse_printer_uri,
    send,
)
from cashier.printing.transports.base import ByteSink
from tests.helpers.printers import (
    FakeNoBackendError,
    FakeSerialException,
    FakeSerialTimeoutException,
    FakeUsbDevice,
    FakeUSBError,
    FakeUSBTimeoutError,
    FakeWin32Error,
    fake_pyserial,
    fake_pyusb,
    fake_win32print,
    install_fake_lp,
)

JOB = b"\x1b@\x1bt\x13Gr\x81\xe1e \xd5\n\x1dV\x00"


# --- URIs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "kind", "details"),
    [
        ("tcp://192.168.1.50", NetworkSink, {"host": "192.168.1.50", "port": 9100, "status": True}),
        ("tcp://printer.local:9101?status=off&timeout=2.5", NetworkSink, {"port": 9101, "status": False}),
        ("tcp://[::1]:9100", NetworkSink, {"host": "::1"}),
        ("usb://04b8:0e28", UsbSink, {"vendor_id": 0x04B8, "product_id": 0x0E28, "out_endpoint": None}),
        ("usb://04B8:0E28?out_ep=0x02&interface=1", UsbSink, {"out_endpoint": 2, "interface": 1}),
        ("serial:///dev/ttyUSB0?baudrate=19200", SerialSink, {"device": "/dev/ttyUSB0", "baudrate": 19200}),
        ("serial://COM3", SerialSink, {"device": "COM3", "baudrate": 9600, "flow": "dsrdtr"}),
        ("file:///dev/usb/lp0", FileSink, {"path": Path("/dev/usb/lp0")}),
        ("cups://EPSON_TM-T20III", CupsSink, {"queue": "EPSON_TM-T20III"}),
        ("win32://EPSON%20TM-T20III%20Receipt", Win32Sink, {"printer": "EPSON TM-T20III Receipt"}),
        ("win32://", Win32Sink, {"printer": ""}),
        ("preview", PreviewSink, {}),
    ],
)
def test_a_uri_chooses_its_transport(uri: str, kind: type[ByteSink], details: dict[str, object]) -> None:
    sink = open_sink(uri)
    assert type(sink) is kind
    assert sink.uri == uri
    for name, value in details.items():
        assert getattr(sink, name) == value
    assert sink.timeouts.connect == 3.0


def test_timeouts_come_from_the_uri_or_the_caller() -> None:
    assert open_sink("tcp://p?timeout=0.3").timeouts == Timeouts(connect=3.0, io=0.3)
    assert open_sink("file:///tmp/x", timeouts=Timeouts(connect=1, io=2)).timeouts == Timeouts(1, 2)


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("192.168.1.50", "not a printer URI"),
        ("lpt://1", "not a printer URI"),
        ("tcp://", "names no host"),
        ("tcp://host:99999", "no valid port"),
        ("usb://epson", "hexadecimal ids"),
        ("usb://12345:1", "four hex digits"),
        ("file://server/share", "local path"),
        ("serial://", "names no device"),
        ("cups://", "names no CUPS queue"),
        ("tcp://p?timeout=soon", "not a number"),
        ("tcp://p?timeout=-1", "positive"),
        ("tcp://p?status=maybe", "on or off"),
        ("serial:///dev/ttyS0?baudrate=1234", "baudrate=1234"),
        ("serial:///dev/ttyS0?flow=magic", "flow='magic'"),
        ("usb://04b8:0e28?out_ep=x", "whole number"),
    ],
)
def test_a_bad_uri_says_what_a_good_one_looks_like(uri: str, message: str) -> None:
    with pytest.raises(PrinterUriError, match=message) as caught:
        open_sink(uri)
    assert caught.value.reason is PrinterProblem.BAD_URI


def test_parse_keeps_the_original_text() -> None:
    parsed = parse_printer_uri(" tcp://10.0.0.7 ")
    assert (parsed.text, parsed.target, parsed.port) == ("tcp://10.0.0.7", "10.0.0.7", 9100)


@pytest.mark.parametrize(
    ("uri", "target"),
    [
        ("file:///C:/receipts/till.bin", "C:/receipts/till.bin"),  # "/C:/..." is no Windows path
        ("file:///d:/", "d:/"),
        ("file:///C:", "C:"),
        ("file:///dev/usb/lp0", "/dev/usb/lp0"),
        ("file:///Cx/lp0", "/Cx/lp0"),
    ],
)
def test_a_file_uri_with_a_drive_letter_names_that_drive(uri: str, target: str) -> None:
    assert parse_printer_uri(uri).target == target


# --- the async wrapper -----------------------------------------------------------------------


class BlockingSink(ByteSink):
    def __init__(self) -> None:
        super().__init__("test://blocking", Timeouts(connect=0.1, io=0.1))
        self.release = threading.Event()

    def write(self, data: bytes) -> None:
        self.release.wait(10)


async def test_send_gives_up_after_the_deadline_without_blocking_the_loop() -> None:
    sink = BlockingSink()
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    try:
        with pytest.raises(PrinterTimeout, match=r"within 0\.3 s"):
            await send(sink, JOB, deadline=0.3)
    finally:
        ticker.cancel()
        sink.release.set()
    assert ticks > 10  # the loop kept running while the printer hung


async def test_send_passes_printer_errors_through() -> None:
    with pytest.raises(PrinterNotFound):
        await send(open_sink("file:///nonexistent-folder/lp0"), JOB)


# --- file:// ---------------------------------------------------------------------------------


async def test_file_appends_each_job(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    sink = open_sink(f"file://{target}")
    await send(sink, JOB)
    await send(sink, b"second")
    assert target.read_bytes() == JOB + b"second"


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(PrinterNotFound, match="does not exist"):
        FileSink("file://x", tmp_path / "missing" / "lp0", Timeouts()).write(JOB)
    with pytest.raises(PrinterNotFound, match="folder"):
        FileSink("file://x", tmp_path, Timeouts()).write(JOB)


@pytest.mark.parametrize(
    ("raised", "error", "message"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), PermissionDenied, "'lp' group"),
        (OSError(errno.ENODEV, "No such device"), PrinterOffline, "not ready"),
        (OSError(errno.ENOSPC, "No space left on device"), PrinterError, "No space"),
    ],
)
def test_file_errors_from_the_device(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, raised: OSError, error: type[Exception], message: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(error, match=message) as caught:
        FileSink("file://x", tmp_path / "lp0", Timeouts()).write(JOB)
    assert type(caught.value) is error


# --- cups:// ---------------------------------------------------------------------------------


async def test_cups_hands_the_job_to_lp_in_raw_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{install_fake_lp(tmp_path)}{os.pathsep}{os.environ['PATH']}")
    await send(open_sink("cups://TM-T20III"), JOB)
    assert (tmp_path / "lp-job.bin").read_bytes() == JOB
    assert (tmp_path / "lp-args").read_text().split() == ["-d", "TM-T20III", "-o", "raw", "-t", "Cashier"]


@pytest.mark.parametrize(
    ("stderr", "error"),
    [
        ("lp: The printer or class does not exist.", PrinterNotFound),
        ("lp: Unable to connect to server", PrinterOffline),
        ("lp: Forbidden", PermissionDenied),
        ("lp: something else", PrinterError),
    ],
)
def test_cups_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stderr: str, error: type[Exception]
) -> None:
    monkeypatch.setenv(
        "PATH", f"{install_fake_lp(tmp_path, exit_code=1, stderr=stderr)}{os.pathsep}/usr/bin:/bin"
    )
    with pytest.raises(error, match=stderr.removeprefix("lp: ")) as caught:
        open_sink("cups://Q").write(JOB)
    assert type(caught.value) is error


def test_cups_without_lp_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterDriverMissing, match="cups-client"):
        open_sink("cups://Q").write(JOB)


# --- usb:// (pyusb is optional) ----------------------------------------------------------------


def install(monkeypatch: pytest.MonkeyPatch, modules: Mapping[str, object]) -> None:
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)


def test_usb_without_pyusb_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, {"usb": None, "usb.core": None, "usb.util": None})
    with pytest.raises(PrinterDriverMissing, match="pip install pyusb"):
        open_sink("usb://04b8:0e28").write(JOB)


def test_usb_writes_to_the_bulk_out_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    device = FakeUsbDevice()
    install(monkeypatch, fake_pyusb(device))
    open_sink("usb://04b8:0e28?timeout=2").write(JOB)
    assert device.written == [(0x02, JOB, 2000)]
    assert device.detached
    assert device.disposed


def test_usb_falls_back_to_the_libusb_of_libusb_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no system libusb: pyusb's own search fails, libusb-package's backend is used."""
    device = FakeUsbDevice()
    modules = fake_pyusb(device)
    packaged = object()
    backends: list[object] = []

    def find(**criteria: object) -> FakeUsbDevice:
        backends.append(criteria.get("backend"))
        if criteria.get("backend") is not packaged:
            raise FakeNoBackendError
        return device

    modules["usb.core"].find = find  # type: ignore[attr-defined]
    libusb_package = ModuleType("libusb_package")
    libusb_package.get_libusb1_backend = lambda: packaged  # type: ignore[attr-defined]
    install(monkeypatch, {**modules, "libusb_package": libusb_package})
    open_sink("usb://04b8:0e28").write(JOB)
    assert backends == [None, packaged]
    assert [(endpoint, data) for endpoint, data, _ in device.written] == [(0x02, JOB)]


@pytest.mark.parametrize("libusb_package", [None, "no library"])
def test_usb_without_any_libusb_says_so(monkeypatch: pytest.MonkeyPatch, libusb_package: str | None) -> None:
    package = None
    if libusb_package is not None:  # installed, but its library does not load
        package = ModuleType("libusb_package")
        package.get_libusb1_backend = lambda: None  # type: ignore[attr-defined]
    install(monkeypatch, {**fake_pyusb(None, find_error=FakeNoBackendError()), "libusb_package": package})
    with pytest.raises(PrinterDriverMissing, match="finds no libusb"):
        open_sink("usb://04b8:0e28").write(JOB)


@pytest.mark.parametrize(
    ("device", "find_error", "error", "message"),
    [
        (None, None, PrinterNotFound, "No USB device 04b8:0e28"),
        (FakeUsbDevice(), FakeNoBackendError(), PrinterDriverMissing, "libusb"),
        (
            FakeUsbDevice(write_error=FakeUSBError("Access denied", errno.EACCES)),
            None,
            PermissionDenied,
            "udev",
        ),
        (
            FakeUsbDevice(write_error=FakeUSBTimeoutError("timeout", errno.ETIMEDOUT)),
            None,
            PrinterTimeout,
            "2 s",
        ),
        (FakeUsbDevice(write_error=FakeUSBError("gone", errno.ENODEV)), None, PrinterOffline, "went away"),
        (FakeUsbDevice(write_error=FakeUSBError("busy", errno.EBUSY)), None, PrinterError, "another program"),
    ],
)
def test_usb_errors(
    monkeypatch: pytest.MonkeyPatch,
    device: FakeUsbDevice | None,
    find_error: Exception | None,
    error: type[Exception],
    message: str,
) -> None:
    install(monkeypatch, fake_pyusb(device, find_error=find_error))
    with pytest.raises(error, match=message) as caught:
        open_sink("usb://04b8:0e28?timeout=2").write(JOB)
    assert type(caught.value) is error


def test_the_usb_permission_hint_names_the_device(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, fake_pyusb(FakeUsbDevice(write_error=FakeUSBError("denied", errno.EACCES))))
    with pytest.raises(PermissionDenied) as caught:
        open_sink("usb://04b8:0e28").write(JOB)
    assert 'ATTRS{idVendor}=="04b8", ATTRS{idProduct}=="0e28"' in caught.value.message
    assert "Zadig" in caught.value.message


# --- serial:// (pyserial is optional) ------------------------------------------------------------


def test_serial_without_pyserial_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "serial", None)
    with pytest.raises(PrinterDriverMissing, match="pip install pyserial"):
        open_sink("serial:///dev/ttyUSB0").write(JOB)


def test_serial_writes_with_the_settings_of_the_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    module = fake_pyserial()
    monkeypatch.setitem(sys.modules, "serial", module)
    open_sink("serial:///dev/ttyUSB0?baudrate=38400&flow=rtscts&timeout=4").write(JOB)
    (port,) = module.opened  # type: ignore[attr-defined]
    assert port.port == "/dev/ttyUSB0"
    assert port.data == JOB
    assert port.closed
    assert port.settings == {
        "baudrate": 38400,
        "timeout": 4.0,
        "write_timeout": 4.0,
        "dsrdtr": False,
        "rtscts": True,
        "xonxoff": False,
    }


@pytest.mark.parametrize(
    ("open_error", "write_error", "error", "message"),
    [
        (FakeSerialException(errno.ENOENT, "could not open port"), None, PrinterNotFound, "no serial port"),
        (FakeSerialException(errno.EACCES, "could not open port"), None, PermissionDenied, "dialout"),
        (FakeSerialException(errno.EIO, "could not open port"), None, PrinterOffline, "cannot be opened"),
        (None, FakeSerialTimeoutException("Write timeout"), PrinterTimeout, "handshake"),
        (
            None,
            FakeSerialException("device reports readiness to read but returned no data"),
            PrinterOffline,
            "failed",
        ),
    ],
)
def test_serial_errors(
    monkeypatch: pytest.MonkeyPatch,
    open_error: Exception | None,
    write_error: Exception | None,
    error: type[Exception],
    message: str,
) -> None:
    monkeypatch.setitem(sys.modules, "serial", fake_pyserial(open_error=open_error, write_error=write_error))
    with pytest.raises(error, match=message) as caught:
        open_sink("serial:///dev/ttyUSB0").write(JOB)
    assert type(caught.value) is error


# --- win32:// (pywin32, Windows only) -----------------------------------------------------------


def test_win32_elsewhere_says_it_needs_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "win32print", None)
    with pytest.raises(PrinterDriverMissing, match="Windows and the pywin32 package"):
        open_sink("win32://EPSON").write(JOB)


def test_win32_sends_a_raw_job_to_the_default_printer(monkeypatch: pytest.MonkeyPatch) -> None:
    module = fake_win32print()
    monkeypatch.setitem(sys.modules, "win32print", module)
    open_sink("win32://").write(JOB)
    assert module.calls == [  # type: ignore[attr-defined]
        ("open", "EPSON TM-T20III Receipt"),
        ("doc", ("Cashier receipt", None, "RAW")),
        ("page", None),
        ("write", JOB),
        ("end page", None),
        ("end doc", None),
        ("close", "handle:EPSON TM-T20III Receipt"),
    ]


def test_win32_unknown_printer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "win32print", fake_win32print())
    with pytest.raises(PrinterNotFound, match="no printer called 'Kitchen'"):
        open_sink("win32://Kitchen").write(JOB)


def test_win32_access_denied(monkeypatch: pytest.MonkeyPatch) -> None:
    module = fake_win32print()

    def denied(name: str) -> None:
        raise FakeWin32Error(5, "OpenPrinter", "Access is denied.")

    module.OpenPrinter = denied  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "win32print", module)
    with pytest.raises(PermissionDenied, match="refuses this user"):
        open_sink("win32://EPSON").write(JOB)


# --- preview ---------------------------------------------------------------------------------


async def test_preview_keeps_the_latest_jobs() -> None:
    sink = PreviewSink(keep=2)
    assert sink.last is None
    for job in (b"1", b"2", b"3"):
        await send(sink, job)
    assert sink.jobs == [b"2", b"3"]
    assert sink.last == b"3"
