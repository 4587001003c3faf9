"""Where Cashier keeps its files on the shop PC (docs/architecture.md, "Files on disk").

With ``CASHIER_HOME`` set, everything lives below that one folder (tests, the headless CLI,
several tills on one machine). Otherwise the platform's usual places are used, through
``platformdirs``: settings in the user config folder, journal and simulator state in the
user data folder, logs in the user log folder.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Cashier"
HOME_VARIABLE = "CASHIER_HOME"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The folders and files of one till installation."""

    config_dir: Path
    data_dir: Path
    log_dir: Path
    cache_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def journal_file(self) -> Path:
        return self.data_dir / "journal.sqlite"

    @property
    def simulator_db(self) -> Path:
        return self.data_dir / "simulator.sqlite"

    @property
    def secrets_fallback_file(self) -> Path:
        """Used for device secrets only where no OS keyring exists (mode 0600)."""
        return self.data_dir / "secrets.json"

    def create(self) -> AppPaths:
        """Create the folders that do not exist yet and return self.

        The journal and the logs hold card numbers and names: every folder is private to the
        user (0700 on POSIX), also one made by an older Cashier or by hand."""
        for folder in (self.config_dir, self.data_dir, self.log_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            make_folder_private(folder)
        return self

    def as_dict(self) -> dict[str, Path]:
        return {
            "config_dir": self.config_dir,
            "data_dir": self.data_dir,
            "log_dir": self.log_dir,
            "cache_dir": self.cache_dir,
            "settings_file": self.settings_file,
            "journal_file": self.journal_file,
            "simulator_db": self.simulator_db,
            "secrets_fallback_file": self.secrets_fallback_file,
        }


def make_folder_private(folder: Path) -> None:
    """``folder`` for this user only (POSIX): the bits of others are taken away, the owner's
    kept (a folder made read-only stays so); another user's folder is left as it is."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        mode = folder.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(folder, mode & 0o700)


def resolve_paths(environ: Mapping[str, str] | None = None) -> AppPaths:
    """The paths for this process: ``CASHIER_HOME`` if set and not empty, else platformdirs."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_VARIABLE, "").strip()
    if home:
        root = Path(home).expanduser().absolute()
        return AppPaths(
            config_dir=root,
            data_dir=root,
            log_dir=root / "logs",
            cache_dir=root / "cache",
        )
    return AppPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
