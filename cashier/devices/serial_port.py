"""Lines from a serial port (RS-232 or USB-serial), read by a thread: the scanner's port.

The scanner sends each card number as a line ending in CR, LF or both. :class:`SerialLineReader`
runs a thread that opens the port with pyserial, reads with a short timeout (so it notices
:meth:`SerialLineReader.stop` quickly) and hands each line to ``on_line``; when the port cannot be
opened (``missing``) or disappears (``lost``) it tells ``on_state`` once and keeps trying every
``retry_seconds``, and says ``connected`` when it has the port. A thread rather than
``loop.add_reader``: qasync has no ``add_reader`` on Windows, and pyserial's ``read`` with a
timeout is the portable way to wait on a port. The callbacks run on the reader thread.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Protocol

import serial  # type: ignore[import-untyped]  # pyserial has no type hints

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


class SerialLineReader:
    """One reader thread for one port at one baud rate; :meth:`stop` ends it."""

    def __init__(
        self,
        port: str,
        baud: int,
        *,
        on_line: Callable[[str], None],
        on_state: Callable[[str, str], None],  # state ("connected", "missing", "lost"), detail
        open_port: Callable[[str, int], SerialPort] = open_serial,
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        self._port, self._baud = port, baud
        self._on_line, self._on_state = on_line, on_state
        self._open_port = open_port
        self._retry_seconds = retry_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, after: SerialLineReader | None = None) -> None:
        """Start reading; the thread first waits for ``after`` to let go of its port."""
        previous = after._thread if after is not None else None
        self._thread = threading.Thread(
            target=self._read, args=(previous,), name=f"serial-scanner-{self._port}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop reading; returns at once (the thread lets go of the port within its timeout)."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def wait_stopped(self, timeout: float) -> bool:
        """Wait for the stopped thread to end (tests and shutdown)."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _read(self, previous: threading.Thread | None) -> None:
        if previous is not None:
            previous.join()
        stop = self._stop
        reported = False
        while not stop.is_set():
            try:
                connection = self._open_port(self._port, self._baud)
            except (serial.SerialException, OSError, ValueError) as error:
                if not reported:
                    self._on_state("missing", str(error))
                    reported = True
                stop.wait(self._retry_seconds)
                continue
            reported = False
            self._on_state("connected", "")
            try:
                self._read_lines(connection)
            except (serial.SerialException, OSError) as error:
                self._on_state("lost", str(error))
                reported = True
            finally:
                _close(connection)
            if not stop.is_set():
                stop.wait(self._retry_seconds)

    def _read_lines(self, connection: SerialPort) -> None:
        pending = b""
        while not self._stop.is_set():
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
                    self._on_line(text)


def _close(connection: SerialPort) -> None:
    try:
        connection.close()
    except (serial.SerialException, OSError) as error:
        log.debug("serial scanner: closing the port failed: %s", error)
