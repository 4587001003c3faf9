"""``python -m benchmarks``: run the benchmarks, one ``name value unit`` line per figure.

Lines starting with ``#`` are the header (the machine), a note per benchmark, the targets of
issue 8 with met / missed, and failures; every other line is a figure. Exit code 0 when every
selected benchmark ran, 1 when one failed (the others still run), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from benchmarks import machine
from benchmarks.context import RunContext
from benchmarks.figures import Figure
from benchmarks.headless import EMBEDDED, MODES, SERVED
from benchmarks.registry import BENCHMARKS, TARGETS, Benchmark
from benchmarks.round_trips import PROFILES, profile_for


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Cashier's benchmarks (issue 8): one 'name value unit' line per figure.",
    )
    parser.add_argument("--quick", action="store_true", help="tiny counts: checks the harness, not the speed")
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", choices=[b.name for b in BENCHMARKS], help="run only these"
    )
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--served-only", action="store_true", help="only figures on the served simulator")
    modes.add_argument("--embedded-only", action="store_true", help="only figures on the embedded simulator")
    latency = parser.add_mutually_exclusive_group()
    latency.add_argument(
        "--rtt", type=float, metavar="MS", help="delay every API request by MS (a real-world link; issue 19)"
    )
    latency.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        help="a named latency profile: " + "; ".join(PROFILES[name].describe() for name in sorted(PROFILES)),
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, journals)")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    stream = out or sys.stdout

    def say(text: str) -> None:
        stream.write(text + "\n")
        stream.flush()

    if args.list:
        for benchmark in BENCHMARKS:
            say(f"{benchmark.name:<10} {benchmark.summary}")
        return 0
    modes: tuple[str, ...] = (SERVED,) if args.served_only else (EMBEDDED,) if args.embedded_only else MODES
    selected = [b for b in BENCHMARKS if (args.only is None or b.name in args.only)]
    if args.served_only:
        selected = [b for b in selected if b.simulator]
    workdir = Path(tempfile.mkdtemp(prefix="cashier-bench-"))
    try:
        profile = profile_for(args.rtt, args.profile)
    except ValueError as error:
        build_parser().error(str(error))
    ctx = RunContext(quick=args.quick, workdir=workdir, modes=modes, profile=profile)
    say("# Cashier benchmarks (issue 8): name value unit")
    for line in machine.describe():
        say(f"# {line}")
    say(
        f"# run: {'quick (tiny counts: not figures to publish)' if args.quick else 'full'}; modes: {', '.join(modes)}"
    )
    say(f"# latency: {profile.describe() if profile else 'none (loopback as it is)'}")
    started = time.perf_counter()
    figures: dict[str, Figure] = {}
    failed: list[str] = []
    try:
        for benchmark in selected:
            say(f"# {benchmark.name}: {benchmark.summary}")
            began = time.perf_counter()
            try:
                for figure in _run(benchmark, ctx):
                    figures[figure.name] = figure
                    say(figure.line())
            except Exception as error:  # report it, run the others
                failed.append(benchmark.name)
                say(f"# FAILED {benchmark.name}: {type(error).__name__}: {error}")
            say(f"# {benchmark.name} took {time.perf_counter() - began:.1f} s")
    finally:
        ctx.close()
    for line in target_lines(figures, quick=args.quick):
        say(f"# {line}")
    ending = (
        f"# done in {time.perf_counter() - started:.0f} s; load average {machine.load_average()} at the end"
    )
    say(ending + (f"; failed: {', '.join(failed)}" if failed else ""))
    if args.keep or failed:
        say(f"# work folder kept: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


def _run(benchmark: Benchmark, ctx: RunContext) -> Iterable[Figure]:
    module = importlib.import_module(benchmark.module)
    figures: Iterable[Figure] = module.run(ctx)
    return figures


def target_lines(figures: dict[str, Figure], *, quick: bool) -> list[str]:
    """``target …: met|missed`` for every target whose figure was measured."""
    lines = []
    for target in TARGETS:
        figure = figures.get(target.figure)
        if figure is None:
            continue
        verdict = "met" if figure.value <= target.limit else "MISSED"
        if quick and target.full_run_only:
            verdict = "not judged (quick run)"
        lines.append(f"target {target.text}: {figure.line()} — {verdict}")
    return lines
