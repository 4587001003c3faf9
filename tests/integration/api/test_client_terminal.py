"""The SmartZVT terminal calls of SecuconnectClient: the long timeout, declines, cancelTrx, reports.

The till is built with ``read`` 15 s and ``terminal`` 99 s, so the recorded read timeout of
each request shows which class a call used.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cashier.api.errors import InvalidRequest, NotFound
from cashier.api.receipts import NameValueLine, TextLine
from cashier.api.transactions import BasketItem, SmartTransactionDraft, TransactionStatus
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import SentRequest, till_session

READ, TERMINAL = 15.0, 99.0


def sale(price: int) -> SmartTransactionDraft:
    return SmartTransactionDraft.for_items(
        [BasketItem(id=1, desc="Artikel", quantity=1, price_one=price, tax=19)]
    )


def timeouts(requests: list[SentRequest]) -> dict[str, float | None]:
    """Read timeout per call, keyed by the path's last segment(s)."""
    keyed = {}
    for request in requests:
        parts = request.path.split("/")
        key = "/".join(parts[-2:]) if parts[-2] == "start" else parts[-1]
        keyed[f"{request.method} {key}"] = request.read_timeout
    return keyed


async def test_terminal_calls_wait_long_and_the_others_do_not(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path, read_timeout=READ, terminal_timeout=TERMINAL) as till:
        client = till.client
        card_payment = await client.create_transaction(sale(1250))
        paid = await client.start(card_payment.id, "cashless")
        assert paid.receipt_number is not None
        await client.cancel_terminal_payment(paid.receipt_number)
        cash_sale = await client.create_transaction(sale(500))
        await client.start(cash_sale.id, "cash")
        await client.end_of_day()
        await client.diagnosis()
        await client.get_transaction(cash_sale.id)
        seen = timeouts(till.transport.api_requests())
    assert seen == {
        "POST Transactions": READ,
        "POST start/cashless": TERMINAL,
        "POST cancelTrx": TERMINAL,
        "POST start/cash": READ,
        "POST EndOfDay": TERMINAL,
        "POST diagnosis": TERMINAL,
        f"GET {cash_sale.id}": READ,
    }


async def test_a_terminal_payment_answers_with_both_receipts(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        small = await till.client.start((await till.client.create_transaction(sale(1250))).id, "cashless")
        large = await till.client.start((await till.client.create_transaction(sale(10_000))).id, "cashless")
    amounts = {line.value.name: line.value.value for line in small.receipt if isinstance(line, NameValueLine)}
    assert amounts["Betrag EUR"] == "12,50"
    assert small.receipt_merchant
    # "Whether the receipt for the merchant was printed" (SDK): the tidy simulator's terminal
    # prints its signature copy itself from 100 EUR; the vendor-shaped one leaves every copy to the till.
    printed_itself = not sim.app.ctx.config.vendor_shapes
    assert (small.receipt_merchant_print, large.receipt_merchant_print) == (False, printed_itself)
    assert large.receipt_number == (small.receipt_number or 0) + 1


async def test_a_declined_card_is_a_failed_transaction_not_an_error(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale(1013))
        declined = await client.start(created.id, "cashless")
        paid_in_cash = await client.start(created.id, "cash")
    assert (declined.status, declined.payment_method) == (TransactionStatus.FAILED, "cashless")
    assert declined.known_status is TransactionStatus.FAILED
    assert declined.receipt_number is None
    assert any(
        isinstance(line, TextLine) and line.value.text == "Karte abgelehnt" for line in declined.receipt
    )
    assert paid_in_cash.status == TransactionStatus.OK


async def test_cancel_trx_refuses_after_the_end_of_day(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        paid = await client.start((await client.create_transaction(sale(700))).id, "cashless")
        assert paid.receipt_number is not None
        report = await client.end_of_day()
        with pytest.raises(InvalidRequest) as settled:
            await client.cancel_terminal_payment(paid.receipt_number)
        with pytest.raises(NotFound):
            await client.cancel_terminal_payment(9999)
        with pytest.raises(InvalidRequest) as report_cancel:
            await client.cancel(report.id)
    lines = {line.value.name: line.value.value for line in report.receipt if isinstance(line, NameValueLine)}
    assert lines["Anzahl Kartenzahlungen:"] == "1"
    assert (settled.value.status, settled.value.code) == (400, 1007)
    assert report_cancel.value.code == 1007
