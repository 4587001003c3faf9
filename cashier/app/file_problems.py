"""Files and folders the till cannot use, sorted in one place for the command line and the window.

The journal, ``secrets.json``, the simulator's state, ``settings.toml`` and the till folder's
lock each fail with their own typed error, whose message names the file and what to do.
:func:`file_trouble` turns any of them into a :class:`FileTrouble` — which file, what is wrong,
the English line — so that the command line prints that one line (``cashier: …``, exit 1) and
the window words it in German or English (:mod:`cashier.ui.kit.startup_problems`). Anything else is
not a file problem (``None``): a bug keeps its traceback. No Qt here: the command line imports it.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from cashier.api.secret_store import SecretFileError
from cashier.app.till_lock import TillFolderBusy
from cashier.domain.settings import SettingsError
from cashier.journal.database import JournalError
from cashier.simulator.store import SimulatorStoreError

EXIT_FILE_PROBLEM = 1
"""The exit code of a command that stopped at an unusable file or a till folder in use."""


@dataclass(frozen=True, slots=True)
class FileTrouble:
    """An unusable file: ``role`` (journal, settings, secrets, simulator, till_folder, file),
    ``problem`` (damaged, newer, read_only, unopenable, disk_full, busy, invalid, in_use, failed),
    the file's ``path``, the process that holds the till folder (``pid``), and the English line."""

    role: str
    problem: str
    path: str
    message: str
    pid: int | None = None


def file_trouble(error: BaseException) -> FileTrouble | None:
    """``error`` as a :class:`FileTrouble`, or ``None`` when it is not about a file."""
    if isinstance(error, JournalError) and error.path:
        return FileTrouble("journal", error.problem.value, error.path, error.message)
    if isinstance(error, SecretFileError):
        return FileTrouble("secrets", error.problem.value, str(error.path), error.message)
    if isinstance(error, SimulatorStoreError):
        return FileTrouble("simulator", "unopenable", error.path, error.message)
    if isinstance(error, TillFolderBusy):
        return FileTrouble("till_folder", "in_use", str(error.folder), error.message, error.pid)
    if isinstance(error, SettingsError):
        return FileTrouble("settings", "invalid", "", str(error))
    if isinstance(error, OSError) and (error.filename or error.errno == errno.ENOSPC):
        return _os_trouble(error)
    return None


def _os_trouble(error: OSError) -> FileTrouble:
    """A file or folder the operating system refused (a folder where a file belongs, no
    permission, a full disk), e.g. while the data folder is made."""
    problem = {
        errno.ENOSPC: "disk_full",
        errno.EACCES: "read_only",
        errno.EPERM: "read_only",
        errno.EROFS: "read_only",
    }.get(error.errno or 0, "unopenable")
    path = str(error.filename or "")
    reason = error.strerror or str(error)
    message = f"{path}: {reason}" if path else reason
    return FileTrouble("file", problem, path, message)
