"""The till's TSE on fiskaly SIGN DE v2 (the cloud TSE, or the embedded fiskaly simulator).

:class:`FiskalyTse` implements :class:`~cashier.services.fiscal.port.Tse` over
:class:`~cashier.fiskaly.FiskalyClient`:

* ``start`` — ``PUT /tss/{tss}/tx/{tx}?tx_revision=1`` ``{"state": "ACTIVE", "client_id"}``;
* ``finish`` — ``PUT …?tx_revision=N`` ``{"state": "FINISHED", "client_id", "schema":
  {"standard_v1": {"receipt": …}}}``, the receipt's cents written ``"12.34"`` / ``"-1.50"``;
* ``cancel`` — ``state`` CANCELLED, ``receipt_type`` CANCELLATION, no amounts;
* ``lookup`` — ``GET /tss/{tss}/tx/{tx}``; 404 (not for the TSS) → None;
* ``status`` — ``GET /tss/{tss}`` and ``GET /tss/{tss}/client/{client}``.

The client's errors become the port's here and nowhere else (:func:`tse_error`): unreachable →
:class:`TseUnreachable`, a sent write without a usable answer → :class:`TseOutcomeUnknown`,
a 4xx → :class:`TseRefused` with fiskaly's ``code``.
"""

from __future__ import annotations

import binascii
import logging
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any, TypeVar

