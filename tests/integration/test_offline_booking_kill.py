"""A till killed (SIGKILL) at a point of the offline catch-up: a fresh process books the rest once.

The simulator runs as its own process (``cashier simulator serve --db``). A child process opens the
real till (``open_till``, as ``cashier sale`` does), sells three sales in cash with the line
unplugged — the first names Erika's card — plugs it in and books them with ``till.booker.book_all()``.
One call of the catch-up is held by the server (``late_commit``, ``slow_commit``, ``hang``) and the
child is killed while it waits. The server finishes its late work; a second process opens the till
and books what is pending. Each sale then has exactly one ``ok`` transaction with its reference —
the one its journal names, ``booking = booked`` — and the card's bonus was credited once.
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
from tests.helpers.engine import ERIKA
from tests.helpers.slow_server import CREATE, START

CASHIER = Path(sys.executable).with_name("cashier")
READ = "GET /api/v2/Smart/Transactions/*"
ABORT = "POST /api/v2/Smart/Transactions/*/abort"

CHILD = f"""
import asyncio, json, sys
import httpx
from cashier.app.composition import Credentials, open_till, with_overrides
from cashier.app.paths import resolve_paths
from cashier.app.settings import load_or_create_settings
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.sale import Tender


class Line(httpx.AsyncBaseTransport):
    def __init__(self, inner):
        self.inner, self.down = inner, False

    async def handle_async_request(self, request):
        if self.down:
            raise httpx.ConnectError("unplugged", request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self):
        await self.inner.aclose()


async def main(url, sell):
    paths = resolve_paths()
    settings = with_overrides(load_or_create_settings(paths), environment="custom", base_url=url)
    lines = []

    def wrap(transport):
        lines.append(Line(transport))
        return lines[0]

    credentials = Credentials({seed.CLIENT_ID!r}, {seed.CLIENT_SECRET!r})
    async with open_till(settings, paths, credentials=credentials, wrap_transport=wrap) as till:
        if sell:
            lines[0].down = True
            for card in ({ERIKA!r}, None, None):
                sale = till.sales.new_sale()
                till.sales.add_line(sale, BasketLine("Kuchen", Money(480), 1, VatRate.REDUCED))
                if card:
                    await till.sales.attach_card(sale, card)
                result = await till.payments.pay(sale, Tender.CASH, given=Money(500))
                assert result.transaction.status == "offline", result.transaction.status
            lines[0].down = False
            await till.connection.probe()
        results = await till.booker.book_all()
        print(json.dumps([[r.sale_id, r.outcome.value] for r in results]), flush=True)


asyncio.run(main(sys.argv[1], sys.argv[2] == "sell"))
"""

# name -> the faults, in order; the child is killed once the last one holds its request.
KILL_POINTS: dict[str, list[dict[str, Any]]] = {
    "create-late_commit": [{"match": CREATE, "mode": "late_commit"}],
    "create-slow_commit": [{"match": CREATE, "mode": "slow_commit", "delay_ms": 1000, "answer_ms": 60_000}],
    "start-late_commit": [{"match": START, "mode": "late_commit"}],
    "start-slow_commit": [{"match": START, "mode": "slow_commit", "delay_ms": 1000, "answer_ms": 60_000}],
    # the first sale booked, killed while the second one's start is held
    "second_start-slow_commit": [
        {"match": START, "mode": "delay", "delay_ms": 0},
        {"match": START, "mode": "slow_commit", "delay_ms": 1000, "answer_ms": 60_000},
    ],
    "read_after_lost_start-hang": [
        {"match": START, "mode": "drop_after_commit"},
        {"match": READ, "mode": "hang"},
    ],
    "abort-late_commit": [
        {"match": START, "mode": "drop_before_commit"},
        {"match": ABORT, "mode": "late_commit", "delay_ms": 200},
    ],
}


KILLED_WITH = {
    "create-late_commit": ["to_book"] * 3,
    "create-slow_commit": ["to_book"] * 3,
    "start-late_commit": ["starting", "to_book", "to_book"],
    "start-slow_commit": ["starting", "to_book", "to_book"],
    "second_start-slow_commit": ["booked", "starting", "to_book"],
    "read_after_lost_start-hang": ["starting", "to_book", "to_book"],
    "abort-late_commit": ["starting", "to_book", "to_book"],
}
"""The journal's ``booking`` of the three sales when the child was killed."""


