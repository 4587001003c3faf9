"""``python -m benchmarks.worker KIND PARAMS_JSON``: one benchmark's selling part, in its own process.

Started by :meth:`benchmarks.context.RunContext.run_worker`. Logs like the till does (INFO to
``cashier.log`` with the redaction filter, in the worker's home) and prints one figure line
per figure on stdout, nothing else.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure
from cashier.app.logging_setup import configure_logging

KINDS = {
    "sale": "benchmarks.sale",
    "memory": "benchmarks.memory",
    "load": "benchmarks.load",
}
"""Each module offers ``async def work(params: dict[str, Any]) -> list[Figure]``."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] not in KINDS:
        sys.stderr.write(f"usage: python -m benchmarks.worker {{{','.join(KINDS)}}} PARAMS_JSON\n")
        return 2
    kind, params = args[0], json.loads(args[1])
    configure_logging(Path(params["home"]) / "logs")
    work: Callable[[dict[str, Any]], Coroutine[Any, Any, list[Figure]]] = importlib.import_module(
        KINDS[kind]
    ).work
    figures = asyncio.run(work(params))
    sys.stdout.write("".join(figure.line() + "\n" for figure in figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