from cashier.domain.fiscal import FiscalReceipt, FiscalReceiptType, TseSignature
from cashier.domain.money import Money
from cashier.fiskaly import (
    FiskalyClient,
    FiskalyError,
    FiskalyOutcomeUnknown,
    FiskalyRefused,
    FiskalyUnreachable,
)
from cashier.fiskaly.wire import Transaction
from cashier.services.fiscal.port import (
    Tse,
    TseError,
    TseOutcomeUnknown,
    TseRefused,
    TseState,
    TseStatus,
    TseTransaction,
    TseUnreachable,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
_STATES: dict[str, TseState] = {"ACTIVE": "ACTIVE", "FINISHED": "FINISHED", "CANCELLED": "CANCELLED"}


def amount_text(amount: Money) -> str:
    """Cents as fiskaly's amount string: 1234 → ``"12.34"``, -150 → ``"-1.50"``."""
    sign = "-" if amount.cents < 0 else ""
    euros, cents = divmod(abs(amount.cents), 100)
    return f"{sign}{euros}.{cents:02d}"


def receipt_body(receipt: FiscalReceipt) -> dict[str, Any]:
    """The ``standard_v1`` receipt of ``receipt``."""
    return {
        "receipt_type": receipt.receipt_type.value,
        "amounts_per_vat_rate": [
            {"vat_rate": vat.value, "amount": amount_text(amount)} for vat, amount in receipt.amounts_per_vat
        ],
        "amounts_per_payment_type": [
            {"payment_type": kind.value, "amount": amount_text(amount)}
            for kind, amount in receipt.amounts_per_payment
        ],
    }


def tse_error(error: FiskalyError) -> TseError:
    """The port's error for a client error (the one place they are translated)."""
    if isinstance(error, FiskalyRefused):
        return TseRefused(error.message, code=error.code, status=error.status)
    if isinstance(error, FiskalyOutcomeUnknown):
        return TseOutcomeUnknown(error.message)
    assert isinstance(error, FiskalyUnreachable)
    return TseUnreachable(error.message)


class FiskalyTse:
    """A fiskaly TSS reached through this till's client id (``environment``: simulator, testing, live)."""

    def __init__(self, client: FiskalyClient, tss_id: str, client_id: str, environment: str) -> None:
        self._client = client
        self._tss_id = tss_id
        self._client_id = client_id
        self._environment = environment

    def __repr__(self) -> str:
        return f"FiskalyTse(tss_id={self._tss_id!r}, client_id={self._client_id!r}, environment={self._environment!r})"

    @property
    def environment(self) -> str:
        return self._environment

    @property
    def tss_id(self) -> str:
        return self._tss_id

    @property
    def client_id(self) -> str:
        return self._client_id

    async def start(self, tx_id: str) -> TseTransaction:
        body = {"state": "ACTIVE", "client_id": self._client_id}
        return self._transaction(tx_id, await self._put(tx_id, 1, body))

    async def finish(self, tx_id: str, revision: int, receipt: FiscalReceipt) -> TseTransaction:
        body = {
            "state": "FINISHED",
            "client_id": self._client_id,
            "schema": {"standard_v1": {"receipt": receipt_body(receipt)}},
        }
        return self._transaction(tx_id, await self._put(tx_id, revision, body))

    async def cancel(self, tx_id: str, revision: int) -> TseTransaction:
        receipt = FiscalReceipt(FiscalReceiptType.CANCELLATION)
        body = {
            "state": "CANCELLED",
            "client_id": self._client_id,
            "schema": {"standard_v1": {"receipt": receipt_body(receipt)}},
        }
        return self._transaction(tx_id, await self._put(tx_id, revision, body))

    async def lookup(self, tx_id: str) -> TseTransaction | None:
        try:
            answer = await self._client.get_transaction(self._tss_id, tx_id)
        except FiskalyRefused as refused:
            if refused.status == 404 and refused.code != "E_TSS_NOT_FOUND":
                return None
            raise tse_error(refused) from refused
        except FiskalyError as error:
            raise tse_error(error) from error
        return self._transaction(tx_id, answer)

    async def status(self) -> TseStatus:
        tss = await self._guarded(self._client.get_tss(self._tss_id))
        client_serial = client_state = None
        try:
            client = await self._client.get_client(self._tss_id, self._client_id)
            client_serial, client_state = client.serial_number, client.state
        except FiskalyRefused as refused:
            if not refused.not_found:
                raise tse_error(refused) from refused
        except FiskalyError as error:
            raise tse_error(error) from error
        return TseStatus(
            environment=self._environment,
            tss_id=self._tss_id,
            tss_state=tss.state,
            tss_serial=tss.serial_number,
            client_id=self._client_id,
            client_serial=client_serial,
            client_state=client_state,
            signature_counter=tss.signature_counter,
            transaction_counter=tss.transaction_counter,
            public_key=tss.public_key,
            certificate=tss.certificate,
            signature_algorithm=tss.signature_algorithm,
            time_format=tss.signature_timestamp_format,
            open_transactions=tss.number_active_transactions,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    # --- plumbing -------------------------------------------------------------------------------
    async def _put(self, tx_id: str, revision: int, body: dict[str, Any]) -> Transaction:
        return await self._guarded(self._client.put_transaction(self._tss_id, tx_id, revision, body))

    async def _guarded(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except FiskalyError as error:
            raise tse_error(error) from error

    def _transaction(self, tx_id: str, answer: Transaction) -> TseTransaction:
        state = _STATES.get(answer.state)
        if state is None:
            raise TseOutcomeUnknown(
                f"fiskaly answered transaction {tx_id} in an unknown state {answer.state!r}"
            )
        signature = signature_of(self._tss_id, tx_id, answer) if state != "ACTIVE" else None
        return TseTransaction(tx_id, state, answer.revision_now, answer.number, signature)


def _is_a_tse(tse: FiskalyTse) -> Tse:
    return tse  # mypy checks here that FiskalyTse implements the port


def signature_of(tss_id: str, tx_id: str, answer: Transaction) -> TseSignature | None:
    """The :class:`TseSignature` of a finished (or cancelled) transaction; fields fiskaly left out
    are taken from its ``qr_code_data``. None (and a warning) when even that does not suffice."""
    qr = (answer.qr_code_data or "").split(";")
    qr_fields = qr if len(qr) == 12 and qr[0] == "V0" else [""] * 12
    signature = answer.signature
    raw = answer.schema_.raw if answer.schema_ is not None else None
    try:
        return TseSignature(
            tss_id=tss_id,
            tx_id=tx_id,
            number=_int(answer.number, qr_fields[4]),
            time_start=_time(answer.time_start, qr_fields[6]),
            time_end=_time(answer.time_end, qr_fields[7]),
            signature_counter=_int(signature.counter if signature else None, qr_fields[5]),
            signature=_text(signature.value if signature else None, qr_fields[10]),
            algorithm=_text(signature.algorithm if signature else None, qr_fields[8]),
            public_key=_text(signature.public_key if signature else None, qr_fields[11]),
            tss_serial=_text(answer.tss_serial_number, ""),
            client_serial=_text(answer.client_serial_number, qr_fields[1]),
            time_format=_text(answer.log.timestamp_format if answer.log else None, qr_fields[9]),
            process_type=_text(raw.process_type if raw else None, qr_fields[2]),
            process_data=_text(raw.process_data_text if raw else None, qr_fields[3]),
            qr_code_data=_text(answer.qr_code_data, ""),
        )
    except (ValueError, binascii.Error) as problem:
        log.warning("fiskaly's answer for transaction %s lacks signature data (%s)", tx_id, problem)
        return None


def _text(value: str | None, fallback: str) -> str:
    if value:
        return value
    if fallback:
        return fallback
    raise ValueError("a field is missing")


def _int(value: int | None, fallback: str) -> int:
    if value is not None:
        return value
    return int(_text(None, fallback))


def _time(epoch: float | None, fallback: str) -> datetime:
    if epoch is not None:
        return datetime.fromtimestamp(epoch, UTC)
    return datetime.fromisoformat(_text(None, fallback).replace("Z", "+00:00"))
