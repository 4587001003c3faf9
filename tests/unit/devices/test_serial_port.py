"""The serial scanner's reader thread without Qt: lines split across reads, a missing port and a
lost one, told once each, and a stop that ends the thread."""

from __future__ import annotations

import queue

from cashier.devices.serial_port import SerialLineReader, SerialPort

WAIT = 5.0  # seconds: only how long a broken reader may take to fail the test


class ScriptedPort:
    """Hands out the chunks one read at a time, then fails as a pulled cable does."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.closed = False

    @property
    def in_waiting(self) -> int:
        return len(self.chunks[0]) if self.chunks else 0

    def read(self, size: int = 1) -> bytes:
        if not self.chunks:
            raise OSError("device reports readiness to read but returned no data")
        return self.chunks.pop(0)

    def close(self) -> None:
        self.closed = True


def test_the_reader_tells_a_missing_port_once_then_reads_lines_until_the_port_is_lost() -> None:
    events: queue.Queue[tuple[str, str]] = queue.Queue()
    port = ScriptedPort([b"9276004400", b"000011\r\n\r\n", b"noise without end", b"\nX\n"])
    attempts: list[str] = []

    def open_port(name: str, baud: int) -> SerialPort:
        attempts.append(name)
        if len(attempts) < 3:
            raise OSError(f"could not open port {name}")
        if len(attempts) > 3:
            raise OSError("still gone")
        return port

    reader = SerialLineReader(
        "/dev/ttyScanner",
        9600,
        on_line=lambda text: events.put(("line", text)),
        on_state=lambda state, detail: events.put((state, detail)),
        open_port=open_port,
        retry_seconds=0.01,
    )
    reader.start()
    try:
        seen = [events.get(timeout=WAIT) for _ in range(6)]
    finally:
        reader.stop()
    assert reader.wait_stopped(WAIT)
    assert seen == [
        ("missing", "could not open port /dev/ttyScanner"),
        ("connected", ""),
        ("line", "9276004400000011"),
        ("line", "noise without end"),
        ("line", "X"),
        ("lost", "device reports readiness to read but returned no data"),
    ]
    assert port.closed
    assert events.empty() or events.get_nowait()[0] != "missing"  # "still gone" is not told again
