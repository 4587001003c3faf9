"""The base client: headers, timeouts, answers into models, token renewal, logging."""

from __future__ import annotations

import logging

import httpx
import pytest

from cashier import __version__
from cashier.api.environments import TERMINAL
from cashier.api.errors import (
    NotAuthorized,
    NotFound,
    OutcomeUnknown,
    ResponseValidationError,
    SecuconnectError,
)
from cashier.api.wire import WireModel
from tests.helpers.api import (
    FakeTokens,
    RecordingSleep,
    ScriptedTransport,
    dropped,
    envelope,
    make_client,
    token_error,
)

ME = "/api/v2/General/Merchants/me"


class Merchant(WireModel):
    id: str
    sum: int = 0


def ok(**extra: object) -> httpx.Response:
    return httpx.Response(200, json={"id": "MRC_1", "object": "general.merchants", **extra})


async def test_every_request_carries_json_headers_a_user_agent_and_the_bearer_token() -> None:
    transport = ScriptedTransport(ok())
    async with make_client(transport, auth=FakeTokens()) as client:
        await client.request("GET", ME, model=Merchant)
    headers = transport.requests[0].headers
    assert headers["accept"] == "application/json"
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"] == f"cashier/{__version__}"
    assert headers["authorization"] == "Bearer t1"
    assert str(transport.requests[0].url) == "https://connect.example.test/api/v2/General/Merchants/me"


async def test_token_calls_carry_no_authorization() -> None:
    transport = ScriptedTransport(ok())
    async with make_client(transport, auth=FakeTokens()) as client:
        await client.request("POST", "/oauth/token", model=Merchant, json={}, authenticated=False)
    assert "authorization" not in transport.requests[0].headers


async def test_standard_and_terminal_calls_get_their_own_timeouts() -> None:
    transport = ScriptedTransport(ok(), ok())
    async with make_client(transport, auth=FakeTokens()) as client:
        await client.request("GET", ME, model=Merchant)
        await client.request(
            "POST", "/api/v2/Smart/Transactions/STX_1/start/cashless", model=Merchant, timeout=TERMINAL
        )
    standard, terminal = (request.extensions["timeout"] for request in transport.requests)
    assert standard == {"connect": 3.0, "read": 15.0, "write": 15.0, "pool": 3.0}
    assert terminal == {"connect": 3.0, "read": 180.0, "write": 180.0, "pool": 3.0}


async def test_unknown_keys_are_kept_and_known_ones_validated() -> None:
    transport = ScriptedTransport(ok(sum=1250, brand_new_field={"x": 1}))
    async with make_client(transport, auth=FakeTokens()) as client:
        merchant = await client.request("GET", ME, model=Merchant)
    assert merchant.sum == 1250
    assert merchant.model_extra == {"object": "general.merchants", "brand_new_field": {"x": 1}}


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        (httpx.Response(200, text="<html>Wartungsarbeiten</html>"), "not JSON"),
        (httpx.Response(200, content=b""), "not JSON"),
        (
            httpx.Response(200, json={"object": "general.merchants"}),
            "does not match Merchant (id: Field required)",
        ),
        (httpx.Response(200, json={"id": "MRC_1", "sum": "12,50"}), "sum: Input should be a valid integer"),
        (httpx.Response(200, json=["MRC_1"]), "does not match Merchant"),
    ],
)
async def test_an_unreadable_success_is_a_response_validation_error(
    response: httpx.Response, problem: str
) -> None:
    transport = ScriptedTransport(response)
    async with make_client(transport, auth=FakeTokens()) as client:
        with pytest.raises(ResponseValidationError) as caught:
            await client.request("GET", ME, model=Merchant)
    assert problem in caught.value.message
    assert caught.value.body == response.text
    assert "12,50" not in caught.value.message  # the offending value stays out of the message


async def test_an_envelope_in_a_200_answer_is_still_an_error() -> None:
    transport = ScriptedTransport(envelope(200, "ProductNotFoundException", 3001, "Merchant x not found"))
    async with make_client(transport, auth=FakeTokens()) as client:
        with pytest.raises(NotFound) as caught:
            await client.request("GET", ME, model=Merchant)
    assert caught.value.status == 200


async def test_a_token_error_renews_the_token_once_and_repeats_the_call() -> None:
    tokens = FakeTokens()
    transport = ScriptedTransport(token_error(), ok())
    async with make_client(transport, auth=tokens) as client:
        merchant = await client.request("GET", ME, model=Merchant)
    assert merchant.id == "MRC_1"
    assert tokens.renewals == ["t1"]
    assert [r.headers["authorization"] for r in transport.requests] == ["Bearer t1", "Bearer t2"]


async def test_a_second_token_error_is_raised_not_renewed_again() -> None:
    tokens = FakeTokens()
    transport = ScriptedTransport(token_error(), token_error())
    async with make_client(transport, auth=tokens) as client:
        with pytest.raises(NotAuthorized) as caught:
            await client.request("GET", ME, model=Merchant)
    assert caught.value.is_token_error
    assert tokens.renewals == ["t1"]
    assert len(transport.requests) == 2


