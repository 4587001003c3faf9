"""Mapping the service's answer into the till's :class:`TransactionView`: the one place that walks
a smart transaction's idents, basket and receipt lines.

:func:`view_of` maps an answer just read; :func:`view_of_record` maps one the journal recorded
(a sale read back after a restart), through the same function. The receipt lines are read by the
api (:mod:`cashier.api.receipts`, the tolerant reader) and converted here to domain lines once
(:func:`server_lines`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from cashier.api import receipts as wire
from cashier.api.transactions import IdentType, SmartTransaction
from cashier.domain.money import Money
from cashier.domain.receipt import Decoration, NameValueLine, SeparatorLine, ServerLine, SpaceLine, TextLine
from cashier.services.transaction_view import CardAfter, TransactionView

log = logging.getLogger(__name__)


def view_of(answer: SmartTransaction) -> TransactionView:
    """The till's view of an answer (the only place that walks its idents and receipt lines)."""
    card = next((i.merchantcard for i in answer.idents if i.merchantcard is not None), None)
    receipt = server_lines(answer.receipt)
    return TransactionView(
        id=answer.id,
        status=answer.status,
        receipt_number=answer.receipt_number,
        card_after=None if card is None else CardAfter(card.cash_balance, card.bonus_balance, card.points),
        created_card_number=_created_card_number(answer, receipt),
        bonus_lines=tuple(
            (p.desc, p.tax or 0, Money(p.price_one * p.quantity))
            for p in (answer.basket.products if answer.basket else [])
            if p.price_one < 0
        ),
        missing_sum=answer.missing_sum,
        receipt=receipt,
        receipt_merchant=server_lines(answer.receipt_merchant),
        receipt_merchant_print=answer.receipt_merchant_print,
        mandate_reference=next(
            (
                line.value
                for line in receipt
                if isinstance(line, NameValueLine) and line.name.strip().startswith("Mandatsreferenz")
            ),
            None,
        ),
        record=json.dumps(_without_csc(answer), ensure_ascii=False),
    )


def view_of_record(raw: str | dict[str, Any] | None) -> TransactionView | None:
    """The view of an answer the journal recorded; ``None`` for none, or one that cannot be read."""
    if raw is None:
        return None
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return view_of(SmartTransaction.model_validate({"id": "", "status": "", **data}))
    except (ValueError, ValidationError) as error:
        log.warning("a transaction in the journal cannot be read: %s", error)
        return None


def server_lines(lines: Iterable[wire.ReceiptLine]) -> tuple[ServerLine, ...]:
    """The service's receipt lines (read by the api, :mod:`cashier.api.receipts`) as domain lines.

    A line of a type the till does not know prints nothing; decorations it does not know are
    left out."""
    converted: list[ServerLine] = []
    for line in lines:
        if isinstance(line, wire.SpaceLine):
            converted.append(SpaceLine())
        elif isinstance(line, wire.SeparatorLine):
            converted.append(SeparatorLine(line.caption))
        elif isinstance(line, wire.TextLine):
            converted.append(TextLine(line.value.text, _decorations(line.value.decoration)))
        elif isinstance(line, wire.NameValueLine):
            decorations = _decorations(line.value.decoration)
            converted.append(NameValueLine(line.value.name, line.value.value, decorations))
    return tuple(converted)


def _decorations(raw: Iterable[str]) -> frozenset[Decoration]:
    return frozenset(d for d in map(Decoration.parse, raw) if d is not None)


def _created_card_number(answer: SmartTransaction, receipt: tuple[ServerLine, ...]) -> str | None:
    """A new card's number from every place the service may put it (docs/vendor-answers.md row 7):
    the ``create_card`` ident's ``value`` (once it is a number, not the card group id), its
    ``merchantcard.card.cardnumber``, or the card receipt's ``Kartennummer`` line."""
    for ident in answer.idents:
        if ident.type not in (IdentType.CREATE_CARD, IdentType.CARD):
            continue
        if ident.value.isdigit():
            return ident.value
        card = ident.merchantcard.card if ident.merchantcard is not None else None
        number = (card.cardnumber if card is not None else None) or ""
        if number.isdigit():
            return number
    for line in receipt:
        if isinstance(line, NameValueLine) and line.name.strip().rstrip(":") == "Kartennummer":
            digits = "".join(ch for ch in line.value if ch.isdigit())
            if len(digits) >= 8:
                return digits
    return None


def _without_csc(answer: SmartTransaction) -> dict[str, Any]:
    """The answer as journalled: a new card's CSC is printed once and never stored."""
    return dict(
        answer.model_dump(
            mode="json", by_alias=True, exclude={"idents": {"__all__": {"merchantcard": {"csc"}}}}
        )
    )
