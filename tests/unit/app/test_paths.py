from __future__ import annotations

import stat
from pathlib import Path

from cashier.app.paths import resolve_paths


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
