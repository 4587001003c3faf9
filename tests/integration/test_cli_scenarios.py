"""Each capability through the command line, as an integrator runs it, against a served simulator.

The simulator runs as its own process (`cashier simulator serve`); every `cashier sale` is a
new process with its own CASHIER_HOME, registering as a device on first use.
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
from tests.helpers.slow_server import CANCEL, CONTAINER, CREATE, CUSTOMER, PRE, PREPARE, START

CASHIER = Path(sys.executable).with_name("cashier")
CONNECT = ["--client-id", seed.CLIENT_ID, "--client-secret", seed.CLIENT_SECRET]


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    db = tmp_path_factory.mktemp("served") / "simulator.sqlite"
    process = subprocess.Popen(
        [str(CASHIER), "simulator", "serve", "--port", "0", "--db", str(db), "--confirm-after", "0",
         "--terminal-delay", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "CASHIER_HOME": str(db.parent), "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "listening on" in line, line
    yield Served(line.split()[-1], process)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=20)  # also closes the pipe


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "till"


def cashier(served: Served, home: Path, *args: str, connect: bool = True) -> subprocess.CompletedProcess[str]:
    extra = ["--env", "custom", "--base-url", served.url, *CONNECT] if connect else []
    env = {**os.environ, "CASHIER_HOME": str(home), "CASHIER_SECRET_STORE": "file"}
    return subprocess.run(
        [str(CASHIER), *args, *extra], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def sale(served: Served, home: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = cashier(served, home, "sale", "--json", *args)
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else {}


def test_card_bonus_and_cash_remainder(served: Served, home: Path) -> None:
    code, summary = sale(
        served, home, "--item", "Kuchen;3000;7", "--card", "9276004400000011", "--csc", "1234",
        "--use-balance", "--pay", "cash", "--given", "1000",
    )  # fmt: skip
    assert code == 0, summary
    assert summary["status"] in ("completed", "printed")
    assert summary["card_before"] == {"cash_balance": 2000, "bonus_balance": 350}
    # 30,00 €: 3,50 € bonus, 20,00 € cash balance, 6,50 € in cash from 10,00 €.
    assert (summary["bonus_used"], summary["card_applied"], summary["missing_sum"]) == (350, 2000, 650)
    assert summary["change"] == 350
    assert summary["card_after"]["cash_balance"] == 0


def test_the_receipt_is_printed_as_text(served: Served, home: Path) -> None:
    result = cashier(served, home, "sale", "--item", "Brötchen;45;7;4", "--pay", "cash", "--given", "500")
    assert result.returncode == 0, result.stderr
    assert "Brötchen" in result.stdout
    assert "4 x 0,45 €" in result.stdout
    assert "Rückgeld" in result.stdout
    assert "TRAINING" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "reason"),
    [
        (["--card", "9276004499999999"], 3, "not a card of this shop"),
        (["--card", "9276004400000037"], 3, "locked"),
        (["--card", "9276004400000011", "--csc", "9999"], 3, "security code is wrong"),
        (["--card", "927600", "--csc", "1234"], 2, ""),
        (["--pay", "cash", "--given", "100"], 3, "short"),
        (["--pay", "sepa", "--iban", "DE00 1234", "--holder", "X"], 2, ""),
    ],
)
def test_refusals_have_clear_reasons_and_exit_codes(
    served: Served, home: Path, args: list[str], code: int, reason: str
) -> None:
    result = cashier(served, home, "sale", "--item", "Kaffee;280;19", *args)
    assert result.returncode == code, result.stderr
    assert reason in result.stderr


def test_scanned_codes_go_through_the_tills_rules(served: Served, home: Path) -> None:
    """The demo catalogue: Kaffee's EAN, a 21-label (Käsekuchen at 3,99 €), a 28-label (500 g of
    coffee beans at 24,90 €/kg = 12,45 €) and a card that earns its bonus on the sale. (The card's
    balances are not asserted: other tests of this module spend them, in any order.)"""
    code, summary = sale(
        served, home, "--scan", "4260123450014", "--scan", "2102004003990", "--scan", "2803001005009",
        "--scan", "9276004400000053", "--pay", "cash",
    )  # fmt: skip
    assert code == 0, summary
    assert summary["total"] == 250 + 399 + 1245
    assert summary["card_after"] is not None  # the scanned card went with the sale
    assert summary["given"] == summary["total"]
    unknown = cashier(served, home, "sale", "--scan", "4000000000013", "--pay", "cash")
    assert unknown.returncode == 2
    assert "Unknown barcode 4000000000013" in unknown.stderr


def test_usage_errors_exit_2(served: Served, home: Path) -> None:
    assert cashier(served, home, "sale", "--item", "Kaffee;abc;19").returncode == 2
    assert cashier(served, home, "sale").returncode == 2


def test_terminal_payment_declined_then_reversal(served: Served, home: Path) -> None:
    declined = cashier(served, home, "sale", "--item", "Torte;1213;7", "--pay", "terminal")
    assert declined.returncode == 3
    assert "declined" in declined.stderr
    code, summary = sale(served, home, "--item", "Torte;1200;7", "--pay", "terminal")
    assert code == 0
    assert summary["receipt_number"] is not None
    reversed_ = cashier(served, home, "cancel", "--receipt-number", str(summary["receipt_number"]))
    assert reversed_.returncode == 0, reversed_.stderr
    assert "cancelled" in reversed_.stdout


def test_load_a_card_and_create_one(served: Served, home: Path) -> None:
    code, loaded = sale(served, home, "--card", "9276004400000045", "--load", "2000", "--pay", "cash")
    assert code == 0
    assert loaded["card_after"]["cash_balance"] == 2000
    code, created = sale(
        served, home, "--create-card", seed.GIFT_GROUP_ID, "--load", "5000", "--pay", "terminal"
    )
    assert code == 0
    assert created["new_card_number"].startswith("9276")
    # The new card is a card of the shop at once: it collects with the next sale.
    code, collected = sale(served, home, "--item", "Blumen;1500;7", "--card", created["new_card_number"])
    assert code == 0
    assert collected["card_before"] == {"cash_balance": 5000, "bonus_balance": 0}


def test_sepa_direct_debit(served: Served, home: Path) -> None:
    code, summary = sale(
        served, home, "--item", "Kaffee;280;19", "--pay", "sepa", "--iban", "DE89 3704 0044 0532 0130 00",
        "--holder", "Erika Musterfrau",
    )  # fmt: skip
    assert code == 0
    assert summary["tender"] == "sepa"


def test_journal_cancel_and_day_close(served: Served, home: Path) -> None:
    code, summary = sale(served, home, "--item", "Kaffee;280;19", "--card", "9276004400000053", "--csc", "5678",
                         "--use-balance")  # fmt: skip
    assert code == 0
    listed = cashier(served, home, "journal", "list", connect=False)
    assert summary["sale_id"] in listed.stdout
    reprinted = cashier(served, home, "journal", "reprint", summary["sale_id"])
    assert reprinted.returncode == 0, reprinted.stderr
    assert f"reprinted sale {summary['sale_id']}" in reprinted.stdout
    cancelled = cashier(served, home, "cancel", summary["sale_id"])
    assert cancelled.returncode == 0, cancelled.stderr
    assert "STORNO" in cancelled.stdout
    assert "Rückzahlung" in cancelled.stdout
    again = cashier(served, home, "cancel", summary["sale_id"])
    assert again.returncode == 3
    assert "already cancelled" in again.stderr
    shown = cashier(served, home, "journal", "show", summary["sale_id"], "--json", connect=False)
    assert json.loads(shown.stdout)["state"] == "cancelled"
    day = cashier(served, home, "day", "close")
    assert day.returncode == 0, day.stderr
    assert "Z-BERICHT" in day.stdout
    assert "Stornos (1)" in day.stdout


def test_a_sale_killed_while_starting_is_reconciled_after_a_restart(served: Served, home: Path) -> None:
    # The start waits 2 s in the simulator; the till is killed while it waits.
    with httpx.Client(base_url=served.url) as control:
        control.post(
            "/simulator/faults",
            json={"match": "POST /api/v2/Smart/Transactions/*/start/*", "mode": "delay", "delay_ms": 2000},
        ).raise_for_status()
    env = {**os.environ, "CASHIER_HOME": str(home), "CASHIER_SECRET_STORE": "file"}
    process = subprocess.Popen(
        [str(CASHIER), "sale", "--item", "Kaffee;280;19", "--pay", "cash", "--env", "custom", "--base-url",
         served.url, *CONNECT],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    journal = home / "journal.sqlite"
    # Kill it once the start request has reached the server (the fault is used up then) —
    # the journal says "starting" before the request is sent.
    deadline = time.monotonic() + 30
    with httpx.Client(base_url=served.url) as control:
        while time.monotonic() < deadline and control.get("/simulator/faults").json()["faults"]:
            time.sleep(0.02)
    with sqlite3.connect(journal) as db:
        assert db.execute("SELECT state FROM sales").fetchone()[0] == "starting"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    with sqlite3.connect(journal) as db:
        sale_id, stx = db.execute("SELECT sale_id, smart_transaction_id FROM sales").fetchone()
    # The server still finishes the start it received (after its 2 s delay).
    status = None
    for _ in range(100):
        status = transaction_status(served, stx)
        if status == "ok":
            break
        time.sleep(0.1)
    assert status == "ok"
    reconciled = cashier(served, home, "reconcile")
    assert reconciled.returncode == 0, reconciled.stderr
    assert f"{sale_id}: completed" in reconciled.stdout
    shown = json.loads(cashier(served, home, "journal", "show", sale_id, "--json", connect=False).stdout)
    assert shown["state"] in ("completed", "printed")
    assert [s["to"] for s in shown["steps"]][-2:] in (["starting", "completed"], ["completed", "printed"])


@pytest.mark.parametrize(
    "fault",
    [
        {"mode": "late_commit"},  # commits once the killed till's connection is gone
        {"mode": "slow_commit", "delay_ms": 1500, "answer_ms": 60_000},
    ],
    ids=["late_commit", "slow_commit"],
)
def test_a_till_killed_while_the_server_is_slow_settles_the_sale_once(
    served: Served, home: Path, fault: dict[str, Any]
) -> None:
    with httpx.Client(base_url=served.url) as control:
        control.post(
            "/simulator/faults", json={"match": "POST /api/v2/Smart/Transactions/*/start/*", **fault}
        ).raise_for_status()
    process = _start_killable(served, home, "sale", "--item", "Kaffee;280;19", "--pay", "cash")
    _kill_once_held(served, process)
    with sqlite3.connect(home / "journal.sqlite") as db:
        sale_id, state = db.execute("SELECT sale_id, state FROM sales").fetchone()
    assert state == "starting"  # written ahead of the start
    _drain(served)
    reconciled = cashier(served, home, "reconcile")
    assert reconciled.returncode == 0, reconciled.stderr
    assert f"{sale_id}: completed" in reconciled.stdout
    listed = cashier(served, home, "reconcile", "--list", "--json")
    assert json.loads(listed.stdout) == []


def test_a_cancellation_killed_while_the_server_is_slow_is_not_lost(served: Served, home: Path) -> None:
    code, summary = sale(served, home, "--item", "Kaffee;280;19", "--pay", "cash")
    assert code == 0
    with httpx.Client(base_url=served.url) as control:
        control.post(
            "/simulator/faults",
            json={"match": "POST /api/v2/Smart/Transactions/*/cancel", "mode": "late_commit"},
        ).raise_for_status()
    process = _start_killable(served, home, "cancel", summary["sale_id"])
    _kill_once_held(served, process)
    with sqlite3.connect(home / "journal.sqlite") as db:
        assert db.execute("SELECT state FROM sales").fetchone()[0] == "cancelling"
    _drain(served)
    reconciled = cashier(served, home, "reconcile")
    assert f"{summary['sale_id']}: cancelled" in reconciled.stdout, reconciled.stdout + reconciled.stderr
    assert transaction_status(served, summary["smart_transaction_id"]) == "cancelled"


def _start_killable(served: Served, home: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CASHIER_HOME": str(home), "CASHIER_SECRET_STORE": "file"}
    return subprocess.Popen(
        [str(CASHIER), *args, "--env", "custom", "--base-url", served.url, *CONNECT],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _kill_once_held(served: Served, process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the till once the server holds its request (the fault is used up then)."""
    deadline = time.monotonic() + 30
    with httpx.Client(base_url=served.url) as control:
        while time.monotonic() < deadline and control.get("/simulator/faults").json()["faults"]:
            time.sleep(0.02)
        left = control.get("/simulator/faults").json()["faults"]
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert left == [], f"the till never made the call the fault waits for: {left}"


