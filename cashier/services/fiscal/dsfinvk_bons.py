"""The journal's sales as DSFinV-K Vorgänge (Bons): what each one sold, how it was paid, what the
TSE signed — before any CSV is written (docs/dsfinvk.md, "Business cases").

One sale gives one :class:`Bon` (``Beleg``; a new card without a load is ``AVSonstige`` at 0 €);
a sale given up with articles in its basket gives an ``AVBelegabbruch`` (its lines voided); the
cancellation of a former sale gives a second Bon, ``BON_STORNO``, every amount negated, with a
reference to the first. Amounts are integer cents here; the export turns them into ``Decimal``.

Business cases: goods ``Umsatz`` per VAT rate; spent bonus ``Rabatt`` per VAT rate (the service's
bonus lines); a card load ``MehrzweckgutscheinKauf`` and the card's cash balance spent
``MehrzweckgutscheinEinloesung`` (negative), both VAT id 5 (not taxable). Payments: cash ``Bar``,
the card terminal and SEPA ``Unbar``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cashier.domain.basket import CHARGE_EAN
from cashier.domain.fiscal import TseSignature, signature_from_dict
from cashier.domain.money import Money
from cashier.domain.tender import allocate_bonus
from cashier.domain.vat import VatRate
from cashier.journal.fiscal import FiscalPurpose, FiscalRecord, FiscalState
from cashier.journal.sales import SaleJournal, SaleRecord
from cashier.services.transaction_answers import view_of_record

UMSATZ = "Umsatz"
RABATT = "Rabatt"
VOUCHER_SOLD = "MehrzweckgutscheinKauf"
VOUCHER_SPENT = "MehrzweckgutscheinEinloesung"

VAT_IDS = {19: 1, 7: 2, 0: 5}
"""DSFinV-K UST_SCHLUESSEL of the till's rates (fiskaly's VAT definitions: 0 % is id 5)."""
NOT_TAXABLE = 5

CASH, NON_CASH = "Bar", "Unbar"
PAYMENT_NAMES = {
    "cash": (CASH, "Bar"),
    "terminal": (NON_CASH, "Kartenterminal"),
    "sepa": (NON_CASH, "SEPA-Lastschrift"),
}

SOLD = ("completed", "printed", "pending", "cancelling", "cancelled")
"""Sales that are a receipt (a cancelled one too: its cancellation is a Bon of its own)."""
GIVEN_UP = ("aborted", "failed")
NO_TSE = "keine TSE-Transaktion im Journal"


@dataclass(frozen=True, slots=True)
class BonLine:
    text: str
    business_case: str  # GV_TYP
    vat_id: int  # UST_SCHLUESSEL
    quantity: int
    unit_price: int  # gross cents
    voided: bool = False  # P_STORNO: in an aborted basket, not sold
    article_number: str | None = None
    ean: str | None = None

    @property
    def total(self) -> int:
        return self.unit_price * self.quantity

    def negated(self) -> BonLine:
        return replace(self, unit_price=-self.unit_price)


@dataclass(frozen=True, slots=True)
class BonPayment:
    kind: str  # ZAHLART_TYP: Bar, Unbar
    name: str  # ZAHLART_NAME
    amount: int  # cents


@dataclass(frozen=True, slots=True)
class Bon:
    bon_id: str
    number: int  # BON_NR: the sale number printed on the receipt
    bon_type: str  # Beleg, AVBelegabbruch, AVSonstige, AVTraining
    name: str  # BON_NAME
    business_day: str  # the closing it belongs to
    start: datetime
    end: datetime
    lines: tuple[BonLine, ...]
    payments: tuple[BonPayment, ...] = ()
    cancellation: bool = False  # BON_STORNO
    refers_to: Bon | None = None  # a cancellation's original
    signature: TseSignature | None = None
    tse_error: str | None = None

    @property
    def total(self) -> int:
        """UMS_BRUTTO: the lines that were sold (voided ones left out)."""
        return sum(line.total for line in self.lines if not line.voided)


def bons_of(
    journal: SaleJournal, fiscal: list[FiscalRecord], first_day: str, last_day: str, till_id: str
) -> list[Bon]:
    """The Bons of ``till_id`` whose business day is in ``first_day`` … ``last_day``: the sales of
    those days, their aborts, and cancellations made on those days (of sales of any day)."""
    by_sale: dict[tuple[str, str], FiscalRecord] = {(r.sale_id, r.purpose): r for r in fiscal}
    rows = journal.db.execute(
        "SELECT sale_id FROM sales WHERE till_id = ? AND ((business_day >= ? AND business_day <= ?) "
        "OR state = 'cancelled') ORDER BY business_day, sale_number",
        (till_id, first_day, last_day),
    ).fetchall()
    bons: list[Bon] = []
    for row in rows:
        record = journal.get(row["sale_id"])
        in_range = first_day <= record.business_day <= last_day
        if in_range and record.state in SOLD:
            bons.append(_sale_bon(journal, record, by_sale.get((record.sale_id, FiscalPurpose.SALE))))
        elif in_range and record.state in GIVEN_UP:
            abort = by_sale.get((record.sale_id, FiscalPurpose.ABORT))
            if abort is not None or (record.basket or "[]") != "[]":  # an empty sale is no Vorgang
                bons.append(_abort_bon(record, abort))
        if record.state == "cancelled":
            storno = _cancellation_bon(journal, record, by_sale)
            if first_day <= storno.business_day <= last_day:
                bons.append(storno)
    return sorted(bons, key=lambda bon: (bon.business_day, bon.end, bon.bon_id))


def _sale_bon(journal: SaleJournal, record: SaleRecord, fiscal: FiscalRecord | None) -> Bon:
    lines = sale_lines(record)
    new_card_only = record.kind == "new_card" and not lines
    if new_card_only:
        lines = [BonLine("Neue Kundenkarte", UMSATZ, NOT_TAXABLE, 1, 0)]
    payments = []
    if record.tender in PAYMENT_NAMES and record.amount_collected:
        kind, name = PAYMENT_NAMES[record.tender]
        payments.append(BonPayment(kind, name, record.amount_collected))
    return _with_tse(
        fiscal,
        Bon(
            bon_id=record.sale_id,
            number=record.sale_number,
            bon_type=_type(record, "AVSonstige" if new_card_only else "Beleg"),
            name={"card_load": "Kartenaufladung", "new_card": "Neue Kundenkarte"}.get(record.kind, "Verkauf"),
            business_day=record.business_day,
            start=datetime.fromisoformat(record.created_at),
            end=_completed_at(journal, record),
            lines=tuple(lines),
            payments=tuple(payments),
        ),
    )


def _abort_bon(record: SaleRecord, fiscal: FiscalRecord | None) -> Bon:
    return _with_tse(
        fiscal,
        Bon(
            bon_id=record.sale_id,
            number=record.sale_number,
            bon_type="AVBelegabbruch",
            name="Abbruch",
            business_day=record.business_day,
            start=datetime.fromisoformat(record.created_at),
            end=datetime.fromisoformat(record.updated_at),
            lines=tuple(replace(line, voided=True) for line in _basket_lines(record)),
        ),
    )


def _cancellation_bon(
    journal: SaleJournal, record: SaleRecord, by_sale: dict[tuple[str, str], FiscalRecord]
) -> Bon:
    original = _sale_bon(journal, record, by_sale.get((record.sale_id, FiscalPurpose.SALE)))
    fiscal = by_sale.get((record.sale_id, FiscalPurpose.CANCELLATION))
    steps = [step for step in journal.steps(record.sale_id) if step.to_state == "cancelled"]
    at = datetime.fromisoformat(steps[-1].at if steps else record.updated_at)
    start = datetime.fromisoformat(fiscal.created_at) if fiscal is not None else at
    return _with_tse(
        fiscal,
        Bon(
            bon_id=f"{record.sale_id}-S",
            number=record.sale_number,
            bon_type=original.bon_type,
            name="Storno",
            business_day=at.date().isoformat(),
            start=min(start, at),
            end=at,
            lines=tuple(line.negated() for line in original.lines),
            payments=tuple(replace(p, amount=-p.amount) for p in original.payments),
            cancellation=True,
            refers_to=original,
        ),
    )


def sale_lines(record: SaleRecord) -> list[BonLine]:
    """A sold basket's lines, then the bonus spent (per VAT rate) and the card balance spent."""
    lines = _basket_lines(record)
    lines += _bonus_lines(record, lines)
    if record.cash_balance_used:
        lines.append(BonLine("Kartenguthaben", VOUCHER_SPENT, NOT_TAXABLE, 1, -record.cash_balance_used))
    return lines


