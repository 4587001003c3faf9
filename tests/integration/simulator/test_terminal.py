"""The SmartZVT terminal: start/cashless, the 13-cent decline, cancelTrx, end of day, diagnosis.

What secuconnect documents: docs/secuconnect.md §4.13, §6.4.
"""

from __future__ import annotations

import asyncio

from cashier.simulator import seed
from tests.helpers.simulator import SimulatorHandle
from tests.integration.simulator.transactions_support import (
    ERIKA,
    STX,
    assert_books_balance,
    balances,
    create,
    error,
    ok,
    post,
    product,
    sale,
    texts,
)

TERMINAL = {"object": "smart.devices", "id": seed.TERMINAL_DEVICE_ID}


async def test_a_card_payment_answers_with_both_receipts(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 1250)]))
    done = ok(await post(client, stx["id"], "start/cashless", {}))
    assert sim.clock.slept == [2.0]
    assert (done["status"], done["payment_method"], done["transactions"]) == ("ok", "cashless", [])
    assert done["device_destination"] == TERMINAL
    assert done["receipt_number"] == 1
    assert done["receipt_merchant_print"] is False
    day, time = done["receipt"][4]["value"]["value"], done["receipt"][5]["value"]["value"]
    assert len(day) == 10
    assert time.endswith(" Uhr")
    assert done["receipt"] == [
        {"type": "separator", "value": {"caption": "Kartenzahlung"}},
        {"type": "textline", "value": {"text": "* * Kundenbeleg * *", "decoration": []}},
        {"type": "textline", "value": {"text": "CAFÉ SONNENSCHEIN", "decoration": []}},
        {"type": "space"},
        {"type": "name-value", "value": {"name": "Datum:", "value": day, "decoration": []}},
        {"type": "name-value", "value": {"name": "Uhrzeit:", "value": time, "decoration": []}},
        {"type": "name-value", "value": {"name": "Beleg-Nr.", "value": "0001", "decoration": []}},
        {"type": "name-value", "value": {"name": "Trace-Nr.", "value": "000001", "decoration": []}},
        {"type": "name-value", "value": {"name": "Terminal-ID", "value": seed.TERMINAL_ID, "decoration": []}},
        {"type": "space"},
        {
            "type": "name-value",
            "value": {"name": "Betrag EUR", "value": "12,50", "decoration": ["important"]},
        },
        {"type": "space"},
        {
            "type": "textline",
            "value": {"text": "Karte akzeptiert", "decoration": ["align-center", "important"]},
        },
    ]
    assert done["receipt_merchant"] == [
        {"type": "separator", "value": {"caption": "Kartenzahlung"}},
        {"type": "textline", "value": {"text": "* * Händlerbeleg * *", "decoration": []}},
        {"type": "name-value", "value": {"name": "Beleg-Nr.", "value": "0001", "decoration": []}},
        {"type": "name-value", "value": {"name": "Betrag EUR", "value": "12,50", "decoration": []}},
        {"type": "separator", "value": {}},
        {
            "type": "textline",
            "value": {"text": "Karte akzeptiert", "decoration": ["align-center", "important"]},
        },
    ]
    second = await create(client, sale([product(1, 10_000)]))
    big = ok(await post(client, second["id"], "start/cashless"))
    assert big["receipt_number"] == 2
    assert big["receipt_merchant_print"] is True
    assert texts(big["receipt_merchant"])[-3:] == ["", "_" * 24, "Unterschrift"]
    assert ok(await client.get(f"{STX}/{second['id']}")) == big


async def test_thirteen_cents_are_declined_and_the_sale_can_be_paid_otherwise(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 2013)], ERIKA))
    failed = ok(await post(client, stx["id"], "start/cashless"))
    assert failed["status"] == "failed"
    assert failed["device_destination"] == TERMINAL
    assert "receipt_number" not in failed
    assert "receipt_merchant" not in failed
    words = texts(failed["receipt"])
    assert words[0] == "[Kartenzahlung]"
    assert not any(word.startswith("Beleg-Nr.") for word in words)
    assert "Betrag EUR=20,13" in words
    assert words[-2:] == ["Karte abgelehnt", "Zahlung nicht erfolgt"]
    assert failed["receipt"][-2]["value"]["decoration"] == ["align-center", "important"]
    assert balances(sim.store, ERIKA) == (2000, 350, 0)  # a declined payment books nothing
    assert (
        sim.store.execute(
            "SELECT COUNT(*) FROM ledger WHERE smart_transaction_id = ?", (stx["id"],)
        ).fetchone()[0]
        == 0
    )

    again = ok(await post(client, stx["id"], "start/cashless"))  # still 13 cents: declined again
    assert again["status"] == "failed"
    paid = ok(await post(client, stx["id"], "start/cash"))
    assert (paid["status"], paid["payment_method"]) == ("ok", "cash")
    assert balances(sim.store, ERIKA) == (2000, 350 + 101, 20)  # 2013 → 100.65 → 101 bonus

    aborted = await create(client, sale([product(1, 13)]))
    assert ok(await post(client, aborted["id"], "start/cashless"))["status"] == "failed"
    assert ok(await post(client, aborted["id"], "abort"))["status"] == "aborted"