def _drain(served: Served) -> None:
    with httpx.Client(base_url=served.url, timeout=30) as control:
        control.post("/simulator/faults/drain", json={"timeout_ms": 20_000}).raise_for_status()


def _api_token(client: httpx.Client) -> str:
    """An access token of a fresh API client (client credentials), not the till's."""
    answer = client.post(
        "/oauth/token",
        json={
            "grant_type": "client_credentials",
            "client_id": seed.CLIENT_ID,
            "client_secret": seed.CLIENT_SECRET,
        },
    )
    return str(answer.json()["access_token"])


def transaction_status(served: Served, stx: str) -> str | None:
    """The transaction's status, read through the API as a fresh client (device flow)."""
    with httpx.Client(base_url=served.url) as client:
        token = _api_token(client)
        answer = client.get(f"/api/v2/Smart/Transactions/{stx}", headers={"Authorization": f"Bearer {token}"})
        return str(answer.json().get("status")) if answer.status_code == 200 else None


def test_a_base_url_sells_on_that_server_never_on_the_embedded_simulator(served: Served, home: Path) -> None:
    """Issue 14, point 11: ``--base-url`` without ``--env`` means ``custom`` (it was ignored, and
    the sale went to the embedded simulator); with another ``--env`` it is refused."""
    sold = cashier(
        served, home, "sale", "--json", "--item", "Kaffee;280;19", "--pay", "cash",
        "--base-url", served.url, *CONNECT, connect=False,
    )  # fmt: skip
    assert sold.returncode == 0, sold.stderr
    stx = json.loads(sold.stdout)["smart_transaction_id"]
    assert transaction_status(served, stx) == "ok"  # booked on the server that was named
    assert not (home / "simulator.sqlite").exists()  # the embedded simulator never opened
    refused = cashier(
        served, home, "sale", "--item", "Kaffee;280;19", "--env", "simulator", "--base-url", served.url,
        connect=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.startswith("cashier sale: --base-url is for --env custom, not --env simulator")
    assert len(refused.stderr.strip().splitlines()) == 1


def test_a_card_that_asks_for_its_pin(served: Served, home: Path) -> None:
    args = ["--item", "Kaffee;280;19", "--card", "9276004400000029", "--csc", "2345", "--use-balance"]
    refused = cashier(served, home, "sale", *args)
    assert refused.returncode == 3
    assert "PIN" in refused.stderr
    wrong = cashier(served, home, "sale", *args, "--pin", "1111")
    assert wrong.returncode == 3
    assert "PIN is wrong" in wrong.stderr
    code, summary = sale(served, home, *args, "--pin", "4711")
    assert code == 0
    assert summary["tender"] == "card"
    assert summary["card_after"]["cash_balance"] == summary["card_before"]["cash_balance"] - 280


def test_terminal_end_of_day_and_diagnosis(served: Served, home: Path) -> None:
    assert sale(served, home, "--item", "Torte;1200;7", "--pay", "terminal")[0] == 0
    closed = cashier(served, home, "day", "close", "--terminal")
    assert closed.returncode == 0, closed.stderr
    assert "terminal end of day: ok" in closed.stderr
    assert "Kartenzahlung (1)" in closed.stdout
    diagnosis = cashier(served, home, "day", "diagnosis")
    assert diagnosis.returncode == 0, diagnosis.stderr
    assert json.loads(diagnosis.stdout)["status"] == "ok"


# --- SIGKILL while a slow server holds a request: every call of every flow ---------------------
# One call of the flow gets a ``late_commit`` (commits once the killed till's connection is gone)
# or a ``slow_commit`` (commits after 1 s, would answer after a minute); the till is killed while
# the server holds it. The server then finishes its late work, ``cashier reconcile`` runs in a
# new process, and the service's records are compared with the journal: the sale is completed
# exactly when the service booked it, never booked twice, and nothing blocks the till.

SEPA = ["--pay", "sepa", "--iban", "DE89 3704 0044 0532 0130 00", "--holder", "Erika Musterfrau"]
FLOWS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "card_sale": (
        [
            "--item",
            "Kaffee;280;19",
            "--card",
            "9276004400000011",
            "--csc",
            "1234",
            "--use-balance",
            "--pay",
            "cash",
        ],
        (CREATE, PRE, START),
    ),
    "terminal": (["--item", "Kuchen;480;7", "--pay", "terminal"], (CREATE, START)),
    "sepa": (["--item", "Kaffee;280;19", *SEPA], (CUSTOMER, CONTAINER, CREATE, PREPARE, START)),
    "card_load": (["--card", "9276004400000045", "--load", "1000", "--pay", "cash"], (CREATE, START)),
    "new_card": (["--create-card", seed.GIFT_GROUP_ID, "--load", "1000", "--pay", "cash"], (CREATE, START)),
}
FAULTS = {
    "late_commit": {"mode": "late_commit"},
    "slow_commit": {"mode": "slow_commit", "delay_ms": 1000, "answer_ms": 60_000},
}
CALL_NAMES = {
    CREATE: "create",
    PRE: "preTransaction",
    START: "start",
    PREPARE: "prepare",
    CUSTOMER: "customer",
    CONTAINER: "container",
    CANCEL: "cancel",
}
CASES = [(flow, call) for flow, (_, calls) in FLOWS.items() for call in calls]


