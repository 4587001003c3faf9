"""The plug pulled mid-shift (issue #18): the till keeps selling for cash and books later, once.

The real till (``cashier run``) in environment ``custom`` on a **served** simulator
(``cashier simulator serve``, its own process and state file). The server is stopped while the
till is open — every request then fails to connect, as when the shop's line is down —; the
cashier sells a coffee for cash, then one more with Erika's card scanned; the server comes back
on the same port with the same state file, and the till books each offline sale exactly once
(journal: ``booking = booked``, one ``booking/start/cash`` step per sale; the server: one smart
transaction per sale, found by its ``transactionRef``).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cashier.simulator import seed
from tests.gui.xtill import CASHIER, WAIT, Screen, XTill, wait_for

ERIKA = "9276004400000011"
DEVICE = "/vendor/cashier/till/offline-gui-test"
CATCH_UP = 120.0  # the till probes after 2, 5, 10, 20, 30 s pauses: the next probe may be 30 s away


@dataclass
class Server:
    """``cashier simulator serve`` on one port and state file, stopped and started again."""

    db: Path
    port: int = 0
    process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.process = subprocess.Popen(
            [str(CASHIER), "simulator", "serve", "--port", str(self.port), "--db", str(self.db),
             "--confirm-after", "0", "--terminal-delay", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "CASHIER_HOME": str(self.db.parent), "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # blocks until the server announces itself
        assert "listening on" in line, line
        self.port = int(line.split()[-1].rsplit(":", 1)[1])
        return self

    def stop(self) -> None:
        """The plug pulled: the server goes, the port answers no more."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.communicate(timeout=WAIT)

    def transactions_for(self, sale_id: str) -> int:
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT doc FROM objects WHERE kind = 'smart.transactions'").fetchall()
        return sum(1 for (doc,) in rows if json.loads(doc).get("transactionRef") == sale_id)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    served = Server(tmp_path / "served" / "simulator.sqlite")
    served.db.parent.mkdir()
    served.start()
    yield served
    served.stop()


@pytest.fixture
def till(screen: Screen, server: Server, request: pytest.FixtureRequest) -> Iterator[XTill]:
    """The till of environment ``custom`` on the served simulator, registered from the command
    line first (the same folder, device and secret store)."""
    xtill = screen.till()
    for key, value in {
        "environment": "custom",
        "base_url": server.url,
        "client_id": seed.CLIENT_ID,
        "device_uuid": DEVICE,
    }.items():
        xtill.set(key, f'"{value}"')
    registered = subprocess.run(
        [str(CASHIER), "sale", "--item", "Wasser;100;19", "--pay", "cash", "--given", "100",
         "--env", "custom", "--base-url", server.url, "--client-id", seed.CLIENT_ID,
         "--client-secret", seed.CLIENT_SECRET, "--device-uuid", DEVICE],
        env={**os.environ, "CASHIER_HOME": str(xtill.home), "CASHIER_SECRET_STORE": "file"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert registered.returncode == 0, registered.stderr
    xtill.start()
    yield xtill
    if getattr(request.node, "failed_call", False):
        xtill.screenshot(screen.folder / "failure.png")
    xtill.quit()


def offline_sales(till: XTill) -> list[dict[str, Any]]:
    return [sale for sale in till.sales() if sale["booking"] is not None]


def booking_starts(till: XTill, sale_id: str) -> int:
    with sqlite3.connect(f"file:{till.home / 'journal.sqlite'}?mode=ro", uri=True) as db:
        row = db.execute(
            "SELECT COUNT(*) FROM sale_steps WHERE sale_id = ? AND action = 'booking/start/cash'", (sale_id,)
        ).fetchone()
    return int(row[0])


def status_shows(till: XTill, text: str) -> bool:
    return any(text in label for label in till.labels("Cashier"))


def sell_a_coffee_for_cash(till: XTill, count: int, *, known_offline: bool) -> None:
    till.key("alt+1")  # the first quick key: Kaffee, 2,50 €
    wait_for("Kaffee in the basket", lambda: "Kaffee" in json.dumps(till.window("Cashier")))
    till.key("F5")
    till.wait_window("Bar")
    # Once the till knows it is offline the dialog says that the whole basket is cash.
    assert any("Offline" in label for label in till.labels("Bar")) == known_offline, till.labels("Bar")
    till.key("Return")  # nothing typed: exactly what is due
    till.wait_sale(count)
    till.wait_window("Bezahlt")
    till.key("Return")  # next customer
    till.wait_gone("Bezahlt")
    till.wait_active()


def test_sales_made_while_the_server_is_down_are_booked_once_when_it_is_back(
    till: XTill, server: Server
) -> None:
    till.wait_active()
    wait_for("the till online", lambda: status_shows(till, "● online"))
    server.stop()

    # Nothing has told the till yet: the payment's first request fails, and it sells offline.
    sell_a_coffee_for_cash(till, 2, known_offline=False)
    wait_for("the status bar offline", lambda: status_shows(till, "● offline — 1 zu buchen"))
    till.scan(ERIKA)  # attached by its number only: no balances
    wait_for(
        "the card noted for a later bonus",
        lambda: status_shows(till, "Bonus wird später gutgeschrieben") and status_shows(till, "**** 0011"),
    )
    assert status_shows(till, "offline — Karten später")
    sell_a_coffee_for_cash(till, 3, known_offline=True)
    wait_for("two sales to book", lambda: status_shows(till, "● offline — 2 zu buchen"))
    pending = offline_sales(till)
    assert [sale["booking"] for sale in pending] == ["to_book", "to_book"]
    assert [sale["card_number"] for sale in pending] == [None, ERIKA]

    server.start()  # the same port, the same state file
    wait_for(
        "both offline sales booked",
        lambda: all(sale["booking"] == "booked" for sale in offline_sales(till)),
        timeout=CATCH_UP,
    )
    wait_for("the till online again, nothing to book", lambda: "● online" in till.labels("Cashier"))
    for sale in offline_sales(till):
        assert booking_starts(till, sale["sale_id"]) == 1
        assert server.transactions_for(sale["sale_id"]) == 1
        assert sale["booked_at"] is not None


def test_a_till_opened_while_the_server_is_down_sells_and_books_its_sales_later(
    till: XTill, server: Server
) -> None:
    """Started offline: the catch-up the host starts with the till probes until the server is
    back, then books what was sold meanwhile."""
    till.wait_active()
    till.quit()
    server.stop()
    till.start()
    till.wait_active()
    sell_a_coffee_for_cash(till, 2, known_offline=False)
    wait_for("the status bar offline", lambda: status_shows(till, "● offline — 1 zu buchen"))
    server.start()
    wait_for(
        "the offline sale booked",
        lambda: [sale["booking"] for sale in offline_sales(till)] == ["booked"],
        timeout=CATCH_UP,
    )
    wait_for("the till online again, nothing to book", lambda: "● online" in till.labels("Cashier"))
    [sale] = offline_sales(till)
    assert booking_starts(till, sale["sale_id"]) == 1
    assert server.transactions_for(sale["sale_id"]) == 1
