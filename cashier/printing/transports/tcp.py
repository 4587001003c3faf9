"""``tcp://HOST[:9100]``: a network printer's raw port (JetDirect / AppSocket).

With ``status`` on (the default), the sink asks the printer for its paper sensor with the
real-time command ``DLE EOT 4`` before the job — an empty roll raises :class:`PaperOut` and
nothing is sent — and again after it: the answer proves that the printer has read the whole
job, and no answer within the I/O timeout raises :class:`PrinterTimeout` (the printer
stopped mid-job; python-escpos issue #253 lost such prints silently). Printers that do not
answer status requests over the network need ``?status=off``.
"""

from __future__ import annotations

import logging
import socket
from typing import Final

from cashier.printing.errors import PaperOut, PrinterNotFound, PrinterOffline, PrinterTimeout
from cashier.printing.transports.base import ByteSink, Timeouts

log = logging.getLogger(__name__)

PAPER_STATUS_QUERY: Final = b"\x10\x04\x04"
_STATUS_FIXED_MASK: Final = 0x93
_STATUS_FIXED_BITS: Final = 0x12
PAPER_NEAR_END: Final = 0x0C
PAPER_END: Final = 0x60


def paper_status(answer: int) -> str | None:
    """``"out"``, ``"low"``, ``"ok"``, or ``None`` if ``answer`` is no paper-status byte."""
    if answer & _STATUS_FIXED_MASK != _STATUS_FIXED_BITS:
        return None
    if answer & PAPER_END:
        return "out"
    if answer & PAPER_NEAR_END:
        return "low"
    return "ok"


class NetworkSink(ByteSink):
    def __init__(self, uri: str, host: str, port: int, timeouts: Timeouts, *, status: bool = True) -> None:
        super().__init__(uri, timeouts)
        self.host = host
        self.port = port
        self.status = status

    def write(self, data: bytes) -> None:
        connection = self._connect()
        try:
            connection.settimeout(self.timeouts.io)
            if self.status:
                self._check_paper(connection, before=True)
            connection.sendall(data)
            if self.status:
                self._check_paper(connection, before=False)
        except TimeoutError as exc:
            raise PrinterTimeout(
                f"The printer at {self.host}:{self.port} stopped answering in the middle of the job "
                f"(nothing for {self.timeouts.io:g} s); the receipt may be incomplete.",
                uri=self.uri,
            ) from exc
        except (ConnectionError, OSError) as exc:
            raise PrinterOffline(
                f"The connection to the printer at {self.host}:{self.port} broke during the job ({exc}).",
                uri=self.uri,
            ) from exc
        finally:
            connection.close()

    def _connect(self) -> socket.socket:
        where = f"{self.host}:{self.port}"
        try:
            return socket.create_connection((self.host, self.port), timeout=self.timeouts.connect)
        except socket.gaierror as exc:
            raise PrinterNotFound(
                f"There is no host called {self.host!r} ({exc.strerror}).", uri=self.uri
            ) from exc
        except ConnectionRefusedError as exc:
            raise PrinterOffline(
                f"Nothing accepts print jobs at {where}: is the printer switched on, and is the port right?",
                uri=self.uri,
            ) from exc
        except TimeoutError as exc:
            raise PrinterOffline(
                f"The printer at {where} did not answer within {self.timeouts.connect:g} s.", uri=self.uri
            ) from exc
        except OSError as exc:
            raise PrinterOffline(
                f"The printer at {where} cannot be reached ({exc.strerror}).", uri=self.uri
            ) from exc

    def _check_paper(self, connection: socket.socket, *, before: bool) -> None:
        connection.sendall(PAPER_STATUS_QUERY)
        answer = connection.recv(1)
        if not answer:
            raise PrinterOffline(
                f"The printer at {self.host}:{self.port} closed the connection.", uri=self.uri
            )
        state = paper_status(answer[0])
        if state == "out":
            detail = "nothing was printed" if before else "the receipt may be incomplete"
            raise PaperOut(f"The printer is out of paper; {detail}. Insert a new roll.", uri=self.uri)
        if state == "low":
            log.warning("printer %s: paper roll nearly empty", self.uri)
        elif state is None:
            log.debug("printer %s answered the status query with 0x%02x", self.uri, answer[0])
