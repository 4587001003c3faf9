"""How fast the frozen till starts: ``python3 installer/measure_startup.py [BUNDLE] [--runs N]``.

For each run, the bundle's files are first evicted from the page cache (``posix_fadvise``
DONTNEED on each file: a cold start as after a reboot, without touching the rest of the
machine's cache), then the till is timed from ``exec`` to "till ready" on stdout (the main
window built on the embedded simulator, ``cashier run --quit-after-start``) and to its exit.
Also timed: the same warm (cache kept), and ``cashier self-check``. Each start gets a new
``CASHIER_HOME``, so it is a first start (settings, journal and simulator state are created).
Runs offscreen, and with a real X11 window when ``$DISPLAY`` is set (e.g. under Xvfb).
Prints ``name value unit`` lines, like the benchmarks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

DEFAULT_BUNDLE = Path(__file__).resolve().parents[1] / "build" / "dist" / "cashier"


def evict(folder: Path) -> None:
    """Drop ``folder``'s files from the page cache (clean pages only; nothing is written)."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def start(bundle: Path, args: Sequence[str], platform: str) -> tuple[float, float]:
    """Seconds from exec to "till ready" (or to exit when it never says so), and to exit."""
    with tempfile.TemporaryDirectory(prefix="cashier-startup-") as home:
        env = {**os.environ, "CASHIER_HOME": home, "QT_QPA_PLATFORM": platform}
        began = time.perf_counter()
        with subprocess.Popen(
            [str(bundle / "cashier"), *args], env=env, stdout=subprocess.PIPE, text=True
        ) as process:
            ready = None
            assert process.stdout is not None
            for line in process.stdout:
                if ready is None and "till ready" in line:
                    ready = time.perf_counter() - began
            code = process.wait()
        ended = time.perf_counter() - began
    if code != 0:
        raise SystemExit(f"cashier {' '.join(args)} exited {code}")
    return (ready if ready is not None else ended), ended


def measure(bundle: Path, runs: int) -> list[str]:
    lines = []
    platforms = ["offscreen"] + (["xcb"] if os.environ.get("DISPLAY") else [])
    cases = [(f"window_{p}", ["run", "--quit-after-start"], p) for p in platforms]
    cases.append(("self_check", ["self-check"], "offscreen"))
    for name, args, platform in cases:
        for temperature in ("cold", "warm"):
            ready, ended = [], []
            for _ in range(runs):
                if temperature == "cold":
                    evict(bundle)
                else:
                    start(bundle, args, platform)  # fill the cache
                first, last = start(bundle, args, platform)
                ready.append(first)
                ended.append(last)
            what = "to_ready" if name.startswith("window") else "total"
            lines.append(f"startup_{name}_{temperature}_{what} {statistics.median(ready):.2f} s")
            if name.startswith("window"):
                lines.append(f"startup_{name}_{temperature}_to_exit {statistics.median(ended):.2f} s")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("bundle", nargs="?", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--runs", type=int, default=3, help="runs per case; the median is shown")
    args = parser.parse_args(argv)
    if not (args.bundle / "cashier").exists():
        parser.error(f"no bundle in {args.bundle} (installer/build-bundle makes it)")
    for line in measure(args.bundle, args.runs):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
