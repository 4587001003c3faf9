"""A scanner on a serial port (RS-232 or USB-serial): the alternative to the keyboard wedge.

The port is read by a thread without Qt (:class:`cashier.devices.serial_port.SerialLineReader`);
each line comes to the Qt thread through a queued signal and then goes out as ``scanned(str)`` —
the same signal the keyboard-wedge scanner sends, so the card panel treats both alike.

When the port cannot be opened or disappears (the USB cable pulled), the cashier reads it once
in words (``message``); the reader keeps trying every ``retry_seconds`` and says so when the
scanner is back. :meth:`SerialScanner.configure` starts, moves or stops the reader as the
settings change; a new reader waits for the old one to let go of its port first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance

from cashier.devices.serial_port import RETRY_SECONDS, SerialLineReader, SerialPort, open_serial
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.kit.scanner import ScanSource

log = logging.getLogger(__name__)


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
        self._reader: SerialLineReader | None = None
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
        generation = self._generation
        previous = self._reader
        reader = SerialLineReader(
            port,
            baud,
            on_line=lambda text: self._emit(reader, self._line_read, generation, text),
            on_state=lambda state, detail: self._emit(reader, self._state_changed, generation, state, detail),
            open_port=self._open_port,
            retry_seconds=self._retry_seconds,
        )
        self._reader = reader
        reader.start(after=previous)
        log.info("serial scanner: reading %s at %d baud", port, baud)

    def stop(self) -> None:
        """Stop reading; returns at once (the reader lets go of the port within its timeout)."""
        if self._reader is not None:
            self._reader.stop()
        if self._port:
            log.info("serial scanner: stopped reading %s", self._port)
        self._port = ""
        self._generation += 1  # whatever the old reader still sends is ignored
        self._set_connected(False)

    def wait_stopped(self, timeout: float) -> bool:
        """Wait for the stopped reader thread to end (tests and shutdown; not from a slot)."""
        reader = self._reader
        if reader is None or not reader.stopped:
            return reader is None
        return reader.wait_stopped(timeout)

    # --- called on the reader thread: no Qt calls but emitting the two queued signals ------------
    @staticmethod
    def _emit(reader: SerialLineReader, signal: SignalInstance, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the scanner object is gone (the window closed): end quietly
            reader.stop()

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
