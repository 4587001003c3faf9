"""Logging for the whole process, set up once by the composition root (STYLE.md habit 13).

Every module logs through ``logging.getLogger(__name__)``; this module alone decides where the
records go: a rotating file ``cashier.log`` in the log folder (kept for support) and, for the
command line, standard error. Every handler carries the redaction filter, so tokens, CSC, PIN,
IBANs and card numbers never reach a log line (last four digits kept). httpx logs each URL
at INFO — a card search's URL holds the card number — so its loggers only pass warnings;
qasync logs every worker-thread call with its arguments and result at DEBUG (a receipt's
bytes, a new card's security code on its way to the printer), so it only passes warnings too.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from cashier.api.redaction import RedactingFilter

LOG_FILE = "cashier.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_QUIET = ("httpx", "httpcore", "uvicorn.access", "keyring", "qasync")


def configure_logging(log_dir: Path, *, level: int = logging.INFO, console_level: int | None = None) -> Path:
    """Send records to ``log_dir/cashier.log`` (5 × 1 MB) and, if asked, to stderr; returns the file."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_cashier", False):
            root.removeHandler(handler)
            handler.close()
    redaction = RedactingFilter()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
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
