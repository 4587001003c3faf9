"""The German till law in the till's own words: what a TSE signs and what it gives back.

Every sale, abort, cancellation and card load is one TSE transaction (docs/fiscal.md). The till
sends the TSE a :class:`FiscalReceipt` — gross amounts per VAT rate and per payment type, the
fiskaly ``standard_v1`` receipt — and gets back a :class:`TseSignature`, which the receipt prints
(§ 6 KassenSichV) and the DSFinV-K export carries. When the TSE cannot sign, the receipt carries a
:class:`FiscalMark` without a signature and with the reason instead (AEAO zu § 146a, Nr. 7).

Mapping (docs/fiscal.md, "What is signed"): VAT 19 % → ``NORMAL``, 7 % → ``REDUCED_1``,
0 % → ``NULL``. Cash → ``CASH``; the terminal and SEPA → ``NON_CASH``. The card's cash balance is
a multi-purpose voucher being redeemed: a negative ``NULL`` amount, no payment. Spent bonus is no
payment either: it is a discount, already inside the per-rate amounts as the bonus lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from cashier.domain.money import Money
from cashier.domain.vat import VatRate


class FiscalVat(StrEnum):
    """fiskaly's ``vat_rate`` names (DSFinV-K VAT ids 1–5 in this order)."""

    NORMAL = "NORMAL"  # 19 %
    REDUCED_1 = "REDUCED_1"  # 7 %
    SPECIAL_RATE_1 = "SPECIAL_RATE_1"  # 10.7 % (§ 24 (1) Nr. 3 UStG), never sold here
    SPECIAL_RATE_2 = "SPECIAL_RATE_2"  # 5.5 % (§ 24 (1) Nr. 1 UStG), never sold here
    NULL = "NULL"  # 0 %

    @classmethod
    def of(cls, rate: VatRate) -> FiscalVat:
        return _VAT[rate]


_VAT = {
    VatRate.STANDARD: FiscalVat.NORMAL,
    VatRate.REDUCED: FiscalVat.REDUCED_1,
    VatRate.ZERO: FiscalVat.NULL,
}


class FiscalPayment(StrEnum):
    CASH = "CASH"
    NON_CASH = "NON_CASH"


class FiscalReceiptType(StrEnum):
    """fiskaly ``receipt_type``: RECEIPT is a Kassenbeleg (``Beleg``), CANCELLATION an aborted
    one (``AVBelegabbruch``), TRAINING a training sale (``AVTraining``), OTHER ``AVSonstige``."""

    RECEIPT = "RECEIPT"
    CANCELLATION = "CANCELLATION"
    TRAINING = "TRAINING"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class FiscalReceipt:
    """What the TSE signs at the end of a transaction. Amounts are gross, in cents, may be
    negative (a cancellation of a former sale); rates and payment types appear at most once."""

    receipt_type: FiscalReceiptType
    amounts_per_vat: tuple[tuple[FiscalVat, Money], ...] = ()
    amounts_per_payment: tuple[tuple[FiscalPayment, Money], ...] = ()

    def __post_init__(self) -> None:
        for name, pairs in (("VAT rate", self.amounts_per_vat), ("payment type", self.amounts_per_payment)):
            keys = [key for key, _ in pairs]
            if len(set(keys)) != len(keys):
                raise ValueError(f"a {name} appears twice in {pairs}")

    @property
    def total(self) -> Money:
        return Money.sum(amount for _, amount in self.amounts_per_vat)

    def negated(self) -> FiscalReceipt:
        """The same receipt with every amount negated: the cancellation of a former sale."""
        return FiscalReceipt(
            self.receipt_type,
            tuple((vat, -amount) for vat, amount in self.amounts_per_vat),
            tuple((kind, -amount) for kind, amount in self.amounts_per_payment),
        )

    @classmethod
    def summed(
        cls,
        receipt_type: FiscalReceiptType,
        per_vat: Iterable[tuple[FiscalVat, Money]],
        per_payment: Iterable[tuple[FiscalPayment, Money]],
    ) -> FiscalReceipt:
        """Amounts summed per rate and per payment type, zero sums left out, in enum order."""
        return cls(receipt_type, _summed(per_vat, list(FiscalVat)), _summed(per_payment, list(FiscalPayment)))


K = TypeVar("K", FiscalVat, FiscalPayment)


