"""Vendor shapes at the doors, embedded and served: ``me`` refused where the docs use the card's id
(shape e), OAuth-shaped 5xx on the token endpoint (f), vendors the simulator knows (h)."""

from __future__ import annotations

import httpx
import pytest

from cashier.simulator import seed
from tests.helpers.simulator import DEVICE_UUID, SimulatorHandle
from tests.integration.simulator.vendor_shapes_support import MakeSim, answer

CARDS = "/api/v2/Loyalty/MerchantCards"
ERIKA = "9276004400000011"  # CSC 1234, no PIN
PIN_CARD = "9276004400000029"  # PIN 4711
CREDENTIALS = {"client_id": seed.CLIENT_ID, "client_secret": seed.CLIENT_SECRET}
UNCONFIGURED = {"error": "invalid_device", "error_description": "device with given uuid not configured"}

CARD_CALLS = [
    ("checkCsc", {"cardnumber": ERIKA, "csc": "1234"}, ERIKA),
    ("checkPasscode", {"cardnumber": PIN_CARD, "pin": 4711}, PIN_CARD),
    ("getCardBalanceReceipt", {"cardnumber": ERIKA}, ERIKA),
]


async def register(client: httpx.AsyncClient, uuid: str) -> httpx.Response:
    return await client.post("/oauth/token", json={"grant_type": "device", "uuid": uuid, **CREDENTIALS})


# --- e: the card's own id -------------------------------------------------------------------
@pytest.mark.parametrize(("action", "body", "card"), CARD_CALLS)
async def test_me_is_refused_where_the_docs_use_the_card_id(
    shaped: SimulatorHandle, action: str, body: dict[str, object], card: str
) -> None:
    client = await shaped.api_client()
    refused = answer(await client.post(f"{CARDS}/me/{action}", json=body), 404)
    assert (refused["error"], refused["code"]) == ("ProductNotFoundException", 3001)
    assert refused["error_details"] == "Merchant card me not found"
    on_its_id = answer(await client.post(f"{CARDS}/{seed.demo_card_id(card)}/{action}", json=body))
    assert on_its_id.get("result", on_its_id.get("valid")) is True


async def test_me_still_works_where_the_docs_use_it(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    valid = answer(await client.post(f"{CARDS}/me/validateMerchantcard", json={"cardnumber": ERIKA}))
    assert valid["isValid"] is True
    assert len(answer(await client.get(f"{CARDS}/me/lockReasons"))) == 5


@pytest.mark.parametrize(("action", "body", "card"), CARD_CALLS)
async def test_without_the_switch_me_is_accepted(
    make_sim: MakeSim, action: str, body: dict[str, object], card: str
) -> None:
    async with make_sim(vendor_shapes=False) as sim:
        client = await sim.api_client()
        accepted = answer(await client.post(f"{CARDS}/me/{action}", json=body))
    assert accepted.get("result", accepted.get("valid")) is True


async def test_the_balance_receipt_has_the_vendor_shapes(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    receipt = answer(
        await client.post(
            f"{CARDS}/{seed.demo_card_id(ERIKA)}/getCardBalanceReceipt", json={"cardnumber": ERIKA}
        )
    )
    decorations = [line["value"].get("decoration") for line in receipt["receipt"] if "value" in line]
    assert None in decorations
    assert [] not in decorations


# --- f: a failing token service answers as OAuth does ----------------------------------------
@pytest.mark.parametrize(("status", "error"), [(500, "server_error"), (503, "temporarily_unavailable")])
async def test_a_token_endpoint_fault_answers_an_oauth_body(
    shaped: SimulatorHandle, status: int, error: str
) -> None:
    client = shaped.client()
    fault = {"match": "POST /oauth/token", "mode": "http_500", "status": status}
    answer(await client.post("/simulator/faults", json=fault))
    failed = answer(await register(client, DEVICE_UUID), status)
    assert failed == {"error": error, "error_description": "Injected fault: the token service failed"}
    assert "device_code" in answer(await register(client, DEVICE_UUID))  # used up: works again


async def test_an_api_fault_keeps_the_envelope_with_its_status(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    answer(
        await client.post(
            "/simulator/faults", json={"match": "GET /api/*", "mode": "http_500", "status": 502}
        )
    )
    failed = answer(await client.get("/api/v2/General/Merchants/me"), 502)
    assert (failed["status"], failed["error"], failed["code"]) == ("error", "ProductInternalException", 1000)


async def test_without_the_switch_a_token_fault_answers_the_envelope(make_sim: MakeSim) -> None:
    async with make_sim(vendor_shapes=False) as sim:
        client = sim.client()
        answer(
            await client.post("/simulator/faults", json={"match": "POST /oauth/token", "mode": "http_500"})
        )
        failed = answer(await register(client, DEVICE_UUID), 500)
    assert failed["error"] == "ProductInternalException"


@pytest.mark.parametrize(
    "fault",
    [
        {"match": "POST /oauth/token", "mode": "http_500", "status": 404},
        {"match": "POST /oauth/token", "mode": "http_500", "status": "503"},
        {"match": "POST /oauth/token", "mode": "delay", "status": 503},
    ],
)
async def test_a_fault_status_is_a_5xx_of_http_500(shaped: SimulatorHandle, fault: dict[str, object]) -> None:
    refused = answer(await shaped.client().post("/simulator/faults", json=fault), 400)
    assert refused["error_details"].startswith("fault: status ")


# --- h: vendors ---------------------------------------------------------------------------
async def test_with_the_switch_only_the_default_vendor_exists(shaped: SimulatorHandle) -> None:
    client = shaped.client()
    assert answer(await register(client, "/vendor/mycompany/till/1"), 401) == UNCONFIGURED
    assert answer(await register(client, "/vendor/nope"), 401) == UNCONFIGURED
    assert "device_code" in answer(await register(client, "/vendor/cashier/till/1"))


async def test_the_simulator_can_be_told_its_vendors(make_sim: MakeSim) -> None:
    async with make_sim(vendors=("mycompany", "vendor_name")) as sim:
        client = sim.client()
        assert "device_code" in answer(await register(client, "/vendor/mycompany/serial/1234"))
        assert "device_code" in answer(await register(client, "/vendor/vendor_name/cashier/iostest1"))
        assert answer(await register(client, "/vendor/cashier/till/1"), 401) == UNCONFIGURED


async def test_without_the_switch_or_vendors_any_vendor_registers(make_sim: MakeSim) -> None:
    async with make_sim(vendor_shapes=False) as sim:
        assert "device_code" in answer(await register(sim.client(), "/vendor/anyone/till/1"))
