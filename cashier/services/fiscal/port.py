"""What the till needs of a TSE, whichever one it is (docs/fiscal.md).

A transaction's id is chosen by the till (a UUID) and written to the journal before the first
call, so every call here is safe to repeat: :meth:`Tse.lookup` tells what the TSE has of a
transaction after an answer was lost, and a revision the TSE already has is never sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from cashier.domain.fiscal import FiscalReceipt, TseSignature

TseState = Literal["ACTIVE", "FINISHED", "CANCELLED"]


class TseError(Exception):
    """The TSE did not do what was asked. ``str()`` is a short reason a shop owner can read."""


class TseUnreachable(TseError):
    """No answer could be had and nothing was changed: no connection, or a read (lookup,
    status) without an answer or with a 5xx. A write that was sent and got no usable answer is
    :class:`TseOutcomeUnknown` instead. May be repeated."""


class TseOutcomeUnknown(TseError):
    """The request was sent and no answer came: the TSE may or may not have taken it."""


class TseRefused(TseError):
    """The TSE answered with an error that repeating the call will not cure (4xx), e.g. the TSS
    is not initialised, the client is not registered, the credentials are wrong."""

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


@dataclass(frozen=True, slots=True)
class TseTransaction:
    """What the TSE has of one transaction (its latest revision)."""

    tx_id: str
    state: TseState
    revision: int  # latest_revision
    number: int | None = None
    signature: TseSignature | None = None  # when FINISHED (or CANCELLED, if the TSE signs that too)


@dataclass(frozen=True, slots=True)
class TseStatus:
    """``cashier fiscal status``: the TSS and this till's client as the TSE sees them."""

    environment: str  # simulator, testing, live
    tss_id: str
    tss_state: str  # CREATED, UNINITIALIZED, INITIALIZED, DISABLED, …
    tss_serial: str | None
    client_id: str
    client_serial: str | None
    client_state: str | None  # REGISTERED, DEREGISTERED, None when unknown
    signature_counter: int | None
    transaction_counter: int | None
    public_key: str | None
    certificate: str | None = None  # PEM or base64 as the TSE gives it (DSFinV-K tse.csv)
    signature_algorithm: str | None = None
    time_format: str | None = None
    open_transactions: int | None = None


class Tse(Protocol):
    """A TSE reached through this till's client id. Every method may raise :class:`TseError`."""

    @property
    def environment(self) -> str: ...  # simulator (training), testing or live

    @property
    def tss_id(self) -> str: ...

    @property
    def client_id(self) -> str: ...

    async def start(self, tx_id: str) -> TseTransaction:
        """Revision 1: the transaction ACTIVE."""
        ...

    async def finish(self, tx_id: str, revision: int, receipt: FiscalReceipt) -> TseTransaction:
        """Revision ``revision``: the transaction FINISHED with ``receipt``; signed."""
        ...

    async def cancel(self, tx_id: str, revision: int) -> TseTransaction:
        """Revision ``revision``: the transaction CANCELLED (receipt type CANCELLATION, no amounts)."""
        ...

    async def lookup(self, tx_id: str) -> TseTransaction | None:
        """What the TSE has of ``tx_id`` (None: it never heard of it)."""
        ...

    async def status(self) -> TseStatus: ...

    async def aclose(self) -> None: ...
