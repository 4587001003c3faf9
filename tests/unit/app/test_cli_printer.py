"""``cashier printer …`` as a shop owner runs it while setting up a printer."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PIL import Image

from cashier.printing.escpos_decode import Barcode, DrawerKick, decode, plain_text

CASHIER = Path(sys.executable).with_name("cashier")


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASHIER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [str(CASHIER), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_preview_writes_a_png_of_the_sample_sale(tmp_path: Path) -> None:
    out = tmp_path / "receipt.png"
    result = run("printer", "preview", "--out", str(out), "--width", "32", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "58 mm paper" in result.stdout
    with Image.open(out) as image:
        assert image.width == 384 + 32
        assert image.height > 1000


def test_test_page_to_a_file_printer(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    result = run("printer", "test", f"file://{target}", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "test page sent" in result.stdout
    items = decode(target.read_bytes())
    text = plain_text(items, 48)
    assert "Umlaute: ä ö ü Ä Ö Ü ß" in text
    assert "Euro: 12,50 €" in text
    assert any(isinstance(item, Barcode) for item in items)
    journal = sqlite3.connect(tmp_path / "journal.sqlite")
    assert journal.execute("SELECT kind, status FROM print_jobs").fetchall() == [("test", "printed")]


def test_drawer_kicks_and_is_audited(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    result = run("printer", "drawer", f"file://{target}", "--pin", "5", "--pulse", "120", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert DrawerKick(5, 120, 500) in decode(target.read_bytes())
    journal = sqlite3.connect(tmp_path / "journal.sqlite")
    assert journal.execute("SELECT kind FROM audit_events").fetchall() == [("drawer_opened",)]


def test_printer_trouble_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = run("printer", "test", f"file://{tmp_path}/missing/lp0", home=tmp_path)
    assert result.returncode == 1
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    bad = run("printer", "drawer", "lpt1", home=tmp_path)
    assert bad.returncode == 1
    assert "not a printer URI" in bad.stderr
    pulse = run("printer", "drawer", "preview", "--pulse", "9999", home=tmp_path)
    assert pulse.returncode == 2
    assert "on_ms" in pulse.stderr
