"""The till's view-model without widgets: commands in, state and signals out (docs/style.md habit 11).

The model runs on the real services against the embedded simulator; only the qasync loop and
the message bridge are around it. German messages (the ``language`` fixture); the tests compare
what a message means (its ``key``, or the model's own sentence through the translation), not the
German wording, which tests/ui/test_messages.py checks.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from cashier.app.composition import Till
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.sale import SaleState, Tender
from cashier.simulator.faults import Fault, FaultMode
from cashier.ui.catalog import Article, Catalog
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.till.connection_state import ConnectionState
from cashier.ui.till.till_model import TillModel
from cashier.ui.till.till_state import PaymentSummary
from tests.ui.conftest import card_balances, run_async

ERIKA = "9276004400000011"
PIN_CARD = "9276004400000029"  # CSC 2345, PIN 4711, passcode 2, 5,00 €
GIFT = "9276004400000053"  # 50,00 €, CSC 5678
NBSP = "\u00a0"


def settle(qtbot: QtBot, model: TillModel) -> None:
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)


def keys(messages: list[UserMessage]) -> list[str]:
    """What the messages mean (see ``UserMessage.key``), in order."""
    return [message.key for message in messages]


def tr(source: str, part: str = "TillModel") -> str:
    """One of the till model's own sentences (or its ``part``'s), in the language the cashier reads."""
    return QCoreApplication.translate(part, source)


def article(catalog: Catalog, number: str) -> Article:
    return next(a for a in catalog.articles if a.article_number == number)


def test_basket_commands_change_lines_and_totals(model: TillModel, catalog: Catalog) -> None:
    changes: list[None] = []
    model.sale_changed.connect(lambda: changes.append(None))
    coffee, pretzel = article(catalog, "1001"), article(catalog, "2002")
    model.add_article(coffee)
    model.add_article(pretzel)
    model.add_article(coffee)
    assert [(line.description, line.quantity) for line in model.lines] == [("Kaffee", 2), ("Laugenbrezel", 1)]
    model.increment(1)
    model.decrement(0)
    assert [line.quantity for line in model.lines] == [1, 2]
    model.decrement(0)  # from 1: the line goes
    assert [line.description for line in model.lines] == ["Laugenbrezel"]
    assert model.totals.total == Money(190)
    assert model.totals.missing == Money(190)
    model.remove_line(0)
    assert model.lines == ()
    assert len(changes) == 7
    assert model.can_edit
    assert not model.can_pay


def test_a_free_price_is_parsed_and_refused_in_words(model: TillModel, messages: list[UserMessage]) -> None:
    assert not model.add_free_price("zwölf", VatRate.REDUCED)
    assert not model.add_free_price("20000", VatRate.REDUCED)
    assert not model.add_free_price("0,125", VatRate.REDUCED)
    assert model.add_free_price("12,50", VatRate.REDUCED)
    assert [(line.description, line.unit_price, line.vat) for line in model.lines] == [
        ("Freier Preis", Money(1250), VatRate.REDUCED)
    ]
    assert keys(messages) == [
        "AmountProblem.GARBAGE",
        "AmountProblem.TOO_LARGE",
        "AmountProblem.TOO_MANY_DECIMALS",
    ]


def test_a_card_number_is_checked_before_the_server_is_asked(
    model: TillModel, qtbot: QtBot, till: Till, messages: list[UserMessage]
) -> None:
    model.enter_card("9276 0044")
    assert not model.busy  # nothing was sent
    model.enter_card("9276004499999999")
    settle(qtbot, model)
    assert model.card is None
    assert keys(messages) == ["CardNumberProblem.SECUCARD_LENGTH", "CardUnknown"]


def test_a_second_payment_is_refused_while_one_runs(
    model: TillModel,
    *,
    qtbot: QtBot,
    catalog: Catalog,
    till: Till,
    messages: list[UserMessage],
    paid: list[PaymentSummary],
) -> None:
    model.add_article(article(catalog, "1002"))
    sale = model.sale
    assert sale is not None
    model.payments.pay_cash(Money(500))
    assert model.payment_running
    assert not model.can_edit
    assert not model.can_pay
    model.payments.pay_cash(Money(500))  # the double click
    model.payments.pay_terminal()
    settle(qtbot, model)
    assert len(paid) == 1
    assert paid[0].change == Money(180)
    starts = [step for step in till.journal.steps(sale.sale_id) if step.to_state == SaleState.STARTING.value]
    assert len(starts) == 1
    running = QCoreApplication.translate(
        "TaskRunner", "A payment is already running — please wait for it to finish."
    )
    paid_words = tr("Sale {number} paid.", "PaymentFlow").format(number=1)
    change = tr("Change: {change}", "PaymentFlow").format(change=f"1,80{NBSP}€")
    assert [message.text for message in messages] == [running, running, f"{paid_words} {change}"]
    assert model.sale is None  # the next customer starts with an empty basket


def test_wrong_codes_lock_the_card_out_of_the_sale(
    model: TillModel, qtbot: QtBot, catalog: Catalog, messages: list[UserMessage]
) -> None:
    asked: list[tuple[int, str]] = []
    finished: list[None] = []
    model.checks.csc_requested.connect(lambda tries, problem: asked.append((tries, problem)))
    model.checks.finished.connect(lambda: finished.append(None))
    model.add_article(article(catalog, "1001"))
    model.enter_card(ERIKA)
    settle(qtbot, model)
    model.payments.pay_with_card()
    model.checks.submit_csc("12")  # refused before the server is asked
    for _ in range(3):
        model.checks.submit_csc("9999")
        settle(qtbot, model)
    assert asked == [
        (3, ""),
        (3, "Der Sicherheitscode hat 4 Ziffern."),
        (2, "Sicherheitscode falsch — noch 2 Versuche."),
        (1, "Sicherheitscode falsch — noch 1 Versuch."),
    ]
    assert finished == [None]
    assert keys(messages)[-1] == "SecurityCodeLockout"
    assert not model.card_checked
    assert model.can_pay  # another payment method still works
    # F8 again: no dialog with "0 tries left" — the card is blocked for code entry, said in words
    messages.clear()
    model.payments.pay_with_card()
    assert len(asked) == 4
    assert keys(messages) == ["SecurityCodeLockout"]


def test_a_card_with_a_pin_pays_after_csc_and_pin(
    model: TillModel, qtbot: QtBot, catalog: Catalog, till: Till, paid: list[PaymentSummary]
) -> None:
    pins: list[str] = []
    model.checks.pin_requested.connect(pins.append)
    model.add_article(article(catalog, "2004"))  # 3,20 €
    model.enter_card(PIN_CARD)
    settle(qtbot, model)
    model.payments.pay_with_card()
    model.checks.submit_csc("2345")
    settle(qtbot, model)
    assert pins == [""]
    model.checks.submit_pin("0000")
    settle(qtbot, model)
    assert pins == ["", "PIN falsch — bitte noch einmal eingeben."]
    model.checks.submit_pin("4711")
    settle(qtbot, model)
    assert len(paid) == 1
    assert paid[0].tender is Tender.CARD
    assert paid[0].paid_by_card == Money(320)
    assert card_balances(till, PIN_CARD)[0] == 500 - 320


def test_a_declined_terminal_payment_leaves_the_sale_to_be_paid_otherwise(
    model: TillModel, qtbot: QtBot, paid: list[PaymentSummary], messages: list[UserMessage]
) -> None:
    waiting: list[object] = []
    model.payments.terminal_started.connect(waiting.append)
    model.payments.terminal_finished.connect(lambda: waiting.append("done"))
    assert model.add_free_price("4,13", VatRate.STANDARD)
    model.payments.pay_terminal()
    settle(qtbot, model)
    assert waiting == [Money(413), "done"]
    assert model.declined
    assert not model.can_edit
    assert model.can_pay
    assert messages[-1].level is MessageLevel.WARNING
    model.payments.pay_cash(Money(413))
    settle(qtbot, model)
    assert len(paid) == 1
    assert paid[0].tender is Tender.CASH
    assert paid[0].change == Money(0)


def test_a_gift_card_pays_part_and_cash_the_rest(
    model: TillModel, qtbot: QtBot, till: Till, paid: list[PaymentSummary], messages: list[UserMessage]
) -> None:
    cash_asked: list[Money] = []
    model.payments.cash_requested.connect(cash_asked.append)
    assert model.add_free_price("60", VatRate.STANDARD)
    model.enter_card(GIFT)
    settle(qtbot, model)
    model.payments.pay_with_card()
    model.checks.submit_csc("5678")
    settle(qtbot, model)
    assert model.totals.card_applied == Money(5000)
    assert model.totals.missing == Money(1000)
    assert messages[-1].text == tr(
        "The card pays {paid}. Still to pay: {missing} — cash (F5) or terminal (F6).", "PaymentFlow"
    ).format(paid=f"50,00{NBSP}€", missing=f"10,00{NBSP}€")
    model.payments.request_cash()
    assert cash_asked == [Money(1000)]
    model.payments.pay_cash(Money(2000))
    settle(qtbot, model)
    assert (paid[0].paid_by_card, paid[0].collected, paid[0].change) == (
        Money(5000),
        Money(1000),
        Money(1000),
    )
    assert paid[0].card_balance_after == Money(0)
    assert card_balances(till, GIFT)[0] == 0


def test_an_unreachable_server_is_shown_as_offline_until_a_probe_is_answered(
    model: TillModel, qtbot: QtBot, till: Till, messages: list[UserMessage]
) -> None:
    """5xx on every try: the services judge secuconnect unreachable (docs/offline.md) and the till
    shows it; the card is attached by its number only. The probe's answer ends offline."""
    assert till.simulator is not None
    till.simulator.ctx.faults.add(
        Fault("POST", "/api/v2/Loyalty/MerchantCards/*", FaultMode.HTTP_500, times=0)
    )
    statuses: list[ConnectionState] = []
    model.status_changed.connect(lambda: statuses.append(model.connection.state))
    model.enter_card(ERIKA)
    settle(qtbot, model)
    assert model.connection.state is ConnectionState.OFFLINE  # not undone by the local answer
    assert statuses == [ConnectionState.OFFLINE]
    assert model.card is not None
    assert not model.card.verified
    assert not [message for message in messages if message.level is MessageLevel.ERROR]
    till.simulator.ctx.faults.clear()
    assert run_async(qtbot, till.connection.probe())
    assert model.connection.state is ConnectionState.ONLINE
    assert statuses == [ConnectionState.OFFLINE, ConnectionState.ONLINE]
    model.clear_card()
    model.enter_card(ERIKA)
    settle(qtbot, model)
    assert model.card is not None
    assert model.card.verified


