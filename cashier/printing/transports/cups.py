"""``cups://QUEUE``: a CUPS queue, through the ``lp`` command (or ``lpr``) in raw mode.

The job goes to the spooler with ``-o raw`` so CUPS passes the ESC/POS bytes unchanged. Note
what "printed" means here: the spooler accepted the job. A queue whose printer is switched
off holds the job and prints it later; CUPS, not the till, reports that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Final

from cashier.printing.errors import (
    PermissionDenied,
    PrinterDriverMissing,
    PrinterError,
    PrinterNotFound,
    PrinterOffline,
    PrinterTimeout,
)
from cashier.printing.transports.base import ByteSink, Timeouts

JOB_TITLE: Final = "Cashier"
_NOT_FOUND: Final = ("does not exist", "unknown destination", "no such")
_OFFLINE: Final = ("not accepting", "unable to connect", "scheduler not responding", "connection refused")
_FORBIDDEN: Final = ("forbidden", "unauthorized", "not allowed")


class CupsSink(ByteSink):
    def __init__(self, uri: str, queue: str, timeouts: Timeouts) -> None:
        super().__init__(uri, timeouts)
        self.queue = queue

    def command(self) -> list[str]:
        lp = shutil.which("lp")
        if lp:
            return [lp, "-d", self.queue, "-o", "raw", "-t", JOB_TITLE]
        lpr = shutil.which("lpr")
        if lpr:
            return [lpr, "-P", self.queue, "-o", "raw", "-T", JOB_TITLE]
        raise PrinterDriverMissing(
            "cups:// printers need CUPS' lp command (Debian/Ubuntu: 'apt install cups-client').", uri=self.uri
        )

    def write(self, data: bytes) -> None:
        command = self.command()
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # messages we can read
        try:
            result = subprocess.run(
                command, input=data, capture_output=True, timeout=self.timeouts.io, check=False, env=env
            )
        except subprocess.TimeoutExpired as exc:
            raise PrinterTimeout(
                f"CUPS did not take the job for {self.queue!r} within {self.timeouts.io:g} s.", uri=self.uri
            ) from exc
        except OSError as exc:
            raise PrinterError(f"{command[0]} could not run: {exc}", uri=self.uri) from exc
        if result.returncode == 0:
            return
        message = (
            result.stderr.decode("utf-8", errors="replace").strip() or f"exit status {result.returncode}"
        )
        lowered = message.lower()
        if any(text in lowered for text in _NOT_FOUND):
            raise PrinterNotFound(f"CUPS has no queue {self.queue!r} ({message}).", uri=self.uri)
        if any(text in lowered for text in _OFFLINE):
            raise PrinterOffline(f"CUPS cannot print to {self.queue!r} now ({message}).", uri=self.uri)
        if any(text in lowered for text in _FORBIDDEN):
            raise PermissionDenied(
                f"CUPS refuses jobs from this user for {self.queue!r} ({message}).", uri=self.uri
            )
        raise PrinterError(f"CUPS refused the job for {self.queue!r}: {message}", uri=self.uri)
