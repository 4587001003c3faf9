"""What one ``python -m benchmarks`` run gives every benchmark: counts, folders, the served simulator.

Benchmarks that sell run in a **worker process** of their own (:meth:`RunContext.run_worker`,
``python -m benchmarks.worker KIND PARAMS``), so that no benchmark inherits another's memory,
imports or garbage, and the first sale of a fresh process can be reported on its own. A
worker prints figure lines on stdout; its log (and any traceback) goes to a file in the work
folder, named in the error when it fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure, parse_line
from benchmarks.headless import DELAY_VARIABLE, EMBEDDED, MODES, SERVED, Backend
from benchmarks.machine import REPOSITORY
from benchmarks.round_trips import Profile
from benchmarks.served import ServedSimulator
from cashier.printing.escpos_builder import TicketBuilder
from cashier.printing.profile import PrinterProfile

WORKER_TIMEOUT = 900.0
"""No worker runs longer than this (the full 1,000-sale memory run takes about a minute)."""


class WorkerFailed(RuntimeError):
    """A worker process exited with an error; the message names its log file."""


@dataclass
class RunContext:
    quick: bool
    workdir: Path
    modes: tuple[str, ...] = MODES
    profile: Profile | None = None
    """``--rtt`` / ``--profile``: every API request of every worker's till waits this long."""
    _served: ServedSimulator | None = field(default=None, repr=False)
    _folders: int = field(default=0, repr=False)

    def count(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    def folder(self, name: str) -> Path:
        """A new, empty folder below the work folder."""
        self._folders += 1
        path = self.workdir / f"{self._folders:02d}-{name}"
        path.mkdir(parents=True)
        return path

    def served(self) -> ServedSimulator:
        """The served simulator, started on first use and stopped by :meth:`close`."""
        if self._served is None:
            self._served = ServedSimulator.start(self.workdir / "served-simulator")
        return self._served

    def backend(self, mode: str) -> Backend:
        if mode == EMBEDDED:
            return Backend(EMBEDDED)
        if mode == SERVED:
            served = self.served()
            served.reset()
            return Backend(SERVED, served.url)
        raise ValueError(mode)

    def gui_modes(self) -> tuple[str, ...]:
        """The modes a GUI benchmark runs: all of them — but a ``--quick`` run checks the GUI
        harness on the embedded simulator only, when it is chosen (every Qt process costs 1–2 s
        to start; the served till is the same :class:`Backend` the headless benchmarks check)."""
        if self.quick and EMBEDDED in self.modes:
            return (EMBEDDED,)
        return self.modes

    def python_env(self) -> dict[str, str]:
        """This environment, for processes whose start is timed: compiled bytecode cached in the
        work folder (``PYTHONPYCACHEPREFIX``; nothing is written beside the sources). An
        installed till has its modules compiled, while under ``PYTHONDONTWRITEBYTECODE`` every
        new process would compile each of Cashier's modules again (0.2–0.3 s of every start).
        The first process compiles every module it imports, the standard library's included
        (5–7 s): a full run's warm-up starts pay for it; a ``--quick`` run keeps the
        environment as it is instead."""
        env = dict(os.environ)
        if not self.quick:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(self.workdir / "pycache")
        return env

    def worker_env(self) -> dict[str, str]:
        """The workers' environment: one python-escpos capability cache for all of them (and
        this process), made before the first worker starts — as on a till that has started
        before (the first start of an installation builds it, once, in about 0.3 s)."""
        cache = self.workdir / "escpos-cache"
        if not cache.exists():
            cache.mkdir()
            os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
            TicketBuilder(PrinterProfile.for_columns(48))  # imports python-escpos: writes the cache
        delay = {DELAY_VARIABLE: str(self.profile.per_request_ms)} if self.profile else {}
        return {**os.environ, "ESCPOS_CAPABILITIES_PICKLE_DIR": str(cache), **delay}

    def run_worker(self, kind: str, params: dict[str, Any]) -> Iterator[Figure]:
        """Run ``benchmarks.worker`` for ``kind`` (``params`` get a ``home`` folder of its own) and
        yield the figures it prints."""
        home = self.folder(f"{kind}-{params.get('mode', 'worker')}")
        log_file = home / "worker.log"
        params = {**params, "home": str(home)}
        command = [sys.executable, "-m", "benchmarks.worker", kind, json.dumps(params)]
        with log_file.open("w", encoding="utf-8") as log:
            done = subprocess.run(
                command,
                cwd=REPOSITORY,
                env=self.worker_env(),
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                timeout=WORKER_TIMEOUT,
                check=False,
            )
        if done.returncode != 0:
            raise WorkerFailed(f"the {kind} worker exited with {done.returncode}; see {log_file}")
        for line in done.stdout.splitlines():
            if line.strip():
                yield parse_line(line)

    def close(self) -> None:
        if self._served is not None:
            self._served.stop()
            self._served = None
