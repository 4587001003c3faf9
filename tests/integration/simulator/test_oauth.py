"""POST /oauth/token on the wire (docs/secuconnect.md §2), embedded and served."""

from __future__ import annotations

from typing import Any

import pytest

from cashier.simulator import seed
from tests.helpers.simulator import DEVICE_UUID, SimulatorHandle

CREDENTIALS = {"client_id": seed.CLIENT_ID, "client_secret": seed.CLIENT_SECRET}


async def token(sim: SimulatorHandle, **fields: Any) -> Any:
    async with sim.client() as client:
        return await client.post("/oauth/token", json=fields)


async def test_device_flow_pending_then_tokens_then_refresh(sim: SimulatorHandle) -> None:
    client = sim.client()
    registered = await client.post(
        "/oauth/token", json={"grant_type": "device", "uuid": DEVICE_UUID, **CREDENTIALS}
    )
    assert registered.status_code == 200
    body = registered.json()
    assert set(body) == {"device_code", "user_code", "verification_url", "expires_in", "interval"}
    assert len(body["user_code"]) == 8
    assert body["interval"] == 5
    assert body["expires_in"] == 1200

    poll = {"grant_type": "device", "code": body["device_code"], **CREDENTIALS}
    pending = await client.post("/oauth/token", json=poll)
    assert pending.status_code == 401
    assert pending.json()["error"] == "authorization_pending"
    assert "error_description" in pending.json()

    sim.clock.advance(5)  # --confirm-after 5: confirmed automatically
    granted = await client.post("/oauth/token", json=poll)
    assert granted.status_code == 200, granted.text
    tokens = granted.json()
    assert set(tokens) == {"access_token", "refresh_token", "expires_in", "token_type", "scope"}
    assert tokens["token_type"] == "bearer"

    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get("/api/v2/General/Merchants/me", headers=headers)).status_code == 200

    refreshed = await client.post(
        "/oauth/token",
        json={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], **CREDENTIALS},
    )
    assert refreshed.status_code == 200
    assert "refresh_token" not in refreshed.json()
    # One valid access token per device session: the old one is gone.
    old = await client.get("/api/v2/General/Merchants/me", headers=headers)
    assert old.status_code == 403
    assert old.json()["code"] == 2003
    new_headers = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    assert (await client.get("/api/v2/General/Merchants/me", headers=new_headers)).status_code == 200


async def test_form_bodies_are_accepted(sim: SimulatorHandle) -> None:
    client = sim.client()
    response = await client.post("/oauth/token", data={"grant_type": "client_credentials", **CREDENTIALS})
    assert response.status_code == 200
    assert response.json()["expires_in"] == 1200
    assert "refresh_token" not in response.json()


async def test_confirm_after_zero_confirms_at_the_first_poll(make_sim: Any) -> None:
    async with make_sim(confirm_after=0) as sim:
        client = sim.client()
        registered = await client.post(
            "/oauth/token", json={"grant_type": "device", "uuid": DEVICE_UUID, **CREDENTIALS}
        )
        poll = {"grant_type": "device", "code": registered.json()["device_code"], **CREDENTIALS}
        assert (await client.post("/oauth/token", json=poll)).status_code == 200


async def test_an_unconfirmed_device_code_expires(make_sim: Any) -> None:
    async with make_sim(confirm_after=10_000) as sim:
        client = sim.client()
        registered = await client.post(
            "/oauth/token", json={"grant_type": "device", "uuid": DEVICE_UUID, **CREDENTIALS}
        )
        sim.clock.advance(1201)
        poll = {"grant_type": "device", "code": registered.json()["device_code"], **CREDENTIALS}
        expired = await client.post("/oauth/token", json=poll)
        assert expired.status_code == 400
        assert expired.json()["error"] == "expired_token"


async def test_an_access_token_expires(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    assert (await client.get("/api/v2/General/Merchants/me")).status_code == 200
    sim.clock.advance(1200)
    expired = await client.get("/api/v2/General/Merchants/me")
    assert expired.status_code == 403
    body = expired.json()
    assert body["status"] == "error"
    assert body["error"] == "ProductNotAllowedException"
    assert body["code"] == 2003
    assert body["error_details"] == "Valid auth token required"
    assert len(body["supportId"]) == 32


@pytest.mark.parametrize(
    ("fields", "status", "error"),
    [
        (
            {"grant_type": "device", "uuid": DEVICE_UUID, "client_id": "x", "client_secret": "y"},
            400,
            "invalid_client",
        ),
        ({"grant_type": "device", "uuid": DEVICE_UUID}, 400, "invalid_client"),
        ({"grant_type": "password", **CREDENTIALS}, 400, "unsupported_grant_type"),
        (CREDENTIALS, 400, "invalid_request"),
        ({"grant_type": "device", **CREDENTIALS}, 400, "invalid_request"),
        ({"grant_type": "device", "uuid": "till-0001", **CREDENTIALS}, 401, "invalid_device"),
        ({"grant_type": "device", "uuid": "/vendor/", **CREDENTIALS}, 401, "invalid_device"),
        ({"grant_type": "refresh_token", "refresh_token": "nope", **CREDENTIALS}, 400, "invalid_grant"),
    ],
)
async def test_oauth_errors(sim: SimulatorHandle, fields: dict[str, str], status: int, error: str) -> None:
    response = await token(sim, **fields)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["error_description"]


async def test_malformed_token_request(sim: SimulatorHandle) -> None:
    async with sim.client() as client:
        response = await client.post(
            "/oauth/token", content=b"{not json", headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nonsense", "Basic abc"])
async def test_api_calls_without_a_valid_token_are_refused(sim: SimulatorHandle, header: str) -> None:
    async with sim.client() as client:
        response = await client.get(
            "/api/v2/General/Merchants/me", headers={"Authorization": header} if header else {}
        )
    assert response.status_code == 403
    assert response.json()["code"] == 2003


async def test_the_authenticate_header_of_the_docs_is_tolerated(sim: SimulatorHandle) -> None:
    client = sim.client()
    tokens = await sim.device_token(client)
    response = await client.get(
        "/api/v2/General/Merchants/me", headers={"Authenticate": f"Bearer {tokens['access_token']}"}
    )
    assert response.status_code == 200
    assert response.json()["companyname"] == "Café Sonnenschein"


async def test_confirming_an_unknown_user_code_is_404(sim: SimulatorHandle) -> None:
    async with sim.client() as client:
        response = await client.post("/simulator/devices/confirm", json={"user_code": "zzzzzzzz"})
    assert response.status_code == 404
    assert response.json()["error"] == "ProductNotFoundException"