@dataclass
class Served:
    url: str
    db: Path
    process: subprocess.Popen[str]


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
    yield Served(line.split()[-1], db, process)
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


def kill_once_held(served: Served, process: subprocess.Popen[str]) -> None:
    """SIGKILL the child once the server holds its request (every fault is used up then)."""
    deadline = time.monotonic() + 60
    with httpx.Client(base_url=served.url) as control:
        while time.monotonic() < deadline and process.poll() is None:
            if not control.get("/simulator/faults").json()["faults"]:
                break
            time.sleep(0.02)
        left = control.get("/simulator/faults").json()["faults"]
    process.send_signal(signal.SIGKILL)
    _, err = process.communicate(timeout=10)
    assert left == [], f"the child never made the call the fault waits for: {left}\n{err}"
    assert process.returncode == -signal.SIGKILL, err


def transactions_of(served: Served, sale_id: str) -> list[dict[str, Any]]:
    """The service's transactions with this sale's reference (a fresh API client)."""
    with httpx.Client(base_url=served.url) as client:
        token = client.post(
            "/oauth/token",
            json={
                "grant_type": "client_credentials",
                "client_id": seed.CLIENT_ID,
                "client_secret": seed.CLIENT_SECRET,
            },
        ).json()["access_token"]
        answer = client.get(
            "/api/v2/Smart/Transactions",
            params={"q": f'transactionRef:"{sale_id}"', "count": 50},
            headers={"Authorization": f"Bearer {token}"},
        )
        answer.raise_for_status()
        return [t for t in answer.json()["data"] if t.get("transactionRef") == sale_id]


def ledger_of(served: Served, stx_ids: list[str]) -> list[tuple[str, str]]:
    marks = ",".join("?" * len(stx_ids))
    with sqlite3.connect(served.db) as db:
        rows = db.execute(
            f"SELECT smart_transaction_id, action FROM ledger WHERE smart_transaction_id IN ({marks})",
            stx_ids,
        ).fetchall()
    return [(row[0], row[1]) for row in rows]


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_till_killed_during_the_catch_up_books_each_offline_sale_once(
    served: Served, tmp_path: Path, point: str
) -> None:
    script, home = tmp_path / "till.py", tmp_path / "till"
    script.write_text(CHILD, encoding="utf-8")
    with httpx.Client(base_url=served.url) as control:
        for fault in KILL_POINTS[point]:
            control.post("/simulator/faults", json={"times": 1, **fault}).raise_for_status()
    kill_once_held(served, child(served, home, script, "sell"))
    with sqlite3.connect(home / "journal.sqlite") as db:
        killed = [row[0] for row in db.execute("SELECT booking FROM sales ORDER BY sale_number")]
    assert killed == KILLED_WITH[point]  # killed where the fault held it; "starting" written ahead
    with httpx.Client(base_url=served.url, timeout=30) as control:
        control.post("/simulator/faults/drain", json={"timeout_ms": 20_000}).raise_for_status()

    rest = child(served, home, script, "book")
    out, err = rest.communicate(timeout=120)
    assert rest.returncode == 0, err
    with sqlite3.connect(home / "journal.sqlite") as db:
        sales = db.execute(
            "SELECT sale_id, booking, smart_transaction_id, card_number FROM sales ORDER BY sale_number"
        ).fetchall()
    assert len(sales) == 3
    booked = json.loads(out.splitlines()[-1])
    assert [outcome for _, outcome in booked] == ["booked"] * (3 - killed.count("booked")), booked
    for sale_id, booking, stx, _ in sales:
        ok = [t["id"] for t in transactions_of(served, sale_id) if t["status"] == "ok"]
        assert (booking, ok) == ("booked", [stx]), (sale_id, transactions_of(served, sale_id))
    card_sale_id, _, card_stx, card = sales[0]
    assert card == ERIKA
    every = [t["id"] for t in transactions_of(served, card_sale_id)]
    assert ledger_of(served, every) == [(card_stx, "sale_revenue")]  # the bonus credited once
