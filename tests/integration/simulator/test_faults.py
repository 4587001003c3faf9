"""Fault injection and the /simulator controls, embedded and served.

See docs/architecture.md, "The simulator".
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cashier.simulator import seed
from tests.helpers.simulator import DEVICE_UUID, SimulatorHandle

MERCHANT = "/api/v2/General/Merchants/me"
REGISTER = {
    "grant_type": "device",
    "uuid": DEVICE_UUID,
    "client_id": seed.CLIENT_ID,
    "client_secret": seed.CLIENT_SECRET,
}


async def add_fault(client: httpx.AsyncClient, **fault: Any) -> httpx.Response:
    response = await client.post("/simulator/faults", json=fault)
    assert response.status_code == 200, response.text
    return response


def registrations(sim: SimulatorHandle) -> int:
    count: int = sim.store.execute("SELECT COUNT(*) FROM devices").fetchone()[0]
    return count


async def test_http_500_answers_in_the_envelope_for_times_then_stops(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    await add_fault(client, match="GET /api/v2/General/Merchants/*", mode="http_500", times=2)
    for _ in range(2):
        failed = await client.get(MERCHANT)
        assert failed.status_code == 500
        assert failed.json()["error"] == "ProductInternalException"
        assert failed.json()["status"] == "error"
    assert (await client.get(MERCHANT)).status_code == 200
    assert (await client.get("/simulator/faults")).json() == {"faults": [], "pending_commits": 0}


async def test_faults_match_method_and_path_case_insensitively(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    await add_fault(client, match="post /API/V2/general/*", mode="http_500")
    assert (await client.get(MERCHANT)).status_code == 200  # GET does not match POST
    await client.delete("/simulator/faults")
    await add_fault(client, match="* /api/v2/general/merchants/me", mode="http_500")
    assert (await client.get(MERCHANT)).status_code == 500


async def test_delay_still_answers(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    await add_fault(client, match="GET /api/v2/*", mode="delay", delay_ms=20)
    response = await client.get(MERCHANT)
    assert response.status_code == 200
    assert response.json()["id"] == seed.MERCHANT_ID


async def test_hang_never_answers_and_the_client_times_out(sim: SimulatorHandle) -> None:
    client = sim.client(timeout=httpx.Timeout(5.0, read=0.3))
    await add_fault(client, match="POST /oauth/token", mode="hang")
    with pytest.raises(httpx.ReadTimeout):
        await client.post("/oauth/token", json=REGISTER)
    assert registrations(sim) == 0
    # The fault was used up: the next call goes through.
    assert (await client.post("/oauth/token", json=REGISTER)).status_code == 200


# A dropped connection reaches the client as "closed without a response" — or, when the
# server's close races the client's read over TCP, as a read error (seen on a loaded machine).
DROPPED = (httpx.RemoteProtocolError, httpx.ReadError)


async def test_drop_before_commit_changes_nothing(sim: SimulatorHandle) -> None:
    client = sim.client()
    await add_fault(client, match="POST /oauth/token", mode="drop_before_commit")
    with pytest.raises(DROPPED):
        await client.post("/oauth/token", json=REGISTER)
    assert registrations(sim) == 0


async def test_drop_after_commit_keeps_the_change(sim: SimulatorHandle) -> None:
    client = sim.client()
    await add_fault(client, match="POST /oauth/token", mode="drop_after_commit")
    with pytest.raises(DROPPED):
        await client.post("/oauth/token", json=REGISTER)
    assert registrations(sim) == 1


@pytest.mark.parametrize(
    ("fault", "field_text"),
    [
        ({"mode": "http_500"}, "match must be"),
        ({"match": "GET", "mode": "http_500"}, "match must be"),
        ({"match": "GET /x", "mode": "explode"}, "mode must be one of"),
        ({"match": "GET /x", "mode": "delay", "delay_ms": -1}, "delay_ms must be"),
        ({"match": "GET /x", "mode": "delay", "times": "2"}, "times must be"),
    ],
)
async def test_bad_faults_are_refused(sim: SimulatorHandle, fault: dict[str, Any], field_text: str) -> None:
    async with sim.client() as client:
        response = await client.post("/simulator/faults", json=fault)
    assert response.status_code == 400
    assert field_text in response.json()["error_details"]


async def test_reset_restores_the_seed_and_clears_faults(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    sim.store.execute("UPDATE merchant_cards SET csc = '0000'")
    await add_fault(client, match="GET /nowhere", mode="http_500", times=0)
    assert (await client.post("/simulator/reset")).json() == {"result": True}
    assert (await client.get("/simulator/faults")).json() == {"faults": [], "pending_commits": 0}
    csc = sim.store.execute(
        "SELECT csc FROM merchant_cards WHERE cardnumber = '9276004400000011'"
    ).fetchone()[0]
    assert csc == "1234"
    # Tokens are state too: after a reset the old one is gone.
    assert (await client.get(MERCHANT)).status_code == 403


async def test_unknown_paths_and_methods_answer_in_the_envelope(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    missing = await client.get("/api/v2/Nothing/Here")
    assert missing.status_code == 404
    assert missing.json()["error"] == "ProductNotFoundException"
    wrong_method = await client.delete(MERCHANT)
    assert wrong_method.status_code == 405
    assert wrong_method.json()["status"] == "error"


async def test_malformed_json_is_a_400_naming_the_body(sim: SimulatorHandle) -> None:
    async with sim.client() as client:
        response = await client.post(
            "/simulator/faults", content=b"{oops", headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json()["error_details"].startswith("body: not valid JSON")
