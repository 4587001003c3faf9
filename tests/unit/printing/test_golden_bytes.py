"""Golden bytes: every kind of print job, on both paper widths, byte for byte.

The files in ``golden/`` are what the layout sent when a person last looked at the result
(``cashier printer preview``, or the decoded text in the failure message). A change to the
layout fails these tests until the files are regenerated on purpose:

    CASHIER_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/printing/test_golden_bytes.py

Never automatically: a test run without the variable only compares.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from cashier.printing.escpos_decode import plain_text
from cashier.printing.profile import PrinterProfile
from tests.helpers.receipts import rendered_documents

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("CASHIER_REGENERATE_GOLDEN") == "1"
DOCUMENTS = rendered_documents()


@pytest.mark.parametrize("columns", [48, 32])
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_layout_bytes_match_the_golden_file(name: str, columns: int) -> None:
    profile = PrinterProfile.for_columns(columns)
    data = DOCUMENTS[name](profile)
    path = GOLDEN / f"{name}-{columns}.bin"
    if REGENERATE:
        path.write_bytes(data)
        pytest.skip(f"regenerated {path.name}; review it before committing")
    if not path.exists():
        pytest.fail(
            f"{path.name} is missing; create it with CASHIER_REGENERATE_GOLDEN=1 (see the module docstring)"
        )
    expected = path.read_bytes()
    if data != expected:
        diff = "\n".join(
            difflib.unified_diff(
                plain_text(expected, columns).splitlines(),
                plain_text(data, columns).splitlines(),
                "golden",
                "now",
                lineterm="",
            )
        )
        pytest.fail(f"{path.name} differs from the layout's output.\n{diff or '(same text, other bytes)'}")


def test_every_golden_file_belongs_to_a_document() -> None:
    expected = {f"{name}-{columns}.bin" for name in DOCUMENTS for columns in (48, 32)}
    assert {path.name for path in GOLDEN.glob("*.bin")} <= expected
