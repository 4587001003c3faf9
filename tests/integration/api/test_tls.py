"""TLS is never unverified: a real loopback HTTPS server with a self-signed certificate is refused.

The certificate for ``127.0.0.1`` is made for the test by
:func:`benchmarks.tls.self_signed_certificate` (the keep-alive measurement's); uvicorn serves it in
a thread. A plain httpx client that trusts exactly that certificate gets through —
so the server is sound and the refusal is about trust alone.
"""

from __future__ import annotations

import asyncio
import inspect
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from benchmarks.tls import self_signed_certificate
from cashier.api.environments import ClientSettings, network_transport
from cashier.api.errors import CertificateRejected, ConnectionFailed
from cashier.api.http import BaseClient
from cashier.api.wire import WireModel
from tests.helpers.api import FakeTokens, RecordingSleep

API_DIR = Path(__file__).resolve().parents[3] / "cashier" / "api"


class Merchant(WireModel):
    id: str


async def merchant(request: Request) -> JSONResponse:
    return JSONResponse({"id": "MRC_TLS", "object": "general.merchants"})


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``(base URL, certificate file)`` of a loopback HTTPS server with a self-signed certificate."""
    cert_file, key_file = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    app = Starlette(routes=[Route("/api/v2/General/Merchants/me", merchant)])
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        ssl_certfile=str(cert_file),
        ssl_keyfile=str(key_file),
        lifespan="off",
        access_log=False,
        log_config=None,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), name="tls-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started, "the HTTPS server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"https://127.0.0.1:{port}", cert_file
    finally:
        server.should_exit = True
        thread.join(timeout=10)


async def test_the_server_works_for_a_client_that_trusts_its_certificate(
    https_server: tuple[str, Path],
) -> None:
    base_url, cert_file = https_server
    trusting_context = ssl.create_default_context(cafile=str(cert_file))
    async with httpx.AsyncClient(base_url=base_url, verify=trusting_context) as trusting:
        response = await trusting.get("/api/v2/General/Merchants/me")
    assert response.json()["id"] == "MRC_TLS"


async def test_the_client_refuses_a_self_signed_certificate(https_server: tuple[str, Path]) -> None:
    base_url, _ = https_server
    settings = ClientSettings.for_environment("custom", base_url)
    sleep = RecordingSleep()
    async with BaseClient(
        settings, transport=network_transport(settings), auth=FakeTokens(), sleep=sleep
    ) as client:
        with pytest.raises(CertificateRejected) as caught:
            await client.request("GET", "/api/v2/General/Merchants/me", model=Merchant)
    error = caught.value
    assert isinstance(error, ConnectionFailed)
    assert "certificate" in error.message
    assert "self-signed" in error.message or "self signed" in error.message
    assert error.request_sent is False
    assert client.is_closed


def test_there_is_no_way_to_turn_verification_off() -> None:
    assert list(inspect.signature(network_transport).parameters) == ["settings"]
    assert "verify" not in inspect.signature(BaseClient.__init__).parameters
    assert not {f.name for f in fields(ClientSettings)} & {"verify", "insecure", "ssl_context"}
    source = "\n".join(path.read_text(encoding="utf-8") for path in API_DIR.glob("*.py"))
    for loophole in ("verify=False", "CERT_NONE", "check_hostname = False", "_create_unverified_context"):
        assert loophole not in source
