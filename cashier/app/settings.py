"""The settings file: ``settings.toml`` read into the one frozen settings model
(:mod:`cashier.domain.settings`), passed in (habit 12), and written back.

Missing keys take their defaults, unknown keys are ignored (with a warning in the log), and a
broken file is an error that names the file and the line or key. No secret is ever read from or
written to it: a fiskaly API secret, admin PUK or PIN typed into ``[fiscal]`` by hand is ignored
with a warning that names the key only (they belong in the secret store, ``fiscal_secrets``).
``save_settings`` writes the file back (atomically, with ``tomli-w``) for the settings screen and
first-run set-up.
"""

from __future__ import annotations

import logging
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w

from cashier.domain.settings import FiscalSettingsError, Settings, SettingsError

if TYPE_CHECKING:
    from cashier.app.paths import AppPaths

log = logging.getLogger(__name__)

_HEAD = "# Cashier settings (written by Cashier; comments are not kept)\n"
SECRET_KEYS = frozenset({"api_secret", "admin_puk", "admin_pin", "secret", "puk", "pin"})
"""Keys of ``[fiscal]`` that would hold a secret: never read from the file."""


def load_settings(path: Path, *, changes: Mapping[str, Mapping[str, Any]] | None = None) -> Settings:
    """The settings in ``path``; defaults when the file does not exist.

    ``changes`` replaces keys of sections before the whole is checked (``{"fiscal": {"tse":
    "live"}}``): a command that sets a section up can mend a file its rules refuse.
    """
    if not path.exists():
        raw: dict[str, Any] = {}
    else:
        raw = _read(path)
    for section, values in (changes or {}).items():
        table = raw.setdefault(section, {})
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: [{section}] must be a table")
        table.update(values)
    if not raw:
        return Settings()
    try:
        settings: Settings = _build(Settings, raw, path, "")
    except FiscalSettingsError as exc:  # keeps what is wrong, for the screens' words
        raise FiscalSettingsError(exc.issue, where=f"{path}: ") from None
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    return settings


def load_table(path: Path, section: str) -> dict[str, Any]:
    """The keys of ``[section]`` as the file has them, unchecked (``{}`` without file or table)."""
    table = _read(path).get(section, {}) if path.exists() else {}
    return dict(table) if isinstance(table, dict) else {}


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from None
    except OSError as exc:
        what = "is a folder, not a file" if path.is_dir() else f"cannot be read ({exc.strerror or exc})"
        raise SettingsError(f"{path} {what}; it must be a file this user can read and write") from None


def _build(cls: Any, raw: dict[str, Any], path: Path, prefix: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            if prefix == "fiscal." and key.lower() in SECRET_KEYS:
                log.warning(  # the key only, never the value
                    "%s: %s%s ignored: secrets are not read from settings.toml; give it to "
                    "`cashier fiscal setup` or the settings' TSE page (kept in the keyring), and "
                    "remove it from the file",
                    path,
                    prefix,
                    key,
                )
                continue
            log.warning("%s: unknown setting %s%s ignored", path, prefix, key)
            continue
        default = getattr(cls(), key)
        if is_dataclass(default):  # a section: [shop], [printer], [scanner]
            if not isinstance(value, dict):
                raise SettingsError(f"[{prefix}{key}] must be a table")
            values[key] = _build(type(default), value, path, f"{prefix}{key}.")
        elif isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise SettingsError(f"{prefix}{key} must be a list of texts")
            values[key] = tuple(value)
        elif type(default) is not type(value):
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                values[key] = float(value)
                continue
            raise SettingsError(f"{prefix}{key} must be {type(default).__name__}, not {type(value).__name__}")
        else:
            values[key] = value
    return cls(**values)


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` to ``path`` atomically (a crash leaves the old file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _HEAD + tomli_w.dumps(asdict(settings))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_or_create_settings(paths: AppPaths) -> Settings:
    """The settings file, completed with a device uuid on the first start (and saved); a new
    file says the set-up is pending (:attr:`Settings.setup_pending`) until the wizard ends."""
    new = not paths.settings_file.exists()
    settings = load_settings(paths.settings_file)
    completed = settings.with_device_uuid()
    if new:
        completed = replace(completed, setup_pending=True)
    if completed is not settings:
        try:
            save_settings(paths.settings_file, completed)
        except OSError as exc:
            raise SettingsError(
                f"{paths.settings_file} cannot be written ({exc.strerror or exc}); give this user write "
                "access to its folder"
            ) from None
    return completed
