"""Suite-wide settings: Qt offscreen, no Hypothesis deadlines on shared machines, error logs fail tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from cashier.journal.database import JournalDatabase
from cashier.journal.schema import open_journal

# Set before anything imports Qt; ./run-tests sets it too.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The simulator answers as awkwardly as the vendor's SDK allows (issue 14): numbers, nulls, PHP's [],
# pending debits, no `me` on a card's own calls. A test that needs the tidy shapes says so.
os.environ.setdefault("CASHIER_SIM_VENDOR_SHAPES", "1")

# The machines that run this suite are shared and noisy: time is measured in benchmarks/,
# never asserted in tests, so Hypothesis must not fail an example for being slow.
settings.register_profile("cashier", deadline=None, print_blob=True)
settings.load_profile("cashier")

# An ERROR log record nobody expected fails the test; @pytest.mark.expected_errors(...) expects one.
pytest_plugins = ["tests.helpers.logfail"]


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[JournalDatabase]:
    """An empty journal database in the test's own folder."""
    db = open_journal(tmp_path / "journal.sqlite")
    yield db
    db.close()
