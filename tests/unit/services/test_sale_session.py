"""The sale at the counter without Qt: basket edits, the card's attach/clear rules, abort, guards."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from cashier.domain.basket import BasketLine, card_load_line
from cashier.domain.cards import parse_card_number
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.errors import InvalidState
from cashier.services.open_sales import OpenPayment, Outcome
from cashier.services.sale import CardView, Pricing, Sale, SaleKind, SaleState, Tender, can_edit
from cashier.services.sale_session import CardClearing, SaleSession

CARD = "9276004400000046"


def coffee(quantity: int = 1) -> BasketLine:
    return BasketLine("Kaffee", Money(250), quantity, VatRate.STANDARD)


def a_card(digits: str = CARD) -> CardView:
    return CardView(
        "MCD_1", parse_card_number(digits), "CRG_1", "Kunden", None, False, Money(0), Money(0), 0, 0
    )


@dataclass
class FakeSales:
    """The sale service's steps, on the Sale in memory (the real rules: ``can_edit``)."""

    numbers: int = 0
    aborted: list[str] = field(default_factory=list)

    def new_sale(self, kind: SaleKind = SaleKind.SALE) -> Sale:
        self.numbers += 1
        return Sale(f"S{self.numbers}", self.numbers, "2026-12-06", kind=kind)

    def _editable(self, sale: Sale) -> None:
        if not can_edit(sale):
            raise InvalidState("not editable")

    async def attach_card(self, sale: Sale, text: str) -> CardView:
        sale.card = a_card(text)
        return sale.card

    def detach_card(self, sale: Sale) -> None:
        self._editable(sale)
        sale.card = None

    def add_line(self, sale: Sale, line: BasketLine) -> None:
        self._editable(sale)
        sale.basket = sale.basket.add(line)

    def set_quantity(self, sale: Sale, index: int, quantity: int) -> None:
        self._editable(sale)
        sale.basket = sale.basket.set_quantity(index, quantity)

    def remove_line(self, sale: Sale, index: int) -> None:
        self._editable(sale)
        sale.basket = sale.basket.remove(index)

    async def apply_card(self, sale: Sale) -> Pricing:
        raise AssertionError("not used here")

    async def abort(self, sale: Sale) -> None:
        self.aborted.append(sale.sale_id)
        sale.state = SaleState.ABORTED

    def add_card_load(self, sale: Sale, amount: Money) -> None:
        sale.basket = sale.basket.add(card_load_line(amount))

    def create_card(self, sale: Sale, group_id: str) -> None:
        sale.create_card_group = group_id


@dataclass
class Journal:
    payments: dict[str, OpenPayment] = field(default_factory=dict)

    def payment_of(self, sale_id: str) -> OpenPayment:
        return self.payments[sale_id]


@dataclass(frozen=True)
class Settled:
    sale_id: str
    outcome: Outcome
    sale_number: int = 1


def an_open_payment(sale_id: str, kind: SaleKind = SaleKind.SALE) -> OpenPayment:
    at = datetime(2026, 12, 6, 12, tzinfo=UTC)
    return OpenPayment(sale_id, 7, kind, Tender.TERMINAL, Money(500), at, None, (coffee(2),))


@pytest.fixture
def sales() -> FakeSales:
    return FakeSales()


@pytest.fixture
def journal() -> Journal:
    return Journal()


@pytest.fixture
def session(sales: FakeSales, journal: Journal) -> SaleSession:
    return SaleSession(sales, journal)


def test_no_sale_until_the_first_edit_then_the_same_one(session: SaleSession) -> None:
    assert session.sale is None
    assert session.lines == ()
    assert not session.payable
    session.add_line(coffee())
    first = session.sale
    session.increment(0)
    assert session.sale is first
    assert session.lines == (coffee(2),)
    assert session.payable