async def test_a_non_idempotent_call_refused_for_its_token_is_sent_once_more() -> None:
    # 403/2003 means the server refused before doing anything: sending again cannot do it twice.
    tokens = FakeTokens()
    transport = ScriptedTransport(token_error(), ok())
    async with make_client(transport, auth=tokens) as client:
        await client.request(
            "POST",
            "/api/v2/Smart/Transactions/STX_1/start/cash",
            model=Merchant,
            smart_transaction_id="STX_1",
        )
    assert len(transport.requests) == 2
    assert tokens.renewals == ["t1"]


@pytest.mark.parametrize(
    "refusal",
    [
        httpx.Response(401),
        httpx.Response(401, text="<html><body>401 Authorization Required</body></html>"),
        httpx.Response(401, json={"message": "Unauthorized"}),
        httpx.Response(401, json={"error": "access_denied"}),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_any_401_renews_the_token_once_as_the_sdks_do(refusal: httpx.Response, method: str) -> None:
    """A 401 without a secuconnect body is a token error too (docs/vendor-answers.md F13): renewed
    and sent once more — also a ``start``, which the server refused before doing anything."""
    tokens = FakeTokens()
    transport = ScriptedTransport(refusal, ok())
    async with make_client(transport, auth=tokens) as client:
        merchant = await client.request(
            method,
            "/api/v2/Smart/Transactions/STX_1/start/cash",
            model=Merchant,
            smart_transaction_id="STX_1",
        )
    assert merchant.id == "MRC_1"
    assert tokens.renewals == ["t1"]
    assert [r.headers["authorization"] for r in transport.requests] == ["Bearer t1", "Bearer t2"]


async def test_a_second_bare_401_is_raised_as_not_authorized() -> None:
    tokens = FakeTokens()
    transport = ScriptedTransport(httpx.Response(401), httpx.Response(401))
    async with make_client(transport, auth=tokens) as client:
        with pytest.raises(NotAuthorized) as caught:
            await client.request("POST", "/api/v2/Smart/Transactions/STX_1/start/cash", model=Merchant)
    assert caught.value.status == 401
    assert tokens.renewals == ["t1"]
    assert len(transport.requests) == 2


@pytest.mark.expected_errors("cashier.api.http")
async def test_a_renewed_call_that_then_drops_is_an_unknown_outcome() -> None:
    transport = ScriptedTransport(token_error(), dropped)
    async with make_client(transport, auth=FakeTokens()) as client:
        with pytest.raises(OutcomeUnknown):
            await client.request("POST", "/api/v2/Smart/Transactions/STX_1/start/cash", model=Merchant)
    assert len(transport.requests) == 2


@pytest.mark.parametrize(
    "response",
    [
        envelope(403, "ProductNotAllowedException", 2001, "Not allowed for this merchant"),
        envelope(400, "ProductNotAllowedException", 1010, "Transaction is not in state created"),
    ],
)
async def test_other_refusals_do_not_renew_the_token(response: httpx.Response) -> None:
    tokens = FakeTokens()
    transport = ScriptedTransport(response)
    async with make_client(transport, auth=tokens) as client:
        with pytest.raises(SecuconnectError):
            await client.request("GET", ME, model=Merchant)
    assert tokens.renewals == []


async def test_a_client_without_token_provider_says_so() -> None:
    async with make_client(ScriptedTransport()) as client:
        with pytest.raises(RuntimeError, match="no token provider"):
            await client.request("GET", ME, model=Merchant)


async def test_calls_and_errors_are_logged_redacted_with_the_support_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="cashier.api")
    transport = ScriptedTransport(
        ok(), envelope(404, "ProductNotFoundException", 3001, "card 9276004428481652 not found", "abc123")
    )
    async with make_client(transport, auth=FakeTokens()) as client:
        await client.request(
            "GET",
            "/api/v2/Loyalty/MerchantCards",
            model=Merchant,
            params={"q": "card.cardnumber:9276004428481652"},
        )
        with pytest.raises(NotFound) as caught:
            await client.request("GET", ME, model=Merchant)
    text = caplog.text
    assert "GET /api/v2/Loyalty/MerchantCards?q=card.cardnumber%3A************1652 -> 200 in" in text
    assert "9276004428481652" not in text
    assert "supportId=abc123" in text
    assert "Bearer t1" not in text
    assert "9276004428481652" not in caught.value.message
    assert caught.value.error_details == "card 9276004428481652 not found"  # the error keeps the facts


async def test_retries_are_logged_as_warnings(caplog: pytest.LogCaptureFixture) -> None:
    transport = ScriptedTransport(dropped, ok())
    async with make_client(transport, auth=FakeTokens(), sleep=RecordingSleep()) as client:
        await client.request("GET", ME, model=Merchant)
    retries = [r for r in caplog.records if "retry 1 of 2" in r.getMessage()]
    assert len(retries) == 1
    assert retries[0].levelno == logging.WARNING
