"""Online or offline, judged from the client's own exchanges (docs/offline.md)."""

from __future__ import annotations

import httpx
import pytest

from cashier.api.errors import ConnectionFailed, InvalidRequest, RequestTimeout, ServerError
from cashier.api.reachability import OFFLINE_TIMEOUTS
from cashier.api.wire import WireModel
from tests.helpers.api import (
    RecordingSleep,
    ScriptedTransport,
    connect_error,
    envelope,
    make_client,
    read_timeout,
)

# The line going down is the point: each failed request is logged.
pytestmark = pytest.mark.expected_errors("cashier.api.http")


class Merchant(WireModel):
    id: str


OK = httpx.Response(200, json={"id": "MRC_1", "object": "general.merchants"})
ME = "/api/v2/General/Merchants/me"


def read_timeouts(request: httpx.Request) -> float | None:
    timeout: dict[str, float | None] = request.extensions["timeout"]
    return timeout["read"]


async def test_a_connection_that_cannot_be_made_takes_the_till_offline_at_once_without_backoff() -> None:
    transport = ScriptedTransport(connect_error, connect_error, OK)
    sleep = RecordingSleep()
    changes: list[bool] = []
    async with make_client(transport, sleep=sleep, judge_reachability=True) as client:
        client.reachability.subscribe(changes.append)
        with pytest.raises(ConnectionFailed):
            await client.request("GET", ME, model=Merchant, authenticated=False)
        assert (client.reachability.offline, changes, sleep.slept) == (True, [False], [])
        assert len(transport.requests) == 1  # the counter does not wait for a backoff
        with pytest.raises(ConnectionFailed):
            await client.request(
                "GET", ME, model=Merchant, authenticated=False
            )  # offline: once, with short timeouts
        assert read_timeouts(transport.requests[1]) == OFFLINE_TIMEOUTS.read
        assert (await client.request("GET", ME, model=Merchant, authenticated=False)).id == "MRC_1"
        assert (client.reachability.online, changes) == (True, [False, True])
        assert client.reachability.since is None


async def test_one_failed_request_is_a_fault_two_in_a_row_an_outage() -> None:
    internal = envelope(500, "ProductInternalException", 1000, "Internal error")
    transport = ScriptedTransport(read_timeout, OK, read_timeout, internal, internal)
    async with make_client(transport, judge_reachability=True) as client:  # 3 attempts
        assert (
            await client.request("GET", ME, model=Merchant, authenticated=False)
        ).id == "MRC_1"  # a timeout, then the retry
        assert client.reachability.online
        with pytest.raises(ServerError):
            await client.request("GET", ME, model=Merchant, authenticated=False)
        assert client.reachability.offline
        assert "HTTP 500" in (client.reachability.problem or "")
        # The service answers, if with errors: the request keeps its retry budget (3 attempts).
        assert len(transport.requests) == 5


async def test_any_answer_below_500_proves_the_service_is_there() -> None:
    refused = envelope(400, "ProductBadRequestException", 1001, "bad")
    transport = ScriptedTransport(connect_error, refused)
    async with make_client(transport, judge_reachability=True) as client:
        with pytest.raises(ConnectionFailed):
            await client.request("GET", ME, model=Merchant, authenticated=False)
        with pytest.raises(InvalidRequest):
            await client.request("GET", ME, model=Merchant, authenticated=False)
        assert client.reachability.online


async def test_a_client_that_does_not_judge_keeps_its_retry_budget() -> None:
    transport = ScriptedTransport(read_timeout, read_timeout, read_timeout)
    async with make_client(transport) as client:
        with pytest.raises(RequestTimeout):
            await client.request("GET", ME, model=Merchant, authenticated=False)
        assert client.reachability.online
        assert len(transport.requests) == 3