def test_abort_abandons_the_sale(model: TillModel, qtbot: QtBot, catalog: Catalog, till: Till) -> None:
    closed: list[None] = []
    model.sale_closed.connect(lambda: closed.append(None))
    model.add_article(article(catalog, "1001"))
    sale = model.sale
    assert sale is not None
    model.abort()
    settle(qtbot, model)
    assert model.sale is None
    assert closed == [None]
    assert till.journal.get(sale.sale_id).state == SaleState.ABORTED.value


@pytest.mark.expected_errors("cashier.api.http")
def test_an_unknown_outcome_stops_new_work_until_it_is_settled(
    model: TillModel, qtbot: QtBot, till: Till, messages: list[UserMessage], paid: list[PaymentSummary]
) -> None:
    """The answer to start/cash is lost after the payment was booked, and the transaction
    cannot be read at once: the till says "checking…", takes no new work, keeps reading, and
    reports the payment as done once secuconnect answers."""
    assert till.simulator is not None
    faults = till.simulator.ctx.faults
    faults.add(Fault("POST", "/api/v2/Smart/Transactions/*/start/*", FaultMode.DROP_AFTER_COMMIT))
    faults.add(Fault("GET", "/api/v2/Smart/Transactions/*", FaultMode.HTTP_500, times=0))
    model.open_payments.pauses = (0.05,)
    assert model.add_free_price("7,50", VatRate.STANDARD)
    sale = model.sale
    assert sale is not None
    model.payments.pay_cash(Money(1000))
    qtbot.waitUntil(lambda: model.connection.state is ConnectionState.CHECKING, timeout=10_000)
    assert messages[-1].key == "OutcomeUnknown"
    assert not model.can_edit
    assert not model.can_pay
    model.add_free_price("1,00", VatRate.STANDARD)
    assert messages[-1].text == tr("A payment is still being checked — please wait.")
    assert till.journal.get(sale.sale_id).state == SaleState.STARTING.value
    faults.clear()  # secuconnect answers again
    settle(qtbot, model)
    assert model.connection.state is ConnectionState.ONLINE
    assert messages[-1].key == "reconciled.completed"
    assert till.journal.get(sale.sale_id).state in (SaleState.COMPLETED.value, SaleState.PRINTED.value)
    assert model.sale is None
    assert model.can_edit
    assert paid == []  # no second payment, and no result panel for a payment settled later
