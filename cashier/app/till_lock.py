"""One process per till folder: the GUI and the command line never run one till twice.

Two processes on one till folder share its device registration: each refreshes the device's
token and so revokes the other's, and both write the journal. :func:`till_lock` holds an
exclusive lock on ``cashier.lock`` in the data folder while a till is open
(:func:`cashier.app.composition.open_till` takes it, so the window and every till command
do); a second process gets :class:`TillFolderBusy`, naming the first one's process id, which
the holder writes into the file. The lock goes with its process, even a killed one: a stale
file locks nothing. Within one process the lock is re-entrant (the window's till restarts,
tests that open a till twice).

``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows (there the pid is read while the lock
is held, so the locked byte lies beyond it). Reading the journal (``cashier journal list``)
needs no lock.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = "cashier.lock"
_WINDOWS_LOCK_OFFSET = 1024  # the byte Windows locks: after the pid, which stays readable


class TillFolderBusy(Exception):
    """Another process has this till folder open."""

    def __init__(self, folder: Path, pid: int | None) -> None:
        holder = f"process {pid}" if pid else "another process"
        self.message = (
            f"this till is already open in another Cashier ({holder}) on {folder}; close that "
            "window or let that command finish, then try again"
        )
        super().__init__(self.message)
        self.folder = folder
        self.pid = pid


@dataclass
class _Held:
    fd: int
    count: int


_held: dict[Path, _Held] = {}
_guard = threading.Lock()


@contextmanager
def till_lock(folder: Path) -> Iterator[None]:
    """Hold the till folder ``folder`` for the block; :class:`TillFolderBusy` if another process does."""
    key = acquire(folder)
    try:
        yield
    finally:
        release(key)


def acquire(folder: Path) -> Path:
    """Take the lock (or count one more use of it in this process); the key for :func:`release`."""
    key = (folder / LOCK_FILE).absolute()
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return key
        fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if not _try_lock(fd):
                raise TillFolderBusy(folder, _pid_in(fd))
            _write_pid(fd)
        except BaseException:
            os.close(fd)
            raise
        _held[key] = _Held(fd, 1)
        return key


def release(key: Path) -> None:
    with _guard:
        held = _held[key]
        held.count -= 1
        if held.count:
            return
        del _held[key]
        _unlock(held.fd)
        os.close(held.fd)


def holds(folder: Path) -> bool:
    """Whether this process holds the lock of ``folder``."""
    return (folder / LOCK_FILE).absolute() in _held


def _pid_in(fd: int) -> int | None:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def _write_pid(fd: int) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid():<20}\n".encode("ascii"))


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
