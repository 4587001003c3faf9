"""Where the device code, the refresh token and the client secret live (and the TSE's fiskaly API
secret, admin PUK and admin PIN, through ``cashier.app.fiscal_secrets``).

See docs/architecture.md, "Files on disk".

In the OS keyring through ``keyring`` (service ``"cashier"``, user name
``"<name>@<scope>"``, scope = environment base URL + device uuid or client id). Where no
usable keyring backend exists — ``keyring``'s ``fail``/``null`` backends, a chainer without
backends — or the keyring fails (locked, no D-Bus session, …), the secrets go to a JSON file
``secrets.json`` under the data directory the caller gives: created with mode 0600 from the
start (a temporary file written, flushed and synced, then ``os.replace``-d), re-tightened if it
is found readable by others. After the first keyring failure a store keeps to the file.
A file that cannot be used — damaged, written by a newer Cashier, a folder, unreadable or
unwritable — is a :class:`SecretFileError` naming the file and what to do: it is never read
as empty and overwritten (it may hold another environment's registration).

Values are never logged; log lines name the secret and the place only. The calls block (a
keyring may talk D-Bus): async callers run them in a worker thread.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import stat
import tempfile
import threading
from enum import StrEnum
from pathlib import Path
from typing import Final

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import PasswordDeleteError

log = logging.getLogger(__name__)

SERVICE: Final = "cashier"
FILE_NAME: Final = "secrets.json"
FILE_VERSION: Final = 1


class SecretFileProblem(StrEnum):
    """What is wrong with ``secrets.json`` (the same words as the journal's problems)."""

    DAMAGED = "damaged"
    NEWER = "newer"
    UNOPENABLE = "unopenable"
    READ_ONLY = "read_only"
    DISK_FULL = "disk_full"


class SecretFileError(Exception):
    """``secrets.json`` cannot be used; ``message`` names the file and what to do."""

    def __init__(self, message: str, *, path: Path, problem: SecretFileProblem) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.problem = problem


class SecretName(StrEnum):
    DEVICE_CODE = "device_code"
    REFRESH_TOKEN = "refresh_token"
    CLIENT_SECRET = "client_secret"
    # The TSE's (German till law), typed by cashier.app.fiscal_secrets.FiscalSecrets:
    FISKALY_API_SECRET = "fiskaly_api_secret"
    TSE_ADMIN_PUK = "tse_admin_puk"
    TSE_ADMIN_PIN = "tse_admin_pin"


def keyring_is_usable(backend: KeyringBackend) -> bool:
    """False for the backends that store nothing (``fail``, ``null``, an empty chainer)."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(type(backend).backends)
    return True


class SecretStore:
    """Secrets per scope in the keyring, or in a 0600 file under ``data_dir``."""

    def __init__(self, data_dir: Path, *, backend: KeyringBackend | None = None) -> None:
        self.file = Path(data_dir) / FILE_NAME
        self._backend = backend if backend is not None else keyring.get_keyring()
        self._use_keyring = keyring_is_usable(self._backend)
        self._lock = threading.Lock()
        if not self._use_keyring:
            log.info(
                "no usable keyring (%s): secrets are kept in %s", type(self._backend).__name__, self.file
            )

    @property
    def location(self) -> str:
        """Where secrets go now, for the log and the settings screen (no values)."""
        return f"keyring {type(self._backend).__name__}" if self._use_keyring else f"file {self.file}"

    def scoped(self, scope: str) -> ScopedSecrets:
        return ScopedSecrets(self, scope)

    def get(self, scope: str, name: SecretName) -> str | None:
        if self._use_keyring:
            try:
                return self._backend.get_password(SERVICE, _user(scope, name))
            except Exception as exc:
                self._give_up_keyring("read", name, exc)
        with self._lock:
            return self._read_file().get(scope, {}).get(name.value)

    def set(self, scope: str, name: SecretName, value: str) -> None:
        if self._use_keyring:
            try:
                self._backend.set_password(SERVICE, _user(scope, name), value)
            except Exception as exc:
                self._give_up_keyring("store", name, exc)
            else:
                return
        with self._lock:
            data = self._read_file()
            data.setdefault(scope, {})[name.value] = value
            self._write_file(data)

    def delete(self, scope: str, name: SecretName) -> None:
        if self._use_keyring:
            try:
                self._backend.delete_password(SERVICE, _user(scope, name))
            except PasswordDeleteError:
                pass  # nothing stored: nothing to delete
            except Exception as exc:
                self._give_up_keyring("delete", name, exc)
            else:
                return
        with self._lock:
            data = self._read_file()
            if data.get(scope, {}).pop(name.value, None) is not None:
                if not data[scope]:
                    del data[scope]
                self._write_file(data)

    # --- the fallback ----------------------------------------------------------------------
    def _give_up_keyring(self, action: str, name: SecretName, exc: Exception) -> None:
        log.warning(
            "the keyring failed to %s %s (%s); using %s from now on",
            action,
            name.value,
            type(exc).__name__,
            self.file,
        )
        self._use_keyring = False

    def _read_file(self) -> dict[str, dict[str, str]]:
        try:
            raw = self.file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except UnicodeDecodeError:
            raise self._damaged("not text") from None
        except OSError as error:
            raise self._unusable(error, "read") from error
        self._tighten_mode()
        try:
            data = json.loads(raw)
        except ValueError:
            raise self._damaged("not valid JSON") from None
        if isinstance(data, dict) and isinstance(data.get("version"), int) and data["version"] > FILE_VERSION:
            raise SecretFileError(
                f"the secrets file {self.file} was written by a newer Cashier (version {data['version']}); "
                "update Cashier",
                path=self.file,
                problem=SecretFileProblem.NEWER,
            )
        secrets = data.get("secrets") if isinstance(data, dict) else None
        if not isinstance(secrets, dict):
            raise self._damaged("an unknown layout")
        return {
            scope: {k: v for k, v in values.items() if isinstance(k, str) and isinstance(v, str)}
            for scope, values in secrets.items()
            if isinstance(scope, str) and isinstance(values, dict)
        }

    def _damaged(self, what: str) -> SecretFileError:
        return SecretFileError(
            f"the secrets file {self.file} is damaged ({what}); move it away — the till then asks to "
            "be registered again",
            path=self.file,
            problem=SecretFileProblem.DAMAGED,
        )

    def _unusable(self, error: OSError, doing: str) -> SecretFileError:
        if self.file.is_dir():
            return SecretFileError(
                f"the secrets file {self.file} is a folder, not a file; move it away",
                path=self.file,
                problem=SecretFileProblem.UNOPENABLE,
            )
        reason = error.strerror or str(error)
        if error.errno == errno.ENOSPC:
            return SecretFileError(
                f"the secrets file {self.file} cannot be written: the disk is full; free some space",
                path=self.file,
                problem=SecretFileProblem.DISK_FULL,
            )
        if doing == "write":
            return SecretFileError(
                f"the secrets file {self.file} cannot be written ({reason}); give this user write access "
                "to its folder",
                path=self.file,
                problem=SecretFileProblem.READ_ONLY,
            )
        return SecretFileError(
            f"the secrets file {self.file} cannot be read ({reason}); it must be a file this user can "
            "read and write",
            path=self.file,
            problem=SecretFileProblem.UNOPENABLE,
        )

    def _write_file(self, data: dict[str, dict[str, str]]) -> None:
        try:
            self._replace_file(data)
        except OSError as error:
            raise self._unusable(error, "write") from error

    def _replace_file(self, data: dict[str, dict[str, str]]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp_name = tempfile.mkstemp(dir=self.file.parent, prefix=".secrets-", suffix=".tmp")
        try:
            os.chmod(temp_name, 0o600)  # mkstemp already does; say it anyway
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"version": FILE_VERSION, "secrets": data}, stream, indent=1, sort_keys=True)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp_name, self.file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise

    def _tighten_mode(self) -> None:
        if os.name != "posix":
            return
        mode = stat.S_IMODE(self.file.stat().st_mode)
        if mode & 0o077:
            log.warning("the secrets file %s was readable by others (mode %o); set to 0600", self.file, mode)
            with contextlib.suppress(OSError):  # another user's file: reading it still works
                os.chmod(self.file, 0o600)


def _user(scope: str, name: SecretName) -> str:
    return f"{name.value}@{scope}"


class ScopedSecrets:
    """The secrets of one scope (an environment and a device or client)."""

    def __init__(self, store: SecretStore, scope: str) -> None:
        self.store = store
        self.scope = scope

    def get(self, name: SecretName) -> str | None:
        return self.store.get(self.scope, name)

    def set(self, name: SecretName, value: str) -> None:
        self.store.set(self.scope, name, value)

    def delete(self, name: SecretName) -> None:
        self.store.delete(self.scope, name)

    def __repr__(self) -> str:
        return f"ScopedSecrets({self.scope!r} in {self.store.location})"
