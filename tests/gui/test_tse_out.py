"""The TSE stops answering mid-shift (issue #20): the real till keeps selling and says so.

The real till (``cashier run``, embedded secuconnect simulator) signs with the fiskaly simulator
served by ``cashier simulator serve`` (``[fiscal] base_url``), so the test can take the TSE down
with a fault (every request to it then loses its connection) and bring it back. Driven with real
X events: Alt+1 (Kaffee), F5, Enter in the cash dialog, Enter on the result. Checked in the
journal (each sale paid; signed, or unsigned with the reason) and on the screen (the status bar's
"● TSE ausgefallen" while it lasts), without a window manager and with openbox.
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

import httpx
import pytest

from tests.gui.xtill import CASHIER, WAIT, Screen, XTill, wait_for


@pytest.fixture
def fiskaly(tmp_path: Path) -> Iterator[str]:
    """``cashier simulator serve`` on a port of its own: the fiskaly simulator's root URL."""
    db = tmp_path / "served" / "simulator.sqlite"
    db.parent.mkdir()
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
    yield f"{line.split()[-1]}/fiskaly"
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=WAIT)


@pytest.fixture
def till(screen: Screen, fiskaly: str, request: pytest.FixtureRequest) -> Iterator[XTill]:
    xtill = screen.till(settings=f'[fiscal]\ntse = "simulator"\nbase_url = "{fiskaly}/api/v2"\n').start()
    yield xtill
    if getattr(request.node, "failed_call", False):
        xtill.screenshot(screen.folder / "failure.png")
    xtill.quit()


def fiscal_rows(till: XTill) -> list[dict[str, Any]]:
    with sqlite3.connect(f"file:{till.home / 'journal.sqlite'}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("SELECT * FROM fiscal_transactions ORDER BY created_at")]


def status_shows(till: XTill, text: str) -> bool:
    return any(text in label for label in till.labels("Cashier"))


def sell_a_coffee_for_cash(till: XTill, count: int) -> None:
    till.key("alt+1")  # the first quick key: Kaffee, 2,50 €
    wait_for("Kaffee in the basket", lambda: "Kaffee" in json.dumps(till.window("Cashier")))
    till.key("F5")
    till.wait_window("Bar")
    till.key("Return")  # nothing typed: exactly what is due
    till.wait_sale(count)
    till.wait_window("Bezahlt")
    till.key("Return")  # next customer
    till.wait_gone("Bezahlt")
    till.wait_active()


def test_with_the_tse_down_the_till_sells_on_and_the_status_bar_says_so(till: XTill, fiskaly: str) -> None:
    till.wait_active()
    sell_a_coffee_for_cash(till, 1)
    wait_for("the first sale signed", lambda: [r["state"] for r in fiscal_rows(till)] == ["finished"])
    assert not status_shows(till, "TSE ausgefallen")

    with httpx.Client(base_url=fiskaly, timeout=WAIT) as control:
        control.post(
            "/simulator/faults", json={"match": "* /api/v2/*", "mode": "down", "times": 0}
        ).raise_for_status()
        sell_a_coffee_for_cash(till, 2)
        wait_for("the status bar says the TSE is out", lambda: status_shows(till, "● TSE ausgefallen"))
        sell_a_coffee_for_cash(till, 3)
        states = [r["state"] for r in fiscal_rows(till)]
        assert states == ["finished", "unsigned", "unsigned"], states
        assert {r["error"] for r in fiscal_rows(till)[1:]} == {"TSE nicht erreichbar"}
        receipts = (till.home / "receipts.bin").read_bytes()
        assert receipts.count("TSE ausgefallen".encode("cp858")) == 2

        control.delete("/simulator/faults").raise_for_status()
    sell_a_coffee_for_cash(till, 4)
    wait_for("the status bar clear again", lambda: not status_shows(till, "TSE ausgefallen"))
    wait_for("the fourth sale signed", lambda: fiscal_rows(till)[-1]["state"] == "finished")
    assert len([s for s in till.sales() if s["state"] in ("completed", "printed")]) == 4
