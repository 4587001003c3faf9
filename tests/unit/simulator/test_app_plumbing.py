"""The simulator's ASGI plumbing: path casing, crash guard, ids, counters."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from cashier.simulator.app import PathNormaliser, create_app
from cashier.simulator.store import SimulatorStore, new_id
from cashier.simulator.transport import EmbeddedTransport


async def echo(request: Request) -> PlainTextResponse:
    return PlainTextResponse(request.url.path)


APP = Starlette(routes=[Route("/echo/{rest:path}", echo)])


@pytest.mark.parametrize(
    ("path", "seen"),
    [
        (
            "/ECHO/Smart/Transactions/STX_ABC123/PreTransaction",
            "/echo/smart/transactions/STX_ABC123/pretransaction",
        ),
        ("/echo/Loyalty/MerchantCards/MCD_X9/CheckCsc", "/echo/loyalty/merchantcards/MCD_X9/checkcsc"),
        ("/echo/Smart/Transactions/17/cancelTrx", "/echo/smart/transactions/17/canceltrx"),
    ],
)
async def test_path_segments_lose_their_case_but_ids_keep_it(path: str, seen: str) -> None:
    async with httpx.AsyncClient(
        transport=EmbeddedTransport(PathNormaliser(APP)), base_url="http://t"
    ) as client:
        response = await client.get(path)
    assert response.text == seen


@pytest.mark.expected_errors("cashier.simulator.app")
async def test_a_bug_answers_500_in_the_envelope(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app()

    async def broken(request: Request) -> PlainTextResponse:
        raise RuntimeError("a bug")

    monkeypatch.setattr(app.ctx.tokens, "handle", broken)
    async with httpx.AsyncClient(transport=EmbeddedTransport(app), base_url="http://t") as client:
        response = await client.post("/oauth/token", json={})
    assert response.status_code == 500
    body = response.json()
    assert body["error"] == "ProductInternalException"
    assert body["status"] == "error"
    assert "simulator bug" in caplog.text
    app.ctx.store.close()


def test_ids_look_like_secuconnect_ids() -> None:
    ids = {new_id("STX") for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"STX_[A-Z0-9]{30}", object_id) for object_id in ids)


def test_counters_and_documents_survive_a_reopen(tmp_path: object) -> None:
    path = f"{tmp_path}/state.sqlite"
    store = SimulatorStore(path)
    assert store.next_number("receipt") == 1
    assert store.next_number("receipt") == 2
    store.put("thing", "T1", {"a": "ä"})
    store.close()
    reopened = SimulatorStore(path)
    assert reopened.next_number("receipt") == 3
    assert reopened.get("thing", "T1") == {"a": "ä"}
    reopened.close()


def test_a_failed_transaction_block_rolls_back() -> None:
    store = SimulatorStore()

    def half_done() -> None:
        with store.transaction():
            store.put("thing", "T1", {"a": 1})
            raise RuntimeError("halfway")

    with pytest.raises(RuntimeError, match="halfway"):
        half_done()
    assert store.get("thing", "T1") is None