async def test_the_terminal_collects_the_missing_sum_and_the_card_the_rest(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 3000)], ERIKA))
    assert ok(await post(client, stx["id"], "preTransaction"))["missing_sum"] == 650
    done = ok(await post(client, stx["id"], "start/cashless"))
    words = texts(done["receipt"])
    assert "Betrag EUR=6,50" in words
    assert words.index("[Kundenkarte]") > words.index("Karte akzeptiert")
    assert words[words.index("Zahlung über:") + 1] == "20,00 EUR"
    assert [ref["object"] for ref in done["transactions"]] == ["loyalty.transactions"]
    assert balances(sim.store, ERIKA) == (0, 133, 26)

    nothing_left = await create(client, sale([product(1, 100)], ERIKA))
    assert ok(await post(client, nothing_left["id"], "preTransaction"))["missing_sum"] == 0
    slept = len(sim.clock.slept)
    error(await post(client, nothing_left["id"], "start/cashless"), 400, 1010)
    assert len(sim.clock.slept) == slept


async def test_a_missing_sum_ending_in_13_is_declined_without_touching_the_card(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 2363)], ERIKA))
    assert ok(await post(client, stx["id"], "preTransaction"))["missing_sum"] == 13  # 2363 − 350 − 2000
    assert ok(await post(client, stx["id"], "start/cashless"))["status"] == "failed"
    assert balances(sim.store, ERIKA) == (2000, 350, 0)
    assert_books_balance(sim.store)


async def test_two_starts_at_once_charge_once(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 3000)], ERIKA))
    ok(await post(client, stx["id"], "preTransaction"))
    first, second = await asyncio.gather(
        post(client, stx["id"], "start/cashless"), post(client, stx["id"], "start/cashless")
    )
    assert sorted([first.status_code, second.status_code]) == [200, 400]
    assert balances(sim.store, ERIKA) == (0, 133, 26)
    assert_books_balance(sim.store)


async def test_cancel_trx_reverses_a_terminal_payment_until_the_end_of_day(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 3000)], ERIKA))
    ok(await post(client, stx["id"], "preTransaction"))
    paid = ok(await post(client, stx["id"], "start/cashless"))
    error(await post(client, stx["id"], "cancel"), 400, 1007)  # a terminal payment needs cancelTrx

    cancelled = ok(await client.post(f"{STX}/{paid['receipt_number']}/cancelTrx"))
    assert sim.clock.slept == [2.0, 2.0]
    assert (cancelled["id"], cancelled["status"]) == (stx["id"], "cancelled")
    assert cancelled["receipt"] == paid["receipt"]
    assert cancelled["receipt_merchant"] == paid["receipt_merchant"]
    assert balances(sim.store, ERIKA) == (2000, 350, 0)
    error(await client.post(f"{STX}/{paid['receipt_number']}/cancelTrx"), 400, 1007)
    error(await client.post(f"{STX}/999/cancelTrx"), 404, 3001)
    error(await client.post(f"{STX}/abc/cancelTrx"), 400, 1001, "receipt_number")

    later = await create(client, sale([product(1, 500)]))
    settled = ok(await post(client, later["id"], "start/cashless"))
    ok(await client.post(f"{STX}/me/EndOfDay"))
    refused = error(await client.post(f"{STX}/{settled['receipt_number']}/canceltrx"), 400, 1007)
    assert "end of day" in refused["error_details"]
    assert ok(await client.get(f"{STX}/{later['id']}"))["status"] == "ok"
    assert_books_balance(sim.store)


async def test_end_of_day_reports_the_card_payments_since_the_last_one(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    for amount in (1250, 750, 400):
        stx = await create(client, sale([product(1, amount)]))
        paid = ok(await post(client, stx["id"], "start/cashless"))
    ok(await client.post(f"{STX}/{paid['receipt_number']}/cancelTrx"))  # the 4,00 no longer counts
    cash = await create(client, sale([product(1, 999)]))
    ok(await post(client, cash["id"], "start/cash"))  # not a card payment
    slept = len(sim.clock.slept)

    report = ok(await client.post(f"{STX}/me/EndOfDay"))
    assert sim.clock.slept[slept:] == [2.0]
    assert report["id"].startswith("STX_")
    assert (report["status"], report["payment_method"], report["device_destination"]) == (
        "ok",
        None,
        TERMINAL,
    )
    words = texts(report["receipt"])
    assert words[:2] == ["[Kassenschnitt]", f"Terminal-ID:={seed.TERMINAL_ID}"]
    assert words[2].startswith("Datum:=")
    assert words[3:] == [
        "",
        "Anzahl Kartenzahlungen:=2",
        "Summe Kartenzahlungen:=20,00 EUR",
        "",
        "Kassenschnitt erfolgreich",
    ]
    assert ok(await client.get(f"{STX}/{report['id']}")) == report
    error(await post(client, report["id"], "cancel"), 400, 1007)

    by_device = ok(await client.post(f"{STX}/{seed.TERMINAL_DEVICE_ID}/endOfDay"))
    assert "Anzahl Kartenzahlungen:=0" in texts(by_device["receipt"])
    error(await client.post(f"{STX}/SDV_NOPE00000000000000000000000009/endOfDay"), 404, 3001)


async def test_diagnosis(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    report = ok(await client.post(f"{STX}/me/diagnosis"))
    assert sim.clock.slept == [2.0]
    assert report["status"] == "ok"
    words = texts(report["receipt"])
    assert words[:2] == ["[Terminal-Diagnose]", f"Terminal-ID:={seed.TERMINAL_ID}"]
    assert words[-1] == "Status:=OK"
    assert report["receipt"][-1]["value"]["decoration"] == ["important"]
    ok(await client.post(f"{STX}/{seed.TILL_DEVICE_ID}/Diagnosis"))
    error(await client.post(f"{STX}/nowhere/diagnosis"), 404, 3001)
