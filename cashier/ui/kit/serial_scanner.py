"""A scanner on a serial port (RS-232 or USB-serial): the alternative to the keyboard wedge.

The scanner sends each card number as a line ending in CR, LF or both. A reader thread opens
the port with pyserial, reads with a short timeout (so it notices :meth:`SerialScanner.stop`
quickly) and hands each line to the Qt thread through a queued signal; the line then goes out
as ``scanned(str)`` — the same signal the keyboard-wedge scanner sends, so the card panel
treats both alike. A thread rather than ``loop.add_reader``: qasync has no ``add_reader`` on
Windows, and pyserial's ``read`` with a timeout is the portable way to wait on a port.

When the port cannot be opened or disappears (the USB cable pulled), the cashier reads it once
in words (``message``); the thread keeps trying every ``retry_seconds`` and says so when the
scanner is back. :meth:`SerialScanner.configure` starts, moves or stops the reader as the
settings change; a new reader waits for the old one to let go of its port first.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Protocol

import serial  # type: ignore[import-untyped]  # pyserial has no type hints
from PySide6.QtCore import QObject, Qt, Signal, SignalInstance

from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.kit.scanner import ScanSource

log = logging.getLogger(__name__)

READ_TIMEOUT = 0.1  # seconds: how soon a reader notices stop()
RETRY_SECONDS = 2.0
_LINE_END = re.compile(rb"[\r\n]")
_MAX_LINE = 256  # bytes without a line end: noise, not a card number


class SerialPort(Protocol):
    """The part of :class:`serial.Serial` the reader uses (a fake in tests may stand in)."""

    @property
    def in_waiting(self) -> int: ...
    def read(self, size: int = 1) -> bytes: ...
    def close(self) -> None: ...


def open_serial(port: str, baud: int) -> SerialPort:
    connection: SerialPort = serial.Serial(port=port, baudrate=baud, timeout=READ_TIMEOUT)
    return connection


class SerialScanner(ScanSource):
    """``scanned(str)`` for each line read from the port; ``message(UserMessage)`` when the
    port is missing, lost or back (connect it to the message bridge's ``show``)."""

    message = Signal(object)  # UserMessage
    connected_changed = Signal(bool)
    _line_read = Signal(int, str)  # generation, line — from the reader thread
    _state_changed = Signal(int, str, str)  # generation, state, detail — from the reader thread

    def __init__(
        self,
        *,
        open_port: Callable[[str, int], SerialPort] = open_serial,
        retry_seconds: float = RETRY_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_port = open_port
        self._retry_seconds = retry_seconds
        self._port = ""
        self._baud = 9600
        self._generation = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected = False
        self._had_trouble = False  # missing or lost since the last connection: say when it is back
        self._line_read.connect(self._on_line, Qt.ConnectionType.QueuedConnection)
        self._state_changed.connect(self._on_state, Qt.ConnectionType.QueuedConnection)

    @property
    def port(self) -> str:
        """The port being read ("" when stopped)."""
        return self._port

    @property
    def baud(self) -> int:
        return self._baud

    @property
    def connected(self) -> bool:
        return self._connected

    @property
    def running(self) -> bool:
        return bool(self._port)

    def configure(self, port: str, baud: int = 9600) -> None:
        """Read ``port`` at ``baud`` from now on; an empty port stops the reader."""
        port = port.strip()
        if port == self._port and baud == self._baud and self.running:
            return
        self.stop()
        if not port:
            return
        self._port, self._baud = port, baud
        self._generation += 1
        self._stop = threading.Event()
        previous = self._thread
        self._thread = threading.Thread(
            target=self._read,
            args=(self._generation, port, baud, self._stop, previous),
            name=f"serial-scanner-{port}",
            daemon=True,
        )
        self._thread.start()
        log.info("serial scanner: reading %s at %d baud", port, baud)

    def stop(self) -> None:
        """Stop reading; returns at once (the reader lets go of the port within its timeout)."""
        self._stop.set()
        if self._port:
            log.info("serial scanner: stopped reading %s", self._port)
        self._port = ""
        self._generation += 1  # whatever the old reader still sends is ignored
        self._set_connected(False)

    def wait_stopped(self, timeout: float) -> bool:
        """Wait for the stopped reader thread to end (tests and shutdown; not from a slot)."""
        thread = self._thread
        if thread is None or not self._stop.is_set():
            return thread is None
        thread.join(timeout)
        return not thread.is_alive()

    # --- the reader thread (no Qt calls but emitting the two queued signals) --------------------
    def _read(
        self,
        generation: int,
        port: str,
        baud: int,
        stop: threading.Event,
        previous: threading.Thread | None,
    ) -> None:
        if previous is not None:
            previous.join()
        reported = False
        while not stop.is_set():
            try:
                connection = self._open_port(port, baud)
            except (serial.SerialException, OSError, ValueError) as error:
                if not reported:
                    self._tell(generation, "missing", str(error))
                    reported = True
                stop.wait(self._retry_seconds)
                continue
            reported = False
            self._tell(generation, "connected", "")
            try:
                self._read_lines(generation, connection, stop)
            except (serial.SerialException, OSError) as error:
                self._tell(generation, "lost", str(error))
                reported = True
            finally:
                _close(connection)
            if not stop.is_set():
                stop.wait(self._retry_seconds)

    def _read_lines(self, generation: int, connection: SerialPort, stop: threading.Event) -> None:
        pending = b""
        while not stop.is_set():
            chunk = connection.read(max(1, connection.in_waiting))
            if not chunk:
                continue
            *lines, pending = _LINE_END.split(pending + chunk)
            if len(pending) > _MAX_LINE:
                log.warning("serial scanner: %d bytes without a line end dropped", len(pending))
                pending = b""
            for line in lines:
                text = line.decode("ascii", errors="replace").strip()
                if text:
                    self._emit(self._line_read, generation, text)

    def _tell(self, generation: int, state: str, detail: str) -> None:
        self._emit(self._state_changed, generation, state, detail)

    def _emit(self, signal: SignalInstance, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the scanner object is gone (the window closed): end quietly
            self._stop.set()

    # --- back on the Qt thread ---------------------------------------------------------------------
    def _on_line(self, generation: int, text: str) -> None:
        if generation != self._generation:
            return
        log.info("serial scanner: a line of %d characters", len(text))
        self.deliver(text)

    def _on_state(self, generation: int, state: str, detail: str) -> None:
        if generation != self._generation:
            return
        port = self._port
        if state == "connected":
            if self._had_trouble:
                self._say(
                    MessageLevel.INFO, self.tr("The serial scanner at {port} is back.").format(port=port)
                )
            self._had_trouble = False
            self._set_connected(True)
            return
        log.warning("serial scanner at %s: %s (%s)", port, state, detail)
        self._had_trouble = True
        self._set_connected(False)
        if state == "missing":
            text = self.tr(
                "The serial scanner at {port} cannot be opened — check its cable; the till keeps trying."
            )
        else:
            text = self.tr("The serial scanner at {port} is gone — plug it in again; the till keeps trying.")
        self._say(MessageLevel.WARNING, text.format(port=port))

    def _say(self, level: MessageLevel, text: str) -> None:
        self.message.emit(UserMessage(level, text))

    def _set_connected(self, connected: bool) -> None:
        if connected != self._connected:
            self._connected = connected
            self.connected_changed.emit(connected)


def _close(connection: SerialPort) -> None:
    try:
        connection.close()
    except (serial.SerialException, OSError) as error:
        log.debug("serial scanner: closing the port failed: %s", error)
