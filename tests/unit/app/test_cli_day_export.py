"""``cashier day export``: a journal with one closed day in, a valid DSFinV-K ZIP out; every
refusal in one line on stderr with its exit code."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from dsfinvk.validate import validate_zip  # type: ignore[import-untyped]

from cashier.app import cli
from cashier.journal.closings import ClosingJournal
from cashier.journal.sales import SaleJournal
from cashier.journal.schema import open_journal

DAY = "2026-09-21"
AT = datetime(2026, 9, 21, 10, 0, tzinfo=timezone(timedelta(hours=2)))
BASKET = [
    {"description": "Wasser", "unit_price": 99, "quantity": 2, "vat": 19, "article_number": None, "ean": None}
]


def a_sale(journal: SaleJournal, *, day: str = DAY) -> str:
    sale_id = f"KASSE-1-{day.replace('-', '')}-00000{journal.next_sale_number('KASSE-1', day)}"
    journal.open_sale(
        sale_id=sale_id,
        till_id="KASSE-1",
        business_day=day,
        kind="sale",
        state="editing",
        environment="live",
        at=AT,
    )
    journal.step(
        sale_id, from_state="starting", to_state="completed", action="completed", at=AT, tender="cash", total=198,
        amount_collected=198, basket=json.dumps(BASKET),
    )  # fmt: skip
    return sale_id


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASHIER_HOME", str(tmp_path / "till"))
    (tmp_path / "till").mkdir()
    db = open_journal(tmp_path / "till" / "journal.sqlite")
    journal = SaleJournal(db)
    sale_id = a_sale(journal)
    ClosingJournal(db).close(till_id="KASSE-1", business_day=DAY, at=AT, sale_ids=[sale_id])
    db.close()
    return tmp_path / "till"


def export(out: Path, *extra: str, first: str = DAY, last: str = DAY) -> int:
    return cli.main(["day", "export", "--from", first, "--to", last, "--out", str(out), *extra])


def test_the_export_is_written_and_summed_up_as_json(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dsfinvk.zip"
    assert export(out, "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == {
        "file": str(out), "from": DAY, "to": DAY, "closings": [1], "transactions": 1, "unsigned": 1,
        "turnover_cents": 198, "payments_cents": {"Bar": 198},
    }  # fmt: skip
    assert validate_zip(str(out)) == []
    with zipfile.ZipFile(out) as archive:
        assert "KASSE-1;" in archive.read("transactions.csv").decode()
    assert list(tmp_path.glob("*.part")) == []


def test_an_existing_file_is_kept_unless_forced(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dsfinvk.zip"
    out.write_bytes(b"keep me")
    assert export(out) == 2
    assert "exists; give --force" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert export(out, "--force") == 0
    assert validate_zip(str(out)) == []
    assert "Kassenabschluss Nr. 1; 1 transactions, 1,98 €" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--from", "2026-09-22", "--to", DAY], 2, "is after --to"),
        (["--from", "2026-02-30", "--to", DAY], 2, "must be a date YYYY-MM-DD that exists"),
        (["--from", "2025-01-01", "--to", "2025-01-31"], 3, "no sales and no Kassenabschluss"),
        (["--from", DAY, "--to", DAY, "--journal", "/nonexistent/journal.sqlite"], 1, "there is no journal"),
    ],
)
@pytest.mark.usefixtures("home")
def test_bad_input_is_one_line_and_an_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, words: str
) -> None:
    out = tmp_path / "dsfinvk.zip"
    assert _run(["day", "export", *args, "--out", str(out)]) == code
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_day_without_its_closing_is_refused(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_journal(home / "journal.sqlite")
    a_sale(SaleJournal(db), day="2026-09-22")
    db.close()
    assert export(tmp_path / "x.zip", last="2026-09-22") == 3
    assert "no Kassenabschluss for 2026-09-22: print the Z report" in capsys.readouterr().err


def test_an_unwritable_folder_is_refused(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(tmp_path / "missing" / "x.zip") == 1
    assert "does not exist" in capsys.readouterr().err
    assert export(tmp_path) == 2
    assert "is a folder" in capsys.readouterr().err


def test_the_installed_command_has_it(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cashier", "day", "export", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "--force" in result.stdout


def _run(argv: list[str]) -> int:
    try:
        return cli.main(argv)
    except SystemExit as exit_:  # argparse refuses a bad date itself
        return int(exit_.code or 0)
