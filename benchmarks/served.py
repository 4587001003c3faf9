"""The served simulator: ``cashier simulator serve`` as its own process on 127.0.0.1.

Started once per benchmark run (``--port 0 --terminal-delay 0 --confirm-after 0``, state in a
file like the embedded one's), reached over loopback through the till's network transport
(environment ``custom``), stopped with SIGTERM — and killed if it has not stopped 10 s later.
:meth:`ServedSimulator.reset` is ``POST /simulator/reset``: the demo shop as seeded, every
device forgotten.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


class ServedSimulatorError(RuntimeError):
    """The simulator did not start (its log says why)."""


@dataclass
class ServedSimulator:
    url: str
    process: subprocess.Popen[str]
    log_file: Path
    _drain: threading.Thread | None = field(default=None, repr=False)

    @classmethod
    def start(cls, folder: Path) -> ServedSimulator:
        folder.mkdir(parents=True, exist_ok=True)
        log_file = folder / "serve.log"
        command = [
            sys.executable, "-m", "cashier", "simulator", "serve", "--host", "127.0.0.1", "--port", "0",
            "--db", str(folder / "simulator.sqlite"), "--terminal-delay", "0", "--confirm-after", "0",
        ]  # fmt: skip
        env = {**os.environ, "CASHIER_HOME": str(folder), "PYTHONUNBUFFERED": "1"}
        with log_file.open("w", encoding="utf-8") as log:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, env=env)
        assert process.stdout is not None
        line = _first_line(process.stdout, START_TIMEOUT)
        if line is None or "listening on" not in line:
            _stop(process)
            process.stdout.close()
            raise ServedSimulatorError(f"the served simulator did not start; see {log_file}")
        # Nothing else is printed until it stops; drain the pipe anyway so it can never block.
        drain = threading.Thread(target=process.stdout.read, name="served-simulator-stdout", daemon=True)
        drain.start()
        return cls(url=line.split()[-1], process=process, log_file=log_file, _drain=drain)

    def reset(self) -> None:
        """``POST /simulator/reset``: seeded cards and balances, no devices, no transactions."""
        response = httpx.post(f"{self.url}/simulator/reset", timeout=10.0, trust_env=False)
        response.raise_for_status()

    def stop(self) -> None:
        _stop(self.process)
        if self._drain is not None:
            self._drain.join(timeout=STOP_TIMEOUT)
        if self.process.stdout is not None and not self._drain_alive():
            self.process.stdout.close()

    def _drain_alive(self) -> bool:
        return self._drain is not None and self._drain.is_alive()


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process ``pid`` has used so far (Linux ``/proc``; else 0)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat(5)
    return ticks / os.sysconf("SC_CLK_TCK")


def _first_line(stream: IO[str], timeout: float) -> str | None:
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True)
    reader.start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return None


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
