from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cashier.app.paths import make_folder_private, resolve_paths


def test_cashier_home_relocates_every_file(tmp_path: Path) -> None:
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)})
    for name, path in paths.as_dict().items():
        assert path.is_relative_to(tmp_path), name
    assert paths.journal_file == tmp_path / "journal.sqlite"
    assert paths.settings_file == tmp_path / "settings.toml"
    assert paths.simulator_db == tmp_path / "simulator.sqlite"
    assert paths.log_dir == tmp_path / "logs"


def test_without_cashier_home_the_platform_locations_are_used(tmp_path: Path) -> None:
    environ = {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data")}
    paths = resolve_paths({"CASHIER_HOME": "  ", **environ})
    # platformdirs reads the process environment, so only the shape can be checked here.
    assert paths.settings_file.name == "settings.toml"
    assert "Cashier" in paths.data_dir.parts
    assert paths.journal_file.parent == paths.data_dir


def test_create_makes_private_folders(tmp_path: Path) -> None:
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path / "till")}).create()
    for folder in (paths.config_dir, paths.data_dir, paths.log_dir, paths.cache_dir):
        assert folder.is_dir()
    mode = stat.S_IMODE((tmp_path / "till").stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_create_tightens_folders_an_older_cashier_left_open(tmp_path: Path) -> None:
    home = tmp_path / "till"
    (home / "logs").mkdir(parents=True)
    for folder in (home, home / "logs"):
        folder.chmod(0o755)
    resolve_paths({"CASHIER_HOME": str(home)}).create()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "logs").stat().st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_folder_made_read_only_stays_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o555)
    make_folder_private(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o500
    folder.chmod(0o700)
