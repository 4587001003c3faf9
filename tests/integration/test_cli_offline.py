"""Issue #18 headless: selling while the served simulator is stopped, and booking it when it is back.

As an integrator runs it: the simulator is its own process (`cashier simulator serve --db`), stopped
and started again on the same state file (so on another port: each command names the server); every
`cashier` command is a new process on one CASHIER_HOME.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_cli_scenarios import CASHIER, CONNECT, Served, _transactions_of

ERIKA = "9276004400000011"


class Simulator:
    """A served simulator that can be stopped and started again on the same state file."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.served: Served | None = None
        self.url = ""

    def start(self) -> Served:
        process = subprocess.Popen(
            [str(CASHIER), "simulator", "serve", "--port", "0", "--db", str(self.db), "--confirm-after", "0",
             "--terminal-delay", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "CASHIER_HOME": str(self.db.parent), "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "listening on" in line, line
        self.served = Served(line.split()[-1], process)
        self.url = self.served.url
        return self.served

    def stop(self) -> None:
        assert self.served is not None
        self.served.process.send_signal(signal.SIGTERM)
        self.served.process.communicate(timeout=20)
        self.served = None  # self.url stays: the till keeps knocking where the server was


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[Simulator]:
    db = tmp_path / "served" / "simulator.sqlite"
    db.parent.mkdir()
    handle = Simulator(db)
    handle.start()
    yield handle
    if handle.served is not None:
        handle.stop()


def run(
    simulator: Simulator, home: Path, *args: str, connect: bool = True
) -> subprocess.CompletedProcess[str]:
    extra = ["--env", "custom", "--base-url", simulator.url, *CONNECT] if connect else []
    env = {**os.environ, "CASHIER_HOME": str(home), "CASHIER_SECRET_STORE": "file"}
    return subprocess.run(
        [str(CASHIER), *args, *extra], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(result.stdout)


def audit_kinds(home: Path) -> list[str]:
    journal = sqlite3.connect(next(home.rglob("journal.sqlite")))
    try:
        return [row[0] for row in journal.execute("SELECT kind FROM audit_events ORDER BY id")]
    finally:
        journal.close()


def test_sales_made_while_the_server_is_down_are_booked_once_by_sync(
    simulator: Simulator, tmp_path: Path
) -> None:
    home = tmp_path / "till"
    online = run(simulator, home, "sale", "--json", "--item", "Kaffee;250;19", "--pay", "cash")
    assert online.returncode == 0, online.stderr  # registers the till, too
    assert as_json(online)["booked"] is True
    assert as_json(online)["connection"]["online"] is True

    simulator.stop()
    sold = run(
        simulator, home, "sale", "--json", "--item", "Kaffee;250;19", "--card", ERIKA, "--given", "500"
    )
    assert sold.returncode == 0, sold.stderr
    summary = as_json(sold)
    assert (summary["booked"], summary["status"], summary["change"]) == (False, "printed", 250)
    assert summary["smart_transaction_id"] is None
    assert summary["card_before"] is None  # offline the card's balances are unknown
    assert summary["connection"]["online"] is False
    assert summary["connection"]["offline_since"]
    assert summary["to_book"] == 1

    big = ("sale", "--json", "--item", "Hochzeitstorte;15000;7", "--given", "15000")
    confirmed = run(simulator, home, *big, "--offline-confirmed")
    assert confirmed.returncode == 0, confirmed.stderr
    assert as_json(confirmed)["booked"] is False

    to_book = run(simulator, home, "journal", "list", "--to-book", "--json", connect=False)
    listed = as_json(to_book)
    assert [(row["sale_id"], row["booking"]) for row in listed] == [
        (summary["sale_id"], "to_book"),
        (as_json(confirmed)["sale_id"], "to_book"),
    ]
    assert "offline, to book" in run(simulator, home, "journal", "list", "--to-book", connect=False).stdout

    waiting = run(simulator, home, "sync", "--json")
    assert waiting.returncode == 4
    report = as_json(waiting)
    assert report["to_book"] == 2
    assert [row["outcome"] for row in report["sales"]] == ["waiting", "waiting"]
    assert all("cannot be reached" in row["reason"] for row in report["sales"])

    day = run(simulator, home, "day", "close", "--json")
    assert day.returncode == 0, day.stderr
    assert [sale["booking"] for sale in as_json(day)["offline_sales"]] == ["to_book", "to_book"]
    assert "2 sale(s) made offline still to book" in day.stderr
    printed = run(simulator, home, "day", "close").stdout
    assert "Offline-Verkäufe (2)" in printed
    assert "noch zu buchen (2)" in printed

    served = simulator.start()  # the same state file, another port
    synced = run(simulator, home, "sync")
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.count(" booked ") == 2, synced.stdout
    for row in listed:
        transactions = _transactions_of(served, row["sale_id"])
        assert [t["status"] for t in transactions] == ["ok"]  # booked, once
    again = run(simulator, home, "sync", "--json")
    assert again.returncode == 0
    assert as_json(again)["sales"] == []
    assert as_json(again)["connection"]["online"] is True
    assert (
        run(simulator, home, "journal", "list", "--to-book", "--json", connect=False).stdout.strip() == "[]"
    )
    day = as_json(run(simulator, home, "day", "close", "--json"))
    assert [sale["booking"] for sale in day["offline_sales"]] == ["booked", "booked"]


def test_the_next_sale_books_the_offline_sales_first(simulator: Simulator, tmp_path: Path) -> None:
    home = tmp_path / "till"
    assert run(simulator, home, "sale", "--item", "Kaffee;250;19").returncode == 0  # registers
    simulator.stop()
    offline = as_json(run(simulator, home, "sale", "--json", "--item", "Kaffee;250;19"))
    assert offline["booked"] is False
    served = simulator.start()
    sold = run(simulator, home, "sale", "--json", "--item", "Brötchen;45;7;2")
    assert sold.returncode == 0, sold.stderr
    summary = as_json(sold)
    assert (summary["booked_before"], summary["booked"], summary["to_book"]) == (1, True, 0)
    assert [t["status"] for t in _transactions_of(served, offline["sale_id"])] == ["ok"]


def test_what_needs_secuconnect_is_refused_offline_with_its_words(
    simulator: Simulator, tmp_path: Path
) -> None:
    home = tmp_path / "till"
    assert run(simulator, home, "sale", "--item", "Kaffee;250;19").returncode == 0  # registers
    simulator.stop()
    terminal = run(simulator, home, "sale", "--json", "--item", "Torte;2000;7", "--pay", "terminal")
    assert terminal.returncode == 4
    assert as_json(terminal)["not_possible_offline"] == "terminal"
    assert "the card terminal is reached through secuconnect" in terminal.stderr
    balance = run(simulator, home, "sale", "--item", "Torte;2000;7", "--card", ERIKA, "--csc", "1234")
    assert balance.returncode == 4
    assert "offline" in balance.stderr

    big = ("sale", "--json", "--item", "Hochzeitstorte;15000;7", "--given", "15000")
    refused = run(simulator, home, *big)
    assert refused.returncode == 3
    assert as_json(refused)["confirmation_needed"] == "amount"
    assert "needs a manager's confirmation" in refused.stderr
    assert "offline_sale_confirmed" not in audit_kinds(home)
    confirmed = run(simulator, home, *big, "--offline-confirmed")
    assert confirmed.returncode == 0, confirmed.stderr
    assert audit_kinds(home).count("offline_sale_confirmed") == 1
