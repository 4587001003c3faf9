"""A sale read back from the journal: for reconciliation, which settles sales after a restart.

:func:`restore_sale` turns a journal row (and the transaction the service answered) into the
in-memory :class:`Sale` the payment service completes; :func:`start_of` finds what the start
step recorded — where the sale returns to, when ``start`` was sent, the card before it;
:func:`open_payment` names a payment of unknown outcome for the till screen.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from cashier.domain.basket import Basket, BasketLine
from cashier.domain.cards import parse_card_number
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.journal.sales import SaleRecord
from cashier.services.open_sales import OpenPayment
from cashier.services.outcome import Finding
from cashier.services.sale import Pricing, Sale, SaleKind, SaleState, Tender


def finding_json(finding: Finding) -> dict[str, Any]:
    assert finding.transaction is not None
    return dict(finding.transaction.model_dump(mode="json", by_alias=True))


def start_of(journal: Any, record: SaleRecord) -> tuple[SaleState, datetime, dict[str, Any]]:
    """Where the sale returns to if the payment did not happen, when ``start`` was sent, and
    what the start step recorded (the card's balances before)."""
    for step in reversed(journal.steps(record.sale_id)):
        if step.to_state == SaleState.STARTING.value and step.action.startswith("start/"):
            details = dict(step.details)
            return (
                SaleState(details.get("return_to", step.from_state)),
                datetime.fromisoformat(step.at),
                details,
            )
    return SaleState.EDITING, datetime.fromisoformat(record.updated_at), {}


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
    cash_balance_used = Money(record.cash_balance_used)
    missing_by_service = (transaction.get("basket_info") or {}).get("missing_sum")
    if (
        record.card_number
        and isinstance(missing_by_service, int)
        and not isinstance(missing_by_service, bool)
    ):
        # The service's figure: what the card paid is the rest of the total after the bonus.
        cash_balance_used = Money(max(record.total - bonus_used.cents - missing_by_service, 0))
    if bonus_lines or cash_balance_used.cents:
        sale.pricing = Pricing(
            total=Money(record.total),
            bonus_used=bonus_used,
            cash_balance_used=cash_balance_used,
            missing_sum=Money(record.total) - bonus_used - cash_balance_used,
            bonus_lines=bonus_lines,
        )
    return sale


def open_payment(journal: Any, record: SaleRecord, *, terminal_grace: timedelta) -> OpenPayment:
    """A ``starting`` sale as the till screen names it: number, amount, when it started and —
    for a card terminal payment — until when the terminal may still be working on it."""
    _back_to, started_at, details = start_of(journal, record)
    tender = Tender(record.tender) if record.tender else None
    due = details.get("amount_due")
    amount = Money(due) if isinstance(due, int) and not isinstance(due, bool) else Money(record.total)
    sale = restore_sale(record)
    return OpenPayment(
        sale_id=record.sale_id,
        sale_number=record.sale_number,
        kind=SaleKind(record.kind),
        tender=tender,
        amount=amount,
        started_at=started_at,
        wait_until=started_at + terminal_grace if tender is Tender.TERMINAL else None,
        lines=sale.basket.lines,
    )
