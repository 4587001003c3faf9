"""``late_commit`` and ``slow_commit`` faults, embedded: work that commits after the client gave up.

The client is plain httpx through :class:`EmbeddedTransport`; its read timeout cancels the app's
call, as a closed socket would end it over TCP. Nothing here sleeps: tests wait for detached work
with ``FaultTable.drain()`` or the drain control. Waits inside the simulator (``delay_ms``) are
real time, a few hundred milliseconds, so that "not committed yet" holds right after a timeout.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from cashier.simulator import cardstore, seed
from cashier.simulator.faults import Fault
from tests.helpers.simulator import SimulatorHandle, simulator_for

STX = "/api/v2/Smart/Transactions"
STARTS = "POST /api/v2/Smart/Transactions/*/start/*"
ERIKA = "9276004400000011"  # 2000 cash, 350 bonus, 0 points; 5 % bonus, a point per euro
UNBOOKED = (2000, 350, 0)
BOOKED = (2000, 400, 10)  # after a 10,00 € cash sale: 50 bonus, 10 points
HURRIED = httpx.Timeout(10.0, read=0.05)
HELD_MS = 300  # longer than HURRIED's read timeout, with room for a slow machine


@pytest.fixture
async def sim() -> AsyncIterator[SimulatorHandle]:
    async with simulator_for("embedded", None) as handle:
        yield handle
        await handle.app.ctx.faults.cancel_pending()  # a failed test leaves nothing running


async def new_sale(client: httpx.AsyncClient) -> str:
    body = {
        "intent": "sale",
        "idents": [{"type": "card", "value": ERIKA}],
        "basket": {"products": [{"id": 1, "desc": "Artikel", "quantity": 1, "priceOne": 1000, "tax": 19}]},
        "basket_info": {"sum": 1000, "currency": "EUR"},
    }
    created = await client.post(STX, json=body)
    assert created.status_code == 200, created.text
    return str(created.json()["id"])


async def add_fault(client: httpx.AsyncClient, **fault: Any) -> None:
    response = await client.post("/simulator/faults", json=fault)
    assert response.status_code == 200, response.text


def status(sim: SimulatorHandle, stx_id: str) -> str | None:
    doc = sim.store.get("smart.transactions", stx_id)
    return None if doc is None else str(doc["status"])


def card(sim: SimulatorHandle) -> tuple[int, int, int]:
    row = cardstore.find_card_by_number(sim.store, ERIKA)
    assert row is not None
    return row["cash_balance"], row["bonus_balance"], row["points"]


def pending(sim: SimulatorHandle) -> int:
    return sim.app.ctx.faults.pending_commits


async def until_held(sim: SimulatorHandle, count: int = 1) -> None:
    """Let the event loop run until the simulator holds ``count`` requests (no clock involved)."""
    for _ in range(10_000):
        if pending(sim) == count:
            return
        await asyncio.sleep(0)
    raise AssertionError(f"the simulator holds {pending(sim)} request(s), not {count}")


async def test_late_commit_books_the_sale_after_the_client_timed_out(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx_id = await new_sale(client)
    await add_fault(client, match=STARTS, mode="late_commit", delay_ms=HELD_MS)
    with pytest.raises(httpx.ReadTimeout):
        await client.post(f"{STX}/{stx_id}/start/cash", json={}, timeout=HURRIED)
    assert (status(sim, stx_id), card(sim), pending(sim)) == ("created", UNBOOKED, 1)
    await sim.app.ctx.faults.drain()
    assert (status(sim, stx_id), card(sim), pending(sim)) == ("ok", BOOKED, 0)


async def test_slow_commit_answering_after_the_timeout_still_books(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx_id = await new_sale(client)
    await add_fault(client, match=STARTS, mode="slow_commit", delay_ms=HELD_MS, answer_ms=60_000)
    with pytest.raises(httpx.ReadTimeout):
        await client.post(f"{STX}/{stx_id}/start/cash", json={}, timeout=HURRIED)
    assert (status(sim, stx_id), card(sim), pending(sim)) == ("created", UNBOOKED, 1)
    await sim.app.ctx.faults.drain()
    assert (status(sim, stx_id), card(sim), pending(sim)) == ("ok", BOOKED, 0)


async def test_slow_commit_answers_a_patient_client_normally(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx_id = await new_sale(client)
    await add_fault(client, match=STARTS, mode="slow_commit", delay_ms=0, answer_ms=20)
    answered = await client.post(f"{STX}/{stx_id}/start/cash", json={})
    assert answered.status_code == 200, answered.text
    assert (answered.json()["id"], answered.json()["status"]) == (stx_id, "ok")
    await sim.app.ctx.faults.drain()
    assert (status(sim, stx_id), card(sim), pending(sim)) == ("ok", BOOKED, 0)


async def test_a_token_renewed_while_the_request_waits_does_not_stop_the_work(sim: SimulatorHandle) -> None:
    # The crash-restart race: the till sends the start, dies, restarts and renews its token
    # (which revokes the old one) before the server gets round to the work.
    client = sim.client()
    token = await sim.device_token(client)
    client.headers["Authorization"] = f"Bearer {token['access_token']}"
    stx_id = await new_sale(client)
    await add_fault(client, match=STARTS, mode="late_commit")
    till = asyncio.create_task(client.post(f"{STX}/{stx_id}/start/cash", json={}, timeout=None))
    await until_held(sim)
    renewed = await client.post(
        "/oauth/token",
        json={
            "grant_type": "refresh_token",
            "refresh_token": token["refresh_token"],
            "client_id": seed.CLIENT_ID,
            "client_secret": seed.CLIENT_SECRET,
        },
    )
    assert renewed.status_code == 200, renewed.text
    assert (await client.get(f"{STX}/{stx_id}")).status_code == 403  # the old token is dead
    till.cancel()  # the till's process is gone
    with pytest.raises(asyncio.CancelledError):
        await till
    await sim.app.ctx.faults.drain()
    assert (status(sim, stx_id), card(sim)) == ("ok", BOOKED)


async def test_a_token_deleted_while_a_patient_client_waits_still_gets_the_answer(
    sim: SimulatorHandle,
) -> None:
    client = await sim.api_client()
    stx_id = await new_sale(client)
    await add_fault(client, match=STARTS, mode="slow_commit", delay_ms=HELD_MS)
    waiting = asyncio.create_task(client.post(f"{STX}/{stx_id}/start/cash", json={}))
    await until_held(sim)
    sim.store.execute("DELETE FROM tokens")
    assert status(sim, stx_id) == "created"  # the work has not run yet: the deletion came first
    answered = await waiting
    assert answered.status_code == 200, answered.text
    assert (status(sim, stx_id), card(sim)) == ("ok", BOOKED)


@pytest.mark.parametrize("mode", ["late_commit", "slow_commit", "delay"])
@pytest.mark.parametrize("token", ["unknown", "expired"])
async def test_an_invalid_token_is_refused_on_arrival(sim: SimulatorHandle, mode: str, token: str) -> None:
    client = await sim.api_client()
    stx_id = await new_sale(client)
    await add_fault(client, match=STARTS, mode=mode, delay_ms=60_000, times=0)
    if token == "unknown":
        client.headers["Authorization"] = "Bearer not-a-token"
    else:
        sim.clock.advance(1200)  # the token's lifetime
    refused = await client.post(f"{STX}/{stx_id}/start/cash", json={}, timeout=httpx.Timeout(5.0))
    assert refused.status_code == 403
    assert (refused.json()["code"], refused.json()["error"]) == (2003, "ProductNotAllowedException")
    assert (status(sim, stx_id), card(sim), pending(sim)) == ("created", UNBOOKED, 0)
    listed = (await client.get("/simulator/faults")).json()
    assert [fault["mode"] for fault in listed["faults"]] == [mode]  # refused, so not used up


async def test_oauth_token_requests_are_held_without_a_bearer_check(sim: SimulatorHandle) -> None:
    client = sim.client()
    await add_fault(client, match="POST /oauth/token", mode="slow_commit", answer_ms=10)
    issued = await client.post(
        "/oauth/token",
        json={
            "grant_type": "client_credentials",
            "client_id": seed.CLIENT_ID,
            "client_secret": seed.CLIENT_SECRET,
        },
    )
    assert issued.status_code == 200, issued.text
    assert issued.json()["token_type"] == "bearer"


async def test_reset_cancels_held_commits_and_drops_a_waiting_client(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    gone_id = await new_sale(client)
    waiting_id = await new_sale(client)
    await add_fault(client, match=STARTS, mode="late_commit", delay_ms=HELD_MS, times=2)
    with pytest.raises(httpx.ReadTimeout):  # its work is due HELD_MS after this
        await client.post(f"{STX}/{gone_id}/start/cash", json={}, timeout=HURRIED)
    waiting = asyncio.create_task(client.post(f"{STX}/{waiting_id}/start/cash", json={}, timeout=None))
    await until_held(sim, 2)
    controls = sim.client()
    assert (await controls.post("/simulator/reset")).json() == {"result": True}
    with pytest.raises(httpx.RemoteProtocolError):
        await waiting
    await sim.app.ctx.faults.drain()
    assert pending(sim) == 0
    # Nothing landed in the fresh state: both sales vanished with the reset, the card is as seeded.
    assert (status(sim, gone_id), status(sim, waiting_id), card(sim)) == (None, None, UNBOOKED)


async def test_a_delayed_request_held_across_a_reset_is_dropped_not_run(sim: SimulatorHandle) -> None:
    # Its caller was authenticated on arrival: run after the reset, it would create a sale
    # in the fresh state with the caller of a token the reset forgot.
    client = await sim.api_client()
    await add_fault(client, match=f"POST {STX}", mode="delay", delay_ms=HELD_MS)
    body = {
        "intent": "sale",
        "basket": {"products": [{"id": 1, "desc": "Artikel", "quantity": 1, "priceOne": 100, "tax": 19}]},
        "basket_info": {"sum": 100, "currency": "EUR"},
    }
    creating = asyncio.create_task(client.post(STX, json=body))
    for _ in range(10_000):  # the fault is used up when the request arrives
        if not sim.app.ctx.faults.listing():
            break
        await asyncio.sleep(0)
    assert (await sim.client().post("/simulator/reset")).json() == {"result": True}
    with pytest.raises(httpx.RemoteProtocolError):
        await creating
    assert sim.store.all("smart.transactions") == []


async def test_clearing_the_faults_lets_held_commits_land(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx_id = await new_sale(client)
    await add_fault(client, match=STARTS, mode="late_commit", delay_ms=HELD_MS)
    with pytest.raises(httpx.ReadTimeout):
        await client.post(f"{STX}/{stx_id}/start/cash", json={}, timeout=HURRIED)
    assert (await client.delete("/simulator/faults")).json() == {"result": True, "faults": []}
    assert (await client.get("/simulator/faults")).json() == {"faults": [], "pending_commits": 1}
    await sim.app.ctx.faults.drain()
    assert (status(sim, stx_id), card(sim)) == ("ok", BOOKED)


async def test_the_drain_control_waits_for_a_held_request_or_times_out(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx_id = await new_sale(client)
    await add_fault(client, match=STARTS, mode="late_commit")
    till = asyncio.create_task(client.post(f"{STX}/{stx_id}/start/cash", json={}, timeout=None))
    await until_held(sim)
    controls = sim.client()
    # The till is still waiting, so the late commit has not happened: the drain gives up.
    timed_out = await controls.post("/simulator/faults/drain", json={"timeout_ms": 30})
    assert timed_out.status_code == 504
    assert timed_out.json()["code"] == 1000
    assert timed_out.json()["error_details"] == "1 held commit(s) still pending after 30 ms"
    till.cancel()
    with pytest.raises(asyncio.CancelledError):
        await till
    drained = await controls.post("/simulator/faults/drain")
    assert drained.json() == {"result": True, "pending_commits": 0}
    assert (status(sim, stx_id), card(sim)) == ("ok", BOOKED)


@pytest.mark.parametrize("body", [{"timeout_ms": -1}, {"timeout_ms": "5"}, {"timeout_ms": True}])
async def test_the_drain_control_refuses_a_bad_timeout(sim: SimulatorHandle, body: dict[str, Any]) -> None:
    refused = await sim.client().post("/simulator/faults/drain", json=body)
    assert refused.status_code == 400
    assert refused.json()["error_details"].startswith("timeout_ms: ")


async def test_a_bug_in_detached_work_is_one_warning_and_a_500_for_a_patient_client(
    sim: SimulatorHandle, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(request: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(sim.app.ctx.tokens, "handle", broken)
    client = sim.client()
    await add_fault(client, match="POST /oauth/token", mode="slow_commit")
    caplog.set_level(logging.INFO)
    answered = await client.post("/oauth/token", json={})
    await sim.app.ctx.faults.drain()
    assert answered.status_code == 500
    assert answered.json()["error"] == "ProductInternalException"
    problems = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [(record.levelname, record.getMessage()) for record in problems] == [
        ("WARNING", "the detached commit of POST /oauth/token failed")
    ]


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (
            {"mode": "slow_commit", "delay_ms": 500, "answer_ms": 100},
            "answer_ms must not be less than delay_ms (no answer before the work)",
        ),
        ({"mode": "slow_commit", "answer_ms": -1}, "answer_ms must be a non-negative integer"),
        ({"mode": "slow_commit", "answer_ms": 1.5}, "answer_ms must be a non-negative integer"),
        ({"mode": "late_commit", "answer_ms": 100}, "answer_ms is for mode slow_commit only"),
    ],
)
async def test_bad_answer_times_are_refused(sim: SimulatorHandle, fault: dict[str, Any], reason: str) -> None:
    refused = await sim.client().post("/simulator/faults", json={"match": STARTS, **fault})
    assert refused.status_code == 400
    assert refused.json()["error_details"] == f"fault: {reason}"


def test_answer_ms_defaults_to_delay_ms_and_is_listed_for_slow_commit_only() -> None:
    slow = Fault.parse({"match": STARTS, "mode": "slow_commit", "delay_ms": 250})
    assert (slow.answer_ms, slow.answer_after_ms) == (None, 250)
    assert slow.describe()["answer_ms"] == 250
    late = Fault.parse({"match": STARTS, "mode": "late_commit", "delay_ms": 250})
    assert "answer_ms" not in late.describe()