def _basket_lines(record: SaleRecord) -> list[BonLine]:
    lines = []
    for line in json.loads(record.basket or "[]"):
        load = line.get("ean") == CHARGE_EAN
        lines.append(
            BonLine(
                text=str(line["description"]),
                business_case=VOUCHER_SOLD if load else UMSATZ,
                vat_id=NOT_TAXABLE if load else VAT_IDS[int(line["vat"])],
                quantity=int(line["quantity"]),
                unit_price=int(line["unit_price"]),
                article_number=line.get("article_number"),
                ean=line.get("ean"),
            )
        )
    return lines


def _bonus_lines(record: SaleRecord, goods: Iterable[BonLine]) -> list[BonLine]:
    """The service's bonus lines; if the journal has none that add up to the bonus spent, the
    bonus spread over the goods' VAT rates as the till previews it."""
    if not record.bonus_used:
        return []
    view = view_of_record(record.transaction_json)
    given = view.bonus_lines if view is not None else ()
    if given and -sum(amount.cents for _, _, amount in given) == record.bonus_used:
        return [
            BonLine(text or "Bonus", RABATT, VAT_IDS[int(rate)], 1, amount.cents)
            for text, rate, amount in given
        ]
    gross: dict[VatRate, Money] = {}
    for line in goods:
        if line.business_case == UMSATZ:
            rate = VatRate.from_percent(next(p for p, i in VAT_IDS.items() if i == line.vat_id))
            gross[rate] = gross.get(rate, Money(0)) + Money(line.total)
    parts = allocate_bonus(Money(record.bonus_used), gross)
    return [
        BonLine("Bonus", RABATT, VAT_IDS[rate.percent], 1, -part.cents)
        for rate, part in parts.items()
        if part.cents
    ]


