"""The loop that keeps asking what became of payments with an unknown outcome."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from cashier.app.composition import Till
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.errors import CancellationUnknown
from cashier.services.sale import Tender
from cashier.simulator.faults import Fault
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.till.till_model import TillModel
from tests.ui.conftest import run_async


@pytest.mark.expected_errors("cashier.api.http")
def test_the_till_settles_a_cancellation_in_doubt_in_the_background(
    qtbot: QtBot, till: Till, model: TillModel, messages: list[UserMessage]
) -> None:
    sale = till.sales.new_sale()
    till.sales.add_line(sale, BasketLine("Kaffee", Money(250), 1, VatRate.STANDARD))
    run_async(qtbot, till.payments.pay(sale, Tender.CASH, given=Money(500)))
    assert till.simulator is not None
    till.simulator.ctx.faults.add(
        Fault.parse({"match": "POST /api/v2/Smart/Transactions/*/cancel", "mode": "drop_before_commit"})
    )
    with pytest.raises(CancellationUnknown):
        run_async(qtbot, till.back_office.after_sale.cancel_sale(sale.sale_id))
    assert till.journal.get(sale.sale_id).state == "cancelling"

    model.watch.interval_ms = 10  # the 60 s round, sooner
    model.watch.report_reconciled([])  # what the host does once the till is up
    # The round ends with its words to the cashier (after the journal says "cancelled").
    qtbot.waitUntil(lambda: any(m.key == "reconciled.cancelled" for m in messages), timeout=10_000)
    assert till.journal.get(sale.sale_id).state == "cancelled"


def test_the_background_round_never_warns_about_a_payment_the_cashier_is_making(
    qtbot: QtBot, till: Till, model: TillModel, messages: list[UserMessage]
) -> None:
    assert till.simulator is not None
    # The payment's start answers after a while: the background round comes up meanwhile.
    till.simulator.ctx.faults.add(
        Fault.parse({"match": "POST /api/v2/Smart/Transactions/*/start/*", "mode": "delay", "delay_ms": 300})
    )
    model.watch.interval_ms = 5  # the 60 s round, many times during the payment
    model.watch.report_reconciled([])
    model.add_line(BasketLine("Kaffee", Money(250), 1, VatRate.STANDARD))
    model.payments.pay_cash(Money(500))
    assert model.payment_running
    qtbot.waitUntil(lambda: not model.busy, timeout=10_000)
    assert [m.text for m in messages if m.level is MessageLevel.WARNING] == []
    assert till.journal.to_book() == []
