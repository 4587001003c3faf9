"""A till killed (SIGKILL) in the middle of a TSE call: a fresh process signs each sale once.

Both simulators run as their own process (``cashier simulator serve --db``: secuconnect, and
fiskaly under ``/fiskaly``). A child opens the real till (``open_till``, as ``cashier sale`` does)
with ``[fiscal] tse = "simulator"`` on the served fiskaly simulator and sells one cash sale. One
TSE call is held by the fiskaly simulator (``hang``: never done; ``delay``: done after the child is
gone) and the child is killed while it waits. A second process opens the till — its recovery
runs — and the sale ends signed once (one FINISHED transaction on the TSE, the one the journal
names, its QR code verifying) or unsigned, never twice, with nothing left ACTIVE on the TSE.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from cashier.simulator import seed
from cashier.simulator.fiskaly import seed as fiskaly_seed
from tests.helpers.tse_verify import verify_qr

CASHIER = Path(sys.executable).with_name("cashier")
TX_PUT = "PUT /api/v2/tss/*/tx/*"
TX_GET = "GET /api/v2/tss/*/tx/*"

CHILD = f"""
import asyncio, json, sys
from cashier.app.composition import Credentials, open_till, with_overrides
from cashier.app.paths import resolve_paths
from cashier.app.settings import load_or_create_settings
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.settings import FiscalSettings
from cashier.domain.vat import VatRate
from cashier.services.sale import Tender


async def main(url, sell):
    paths = resolve_paths()
    settings = with_overrides(load_or_create_settings(paths), environment="custom", base_url=url)
    settings = with_overrides(settings, fiscal=FiscalSettings(tse="simulator", base_url=url + "/fiskaly/api/v2"))
    credentials = Credentials({seed.CLIENT_ID!r}, {seed.CLIENT_SECRET!r})
    async with open_till(settings, paths, credentials=credentials) as till:
        if sell:
            sale = till.sales.new_sale()
            till.sales.add_line(sale, BasketLine("Kaffee", Money(250), 1, VatRate.STANDARD))
            result = await till.payments.pay(sale, Tender.CASH, given=Money(250))
            print(json.dumps({{"sale_id": sale.sale_id}}), flush=True)
        else:
            await till.fiscal.drain()
            recovered = await till.fiscal.recover()
            print(json.dumps({{"signed_late": recovered.signed_late, "still_open": recovered.still_open}}), flush=True)