def _type(record: SaleRecord, bon_type: str) -> str:
    """A sale made in training (the simulator, secuconnect's testing service) is ``AVTraining``."""
    return bon_type if record.environment == "live" else "AVTraining"


def _completed_at(journal: SaleJournal, record: SaleRecord) -> datetime:
    """When the sale was paid: its step to completed (or pending), else its last change."""
    paid = [step.at for step in journal.steps(record.sale_id) if step.to_state in ("completed", "pending")]
    return datetime.fromisoformat(paid[0] if paid else record.updated_at)


def _with_tse(fiscal: FiscalRecord | None, bon: Bon) -> Bon:
    return replace(bon, **_tse(fiscal))


def _tse(fiscal: FiscalRecord | None) -> dict[str, Any]:
    """The TSE's signature of a Bon, or why there is none (``TSE_TA_FEHLER``); a signed Bon's
    start and end are the TSE's."""
    if fiscal is None:
        return {"tse_error": NO_TSE}
    data = fiscal.signature_data
    if fiscal.state in FiscalState.SIGNED and data is not None:
        try:
            signature = signature_from_dict(data)
        except (KeyError, TypeError, ValueError) as error:
            return {"tse_error": f"Signatur im Journal unlesbar: {error}"}
        late = "nachträglich signiert, Beleg ohne Signatur gedruckt" if fiscal.signed_late else None
        return {
            "signature": signature,
            "tse_error": late,
            "start": signature.time_start.astimezone(),
            "end": signature.time_end.astimezone(),
        }
    return {"tse_error": fiscal.error or f"nicht signiert ({fiscal.state})"}
