"""The simulator's state file: one that cannot be used is said in words when the store opens."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cashier.simulator.store import SCHEMA_VERSION, SimulatorStore, SimulatorStoreError


def a_state_file(path: Path) -> None:
    store = SimulatorStore(path)
    store.put("merchant", "MRC_1", {"id": "MRC_1"})
    store.close()


def test_a_damaged_state_file_is_said_in_words(tmp_path: Path) -> None:
    path = tmp_path / "simulator.sqlite"
    path.write_bytes(b"not a database " * 300)
    with pytest.raises(SimulatorStoreError, match="it is damaged; move it away") as refused:
        SimulatorStore(path)
    assert refused.value.path == str(path)


def test_a_truncated_state_file_is_said_in_words(tmp_path: Path) -> None:
    path = tmp_path / "simulator.sqlite"
    a_state_file(path)
    path.write_bytes(path.read_bytes()[:4096])
    with pytest.raises(SimulatorStoreError, match="cannot be used"):
        SimulatorStore(path)


def test_a_state_file_of_a_newer_cashier_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "simulator.sqlite"
    a_state_file(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    db.close()
    with pytest.raises(SimulatorStoreError, match="written by a newer Cashier"):
        SimulatorStore(path)


def test_a_folder_in_place_of_the_state_file_is_said_in_words(tmp_path: Path) -> None:
    path = tmp_path / "simulator.sqlite"
    path.mkdir()
    with pytest.raises(SimulatorStoreError, match="is a folder, not a file"):
        SimulatorStore(path)


def test_a_good_state_file_opens_as_before(tmp_path: Path) -> None:
    path = tmp_path / "simulator.sqlite"
    a_state_file(path)
    store = SimulatorStore(path)
    assert store.get("merchant", "MRC_1") == {"id": "MRC_1"}
    store.close()
