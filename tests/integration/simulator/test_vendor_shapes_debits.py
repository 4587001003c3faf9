"""Direct debits that stay ``pending`` after their start (vendor shapes, shape d), embedded and served.

A debit of an amount ending in 37 cents answers ``pending``; the third read after the start (or
the ``settle`` control) moves it on to ``ok``, and ``failed`` gives the card back what it booked.
"""

from __future__ import annotations

import httpx

from tests.helpers.simulator import SimulatorHandle
from tests.integration.simulator.test_transactions_debit import bank_account
from tests.integration.simulator.transactions_support import (
    ERIKA,
    STX,
    assert_books_balance,
    balances,
    post,
    product,
    sale,
)
from tests.integration.simulator.vendor_shapes_support import MakeSim, answer


async def debit(client: httpx.AsyncClient, cents: int, card: str | None = None) -> str:
    """A sale of ``cents`` prepared for a direct debit (after ``preTransaction`` with a card)."""
    container = await bank_account(client)
    created = answer(await client.post(STX, json=sale([product(1, cents)], card)))
    if card is not None:
        answer(await post(client, created["id"], "preTransaction"))
    prepared = answer(await post(client, created["id"], "prepare/debit", {"container": {"id": container}}))
    assert prepared["status"] == "approved"
    return str(created["id"])


async def settle(client: httpx.AsyncClient, stx_id: str, status: str) -> httpx.Response:
    return await client.post(f"/simulator/transactions/{stx_id}/settle", json={"status": status})


async def test_a_debit_ending_in_37_cents_is_pending_until_the_third_read(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    stx_id = await debit(client, 2037)
    started = answer(await post(client, stx_id, "start", {}))
    assert (started["status"], started["payment_method"]) == ("pending", "debit")
    assert started["receipt"][0]["value"] == {"caption": "Lastschrift"}
    reads = [answer(await client.get(f"{STX}/{stx_id}"))["status"] for _ in range(4)]
    assert reads == ["pending", "pending", "ok", "ok"]
    answer(await post(client, stx_id, "cancel"))  # settled: cancellable as any debit


async def test_other_debits_are_ok_at_once(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    for cents in (2036, 2038, 3700):
        stx_id = await debit(client, cents)
        assert answer(await post(client, stx_id, "start/debit", {}))["status"] == "ok"


async def test_the_missing_sum_decides_after_a_card_paid_the_rest(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    # ERIKA pays 2350 of 4387: the bank collects 2037.
    stx_id = await debit(client, 4387, ERIKA)
    assert answer(await post(client, stx_id, "start", {}))["status"] == "pending"
    assert balances(shaped.store, ERIKA)[0] == 0  # the card's part is booked at the start


async def test_a_pending_debit_refuses_every_step_until_it_is_settled(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    stx_id = await debit(client, 1537)
    assert answer(await post(client, stx_id, "start", {}))["status"] == "pending"
    for action in ("start", "start/cash", "abort", "cancel"):
        assert answer(await post(client, stx_id, action, {}), 400)["code"] == 1010, action
    put = await client.put(f"{STX}/{stx_id}", json=sale([product(1, 1537)]))
    assert answer(put, 400)["code"] == 1010
    assert answer(await settle(client, stx_id, "ok")) == {"result": True, "id": stx_id, "status": "ok"}
    assert answer(await client.get(f"{STX}/{stx_id}"))["status"] == "ok"
    assert answer(await settle(client, stx_id, "ok"), 400)["code"] == 1010  # not pending any more


async def test_a_failed_debit_gives_the_card_back_what_it_booked(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    before = balances(shaped.store, ERIKA)
    stx_id = await debit(client, 4387, ERIKA)
    answer(await post(client, stx_id, "start", {}))
    assert balances(shaped.store, ERIKA) != before
    assert answer(await settle(client, stx_id, "failed"))["status"] == "failed"
    assert balances(shaped.store, ERIKA) == before
    assert_books_balance(shaped.store)
    failed = answer(await client.get(f"{STX}/{stx_id}"))
    assert failed["status"] == "failed"
    assert failed["receipt"][0]["value"] == {"caption": "Lastschrift"}  # the receipt stays
    paid = answer(await post(client, stx_id, "start/cash", {}))  # the customer pays otherwise
    assert paid["status"] == "ok"
    assert_books_balance(shaped.store)


async def test_the_settle_control_checks_its_input(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    stx_id = await debit(client, 1537)
    answer(await post(client, stx_id, "start", {}))
    assert answer(await settle(client, stx_id, "received"), 400)["error_details"].startswith("status: ")
    assert answer(await settle(client, "STX_NOSUCHTRANSACTION00000000000", "ok"), 404)["code"] == 3001
    assert answer(await client.get(f"{STX}/{stx_id}"))["status"] == "pending"


async def test_without_reads_to_ok_only_the_control_settles(make_sim: MakeSim) -> None:
    async with make_sim(vendor_shapes=True, pending_debit_reads=0) as sim:
        client = await sim.api_client()
        stx_id = await debit(client, 1537)
        answer(await post(client, stx_id, "start", {}))
        statuses = {answer(await client.get(f"{STX}/{stx_id}"))["status"] for _ in range(10)}
        assert statuses == {"pending"}
        assert answer(await settle(client, stx_id, "ok"))["status"] == "ok"


async def test_without_the_switch_a_37_cent_debit_is_ok(make_sim: MakeSim) -> None:
    async with make_sim(vendor_shapes=False) as sim:
        client = await sim.api_client()
        stx_id = await debit(client, 1537)
        assert answer(await post(client, stx_id, "start", {}))["status"] == "ok"
