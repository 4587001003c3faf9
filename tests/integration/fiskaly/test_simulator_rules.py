"""The fiskaly simulator's own rules, spoken to in plain HTTP: tokens, the TSS's states, revisions."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from cashier.simulator.fiskaly import seed
from tests.helpers.fiskaly import FiskalySim

API = "/api/v2"


async def authorized(sim: FiskalySim) -> httpx.AsyncClient:
    http = sim.control()
    token = (
        await http.post(f"{API}/auth", json={"api_key": seed.API_KEY, "api_secret": seed.API_SECRET})
    ).json()
    http.headers["Authorization"] = f"Bearer {token['access_token']}"
    return http


def error_of(response: httpx.Response) -> tuple[int, str | None]:
    body: dict[str, Any] = response.json()
    assert set(body) == {"status_code", "error", "code", "message"}
    assert body["status_code"] == response.status_code
    return response.status_code, body["code"]


async def test_calls_without_a_valid_token_are_answered_401(fsim: FiskalySim) -> None:
    http = fsim.control()
    assert error_of(await http.get(f"{API}/tss/{seed.TSS_ID}")) == (401, "E_UNAUTHORIZED")
    http.headers["Authorization"] = "Bearer nonsense"
    assert error_of(await http.get(f"{API}/tss/{seed.TSS_ID}")) == (401, "E_UNAUTHORIZED")


async def test_an_access_token_expires_and_a_refresh_token_is_used_once(fsim: FiskalySim) -> None:
    http = fsim.control()
    tokens = (
        await http.post(f"{API}/auth", json={"api_key": seed.API_KEY, "api_secret": seed.API_SECRET})
    ).json()
    assert tokens["access_token_expires_in"] == 86_400
    assert tokens["refresh_token_expires_in"] == 172_800
    fsim.clock.advance(86_400)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert error_of(await http.get(f"{API}/tss/{seed.TSS_ID}", headers=headers))[0] == 401
    refreshed = await http.post(f"{API}/auth", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    again = await http.post(f"{API}/auth", json={"refresh_token": tokens["refresh_token"]})
    assert error_of(again)[0] == 401


async def test_the_set_up_steps_are_refused_out_of_order(fsim: FiskalySim) -> None:
    http = await authorized(fsim)
    tss, client = f"{API}/tss/{uuid.uuid4()}", str(uuid.uuid4())
    created = (await http.put(tss, json={})).json()
    assert (created["state"], len(created["admin_puk"])) == ("CREATED", 10)
    assert "x_private_key" not in created
    assert error_of(await http.put(tss, json={})) == (409, "E_TSS_CONFLICT")
    assert error_of(await http.patch(tss, json={"state": "INITIALIZED"})) == (400, "E_TSS_STATE_TRANSITION")
    assert (
        error_of(
            await http.patch(
                f"{tss}/admin", json={"admin_puk": created["admin_puk"], "new_admin_pin": "123456"}
            )
        )[0]
        == 400
    )
    assert (await http.patch(tss, json={"state": "UNINITIALIZED"})).json()["state"] == "UNINITIALIZED"
    assert (await http.patch(tss, json={"state": "UNINITIALIZED"})).status_code == 200  # asked again: no harm
    assert error_of(
        await http.patch(f"{tss}/admin", json={"admin_puk": "WRONG", "new_admin_pin": "123456"})
    ) == (
        403,
        "E_ADMIN_PUK_INVALID",
    )
    assert error_of(await http.post(f"{tss}/admin/auth", json={"admin_pin": "123456"})) == (
        403,
        "E_ADMIN_PIN_NOT_SET",
    )
    pin = {"admin_puk": created["admin_puk"], "new_admin_pin": "123456"}
    assert (await http.patch(f"{tss}/admin", json=pin)).status_code == 200
    assert error_of(await http.patch(tss, json={"state": "INITIALIZED"})) == (
        403,
        "E_ADMIN_NOT_AUTHENTICATED",
    )
    tx = {"state": "ACTIVE", "client_id": client}
    assert error_of(await http.put(f"{tss}/tx/{uuid.uuid4()}?tx_revision=1", json=tx)) == (
        400,
        "E_TSS_NOT_INITIALIZED",
    )
    assert (await http.post(f"{tss}/admin/auth", json={"admin_pin": "123456"})).status_code == 200
    assert (await http.patch(tss, json={"state": "INITIALIZED"})).json()["state"] == "INITIALIZED"
    assert error_of(await http.get(f"{tss}/client/{client}")) == (400, "E_CLIENT_NOT_FOUND")
    assert (await http.put(f"{tss}/client/{client}", json={"serial_number": "ERS 1"})).json()[
        "state"
    ] == "REGISTERED"
    assert error_of(await http.put(f"{tss}/client/{client}", json={"serial_number": "ERS 1"})) == (
        409,
        "E_CLIENT_CONFLICT",
    )
    assert (await http.post(f"{tss}/admin/logout")).status_code == 200
    assert (await http.put(f"{tss}/tx/{uuid.uuid4()}?tx_revision=1", json=tx)).json()["number"] == 1
    assert error_of(await http.patch(tss, json={"state": "DISABLED"})) == (403, "E_ADMIN_NOT_AUTHENTICATED")


async def test_a_disabled_tss_signs_nothing(fsim: FiskalySim) -> None:
    http = await authorized(fsim)
    tss = f"{API}/tss/{seed.TSS_ID}"
    assert (await http.post(f"{tss}/admin/auth", json={"admin_pin": seed.ADMIN_PIN})).status_code == 200
    assert (await http.patch(tss, json={"state": "DISABLED"})).json()["state"] == "DISABLED"
    tx = {"state": "ACTIVE", "client_id": seed.CLIENT_ID}
    assert error_of(await http.put(f"{tss}/tx/{uuid.uuid4()}?tx_revision=1", json=tx)) == (
        400,
        "E_TSS_DISABLED",
    )


async def test_every_revision_can_be_read_back(fsim: FiskalySim) -> None:
    http = await authorized(fsim)
    tx = f"{API}/tss/{seed.TSS_ID}/tx/{uuid.uuid4()}"
    body = {"state": "ACTIVE", "client_id": seed.CLIENT_ID}
    first = (await http.put(f"{tx}?tx_revision=1", json=body)).json()
    second = (await http.put(f"{tx}?tx_revision=2", json={**body, "state": "CANCELLED"})).json()
    assert (first["log"]["operation"], second["log"]["operation"]) == ("Start", "Finish")
    assert "qr_code_data" not in first
    assert "time_end" not in first
    old = (await http.get(f"{tx}?tx_revision=1")).json()
    assert (old["revision"], old["latest_revision"], old["state"]) == (1, 2, "ACTIVE")
    assert error_of(await http.get(f"{API}/tss/{seed.TSS_ID}/tx/{uuid.uuid4()}")) == (404, "E_TX_NOT_FOUND")
    assert error_of(await http.put(f"{tx}", json=body))[0] == 400  # no tx_revision


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"state": "FINISHED", "client_id": seed.CLIENT_ID}, "E_TX_NO_TYPE_DEFINED"),
        ({"state": "DONE", "client_id": seed.CLIENT_ID}, "E_BAD_REQUEST"),
        (
            {
                "state": "FINISHED",
                "client_id": seed.CLIENT_ID,
                "schema": {
                    "standard_v1": {
                        "receipt": {
                            "receipt_type": "RECEIPT",
                            "amounts_per_vat_rate": [{"vat_rate": "NORMAL", "amount": 2.5}],
                        }
                    }
                },
            },
            "E_BAD_REQUEST",
        ),
    ],
)
async def test_a_bad_finish_is_refused_and_changes_nothing(
    fsim: FiskalySim, body: dict[str, Any], code: str
) -> None:
    http = await authorized(fsim)
    tx = f"{API}/tss/{seed.TSS_ID}/tx/{uuid.uuid4()}"
    await http.put(f"{tx}?tx_revision=1", json={"state": "ACTIVE", "client_id": seed.CLIENT_ID})
    assert error_of(await http.put(f"{tx}?tx_revision=2", json=body)) == (400, code)
    assert (await fsim.inspect())["signature_counter"] == 1


async def test_an_unknown_path_is_a_fiskaly_style_404(fsim: FiskalySim) -> None:
    assert error_of(await fsim.control().get(f"{API}/nothing/here")) == (404, "E_NOT_FOUND")
