"""Bad files and bad input on the command line: one line that says what to do, the right exit
code, never a traceback — and nothing lost (issue 13, point 7).

Most commands run in this process (``cashier.app.cli.main``) on the embedded simulator; what
needs a second process — the till folder's lock, a journal this user may not write — runs
``cashier`` as a child. As root a read-only file is still writable, so those children run
without the capability that allows it (``setpriv``), as an ordinary shop PC user would.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cashier.app import cli
from cashier.app.till_lock import till_lock
from cashier.journal import database

CASHIER = Path(sys.executable).with_name("cashier")
SALE = ["sale", "--item", "Kaffee;250;19", "--pay", "cash", "--given", "500"]
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes and signals are POSIX")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "till"
    monkeypatch.setenv("CASHIER_HOME", str(folder))
    monkeypatch.delenv("ESCPOS_CAPABILITIES_PICKLE_DIR", raising=False)  # prepare_escpos sets it
    monkeypatch.setattr(cli, "_logging", lambda args: None)  # no log handlers in the test process
    return folder


def cashier(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``cashier ARGS`` in this process: exit code, stdout, stderr."""
    try:
        code = cli.main(list(args))
    except SystemExit as exit_:  # argparse refusing an argument
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def journal_states(home: Path) -> dict[str, str]:
    with sqlite3.connect(home / "journal.sqlite") as db:
        rows = db.execute("SELECT sale_id, state FROM sales").fetchall()
    db.close()
    return dict(rows)


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --- disk full after the start: the payment may have happened ------------------------------------
class FullDiskAt:
    """The journal's connection as a transaction sees it, with the disk full for one write."""

    def __init__(self, db: sqlite3.Connection, full: Callable[[str, Any], bool]) -> None:
        self._db, self._full = db, full

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        if self._full(sql, parameters):
            raise sqlite3.OperationalError("database or disk is full")
        return self._db.execute(sql, parameters)


def completing(sql: str, parameters: Any) -> bool:
    """The journal step that records the paid sale as completed."""
    return sql.startswith("INSERT INTO sale_steps") and parameters[3] == "completed"