asyncio.run(main(sys.argv[1], sys.argv[2] == "sell"))
"""

# name -> the fiskaly faults, in order (the first matching rule is taken); the child is killed
# once every one of them has met its request.
KILL_POINTS: dict[str, list[dict[str, Any]]] = {
    "start-hang": [{"match": TX_PUT, "mode": "hang"}],
    "start-done_late": [{"match": TX_PUT, "mode": "delay", "delay_ms": 1500}],
    "finish-hang": [{"match": TX_PUT, "mode": "delay", "delay_ms": 0}, {"match": TX_PUT, "mode": "hang"}],
    "finish-done_late": [
        {"match": TX_PUT, "mode": "delay", "delay_ms": 0},
        {"match": TX_PUT, "mode": "delay", "delay_ms": 1500},
    ],
    "lookup_after_lost_finish-hang": [
        {"match": TX_PUT, "mode": "delay", "delay_ms": 0},
        {"match": TX_PUT, "mode": "drop_after_commit"},
        {"match": TX_GET, "mode": "hang"},
    ],
}


SIGNED_IN_THE_END = {
    "start-hang": "unsigned",  # the TSE never had it: unsigned for good, with the reason
    "start-done_late": "finished",  # the late start is found and finished with the sale's receipt
    "finish-hang": "finished",  # still ACTIVE on the TSE: finished by the recovery
    "finish-done_late": "finished",  # finished by the TSE after the kill: adopted, not sent again
    "lookup_after_lost_finish-hang": "finished",
}


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]

    def fiskaly(self) -> httpx.Client:
        return httpx.Client(base_url=f"{self.url}/fiskaly", timeout=30)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    db = tmp_path_factory.mktemp("served") / "simulator.sqlite"
    process = subprocess.Popen(
        [str(CASHIER), "simulator", "serve", "--port", "0", "--db", str(db), "--confirm-after", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "CASHIER_HOME": str(db.parent), "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "listening on" in line, line
    yield Served(line.split()[-1], process)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=20)


def child(served: Served, home: Path, script: Path, step: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CASHIER_HOME": str(home), "CASHIER_SECRET_STORE": "file"}
    return subprocess.Popen(
        [sys.executable, str(script), served.url, step],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def tse_transactions(served: Served) -> dict[str, dict[str, Any]]:
    with served.fiskaly() as control:
        facts = control.get(f"/simulator/tss/{fiskaly_seed.TSS_ID}").json()
    return {tx["_id"]: tx for tx in facts["transactions"]}


def kill_once_held(served: Served, process: subprocess.Popen[str]) -> None:
    """SIGKILL the child once the fiskaly simulator holds its request (every fault is used up)."""
    deadline = time.monotonic() + 60
    with served.fiskaly() as control:
        while time.monotonic() < deadline and process.poll() is None:
            if not control.get("/simulator/faults").json()["faults"]:
                break
            time.sleep(0.02)
        left = control.get("/simulator/faults").json()["faults"]
    process.send_signal(signal.SIGKILL)
    _, err = process.communicate(timeout=10)
    assert left == [], f"the child never made the call the fault waits for: {left}\\n{err}"
    assert process.returncode == -signal.SIGKILL, err


def fiscal_rows(home: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(home / "journal.sqlite") as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM fiscal_transactions ORDER BY created_at").fetchall()


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_till_killed_during_a_tse_call_signs_each_sale_once(
    served: Served, tmp_path: Path, point: str
) -> None:
    script, home = tmp_path / "till.py", tmp_path / "till"
    script.write_text(CHILD, encoding="utf-8")
    before = set(tse_transactions(served))
    with served.fiskaly() as control:
        for fault in KILL_POINTS[point]:
            control.post("/simulator/faults", json={"times": 1, **fault}).raise_for_status()
    kill_once_held(served, child(served, home, script, "sell"))
    [killed] = fiscal_rows(home)
    assert killed["state"] in ("starting", "finishing")  # written ahead of the call that was held
    if point.endswith("done_late"):  # the TSE finishes the held request after the child is gone
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            tx = tse_transactions(served).get(killed["tx_id"])
            if tx is not None and tx["latest_revision"] >= killed["revision"]:
                break
            time.sleep(0.05)

    rest = child(served, home, script, "recover")
    _, err = rest.communicate(timeout=120)
    assert rest.returncode == 0, err
    [row] = fiscal_rows(home)
    on_tse = {tx_id: tx for tx_id, tx in tse_transactions(served).items() if tx_id not in before}
    with sqlite3.connect(home / "journal.sqlite") as db:
        sale_state = db.execute("SELECT state FROM sales WHERE sale_id = ?", (row["sale_id"],)).fetchone()[0]
    assert sale_state in ("completed", "printed")  # the payment went through before the TSE was asked
    assert row["state"] == SIGNED_IN_THE_END[point], dict(row)
    assert [tx_id for tx_id, tx in on_tse.items() if tx["state"] == "ACTIVE"] == []
    finished = [tx_id for tx_id, tx in on_tse.items() if tx["state"] == "FINISHED"]
    if row["state"] == "finished":
        assert finished == [row["tx_id"]]  # signed once, under the id the journal names
        signature = json.loads(row["signature"])
        with served.fiskaly() as control:
            key = control.get(f"/simulator/tss/{fiskaly_seed.TSS_ID}").json()["public_key"]
        assert verify_qr(signature["qr_code_data"], key)
    else:
        assert finished == [], (dict(row), on_tse)
