"""Another process that has a till folder open (cashier.app.till_lock), for the lock's tests."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

HOLD_THE_LOCK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from cashier.app.till_lock import till_lock
    with till_lock(Path(sys.argv[1])):
        print("held", flush=True)
        sys.stdin.readline()
    """
)


@contextmanager
def held_by_another_process(folder: Path) -> Iterator[subprocess.Popen[str]]:
    """A child process that holds the lock of ``folder`` until the block ends (or it is killed)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdin is not None
    try:
        assert child.stdout.readline().strip() == "held"
        yield child
    finally:
        with suppress(BrokenPipeError):  # closing stdin lets the child go (if it still runs)
            child.stdin.close()
        child.wait(timeout=30)
        child.stdout.close()