@pytest.mark.expected_errors("cashier.services.payment")
def test_a_full_disk_after_the_start_exits_4_and_reconcile_settles_the_sale(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Needs the payment service's part (lead, issue 13): a journal failure after ``start`` was
    sent is :class:`OutcomeUnknown` (exit 4), not a crash (exit 1, traceback)."""
    real_init = database._Transaction.__init__

    def full_disk(self: Any, db: sqlite3.Connection, path: str) -> None:
        real_init(self, FullDiskAt(db, completing), path)  # type: ignore[arg-type]

    monkeypatch.setattr(database._Transaction, "__init__", full_disk)
    code, out, err = cashier(capsys, *SALE, "--json")
    assert code == 4, err
    assert "Traceback" not in err
    assert "Do not take the payment again" in err
    assert json.loads(out)["exit_code"] == 4
    (sale_id, state), *_ = journal_states(home).items()
    assert state == "starting"  # the journal says what it knew: outcome unknown, not "nothing charged"

    monkeypatch.setattr(database._Transaction, "__init__", real_init)  # space again
    code, out, err = cashier(capsys, "reconcile")
    assert code == 0, err
    assert sale_id in out
    assert journal_states(home)[sale_id] in ("completed", "printed")


def test_a_full_disk_before_anything_was_sent_is_one_line_and_exit_1(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_init = database._Transaction.__init__

    def full_disk(self: Any, db: sqlite3.Connection, path: str) -> None:
        real_init(self, FullDiskAt(db, lambda sql, _: sql.startswith("INSERT INTO sales ")), path)  # type: ignore[arg-type]

    monkeypatch.setattr(database._Transaction, "__init__", full_disk)
    code, _, err = cashier(capsys, *SALE)
    assert code == 1
    assert one_line(err) == (
        f"cashier: the journal {home / 'journal.sqlite'} cannot be written: the disk is full "
        "(database or disk is full); free some space"
    )


# --- a file the till cannot use ----------------------------------------------------------------
def damage(path: Path) -> None:
    for companion in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        companion.unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:20])


def replace_with_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.fixture
def sold(home: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """One sale in the journal; its id."""
    code, out, err = cashier(capsys, *SALE, "--json")
    assert code == 0, err
    return str(json.loads(out)["sale_id"])


SPOILED: list[tuple[str, Callable[[Path], None], str]] = [
    ("journal.sqlite", damage, "the journal {path} is damaged (database disk image is malformed)"),
    ("journal.sqlite", replace_with_folder, "the journal {path} is a folder, not a file"),
    ("secrets.json", cut_short, "the secrets file {path} is damaged (not valid JSON)"),
    ("secrets.json", replace_with_folder, "the secrets file {path} is a folder, not a file"),
    ("simulator.sqlite", damage, "the simulator's state {path} cannot be used"),
    ("simulator.sqlite", replace_with_folder, "the simulator's state {path} is a folder, not a file"),
]


@pytest.mark.parametrize("spoiled", SPOILED, ids=lambda case: f"{case[0]}-{case[1].__name__}")
@pytest.mark.parametrize("command", [SALE, ["day", "close"], ["journal", "reprint", "X"], ["reconcile"]])
def test_an_unusable_file_is_one_line_and_exit_1(
    home: Path,
    sold: str,
    capsys: pytest.CaptureFixture[str],
    spoiled: tuple[str, Callable[[Path], None], str],
    command: list[str],
) -> None:
    file, spoil, says = spoiled
    path = home / file
    spoil(path)
    code, _, err = cashier(capsys, *command)
    assert code == 1
    assert one_line(err).startswith("cashier: " + says.format(path=path)), err


def test_the_json_summary_names_the_unusable_file_too(
    home: Path, sold: str, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(home / "journal.sqlite")
    code, out, err = cashier(capsys, *SALE, "--json")
    assert code == 1
    summary = json.loads(out)
    assert summary["exit_code"] == 1
    assert summary["error"].startswith(f"the journal {home / 'journal.sqlite'} is damaged")
    assert "Traceback" not in err


def test_a_journal_of_a_newer_cashier_cannot_be_listed_either(
    home: Path, sold: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(home / "journal.sqlite") as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    for command in (SALE, ["journal", "list"]):
        code, _, err = cashier(capsys, *command)
        assert code == 1
        assert "was written by a newer Cashier (schema 99" in one_line(err)


def test_a_settings_file_that_is_a_folder_is_a_usage_error(
    home: Path, sold: str, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_with_folder(home / "settings.toml")
    code, _, err = cashier(capsys, *SALE)
    assert code == 2
    assert one_line(err) == (
        f"cashier sale: {home / 'settings.toml'} is a folder, not a file; it must be a file this user "
        "can read and write"
    )


# --- a journal this user may not write: still listed ----------------------------------------------
def unprivileged(*args: str) -> list[str]:
    """``cashier ARGS`` as a user to whom file modes apply (root without DAC override)."""
    if os.name != "posix" or os.geteuid() != 0:
        return [str(CASHIER), *args]
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root without setpriv: file modes do not apply")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--", str(CASHIER), *args]


def run(home: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASHIER_HOME": str(home)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


@posix_only
@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_a_read_only_journal_refuses_sales_and_still_lists(home: Path, sold: str, read_only: str) -> None:
    journal = home / "journal.sqlite"
    before = journal.read_bytes()
    journal.chmod(0o400)
    if read_only == "folder":
        home.chmod(0o500)
    try:
        refused = run(home, unprivileged(*SALE))
        listed = run(home, unprivileged("journal", "list", "--json"))
        shown = run(home, unprivileged("journal", "show", sold))
    finally:
        home.chmod(0o700)
        journal.chmod(0o600)
    assert refused.returncode == 1
    line = one_line(refused.stderr)
    assert line.startswith("cashier: ")
    assert "give this user write access" in line
    assert listed.returncode == 0, listed.stderr
    assert [row["sale_id"] for row in json.loads(listed.stdout)] == [sold]
    assert shown.returncode == 0, shown.stderr
    assert sold in shown.stdout
    assert journal.read_bytes() == before


@posix_only
def test_a_read_only_simulator_state_is_one_line(home: Path, sold: str) -> None:
    (home / "simulator.sqlite").chmod(0o400)
    try:
        refused = run(home, unprivileged(*SALE))
    finally:
        (home / "simulator.sqlite").chmod(0o600)
    assert refused.returncode == 1
    assert one_line(refused.stderr) == (
        f"cashier: the simulator's state {home / 'simulator.sqlite'} is read-only; give this user write access to it"
    )


# --- one process per till folder -----------------------------------------------------------------
def test_a_second_process_is_refused_naming_the_first(home: Path, sold: str) -> None:
    with till_lock(home):  # this process has the till open
        sale = run(home, [str(CASHIER), *SALE])
        day = run(home, [str(CASHIER), "day", "close"])
        listed = run(home, [str(CASHIER), "journal", "list", "--json"])
    for refused in (sale, day):
        assert refused.returncode == 1
        assert one_line(refused.stderr) == (
            f"cashier: this till is already open in another Cashier (process {os.getpid()}) on {home}; "
            "close that window or let that command finish, then try again"
        )
    assert listed.returncode == 0, listed.stderr  # reading the journal needs no lock
    assert [row["sale_id"] for row in json.loads(listed.stdout)] == [sold]
    assert list(journal_states(home)) == [sold]  # the refused sale left nothing behind


@posix_only
def test_a_served_simulator_with_its_own_db_takes_no_till_lock(home: Path, sold: str) -> None:
    with till_lock(home):
        served = subprocess.Popen(
            [str(CASHIER), "simulator", "serve", "--port", "0", "--db", str(home / "served.sqlite")],
            env={**os.environ, "CASHIER_HOME": str(home), "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert served.stdout is not None
        line = served.stdout.readline()
        served.send_signal(signal.SIGTERM)
        served.communicate(timeout=30)
    assert "listening on" in line
    assert served.returncode == 0


# --- bad input: exit 2 and a message ----------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([*SALE[:-1], "99999999999999999999"], "argument --given: must be a whole number of cents"),
        (
            ["sale", "--item", "Kaffee;250;19", "--load", "-5"],
            "argument --load: must be a whole number of cents",
        ),
        (["day", "close", "--day", "2026-02-30"], "argument --day: must be a date YYYY-MM-DD that exists"),
        (["journal", "list", "--day", "2026-02-30"], "argument --day: must be a date YYYY-MM-DD that exists"),
        (["simulator", "serve", "--port", "99999"], "argument --port: must be a port number from 0 to 65535"),
        (
            ["cancel", "--receipt-number", "99999999999999999999"],
            "argument --receipt-number: must be a receipt",
        ),
    ],
)
def test_impossible_arguments_exit_2(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    code, _, err = cashier(capsys, *args)
    assert code == 2
    assert says in err.splitlines()[-1]
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["journal", "reprint", "NOPE"], "cashier journal: no sale NOPE"),
        ([*SALE, "--device-uuid", "garbage"], "cashier sale: --device-uuid 'garbage' is not of the form"),
        ([*SALE, "--env", "live"], "cashier sale: the live environment must not sign with the simulated TSE"),
        (
            ["day", "close", "--env", "live"],
            "cashier: the live environment must not sign with the simulated TSE",
        ),
        (["journal", "reprint", "NOPE", "--env", "testing"], "cashier: the testing environment needs"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    says: str,
) -> None:
    monkeypatch.delenv("CASHIER_CLIENT_ID", raising=False)
    code, _, err = cashier(capsys, *args)
    assert code == 2
    assert one_line(err).startswith(says)


@pytest.mark.parametrize("args", [[*SALE, "--env", "live"], ["day", "close", "--env", "live"]])
def test_live_without_the_client_id_exits_2_with_a_message(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.delenv("CASHIER_CLIENT_ID", raising=False)
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text('[fiscal]\ntse = "off"\n', encoding="utf-8")  # no TSE to refuse
    code, _, err = cashier(capsys, *args)
    assert code == 2
    assert one_line(err).startswith("cashier: the live environment needs the vendor's client id")


def test_a_sale_without_a_receipt_cannot_be_reprinted(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, _ = cashier(capsys, "sale", "--item", "Kaffee;250;19", "--pay", "cash", "--given", "100")
    assert code == 3  # not enough cash: the sale is aborted, no receipt
    (aborted, _), *_ = journal_states(home).items()
    code, _, err = cashier(capsys, "journal", "reprint", aborted)
    assert code == 2
    assert one_line(err) == f"cashier journal: sale {aborted} has no receipt to reprint"
