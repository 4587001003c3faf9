"""SEPA direct debit for the missing sum: prepare/debit + start (docs/secuconnect.md §4.1, §4.11)."""

from __future__ import annotations

from typing import Any

import httpx

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
)

IBAN = "DE89370400440532013000"


async def bank_account(client: httpx.AsyncClient, owner: str = "Erika Musterfrau") -> str:
    body = {"type": "bank_account", "private": {"owner": owner, "iban": IBAN}}
    container: dict[str, Any] = ok(await client.post("/api/v2/Payment/Containers", json=body))
    return str(container["id"])


async def test_prepare_debit_then_start_pays_the_missing_sum(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    container = await bank_account(client)
    stx = await create(client, sale([product(1, 3000)], ERIKA))
    assert ok(await post(client, stx["id"], "preTransaction"))["missing_sum"] == 650

    approved = ok(await post(client, stx["id"], "prepare/debit", {"container": {"id": container}}))
    assert (approved["status"], approved["payment_method"]) == ("approved", "debit")
    assert approved["container"] == {"object": "payment.containers", "id": container, "type": "bank_account"}
    assert balances(sim.store, ERIKA) == (2000, 350, 0)
    error(await post(client, stx["id"], "start/cash"), 400, 1010)  # approved: only start

    done = ok(await post(client, stx["id"], "start"))
    assert (done["status"], done["payment_method"]) == ("ok", "debit")
    assert balances(sim.store, ERIKA) == (0, 133, 26)
    lines = [line["value"] for line in done["receipt"][:5]]
    assert done["receipt"][0] == {"type": "separator", "value": {"caption": "Lastschrift"}}
    assert [(line["name"], line["value"]) for line in lines[1:5]] == [
        ("IBAN:", "DE89 **** **** **** **30 00"),
        ("Kontoinhaber:", "Erika Musterfrau"),
        ("Mandatsreferenz:", f"CSH-{stx['id'][4:]}"),
        ("Gläubiger-ID:", "DE98ZZZ09999999999"),
    ]
    assert done["receipt"][6]["value"] == {"name": "Betrag EUR", "value": "6,50", "decoration": ["important"]}
    assert done["receipt"][7] == {"type": "separator", "value": {"caption": "Kundenkarte"}}
    assert IBAN not in str(done)
    error(await post(client, stx["id"], "start"), 400, 1010)

    ok(await post(client, stx["id"], "cancel"))
    assert balances(sim.store, ERIKA) == (2000, 350, 0)
    assert_books_balance(sim.store)


async def test_start_debit_is_the_same_as_start(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    container = await bank_account(client, "Max Mustermann")
    stx = await create(client, sale([product(1, 1999)]))
    ok(await post(client, stx["id"], "prepare/debit", {"container": {"id": container}}))
    done = ok(await post(client, stx["id"], "start/debit"))
    assert done["receipt"][2]["value"]["value"] == "Max Mustermann"
    assert done["receipt"][-1]["value"]["value"] == "19,99"


async def test_prepare_debit_errors(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 500)]))
    error(await post(client, stx["id"], "prepare/debit", {}), 400, 1001, "container.id")
    error(await post(client, stx["id"], "prepare/debit", {"container": "PCT_X"}), 400, 1001, "container.id")
    missing = "PCT_NOPE00000000000000000000000001"
    error(await post(client, stx["id"], "prepare/debit", {"container": {"id": missing}}), 404, 3001)
    card_container = "PCT_CARD00000000000000000000000001"
    sim.store.put("payment.containers", card_container, {"id": card_container, "type": "credit_card"})
    error(await post(client, stx["id"], "prepare/debit", {"container": {"id": card_container}}), 400, 1001)
    error(await post(client, stx["id"], "start"), 400, 1010)  # not approved
    assert ok(await client.get(f"{STX}/{stx['id']}"))["status"] == "created"

    free = await create(client, sale([]))
    container = await bank_account(client)
    error(await post(client, free["id"], "prepare/debit", {"container": {"id": container}}), 400, 1010)


async def test_an_approved_debit_can_be_updated_or_aborted(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    container = await bank_account(client)
    stx = await create(client, sale([product(1, 500)]))
    ok(await post(client, stx["id"], "prepare/debit", {"container": {"id": container}}))
    updated = ok(await client.put(f"{STX}/{stx['id']}", json=sale([product(1, 600)])))
    assert (updated["status"], updated["payment_method"]) == ("created", None)
    assert "container" not in updated
    error(await post(client, stx["id"], "start"), 400, 1010)
    ok(await post(client, stx["id"], "prepare/debit", {"container": {"id": container}}))
    assert ok(await post(client, stx["id"], "abort"))["status"] == "aborted"
    error(await post(client, stx["id"], "prepare/debit", {"container": {"id": container}}), 400, 1010)