def _add_fault(served: Served, match: str, fault: dict[str, Any]) -> None:
    with httpx.Client(base_url=served.url) as control:
        control.post("/simulator/faults", json={"match": match, **fault}).raise_for_status()


def _transactions_of(served: Served, sale_id: str) -> list[dict[str, Any]]:
    """The service's transactions with this sale's reference (a fresh API client)."""
    with httpx.Client(base_url=served.url) as client:
        token = _api_token(client)
        answer = client.get(
            "/api/v2/Smart/Transactions",
            params={"q": f'transactionRef:"{sale_id}"', "count": 50},
            headers={"Authorization": f"Bearer {token}"},
        )
        answer.raise_for_status()
        return [t for t in answer.json()["data"] if t.get("transactionRef") == sale_id]


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize(("flow", "call"), CASES, ids=[f"{f}-{CALL_NAMES[c]}" for f, c in CASES])
def test_a_killed_till_and_a_slow_server_settle_each_sale_once(
    served: Served, home: Path, flow: str, call: str, fault: str
) -> None:
    args, _ = FLOWS[flow]
    _add_fault(served, call, FAULTS[fault])
    process = _start_killable(served, home, "sale", *args)
    _kill_once_held(served, process)
    _drain(served)
    reconciled = cashier(served, home, "reconcile")
    assert reconciled.returncode == 0, reconciled.stdout + reconciled.stderr  # nothing blocks
    with sqlite3.connect(home / "journal.sqlite") as db:
        sale_id, state, stx = db.execute("SELECT sale_id, state, smart_transaction_id FROM sales").fetchone()
    booked = [t for t in _transactions_of(served, sale_id) if t["status"] == "ok"]
    assert len(booked) <= 1, "charged twice"
    assert (state in ("completed", "printed")) == (len(booked) == 1), (state, booked)
    if booked:
        assert stx == booked[0]["id"]
    listed = cashier(served, home, "reconcile", "--list", "--json")
    assert all(not item["blocking"] for item in json.loads(listed.stdout))


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_killed_cancellation_and_a_slow_server_cancel_once(served: Served, home: Path, fault: str) -> None:
    code, summary = sale(served, home, "--item", "Kaffee;280;19", "--pay", "cash")
    assert code == 0
    _add_fault(served, CANCEL, FAULTS[fault])
    process = _start_killable(served, home, "cancel", summary["sale_id"])
    _kill_once_held(served, process)
    _drain(served)
    reconciled = cashier(served, home, "reconcile")
    assert f"{summary['sale_id']}: cancelled" in reconciled.stdout, reconciled.stdout + reconciled.stderr
    [transaction] = _transactions_of(served, summary["sale_id"])
    assert transaction["status"] == "cancelled"
    with sqlite3.connect(home / "journal.sqlite") as db:
        assert db.execute("SELECT state FROM sales").fetchone()[0] == "cancelled"
