"""One process per till folder (cashier.app.till_lock): a second one is refused in words."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cashier.app.till_lock import LOCK_FILE, TillFolderBusy, holds, till_lock
from tests.helpers.till_folder import held_by_another_process

TRY_THE_LOCK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from cashier.app.till_lock import TillFolderBusy, till_lock
    try:
        with till_lock(Path(sys.argv[1])):
            print("locked")
    except TillFolderBusy as busy:
        print(f"busy {busy.pid}")
        print(busy.message, file=sys.stderr)
    """
)


def other_process_tries(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", TRY_THE_LOCK, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_a_second_process_is_refused_with_the_first_ones_pid(tmp_path: Path) -> None:
    with till_lock(tmp_path):
        result = other_process_tries(tmp_path)
    assert result.stdout.strip() == f"busy {os.getpid()}"
    assert f"already open in another Cashier (process {os.getpid()})" in result.stderr
    assert str(tmp_path) in result.stderr


def test_the_lock_is_free_again_after_the_block(tmp_path: Path) -> None:
    with till_lock(tmp_path):
        assert holds(tmp_path)
    assert not holds(tmp_path)
    assert other_process_tries(tmp_path).stdout.strip() == "locked"


def test_within_one_process_the_lock_is_reentrant(tmp_path: Path) -> None:
    """The window's till restarts, and tests open a till twice: the same process may."""
    with till_lock(tmp_path), till_lock(tmp_path):
        assert holds(tmp_path)
    with till_lock(tmp_path):
        with till_lock(tmp_path):
            pass
        assert other_process_tries(tmp_path).stdout.strip().startswith("busy")  # still held once
    assert not holds(tmp_path)


def test_this_process_is_refused_while_another_holds_the_folder(tmp_path: Path) -> None:
    with held_by_another_process(tmp_path) as child:
        with pytest.raises(TillFolderBusy) as refused, till_lock(tmp_path):
            pass
        assert refused.value.pid == child.pid
        assert not holds(tmp_path)
    with till_lock(tmp_path):  # the other one has finished
        assert holds(tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_killed_holder_leaves_no_lock_behind(tmp_path: Path) -> None:
    with held_by_another_process(tmp_path) as child:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert (tmp_path / LOCK_FILE).read_text(encoding="ascii").strip() == str(child.pid)  # a stale file …
    with till_lock(tmp_path):  # … locks nothing
        assert holds(tmp_path)
