"""The client against injected faults (``POST /simulator/faults``), embedded and served.

Reads are retried until they succeed; a non-idempotent call is sent exactly once and ends in
``OutcomeUnknown`` — whether the server committed it (``drop_after_commit``) or not
(``drop_before_commit``, ``hang``) cannot be told from the client's side, which is the point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cashier.api.errors import ConnectionFailed, OutcomeUnknown, RequestTimeout, ServerError
from cashier.api.wire import DeviceCodeAnswer, WireModel
from cashier.simulator import seed
from tests.helpers.simulator import DEVICE_UUID, SimulatorHandle
from tests.helpers.till import Till, client_for, registered

# The faults are the point here; each lost answer logs its unknown outcome as an error.
pytestmark = pytest.mark.expected_errors("cashier.api.http")

ME = "/api/v2/General/Merchants/me"
TRANSACTIONS = "/api/v2/Smart/Transactions"
TOKEN = "/oauth/token"


class Merchant(WireModel):
    id: str


class SmartTransaction(WireModel):
    id: str
    object: str


async def add_fault(sim: SimulatorHandle, **fault: Any) -> None:
    async with sim.client() as control:
        response = await control.post("/simulator/faults", json=fault)
        assert response.status_code == 200, response.text


def registrations(sim: SimulatorHandle) -> int:
    count: int = sim.store.execute("SELECT COUNT(*) FROM devices").fetchone()[0]
    return count


async def test_a_read_is_retried_through_http_500(sim: SimulatorHandle, tmp_path: Path) -> None:
    till = client_for(sim, tmp_path)
    async with till.http:
        await registered(till, sim)
        await add_fault(sim, match=f"GET {ME}", mode="http_500", times=2)
        merchant = await till.http.request("GET", ME, model=Merchant)
    assert merchant.id == seed.MERCHANT_ID
    assert till.transport.calls("GET", ME) == 3
    assert till.sleep.slept == [0.5, 1.0]


async def test_a_read_failing_beyond_the_budget_keeps_the_support_id(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    till = client_for(sim, tmp_path)
    async with till.http:
        await registered(till, sim)
        await add_fault(sim, match=f"GET {ME}", mode="http_500", times=3)
        with pytest.raises(ServerError) as caught:
            await till.http.request("GET", ME, model=Merchant)
    error = caught.value
    assert (error.status, error.error) == (500, "ProductInternalException")
    assert len(error.support_id or "") == 32
    assert till.transport.calls("GET", ME) == 3


@pytest.mark.parametrize("mode", ["drop_before_commit", "drop_after_commit"])
async def test_a_read_is_retried_through_a_dropped_connection(
    sim: SimulatorHandle, tmp_path: Path, mode: str
) -> None:
    till = client_for(sim, tmp_path)
    async with till.http:
        await registered(till, sim)
        await add_fault(sim, match=f"GET {ME}", mode=mode)
        assert (await till.http.request("GET", ME, model=Merchant)).id == seed.MERCHANT_ID
    assert till.transport.calls("GET", ME) == 2


async def test_a_read_is_retried_after_a_hang(sim: SimulatorHandle, tmp_path: Path) -> None:
    till = client_for(sim, tmp_path, read_timeout=0.2)
    async with till.http:
        await registered(till, sim)
        await add_fault(sim, match=f"GET {ME}", mode="hang")
        assert (await till.http.request("GET", ME, model=Merchant)).id == seed.MERCHANT_ID
    assert till.transport.calls("GET", ME) == 2


async def test_a_token_call_is_retried_through_a_dropped_connection(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    till = client_for(sim, tmp_path)
    async with till.http:
        await add_fault(sim, match=f"POST {TOKEN}", mode="drop_before_commit")
        await registered(till, sim)
    assert till.transport.grants() == ["device", "device", "device"]
    assert till.sleep.slept == [0.5]


CARRIERS = ["create smart transaction", "device registration"]


async def send_once(till: Till, carrier: str) -> None:
    """A non-idempotent POST: creating a smart transaction, or registering a device."""
    if carrier == "create smart transaction":
        await till.http.request(
            "POST",
            TRANSACTIONS,
            model=SmartTransaction,
            json={"basket_info": {"sum": 0, "currency": "EUR"}},
            operation="create smart transaction",
        )
    else:
        await till.http.request(
            "POST",
            TOKEN,
            model=DeviceCodeAnswer,
            json={
                "grant_type": "device",
                "uuid": DEVICE_UUID,
                "client_id": seed.CLIENT_ID,
                "client_secret": seed.CLIENT_SECRET,
            },
            authenticated=False,
            idempotent=False,
            operation="device registration",
        )


@pytest.mark.parametrize("carrier", CARRIERS)
@pytest.mark.parametrize(
    "fault",
    [
        ("drop_after_commit", ConnectionFailed, True),
        ("drop_before_commit", ConnectionFailed, False),
        ("hang", RequestTimeout, False),
        ("http_500", ServerError, False),
    ],
    ids=lambda fault: fault[0],
)
async def test_a_non_idempotent_call_is_sent_once_and_its_outcome_is_unknown(
    sim: SimulatorHandle, tmp_path: Path, carrier: str, fault: tuple[str, type[Exception], bool]
) -> None:
    mode, cause, committed = fault
    till = client_for(sim, tmp_path, read_timeout=0.2)
    async with till.http:
        await registered(till, sim)
        before = len(till.transport.sent)
        registrations_before = registrations(sim)
        path = TRANSACTIONS if carrier == "create smart transaction" else TOKEN
        await add_fault(sim, match=f"POST {path}", mode=mode)
        with pytest.raises(OutcomeUnknown) as caught:
            await send_once(till, carrier)
        assert [(m, p) for m, p, _ in till.transport.sent[before:]] == [("POST", path)]
        assert till.sleep.slept == []
        assert isinstance(caught.value.cause, cause)
        assert caught.value.operation == carrier
        if carrier == "device registration":
            assert registrations(sim) == registrations_before + committed
        # The fault is used up: the same call now goes through (the caller decides to send it again).
        await send_once(till, carrier)
