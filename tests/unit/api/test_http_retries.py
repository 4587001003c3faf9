"""Retries of the base client: failures before success × failure kind, over a scripted transport.

Idempotent calls retry with jittered exponential backoff (recorded, never slept); a
non-idempotent call is sent exactly once and fails with ``OutcomeUnknown`` unless the request
provably never left.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from cashier.api.errors import (
    ApiError,
    ConnectionFailed,
    InvalidRequest,
    OutcomeUnknown,
    RequestTimeout,
    ResponseValidationError,
    ServerError,
)
from cashier.api.wire import WireModel
from tests.helpers.api import (
    RecordingSleep,
    ScriptedTransport,
    Step,
    connect_error,
    connect_timeout,
    dropped,
    envelope,
    make_client,
    read_error,
    read_timeout,
    settings,
)


class Merchant(WireModel):
    id: str


OK = httpx.Response(200, json={"id": "MRC_1", "object": "general.merchants"})
ME = "/api/v2/General/Merchants/me"
START = "/api/v2/Smart/Transactions/STX_1/start/cash"

FAILURES: dict[str, tuple[Callable[[], Step], type[ApiError]]] = {
    "connect error": (lambda: connect_error, ConnectionFailed),
    "read timeout": (lambda: read_timeout, RequestTimeout),
    "dropped connection": (lambda: dropped, ConnectionFailed),
    "500": (lambda: envelope(500, "ProductInternalException", 1000, "Internal error"), ServerError),
    "502": (lambda: httpx.Response(502, text="<html><h1>502 Bad Gateway</h1></html>"), ServerError),
    "503": (lambda: httpx.Response(503, json={"message": "maintenance"}), ServerError),
    "504": (lambda: httpx.Response(504, content=b""), ServerError),
}


@pytest.mark.parametrize("kind", FAILURES)
@pytest.mark.parametrize("failures", [0, 1, 2])
async def test_an_idempotent_get_succeeds_within_the_attempt_budget(kind: str, failures: int) -> None:
    make_failure, _ = FAILURES[kind]
    transport = ScriptedTransport(*[make_failure() for _ in range(failures)], OK)
    sleep = RecordingSleep()
    async with make_client(transport, sleep=sleep) as client:
        merchant = await client.request("GET", ME, model=Merchant, authenticated=False)
    assert merchant.id == "MRC_1"
    assert len(transport.requests) == failures + 1
    assert sleep.slept == [0.5, 1.0][:failures]
    assert client.is_closed


@pytest.mark.parametrize("kind", FAILURES)
async def test_an_idempotent_get_fails_with_the_typed_error_beyond_the_budget(kind: str) -> None:
    make_failure, expected = FAILURES[kind]
    transport = ScriptedTransport(*[make_failure() for _ in range(3)])
    sleep = RecordingSleep()
    async with make_client(transport, sleep=sleep) as client:
        with pytest.raises(expected) as caught:
            await client.request("GET", ME, model=Merchant, authenticated=False)
    assert type(caught.value) is expected
    assert len(transport.requests) == 3
    assert sleep.slept == [0.5, 1.0]


NOT_SENT: dict[str, tuple[Step, type[ApiError]]] = {
    "connect error": (connect_error, ConnectionFailed),
    "connect timeout": (connect_timeout, RequestTimeout),
}
MAYBE_SENT: dict[str, tuple[Callable[[], Step], type[ApiError]]] = {
    "read timeout": (lambda: read_timeout, RequestTimeout),
    "dropped connection": (lambda: dropped, ConnectionFailed),
    "connection reset": (lambda: read_error, ConnectionFailed),
    "500": (lambda: envelope(500, "ProductInternalException", 1000, "Internal error"), ServerError),
    "502": (lambda: httpx.Response(502, text="Bad Gateway"), ServerError),
    "503": (lambda: httpx.Response(503, text=""), ServerError),
    "504": (lambda: httpx.Response(504, text="Gateway Timeout"), ServerError),
}


@pytest.mark.expected_errors("cashier.api.http")
@pytest.mark.parametrize("kind", MAYBE_SENT)
async def test_a_non_idempotent_post_is_sent_once_and_its_outcome_is_unknown(kind: str) -> None:
    make_failure, cause = MAYBE_SENT[kind]
    transport = ScriptedTransport(make_failure(), OK)
    sleep = RecordingSleep()
    async with make_client(transport, sleep=sleep) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.request(
                "POST",
                START,
                model=Merchant,
                json={},
                authenticated=False,
                operation="start/cash",
                smart_transaction_id="STX_1",
            )
    error = caught.value
    assert len(transport.requests) == 1
    assert sleep.slept == []
    assert (error.operation, error.smart_transaction_id) == ("start/cash", "STX_1")
    assert isinstance(error.cause, cause)
    assert isinstance(error.__cause__, cause)
    assert "STX_1" in error.message
    assert "read it back" in error.message


@pytest.mark.parametrize("kind", NOT_SENT)
async def test_a_non_idempotent_post_that_never_left_fails_as_itself(kind: str) -> None:
    failure, expected = NOT_SENT[kind]
    transport = ScriptedTransport(failure, OK)
    async with make_client(transport) as client:
        with pytest.raises(expected) as caught:
            await client.request("POST", START, model=Merchant, json={}, authenticated=False)
    assert caught.value.request_sent is False  # type: ignore[attr-defined]
    assert len(transport.requests) == 1


@pytest.mark.expected_errors("cashier.api.http")
async def test_a_post_is_non_idempotent_unless_marked() -> None:
    transport = ScriptedTransport(dropped, OK)
    async with make_client(transport) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.request(
                "POST", "/api/v2/Smart/Transactions", model=Merchant, json={}, authenticated=False
            )
    assert caught.value.operation == "POST /api/v2/Smart/Transactions"
    assert caught.value.smart_transaction_id is None

    transport = ScriptedTransport(dropped, OK)
    async with make_client(transport) as client:
        merchant = await client.request(
            "POST", "/api/v2/x/validate", model=Merchant, json={}, idempotent=True, authenticated=False
        )
    assert merchant.id == "MRC_1"
    assert len(transport.requests) == 2


async def test_a_client_error_is_never_retried() -> None:
    transport = ScriptedTransport(envelope(400, "ProductFormatException", 1001, "basket: required"), OK)
    sleep = RecordingSleep()
    async with make_client(transport, sleep=sleep) as client:
        with pytest.raises(InvalidRequest):
            await client.request("GET", ME, model=Merchant, authenticated=False)
    assert len(transport.requests) == 1
    assert sleep.slept == []


async def test_a_501_is_not_retried() -> None:
    transport = ScriptedTransport(httpx.Response(501, text="no"), OK)
    async with make_client(transport) as client:
        with pytest.raises(ServerError) as caught:
            await client.request("GET", ME, model=Merchant, authenticated=False)
    assert caught.value.status == 501
    assert len(transport.requests) == 1


@pytest.mark.parametrize(
    ("random_fraction", "attempts", "base", "cap", "expected"),
    [
        (0.0, 5, 0.5, 8.0, [0.5, 1.0, 2.0, 4.0]),
        (0.5, 5, 0.5, 8.0, [0.4375, 0.875, 1.75, 3.5]),  # shortened by up to a quarter
        (0.0, 6, 1.0, 3.0, [1.0, 2.0, 3.0, 3.0, 3.0]),  # capped
    ],
)
async def test_backoff_grows_exponentially_with_jitter_and_a_cap(
    random_fraction: float, attempts: int, base: float, cap: float, expected: list[float]
) -> None:
    transport = ScriptedTransport(*[connect_error] * attempts)
    sleep = RecordingSleep()
    client_settings = settings(attempts=attempts, base_delay=base, max_delay=cap)
    async with make_client(
        transport, sleep=sleep, random_fraction=random_fraction, client_settings=client_settings
    ) as client:
        with pytest.raises(ConnectionFailed):
            await client.request("GET", ME, model=Merchant, authenticated=False)
    assert sleep.slept == pytest.approx(expected)
    assert len(transport.requests) == attempts


async def test_one_attempt_means_no_retry() -> None:
    transport = ScriptedTransport(read_timeout, OK)
    async with make_client(transport, client_settings=settings(attempts=1)) as client:
        with pytest.raises(RequestTimeout):
            await client.request("GET", ME, model=Merchant, authenticated=False)
    assert len(transport.requests) == 1


@pytest.mark.expected_errors("cashier.api.http")
@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>ok</html>"),
        httpx.Response(200, json={"unexpected": True}),
        httpx.Response(403, text="<html>Forbidden by proxy</html>"),
    ],
)
async def test_an_unreadable_answer_to_a_non_idempotent_call_is_an_unknown_outcome(
    answer: httpx.Response,
) -> None:
    transport = ScriptedTransport(answer)
    async with make_client(transport) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.request(
                "POST", START, model=Merchant, json={}, authenticated=False, smart_transaction_id="STX_1"
            )
    assert isinstance(caught.value.cause, ResponseValidationError)
    assert len(transport.requests) == 1


async def test_a_clear_refusal_of_a_non_idempotent_call_is_raised_as_itself() -> None:
    transport = ScriptedTransport(envelope(400, "ProductNotAllowedException", 1010, "not in state created"))
    async with make_client(transport) as client:
        with pytest.raises(InvalidRequest):
            await client.request("POST", START, model=Merchant, json={}, authenticated=False)
    assert len(transport.requests) == 1
