"""The fiskaly client against hand-made answers (``httpx.MockTransport``): tolerant reading and the
error each failure becomes. No simulator: these are the shapes and failures it does not make."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cashier.fiskaly import (
    LIVE_BASE_URL,
    TEST_BASE_URL,
    FiskalyClient,
    FiskalyCredentials,
    FiskalyOutcomeUnknown,
    FiskalyRefused,
    FiskalyUnreachable,
)
from cashier.fiskaly.environments import FiskalyTimeouts, check_base_url
from cashier.services.fiscal.fiskaly_tse import FiskalyTse

TSS = "5b1f3c2e-7d4a-4e8b-9c6f-2a1d0e3f4b5c"
TX = "0e0e0e0e-1111-4222-8333-444455556666"
AUTH = {"access_token": "tok", "access_token_expires_in": 600, "refresh_token": "ref"}
Handler = Callable[[httpx.Request], httpx.Response]


def client_with(handler: Handler) -> FiskalyClient:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth"):
            return httpx.Response(200, json=AUTH)
        return handler(request)

    return FiskalyClient(
        TEST_BASE_URL, FiskalyCredentials("key", "secret"), transport=httpx.MockTransport(route)
    )


def raising(exc: type[httpx.HTTPError]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("simulated", request=request)

    return handler


def answer(status: int, body: Any = None, *, text: str | None = None) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        if text is not None:
            return httpx.Response(status, text=text)
        return httpx.Response(status, json=body)

    return handler


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_the_base_urls_are_fiskalys_and_only_https_leaves_the_machine() -> None:
    assert TEST_BASE_URL == "https://kassensichv-middleware.fiskaly.com/api/v2"
    assert LIVE_BASE_URL == "https://kassensichv.fiskaly.com/api/v2"
    assert check_base_url("http://127.0.0.1:8470/fiskaly/api/v2/") == "http://127.0.0.1:8470/fiskaly/api/v2"
    assert check_base_url("http://fiskaly.invalid/api/v2") == "http://fiskaly.invalid/api/v2"
    with pytest.raises(ValueError, match="https"):
        check_base_url("http://kassensichv.fiskaly.com/api/v2")


def test_timeouts_follow_fiskalys_guidance() -> None:
    timeouts = FiskalyTimeouts()
    assert (timeouts.connect, timeouts.auth, timeouts.transaction, timeouts.setup) == (3.0, 4.0, 5.0, 30.0)
    with pytest.raises(ValueError, match="positive"):
        FiskalyTimeouts(transaction=0)


async def test_answers_are_read_tolerantly() -> None:
    tx = {
        "_id": TX,
        "_type": "TRANSACTION",
        "state": "FINISHED",
        "number": "7",  # text where a number is meant
        "latest_revision": 2.0,
        "time_start": "1674239242",
        "time_end": 1674239587,
        "tss_serial_number": 1234,  # a number where text is meant
        "client_serial_number": "ERS 1",
        "schema": {
            "raw": {"process_type": "Kassenbeleg-V1", "process_data": base64.b64encode(b"Beleg^x").decode()}
        },
        "signature": {
            "value": "c2ln",
            "algorithm": "ecdsa-plain-SHA256",
            "counter": "34",
            "public_key": "a2V5",
        },
        "log": {"operation": "Finish", "timestamp_format": "unixTime", "unknown": [1, 2]},
        "qr_code_data": None,
        "something_new": {"nested": True},
        "metadata": [],
    }
    async with client_with(answer(200, tx)) as client:
        read = await client.get_transaction(TSS, TX)
    assert (read.id, read.number, read.revision_now, read.tss_serial_number) == (TX, 7, 2, "1234")
    assert read.signature is not None
    assert read.signature.counter == 34
    assert read.schema_ is not None
    assert read.schema_.raw is not None
    assert read.schema_.raw.process_data_text == "Beleg^x"


async def test_a_tss_with_optional_fields_missing_is_read() -> None:
    async with client_with(answer(200, {"state": "CREATED", "admin_puk": "PUK"})) as client:
        tss = await client.get_tss(TSS)
    assert (tss.state, tss.serial_number, tss.signature_counter, tss.admin_puk) == (
        "CREATED",
        None,
        None,
        "PUK",
    )
    assert "PUK" not in repr(tss)


async def test_an_answer_missing_signature_fields_takes_them_from_the_qr_code() -> None:
    qr = ";".join(
        [
            "V0;ERS 1;Kassenbeleg-V1;Beleg^2.50_0.00_0.00_0.00_0.00^2.50:Bar;3;9",
            "2023-01-20T18:27:22.000Z;2023-01-20T18:33:07.000Z;ecdsa-plain-SHA256;unixTime;c2ln;a2V5",
        ]
    )
    body = {"state": "FINISHED", "latest_revision": 2, "tss_serial_number": "abc", "qr_code_data": qr}
    tse = FiskalyTse(client_with(answer(200, body)), TSS, "c", "testing")
    found = await tse.lookup(TX)
    assert found is not None
    assert found.signature is not None
    signed = found.signature
    assert (signed.number, signed.signature_counter, signed.signature, signed.public_key) == (
        3,
        9,
        "c2ln",
        "a2V5",
    )
    assert signed.process_data == "Beleg^2.50_0.00_0.00_0.00_0.00^2.50:Bar"
    assert signed.time_end.isoformat() == "2023-01-20T18:33:07+00:00"
    await tse.aclose()


async def test_a_finished_answer_without_any_signature_data_has_no_signature() -> None:
    tse = FiskalyTse(
        client_with(answer(200, {"state": "FINISHED", "latest_revision": 2})), TSS, "c", "testing"
    )
    found = await tse.lookup(TX)
    assert found is not None
    assert found.state == "FINISHED"
    assert found.signature is None
    await tse.aclose()


@pytest.mark.parametrize("exc", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
async def test_a_connection_never_made_is_unreachable_even_for_a_write(exc: type[httpx.HTTPError]) -> None:
    async with client_with(raising(exc)) as client:
        with pytest.raises(FiskalyUnreachable):
            await client.put_transaction(TSS, TX, 1, {"state": "ACTIVE"})


@pytest.mark.parametrize(
    "exc", [httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteTimeout]
)
async def test_a_sent_write_without_an_answer_has_an_unknown_outcome(exc: type[httpx.HTTPError]) -> None:
    async with client_with(raising(exc)) as client:
        with pytest.raises(FiskalyOutcomeUnknown):
            await client.put_transaction(TSS, TX, 1, {"state": "ACTIVE"})
        with pytest.raises(FiskalyUnreachable):
            await client.get_transaction(TSS, TX)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_5xx_is_an_unknown_outcome_for_a_write_and_unreachable_for_a_read(status: int) -> None:
    async with client_with(answer(status, text="<html>bad gateway</html>")) as client:
        with pytest.raises(FiskalyOutcomeUnknown):
            await client.put_transaction(TSS, TX, 2, {"state": "FINISHED"})
        with pytest.raises(FiskalyUnreachable):
            await client.get_tss(TSS)


async def test_an_unreadable_success_is_an_unknown_outcome_for_a_write() -> None:
    async with client_with(answer(200, text="not json")) as client:
        with pytest.raises(FiskalyOutcomeUnknown, match="not JSON"):
            await client.put_transaction(TSS, TX, 1, {"state": "ACTIVE"})
    async with client_with(answer(200, {"no_state": True})) as client:
        with pytest.raises(FiskalyUnreachable, match="state"):
            await client.get_transaction(TSS, TX)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            {"status_code": 400, "error": "Bad Request", "code": "E_TSS_NOT_INITIALIZED", "message": "nope"},
            "E_TSS_NOT_INITIALIZED",
        ),
        ({"message": "no code here"}, None),
        ("a plain text error", None),
        ([1, 2], None),
    ],
)
async def test_a_4xx_is_refused_with_fiskalys_code(body: Any, code: str | None) -> None:
    text = body if isinstance(body, str) else json.dumps(body)
    async with client_with(answer(400, text=text)) as client:
        with pytest.raises(FiskalyRefused) as refused:
            await client.put_transaction(TSS, TX, 1, {"state": "ACTIVE"})
    assert (refused.value.status, refused.value.code) == (400, code)


async def test_a_second_401_is_refused_after_one_renewal() -> None:
    seen: list[str] = []

    def route(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path.rsplit('/', 1)[-1]}")
        if request.url.path.endswith("/auth"):
            return httpx.Response(200, json=AUTH)
        return httpx.Response(401, json={"status_code": 401, "code": "E_UNAUTHORIZED", "message": "no"})

    client = FiskalyClient(TEST_BASE_URL, FiskalyCredentials("k", "s"), transport=httpx.MockTransport(route))
    with pytest.raises(FiskalyRefused) as refused:
        await client.get_tss(TSS)
    await client.aclose()
    assert refused.value.status == 401
    assert seen == ["POST auth", f"GET {TSS}", "POST auth", f"GET {TSS}"]


async def test_requests_carry_the_bearer_token_and_the_revision() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"state": "ACTIVE", "latest_revision": 1})

    async with client_with(handler) as client:
        await client.put_transaction(TSS, TX, 1, {"state": "ACTIVE", "client_id": "c"})
    request = seen[0]
    assert request.headers["Authorization"] == "Bearer tok"
    assert str(request.url) == f"{TEST_BASE_URL}/tss/{TSS}/tx/{TX}?tx_revision=1"
    assert json.loads(request.content) == {"state": "ACTIVE", "client_id": "c"}
