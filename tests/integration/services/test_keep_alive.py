"""Keep-alive over TLS (issue 19): a till run pays its TLS handshakes once, not per request.

The simulator is served over https on loopback with a self-signed certificate
(:mod:`benchmarks.tls`); the till trusts it through ``SSL_CERT_FILE`` and reaches it with its
own ``network_transport``, opened by ``open_till`` as the app does. The handshakes are counted
at the transport (httpcore's trace). A cashier's pause is played by moving httpcore's clock
on, not by waiting.
"""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from httpcore._async import http11

from benchmarks.flows import Counter, run_flow
from benchmarks.headless import SERVED, Backend, headless_till
from benchmarks.tls import tls_simulator


async def test_a_till_run_pays_its_tls_handshakes_once_not_per_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paused = 0.0
    monkeypatch.setattr(http11, "time", SimpleNamespace(monotonic=lambda: time.monotonic() + paused))
    with tls_simulator(tmp_path / "simulator") as endpoint:
        monkeypatch.setenv("SSL_CERT_FILE", str(endpoint.cafile))
        async with headless_till(Backend(SERVED, endpoint.url), tmp_path / "till", delay_ms=0) as bench:
            trips = bench.trips
            assert trips is not None
            counter = Counter(bench.till.sales, bench.till.payments, trips)
            await run_flow(counter, "scan")  # two reads at once: a second connection, once
            opened = trips.tls_handshakes
            for flow in ("csc_paid", "cash", "load", "new_card", "scan"):
                await run_flow(counter, flow)
            paused = 40.0  # the cashier waits for the next customer: 40 s without a request
            await run_flow(counter, "csc_paid")
    assert opened == 2
    assert trips.tls_handshakes == opened
    assert trips.connections == trips.tls_handshakes