def _summed(pairs: Iterable[tuple[K, Money]], order: list[K]) -> tuple[tuple[K, Money], ...]:
    sums: dict[K, Money] = {}
    for key, amount in pairs:
        sums[key] = sums.get(key, Money(0)) + amount
    return tuple((key, sums[key]) for key in order if key in sums and not sums[key].is_zero)


@dataclass(frozen=True, slots=True)
class TseSignature:
    """A finished TSE transaction as the receipt and the export need it (fiskaly field names in
    the comments). Times are UTC. ``qr_code_data`` is printed exactly as the TSE gave it."""

    tss_id: str
    tx_id: str
    number: int  # number: the TSE transaction number
    time_start: datetime  # time_start
    time_end: datetime  # time_end
    signature_counter: int  # signature.counter
    signature: str  # signature.value (base64)
    algorithm: str  # signature.algorithm, e.g. ecdsa-plain-SHA256
    public_key: str  # signature.public_key (base64)
    tss_serial: str  # tss_serial_number
    client_serial: str  # client_serial_number: the till's (ERS) serial number
    time_format: str  # log.timestamp_format, e.g. unixTime
    process_type: str  # e.g. Kassenbeleg-V1
    process_data: str  # e.g. Beleg^2.50_0.00_0.00_0.00_0.00^2.50:Bar
    qr_code_data: str  # V0;…

    def __post_init__(self) -> None:
        for at in (self.time_start, self.time_end):
            if at.tzinfo is None:
                raise ValueError("TSE times must carry a time zone")


@dataclass(frozen=True, slots=True)
class FiscalMark:
    """What a receipt says about its TSE transaction: signed, or why not."""

    signature: TseSignature | None = None
    failure: str | None = None  # e.g. "TSE nicht erreichbar"; None when signed
    training: bool = False

    def __post_init__(self) -> None:
        if (self.signature is None) == (self.failure is None):
            raise ValueError("a fiscal mark is either signed or says why not")


def signature_to_dict(signature: TseSignature) -> dict[str, object]:
    """A :class:`TseSignature` as JSON-ready data (times as ISO 8601 UTC), for the journal."""
    data: dict[str, object] = {name: getattr(signature, name) for name in _SIGNATURE_FIELDS}
    data["time_start"] = signature.time_start.isoformat()
    data["time_end"] = signature.time_end.isoformat()
    return data


def signature_from_dict(data: dict[str, object]) -> TseSignature:
    """The inverse of :func:`signature_to_dict`; raises ValueError/TypeError on anything else."""
    values = {name: data[name] for name in _SIGNATURE_FIELDS}
    for name in ("time_start", "time_end"):
        values[name] = datetime.fromisoformat(str(values[name]))
    for name in ("number", "signature_counter"):
        if isinstance(values[name], bool) or not isinstance(values[name], int):
            raise TypeError(f"{name} must be an int")
    return TseSignature(**values)  # type: ignore[arg-type]


def receipt_to_dict(receipt: FiscalReceipt) -> dict[str, object]:
    """A :class:`FiscalReceipt` as JSON-ready data (amounts in cents), for the journal."""
    return {
        "receipt_type": receipt.receipt_type.value,
        "amounts_per_vat": [[vat.value, amount.cents] for vat, amount in receipt.amounts_per_vat],
        "amounts_per_payment": [[kind.value, amount.cents] for kind, amount in receipt.amounts_per_payment],
    }


def receipt_from_dict(data: dict[str, object]) -> FiscalReceipt:
    per_vat = data["amounts_per_vat"]
    per_payment = data["amounts_per_payment"]
    if not isinstance(per_vat, list) or not isinstance(per_payment, list):
        raise TypeError("the amounts must be lists")
    return FiscalReceipt(
        FiscalReceiptType(str(data["receipt_type"])),
        tuple((FiscalVat(str(vat)), Money(int(cents))) for vat, cents in per_vat),
        tuple((FiscalPayment(str(kind)), Money(int(cents))) for kind, cents in per_payment),
    )


_SIGNATURE_FIELDS = (
    "tss_id",
    "tx_id",
    "number",
    "time_start",
    "time_end",
    "signature_counter",
    "signature",
    "algorithm",
    "public_key",
    "tss_serial",
    "client_serial",
    "time_format",
    "process_type",
    "process_data",
    "qr_code_data",
)
