"""Logging for the whole process, set up once by the composition root (docs/style.md habit 13).

Every module logs through ``logging.getLogger(__name__)``; this module alone decides where the
records go: a rotating file ``cashier.log`` in the log folder (kept for support) and, for the
command line, standard error. Every handler carries the redaction filter, so tokens, CSC, PIN,
IBANs and card numbers never reach a log line (last four digits kept). httpx logs each URL
at INFO — a card search's URL holds the card number — so its loggers only pass warnings;
qasync logs every worker-thread call with its arguments and result at DEBUG (a receipt's
bytes, a new card's security code on its way to the printer), so it only passes warnings too.
Even redacted, the log names customers: on POSIX the log folder is 0700 and every log file
0600, also the ones rotation starts.
"""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import sys
from pathlib import Path

from cashier.api.redaction import RedactingFilter
from cashier.app.paths import make_folder_private

LOG_FILE = "cashier.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_QUIET = ("httpx", "httpcore", "uvicorn.access", "keyring", "qasync")


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only their user may read (0600 on POSIX), the ones rotation
    starts too (in the 0700 log folder nobody else could open them meanwhile)."""

    def _open(self) -> io.TextIOWrapper:
        stream = super()._open()
        if os.name == "posix":
            with contextlib.suppress(OSError):  # a file of another user: leave it
                if os.fstat(stream.fileno()).st_mode & 0o077:
                    os.fchmod(stream.fileno(), 0o600)
        return stream


def _tighten(log_dir: Path) -> None:
    """Files an older Cashier left readable by others (``cashier.log.1`` … too)."""
    if os.name != "posix":
        return
    for file in log_dir.glob(f"{LOG_FILE}*"):
        with contextlib.suppress(OSError):
            if file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)


def configure_logging(log_dir: Path, *, level: int = logging.INFO, console_level: int | None = None) -> Path:
    """Send records to ``log_dir/cashier.log`` (5 × 1 MB) and, if asked, to stderr; returns the file."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_folder_private(log_dir)
    _tighten(log_dir)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_cashier", False):
            root.removeHandler(handler)
            handler.close()
    redaction = RedactingFilter()
    file_handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handlers: list[logging.Handler] = [file_handler]
    if console_level is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(console_level)
        handlers.append(console)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(redaction)
        handler._cashier = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return path
