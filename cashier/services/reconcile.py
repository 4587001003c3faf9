"""Sales whose payment outcome is unknown: found in the journal, settled by reading secuconnect.

On start-up (and whenever the cashier asks) every sale left ``starting`` — the process died or
the connection broke while a payment was under way — is checked before new work is accepted:
its smart transaction is read (never started again) and the sale follows the real status:
``ok`` → completed (receipt stored and queued for printing), ``failed`` → declined, an
unstarted status → back to ``priced``/``editing`` with "not carried out", so the cashier can
take the payment again. A transaction that cannot be read keeps its sale ``starting``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cashier.api import errors as api
from cashier.domain.basket import Basket, BasketLine
from cashier.domain.cards import parse_card_number
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.journal.sales import SaleRecord
from cashier.services.errors import OutcomeUnknown, SaleError
from cashier.services.payment import PaymentService
from cashier.services.sale import Pricing, Sale, SaleKind, SaleState, Tender

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reconciled:
    sale_id: str
    outcome: str  # completed, declined, not_carried_out, still_unknown
    detail: str = ""


class Reconciler:
    def __init__(self, payments: PaymentService) -> None:
        self.payments = payments
        self.journal = payments.journal
        self.client = payments.client

    def pending(self) -> list[SaleRecord]:
        return self.journal.in_states([SaleState.STARTING.value])

    async def reconcile(self) -> list[Reconciled]:
        results = []
        for record in self.pending():
            results.append(await self._one(record))
        return results

    async def _one(self, record: SaleRecord) -> Reconciled:
        if record.smart_transaction_id is None:  # never reached the server
            self._back(record, "no smart transaction")
            return Reconciled(record.sale_id, "not_carried_out", "no smart transaction was created")
        try:
            answer = await self.client.get_transaction(record.smart_transaction_id)
        except api.ApiError as error:
            log.warning(
                "sale %s: still cannot read %s: %s", record.sale_id, record.smart_transaction_id, error
            )
            return Reconciled(record.sale_id, "still_unknown", error.message)
        transaction: dict[str, Any] = answer.model_dump(mode="json", by_alias=True)
        sale = restore_sale(record, transaction)
        back_to, started_at = _start_of(self.journal, record)
        try:
            await self.payments.conclude(sale, transaction, back_to, started_at)
        except OutcomeUnknown as unknown:
            return Reconciled(record.sale_id, "still_unknown", unknown.message)
        except SaleError as outcome:
            kind = "declined" if sale.state is SaleState.FAILED else "not_carried_out"
            return Reconciled(record.sale_id, kind, outcome.message)
        return Reconciled(record.sale_id, "completed")

    def _back(self, record: SaleRecord, reason: str) -> None:
        self.journal.step(
            record.sale_id,
            from_state=SaleState.STARTING.value,
            to_state=_start_of(self.journal, record)[0].value,
            action="not_started",
            at=self.payments.till.now(),
            details={"reason": reason},
            last_error=reason,
        )


def _start_of(journal: Any, record: SaleRecord) -> tuple[SaleState, datetime]:
    """Where the sale returns to if the payment did not happen, and when ``start`` was sent."""
    for step in reversed(journal.steps(record.sale_id)):
        if step.to_state == SaleState.STARTING.value:
            return SaleState(step.details.get("return_to", step.from_state)), datetime.fromisoformat(step.at)
    return SaleState.EDITING, datetime.fromisoformat(record.updated_at)


def restore_sale(record: SaleRecord, transaction: dict[str, Any] | None = None) -> Sale:
    """The in-memory sale of a journal row (for reconciliation and reprints)."""
    basket = Basket()
    for line in json.loads(record.basket or "[]"):
        basket = basket.add(
            BasketLine(
                description=line["description"],
                unit_price=Money(line["unit_price"]),
                quantity=line["quantity"],
                vat=VatRate.from_percent(line["vat"]),
                article_number=line.get("article_number"),
                ean=line.get("ean"),
            )
        )
    sale = Sale(
        sale_id=record.sale_id,
        sale_number=record.sale_number,
        business_day=record.business_day,
        kind=SaleKind(record.kind),
        state=SaleState(record.state),
        basket=basket,
        smart_transaction_id=record.smart_transaction_id,
        tender=Tender(record.tender) if record.tender else None,
        cash_given=None if record.cash_given is None else Money(record.cash_given),
    )
    if record.card_number:
        sale.restored_card_number = parse_card_number(record.card_number)
    transaction = transaction or record.transaction or {}
    bonus_lines = tuple(
        (str(p.get("desc", "")), int(p["tax"]), Money(int(p["priceOne"]) * int(p.get("quantity", 1))))
        for p in (transaction.get("basket") or {}).get("products", [])
        if int(p.get("priceOne", 0)) < 0
    )
    bonus_used = -Money.sum(amount for _, _, amount in bonus_lines)
    if record.bonus_used or record.cash_balance_used or bonus_lines:
        missing = Money(record.total) - bonus_used - Money(record.cash_balance_used)
        sale.pricing = Pricing(
            total=Money(record.total),
            bonus_used=bonus_used,
            cash_balance_used=Money(record.cash_balance_used),
            missing_sum=missing,
            bonus_lines=bonus_lines,
        )
    return sale
