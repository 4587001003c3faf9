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
from cashier.services.sale import Pricing, Sale, SaleKind, SaleState, Tender
from cashier.services.transaction_answers import view_of_record
from cashier.services.transaction_view import TransactionView


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


def restore_sale(record: SaleRecord, transaction: TransactionView | None = None) -> Sale:
    """The in-memory sale of a journal row (for reconciliation and reprints); ``transaction``:
    the service's answer just read, else the one the journal recorded."""
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
    transaction = transaction or view_of_record(record.transaction_json)
    bonus_lines = transaction.bonus_lines if transaction is not None else ()
    bonus_used = -Money.sum(amount for _, _, amount in bonus_lines)
    cash_balance_used = Money(record.cash_balance_used)
    missing_by_service = transaction.missing_sum if transaction is not None else None
    if record.card_number and missing_by_service is not None:
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
