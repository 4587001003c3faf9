"""What the figures were measured on: CPU, cores, RAM, Python, OS, git commit, date.

Printed as ``#`` lines above the figures; every value comes from the standard library,
``/proc`` (Linux) or ``git``, and a value that cannot be found reads ``unknown``.
"""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def cores() -> str:
    logical = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = logical
    return f"{usable} usable of {logical}" if usable != logical else str(logical)


def ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    try:
        return f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.1f} GiB"
    except (AttributeError, ValueError, OSError):
        return "unknown"


def operating_system() -> str:
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                name = line.partition("=")[2].strip().strip('"')
                return f"{name}, {platform.system()} {platform.release()}"
    except OSError:
        pass
    return platform.platform()


def git_commit() -> str:
    """The checkout's commit, ``-dirty`` when files differ from it."""
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=10"],
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


def load_average() -> str:
    """The 1-minute load average: anything else running skews the figures."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "unknown"


def describe() -> list[str]:
    """The header lines (without the leading ``#``)."""
    implementation = f"{platform.python_implementation()} {platform.python_version()}"
    return [
        f"machine: {cpu_model()}, {cores()} cores, {ram_gib()} RAM; load average {load_average()} at start",
        f"python: {implementation}; os: {operating_system()}",
        f"commit: {git_commit()}; date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
    ]
