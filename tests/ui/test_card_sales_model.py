"""The view-model's SEPA, load-card and new-card commands without widgets (docs/style.md habit 11).

The model runs on the real services against the embedded simulator; the tests call its
commands and read its signals, state and the cashier's messages.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from cashier.app.composition import Till
from cashier.domain.iban import IbanError, parse_iban
from cashier.domain.money import Money
from cashier.services.sale import CardGroupOption, CardView, SaleKind, SaleState, Tender
from cashier.simulator import seed
from cashier.simulator.faults import Fault, FaultMode
from cashier.ui.catalog import Catalog
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.messages import MessageLevel, UserMessage, describe
from cashier.ui.till.connection_state import ConnectionState
from cashier.ui.till.till_model import TillModel
from cashier.ui.till.till_state import PaymentSummary
from tests.ui.conftest import card_balances

ERIKA = "9276004400000011"
VALID = "DE89370400440532013000"


def settle(qtbot: QtBot, model: TillModel) -> None:
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)


def tr(source: str) -> str:
    return QCoreApplication.translate("CardSales", source)


def attach(qtbot: QtBot, model: TillModel, number: str = ERIKA) -> CardView:
    model.enter_card(number)
    settle(qtbot, model)
    assert model.card is not None
    return model.card


def test_load_card_needs_the_card_and_a_sale_of_its_own(
    model: TillModel, qtbot: QtBot, catalog: Catalog, messages: list[UserMessage]
) -> None:
    asked: list[CardView] = []
    model.card_sales.load_requested.connect(asked.append)
    assert model.card_sales.can_load_card  # enabled, so that F9 can say what is missing
    model.card_sales.load_card()
    assert messages[-1].text == tr("Scan or type the customer's card first, then load it (F9).")
    card = attach(qtbot, model)
    model.add_article(catalog.articles[0])
    assert not model.card_sales.can_load_card
    model.card_sales.load_card()
    assert asked == []
    assert messages[-1].level is MessageLevel.WARNING
    model.remove_line(0)
    model.card_sales.load_card()
    assert asked == [card]


def test_a_load_line_makes_a_card_load_paid_by_any_tender(
    model: TillModel, qtbot: QtBot, till: Till, paid: list[PaymentSummary], messages: list[UserMessage]
) -> None:
    attach(qtbot, model)
    cash_before = card_balances(till, ERIKA)[0]
    model.card_sales.submit_load(Money(2500))
    sale = model.sale
    assert sale is not None
    assert sale.kind is SaleKind.CARD_LOAD
    assert model.sells_the_card
    assert model.card_sales.can_load_card  # a second load may follow
    assert not model.card_sales.can_create_card
    assert "25,00" in messages[-1].text
    model.payments.pay_with_card()  # the card cannot pay for its own load
    assert messages[-1].level is MessageLevel.WARNING
    assert sale.state is SaleState.CARD_ATTACHED
    model.clear_card()  # the load would be paid for and land nowhere
    assert model.card is not None
    assert messages[-1].level is MessageLevel.WARNING
    model.payments.pay_terminal()
    qtbot.waitUntil(lambda: bool(paid), timeout=5000)
    assert paid[0].tender is Tender.TERMINAL
    assert card_balances(till, ERIKA)[0] == cash_before + 2500
    assert paid[0].card_balance_after is not None
    assert paid[0].card_balance_after.cents == card_balances(till, ERIKA)[0]  # the balance alone …
    assert paid[0].bonus_after is not None
    assert paid[0].bonus_after.cents == card_balances(till, ERIKA)[1]  # … and the bonus apart


def test_new_card_reads_the_groups_first(
    model: TillModel, qtbot: QtBot, till: Till, messages: list[UserMessage]
) -> None:
    offered: list[list[CardGroupOption]] = []
    model.card_sales.new_card_requested.connect(offered.append)
    model.card_sales.new_card()
    qtbot.waitUntil(lambda: bool(offered), timeout=5000)
    assert offered == [[CardGroupOption(g.id, g.name) for g in seed.CARD_GROUPS]]

    assert till.simulator is not None
    till.simulator.ctx.faults.add(Fault("GET", "/api/v2/loyalty/cardgroups", FaultMode.HTTP_500, times=0))
    model.card_sales.new_card()
    settle(qtbot, model)
    assert len(offered) == 1
    assert model.connection.state is ConnectionState.OFFLINE
    assert messages[-1].level is MessageLevel.ERROR


def test_a_new_card_without_a_load_is_paid_at_once_with_nothing(
    model: TillModel, qtbot: QtBot, till: Till, paid: list[PaymentSummary]
) -> None:
    model.card_sales.submit_new_card(seed.LOYALTY_GROUP_ID, None)
    assert model.payment_running
    qtbot.waitUntil(lambda: bool(paid), timeout=5000)
    [summary] = paid
    assert summary.total == Money(0)
    assert summary.new_card_number is not None
    assert summary.new_card_csc is not None
    assert len(summary.new_card_csc) == 4
    assert card_balances(till, summary.new_card_number) == (0, 0, 0)
    assert model.sale is None  # the next customer starts empty


def test_a_new_card_is_sold_on_its_own(
    model: TillModel, qtbot: QtBot, catalog: Catalog, messages: list[UserMessage]
) -> None:
    model.add_article(catalog.articles[0])
    assert not model.card_sales.can_create_card
    model.card_sales.new_card()
    assert messages[-1].level is MessageLevel.WARNING
    assert not model.busy  # nothing was asked of the server


def test_sepa_asks_for_the_account_then_debits_it(
    model: TillModel,
    qtbot: QtBot,
    catalog: Catalog,
    *,
    language: UiLanguage,
    paid: list[PaymentSummary],
    messages: list[UserMessage],
) -> None:
    asked: list[Money] = []
    model.payments.sepa_requested.connect(asked.append)
    model.payments.pay_sepa()  # an empty basket has nothing to debit
    assert asked == []
    model.add_article(catalog.articles[0])
    model.payments.pay_sepa()
    assert asked == [catalog.articles[0].price]

    model.payments.pay_sepa_with(VALID[:-1] + "1", "Erika Musterfrau")  # the services check the IBAN too
    settle(qtbot, model)
    assert paid == []
    with pytest.raises(IbanError) as typo:
        parse_iban(VALID[:-1] + "1")
    assert messages[-1].text == describe(typo.value, language.money).text
    model.payments.pay_sepa_with(VALID, "Erika Musterfrau")
    qtbot.waitUntil(lambda: bool(paid), timeout=5000)
    assert paid[0].tender is Tender.SEPA
    assert paid[0].signature_needed