def test_decrement_to_zero_removes_the_line(session: SaleSession) -> None:
    session.add_line(coffee(2))
    session.decrement(0)
    assert session.lines == (coffee(),)
    session.decrement(0)
    assert session.lines == ()
    assert not session.payable  # an empty basket is not paid


def test_a_closed_sale_is_not_edited_the_next_edit_starts_a_new_one(session: SaleSession) -> None:
    session.add_line(coffee())
    paid = session.current()
    paid.state = SaleState.PRINTED
    assert not session.payable
    session.add_line(coffee())
    assert session.sale is not paid
    assert paid.basket.lines == (coffee(),)


def test_a_declined_sale_stays_open_but_refuses_edits(session: SaleSession) -> None:
    session.add_line(coffee())
    session.current().state = SaleState.FAILED
    assert session.declined
    assert session.payable  # paid again another way, or aborted
    assert not session.editable
    with pytest.raises(InvalidState):
        session.remove_line(0)
    assert session.lines == (coffee(),)


def test_a_card_is_attached_to_the_current_sale_and_cleared(session: SaleSession) -> None:
    assert session.clear_card() is CardClearing.NO_CARD
    card = asyncio.run(session.attach_card(CARD))
    assert session.card == card
    assert session.clear_card() is CardClearing.CLEARED
    assert session.card is None


def test_the_card_a_sale_loads_stays_until_the_load_line_goes(session: SaleSession) -> None:
    asyncio.run(session.attach_card(CARD))
    session.add_card_load(Money(2000))
    assert session.sells_the_card
    assert session.clear_card() is CardClearing.LOAD_HELD
    assert session.card is not None
    session.remove_line(0)
    assert session.clear_card() is CardClearing.CLEARED


def test_a_new_card_with_a_first_load(session: SaleSession) -> None:
    session.create_card("CRG_1", Money(1000))
    assert session.sells_the_card
    assert [line.is_card_load for line in session.lines] == [True]


def test_abort_an_open_sale_and_a_sale_that_is_over(session: SaleSession, sales: FakeSales) -> None:
    assert session.abort() is None  # no sale
    session.add_line(coffee())
    aborting = session.abort()
    assert aborting is not None
    asyncio.run(aborting)
    assert sales.aborted == ["S1"]
    assert session.abort() is None  # aborted: nothing open, the sale is closed
    assert session.sale is None


def test_a_sale_not_charged_brings_its_own_basket_back(session: SaleSession) -> None:
    session.add_line(coffee())
    old = session.close()
    assert old is not None
    back = session.restore_after_settled([Settled(old.sale_id, Outcome.NOT_CARRIED_OUT)], old)
    assert back is None  # its own basket: nothing to say
    assert session.sale is not old
    assert session.lines == (coffee(),)


def test_a_charged_sale_closes_for_good(session: SaleSession) -> None:
    session.add_line(coffee())
    old = session.close()
    assert old is not None
    assert session.restore_after_settled([Settled(old.sale_id, Outcome.COMPLETED)], old) is None
    assert session.sale is None


def test_after_a_restart_the_journal_brings_a_basket_back(session: SaleSession, journal: Journal) -> None:
    journal.payments["S9"] = an_open_payment("S9")
    back = session.restore_after_restart([Settled("S9", Outcome.NOT_CARRIED_OUT)])
    assert back is journal.payments["S9"]
    assert session.lines == (coffee(2),)


def test_after_a_restart_a_card_sale_or_an_open_sale_gets_nothing_back(
    session: SaleSession, journal: Journal
) -> None:
    journal.payments["S9"] = an_open_payment("S9", SaleKind.CARD_LOAD)
    assert session.restore_after_restart([Settled("S9", Outcome.NOT_CARRIED_OUT)]) is None
    assert session.sale is None
    journal.payments["S8"] = an_open_payment("S8")
    session.add_line(coffee())
    assert session.restore_after_restart([Settled("S8", Outcome.NOT_CARRIED_OUT)]) is None
    assert session.lines == (coffee(),)
