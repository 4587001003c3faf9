"""The fiskaly simulator over a real socket, mounted under ``/fiskaly`` as ``cashier simulator serve``
serves it: one sale end to end, one lost answer, a TSE nobody listens for, the CLI's seed."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from cashier.domain.fiscal import FiscalPayment, FiscalReceipt, FiscalReceiptType, FiscalVat
from cashier.domain.money import Money
from cashier.fiskaly import FiskalyClient
from cashier.services.fiscal.fiskaly_tse import FiskalyTse
from cashier.services.fiscal.port import TseOutcomeUnknown, TseUnreachable
from cashier.simulator.fiskaly import seed
from tests.helpers.fiskaly import CREDENTIALS, QUICK, FiskalySim, ServedFiskaly, fiskaly_for
from tests.helpers.tse_verify import verify_qr

SALE = FiscalReceipt(
    FiscalReceiptType.RECEIPT, ((FiscalVat.NORMAL, Money(999)),), ((FiscalPayment.NON_CASH, Money(999)),)
)


@pytest.fixture
async def served(served_fiskaly: ServedFiskaly) -> AsyncIterator[FiskalySim]:
    async with fiskaly_for("served", served_fiskaly) as sim:
        yield sim


async def test_a_sale_is_signed_over_a_real_socket(served: FiskalySim) -> None:
    assert served.base_url.startswith("http://127.0.0.1:")
    assert served.base_url.endswith("/fiskaly/api/v2")
    tse = FiskalyTse(served.client(timeouts=QUICK), seed.TSS_ID, seed.CLIENT_ID, "simulator")
    tx = str(uuid.uuid4())
    await tse.start(tx)
    finished = await tse.finish(tx, 2, SALE)
    assert finished.signature is not None
    assert finished.signature.process_data == "Beleg^9.99_0.00_0.00_0.00_0.00^9.99:Unbar"
    assert verify_qr(finished.signature.qr_code_data, (await served.inspect())["public_key"])


async def test_an_answer_lost_on_the_wire_is_an_unknown_outcome_that_lookup_resolves(
    served: FiskalySim,
) -> None:
    tse = FiskalyTse(served.client(timeouts=QUICK), seed.TSS_ID, seed.CLIENT_ID, "simulator")
    tx = str(uuid.uuid4())
    await tse.start(tx)
    await served.fault(match="PUT /api/v2/tss/*/tx/*", mode="drop_after_commit")
    with pytest.raises(TseOutcomeUnknown):
        await tse.finish(tx, 2, SALE)
    found = await tse.lookup(tx)
    assert found is not None
    assert found.state == "FINISHED"
    assert found.signature is not None


async def test_a_tse_nobody_listens_for_is_unreachable() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = FiskalyClient(f"http://127.0.0.1:{port}/fiskaly/api/v2", CREDENTIALS, timeouts=QUICK)
    tse = FiskalyTse(client, seed.TSS_ID, seed.CLIENT_ID, "simulator")
    with pytest.raises(TseUnreachable):
        await tse.start(str(uuid.uuid4()))
    await tse.aclose()


def test_the_seed_is_shown_by_the_cli() -> None:
    cashier = Path(sys.executable).with_name("cashier")
    shown = subprocess.run(
        [str(cashier), "simulator", "seed", "--show"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    for fact in (
        seed.TSS_ID,
        seed.CLIENT_ID,
        seed.CLIENT_SERIAL,
        seed.ADMIN_PIN,
        seed.API_KEY,
        seed.API_SECRET,
    ):
        assert fact in shown


def test_cashier_simulator_serve_serves_fiskaly_beside_secuconnect(tmp_path: Path) -> None:
    cashier = Path(sys.executable).with_name("cashier")
    db = tmp_path / "simulator.sqlite"
    process = subprocess.Popen(
        [str(cashier), "simulator", "serve", "--port", "0", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("secuconnect simulator listening on http://127.0.0.1:")
        fiskaly_line = process.stdout.readline()
        assert fiskaly_line.startswith("fiskaly simulator listening on http://127.0.0.1:")
        base = fiskaly_line.split()[-1]
        assert base.endswith("/fiskaly/api/v2")
        auth = httpx.post(f"{base}/auth", json={"api_key": seed.API_KEY, "api_secret": seed.API_SECRET})
        assert auth.status_code == 200, auth.text
        tss = httpx.get(
            f"{base}/tss/{seed.TSS_ID}", headers={"Authorization": f"Bearer {auth.json()['access_token']}"}
        )
        assert tss.json()["state"] == "INITIALIZED"
    finally:
        process.terminate()
        process.communicate(timeout=20)
    assert (tmp_path / "simulator-fiskaly.sqlite").exists()
