"""``late_commit`` and ``slow_commit`` over real TCP: uvicorn sees the client go, the drain control.

The embedded behaviour is covered in ``tests/unit/simulator/test_commit_faults.py``; here the
client's disconnect reaches the simulator as ``http.disconnect``, and the test waits for the late
work through ``POST /simulator/faults/drain`` (or, across threads, ``FaultTable.drain()``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from cashier.simulator import cardstore, seed
from tests.helpers.simulator import ServedSimulator, SimulatorHandle, simulator_for

STX = "/api/v2/Smart/Transactions"
STARTS = "POST /api/v2/Smart/Transactions/*/start/*"
ERIKA = "9276004400000011"
UNBOOKED = (2000, 350, 0)
BOOKED = (2000, 400, 10)  # a 10,00 € cash sale: 50 bonus, 10 points
HURRIED = httpx.Timeout(10.0, read=0.2)
CASHIER = Path(sys.executable).with_name("cashier")
CREDENTIALS = {"client_id": seed.CLIENT_ID, "client_secret": seed.CLIENT_SECRET}
# A dropped connection: "closed without a response", or a read error when the close races the read.
DROPPED = (httpx.RemoteProtocolError, httpx.ReadError)


@pytest.fixture
async def served(served_simulator: ServedSimulator) -> AsyncIterator[SimulatorHandle]:
    async with simulator_for("served", served_simulator) as handle:
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


def status_and_card(sim: SimulatorHandle, stx_id: str) -> tuple[str, tuple[int, int, int]]:
    doc = sim.store.get("smart.transactions", stx_id)
    row = cardstore.find_card_by_number(sim.store, ERIKA)
    assert doc is not None
    assert row is not None
    return doc["status"], (row["cash_balance"], row["bonus_balance"], row["points"])


async def test_late_commit_over_tcp_lands_after_the_client_left(served: SimulatorHandle) -> None:
    client = await served.api_client()
    stx_id = await new_sale(client)
    fault = {"match": STARTS, "mode": "late_commit", "delay_ms": 300}
    assert (await client.post("/simulator/faults", json=fault)).status_code == 200
    with pytest.raises(httpx.ReadTimeout):
        await client.post(f"{STX}/{stx_id}/start/cash", json={}, timeout=HURRIED)
    assert status_and_card(served, stx_id) == ("created", UNBOOKED)
    drained = await client.post("/simulator/faults/drain", json={"timeout_ms": 10_000})
    assert drained.json() == {"result": True, "pending_commits": 0}
    assert status_and_card(served, stx_id) == ("ok", BOOKED)
    assert (await client.get(f"{STX}/{stx_id}")).json()["status"] == "ok"


async def test_slow_commit_over_tcp_answers_a_patient_client(served: SimulatorHandle) -> None:
    client = await served.api_client()
    stx_id = await new_sale(client)
    fault = {"match": STARTS, "mode": "slow_commit", "delay_ms": 10, "answer_ms": 50}
    assert (await client.post("/simulator/faults", json=fault)).status_code == 200
    answered = await client.post(f"{STX}/{stx_id}/start/cash", json={})
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "ok"
    await served.app.ctx.faults.drain()  # from the test's thread, for tasks of the server's loop
    assert (await client.get("/simulator/faults")).json() == {"faults": [], "pending_commits": 0}
    assert status_and_card(served, stx_id) == ("ok", BOOKED)


def test_serve_stops_cleanly_with_held_commits(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [str(CASHIER), "simulator", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "CASHIER_HOME": str(tmp_path)},
    )
    waiting: list[BaseException] = []
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[-1]
        fault = {"match": "POST /oauth/token", "mode": "late_commit", "delay_ms": 600_000, "times": 2}
        assert httpx.post(f"{url}/simulator/faults", json=fault).status_code == 200
        grant = {"grant_type": "client_credentials", **CREDENTIALS}
        with pytest.raises(httpx.ReadTimeout):  # its work is due in ten minutes
            httpx.post(f"{url}/oauth/token", json=grant, timeout=HURRIED)

        def patient() -> None:
            try:
                httpx.post(f"{url}/oauth/token", json=grant, timeout=30.0)
            except httpx.HTTPError as error:
                waiting.append(error)

        client = threading.Thread(target=patient)
        client.start()
        deadline = time.monotonic() + 10
        while httpx.get(f"{url}/simulator/faults").json()["pending_commits"] < 2:
            assert time.monotonic() < deadline, "the second request was never held"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
        client.join(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == 0
    assert "secuconnect simulator stopped" in out
    assert "stopping: 2 held commit(s) cancelled" in err
    assert "ERROR" not in err
    assert "Traceback" not in err
    assert len(waiting) == 1
    assert isinstance(waiting[0], DROPPED)
