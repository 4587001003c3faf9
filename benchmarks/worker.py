"""``python -m benchmarks.worker KIND PARAMS_JSON``: one benchmark's selling part, in its own process.

Started by :meth:`benchmarks.context.RunContext.run_worker`. Logs like the till does (INFO to
``cashier.log`` with the redaction filter, in the worker's home) and prints one figure line
per figure on stdout, nothing else. A headless kind's ``work`` is a coroutine function, run
with ``asyncio.run``; a GUI kind's is a plain function that runs its own qasync loop on an
offscreen ``QApplication`` (:func:`benchmarks.gui_till.run_on_qt`).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure
from cashier.app.logging_setup import configure_logging

KINDS = {
    "sale": "benchmarks.sale",
    "memory": "benchmarks.memory",
    "load": "benchmarks.load",
    "scan": "benchmarks.gui_scan",
    "eventloop": "benchmarks.gui_loop",
    "offline": "benchmarks.offline",
    "fiscal": "benchmarks.fiscal",
    "rtt": "benchmarks.rtt",
}
"""Each module offers ``async def work(params: dict[str, Any]) -> list[Figure]`` (headless) or
``def work(params: dict[str, Any]) -> list[Figure]`` (GUI: it runs the Qt loop itself)."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] not in KINDS:
        sys.stderr.write(f"usage: python -m benchmarks.worker {{{','.join(KINDS)}}} PARAMS_JSON\n")
        return 2
    kind, params = args[0], json.loads(args[1])
    configure_logging(Path(params["home"]) / "logs")
    work: Callable[[dict[str, Any]], Any] = importlib.import_module(KINDS[kind]).work
    figures: list[Figure] = asyncio.run(work(params)) if inspect.iscoroutinefunction(work) else work(params)
    sys.stdout.write("".join(figure.line() + "\n" for figure in figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
