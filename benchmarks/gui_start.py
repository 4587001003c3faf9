"""Figure 1: cold start — a new process until the till's window is shown and idle (issue 8.1).

Each start is a new process (:mod:`benchmarks.coldstart_child`) on the offscreen Qt platform;
the time runs from just before the process is started (``time.monotonic()`` here) to the
moment the child's event loop is first idle after the till screen was painted (the child
notes it on the same clock). Next to it, in the same run and in turn with it, the floor: the
same interpreter starting a bare PySide6 window (``QApplication``, a ``QWidget`` shown, the
loop idle). The ratio of the medians is the figure issue 8 sets a target for (≤ 2).

The till starts as ``cashier run`` with a **warmed** ``CASHIER_HOME``, as on a shop PC every
morning: the settings file exists (German, the demo catalogue), the device is registered, the
journal and (embedded) the simulator's state exist — made here once before the first start,
by opening the till headless (:func:`~cashier.app.composition.open_till`). **embedded**: the
default environment, the simulator in the till's process; **served**: environment
``custom`` at the served simulator (the secrets in the home's 0600 file). Python's compiled
bytecode is cached in the work folder (an installed till has its modules compiled; where
``PYTHONDONTWRITEBYTECODE`` is set the children would compile every module on every start),
and the first ``warmup`` starts of each kind fill it and the system's file cache.

Figures: ``coldstart.bare.median|p95``; ``coldstart.M.median|p95`` (till screen shown, loop
idle), ``coldstart.M.window.median|p95`` (the main window's first paint: "Starting the
till…"), ``coldstart.M.ratio`` (x, median over the bare window's median); ``coldstart.runs``.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.coldstart_child import READY
from benchmarks.context import RunContext, WorkerFailed
from benchmarks.figures import Figure, summarise
from benchmarks.headless import EMBEDDED
from benchmarks.machine import REPOSITORY
from cashier.app.composition import Credentials, open_till
from cashier.app.paths import AppPaths, resolve_paths
from cashier.app.settings import save_settings
from cashier.domain.settings import Settings
from cashier.simulator import seed

BARE = "bare"
CHILD_TIMEOUT = 60.0
"""No start takes longer than this (a start takes 1–2 s on the machine of the README)."""


@dataclass(frozen=True, slots=True)
class Start:
    """One cold start, in ms from just before the process was started."""

    window: float
    usable: float
    ready: float


def run(ctx: RunContext) -> Iterator[Figure]:
    env = child_env(ctx)
    modes = ctx.gui_modes()
    homes = {mode: prepare_home(ctx, mode) for mode in modes}
    log_file = ctx.folder("coldstart") / "children.log"
    warmup, runs = ctx.count(2, 0), ctx.count(20, 1)
    starts: dict[str, list[Start]] = {kind: [] for kind in (BARE, *modes)}
    for number in range(warmup + runs):
        for kind, samples in starts.items():  # in turn, so that both see the same machine
            start = cold_start(kind, homes.get(kind), env, log_file)
            if number >= warmup:
                samples.append(start)
    floor = statistics.median(start.ready for start in starts[BARE])
    yield from summarise("coldstart.bare", [start.ready for start in starts[BARE]])
    for mode in modes:
        ready = [start.ready for start in starts[mode]]
        yield from summarise(f"coldstart.{mode}", ready)
        yield from summarise(f"coldstart.{mode}.window", [start.window for start in starts[mode]])
        usable = [start.usable for start in starts[mode]]
        yield from summarise(f"coldstart.{mode}.usable", usable)
        yield Figure(f"coldstart.{mode}.ratio", statistics.median(ready) / floor, "x")
        yield Figure(f"coldstart.{mode}.usable.ratio", statistics.median(usable) / floor, "x")
    yield Figure("coldstart.runs", runs, "count")


def child_env(ctx: RunContext) -> dict[str, str]:
    """The children's environment: offscreen, secrets in the home's file, bytecode cached in the
    work folder, python-escpos' cache where the till keeps it (its home)."""
    env = {**ctx.python_env(), "QT_QPA_PLATFORM": "offscreen", "CASHIER_SECRET_STORE": "file"}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    env.pop("CASHIER_HOME", None)
    return env


def prepare_home(ctx: RunContext, mode: str) -> Path:
    """A ``CASHIER_HOME`` as a till leaves it after its first start: settings, registration, journal."""
    home = ctx.folder(f"coldstart-{mode}")
    paths = resolve_paths({"CASHIER_HOME": str(home)})
    backend = ctx.backend(mode)
    if mode == EMBEDDED:
        settings = Settings(language="de")
        credentials = None
    else:
        settings = Settings(
            environment="custom", base_url=backend.url, client_id=seed.CLIENT_ID, language="de"
        )
        credentials = Credentials(seed.CLIENT_ID, seed.CLIENT_SECRET)
    settings = settings.with_device_uuid()
    save_settings(paths.create().settings_file, settings)
    os.environ["CASHIER_SECRET_STORE"] = "file"  # a benchmark never writes to the OS keyring
    asyncio.run(_open_once(settings, paths, credentials))
    return home


async def _open_once(settings: Settings, paths: AppPaths, credentials: Credentials | None) -> None:
    async with open_till(settings, paths, credentials=credentials):
        pass


def cold_start(kind: str, home: Path | None, env: dict[str, str], log_file: Path) -> Start:
    """Start one child (``bare``, or the till with ``home``) and read its times back."""
    command = [sys.executable, "-m", "benchmarks.coldstart_child", BARE if kind == BARE else "till"]
    child = {**env, "CASHIER_HOME": str(home)} if home is not None else env
    with log_file.open("a", encoding="utf-8") as log:
        log.write(f"--- {kind}\n")
        log.flush()
        started = time.monotonic()
        done = subprocess.run(
            command,
            cwd=REPOSITORY,
            env=child,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            timeout=CHILD_TIMEOUT,
            check=False,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith(READY + " ")]
    if done.returncode != 0 or not lines:
        raise WorkerFailed(f"a {kind} cold start exited with {done.returncode}; see {log_file}")
    times = json.loads(lines[0].removeprefix(READY + " "))
    return Start(
        window=(times["window"] - started) * 1000,
        usable=(times["usable"] - started) * 1000,
        ready=(times["ready"] - started) * 1000,
    )
