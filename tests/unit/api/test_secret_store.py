"""Secrets in the keyring, or in a 0600 file where no keyring works (cashier.api.secret_store)."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from cashier.api.secret_store import (
    FILE_NAME,
    SERVICE,
    SecretFileError,
    SecretFileProblem,
    SecretName,
    SecretStore,
    keyring_is_usable,
)
from tests.helpers.api import BrokenKeyring, MemoryKeyring

SCOPE = "https://connect-testing.secuconnect.com /vendor/cashier/till/0001"
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring installed as *the* keyring; the original comes back afterwards."""
    original = keyring.get_keyring()
    fake = MemoryKeyring()
    keyring.set_keyring(fake)
    try:
        yield fake
    finally:
        keyring.set_keyring(original)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_default_keyring_is_used_when_it_works(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    store = SecretStore(tmp_path)
    store.set(SCOPE, SecretName.REFRESH_TOKEN, "9c4e1a7f")
    assert memory_keyring.passwords == {(SERVICE, f"refresh_token@{SCOPE}"): "9c4e1a7f"}
    assert store.get(SCOPE, SecretName.REFRESH_TOKEN) == "9c4e1a7f"
    assert store.get(SCOPE, SecretName.DEVICE_CODE) is None
    store.delete(SCOPE, SecretName.REFRESH_TOKEN)
    store.delete(SCOPE, SecretName.REFRESH_TOKEN)  # deleting what is gone is fine
    assert memory_keyring.passwords == {}
    assert not (tmp_path / FILE_NAME).exists()
    assert store.location == "keyring MemoryKeyring"


def test_scopes_keep_environments_and_devices_apart(tmp_path: Path) -> None:
    store = SecretStore(tmp_path, backend=MemoryKeyring())
    testing, live = store.scoped("testing till-1"), store.scoped("live till-1")
    testing.set(SecretName.CLIENT_SECRET, "a")
    live.set(SecretName.CLIENT_SECRET, "b")
    assert (testing.get(SecretName.CLIENT_SECRET), live.get(SecretName.CLIENT_SECRET)) == ("a", "b")
    assert "a" not in repr(testing)


@pytest.mark.parametrize(
    ("backend", "usable"),
    [(fail.Keyring(), False), (null.Keyring(), False), (MemoryKeyring(), True)],
)
def test_keyrings_that_store_nothing_are_not_usable(backend: KeyringBackend, usable: bool) -> None:
    assert keyring_is_usable(backend) is usable


def test_a_chainer_without_backends_is_not_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    assert keyring_is_usable(chainer.ChainerBackend()) is False
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [MemoryKeyring()])
    assert keyring_is_usable(chainer.ChainerBackend()) is True


@posix_only
def test_without_a_keyring_secrets_go_to_a_0600_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = SecretStore(data_dir, backend=fail.Keyring())
    store.set(SCOPE, SecretName.DEVICE_CODE, "5d1f0c7b")
    store.set(SCOPE, SecretName.REFRESH_TOKEN, "9c4e1a7f")
    path = data_dir / FILE_NAME
    assert mode_of(path) == 0o600
    assert json.loads(path.read_text()) == {
        "version": 1,
        "secrets": {SCOPE: {"device_code": "5d1f0c7b", "refresh_token": "9c4e1a7f"}},
    }
    assert store.location == f"file {path}"
    # A new store (the next start of the till) reads them back.
    again = SecretStore(data_dir, backend=fail.Keyring())
    assert again.get(SCOPE, SecretName.REFRESH_TOKEN) == "9c4e1a7f"
    again.delete(SCOPE, SecretName.DEVICE_CODE)
    again.delete(SCOPE, SecretName.REFRESH_TOKEN)
    assert json.loads(path.read_text())["secrets"] == {}
    assert [p.name for p in data_dir.iterdir()] == [FILE_NAME]  # no temporary files left


@posix_only
def test_the_file_is_never_readable_by_others_not_even_while_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modes: list[int] = []
    real_replace = os.replace

    def watching_replace(src: str, dst: Path) -> None:
        modes.append(mode_of(Path(src)))
        real_replace(src, dst)

    old = os.umask(0o000)  # the most permissive umask: the store must not rely on it
    try:
        monkeypatch.setattr("cashier.api.secret_store.os.replace", watching_replace)
        SecretStore(tmp_path, backend=fail.Keyring()).set(SCOPE, SecretName.CLIENT_SECRET, "s3cr3t")
    finally:
        os.umask(old)
    assert modes == [0o600]
    assert mode_of(tmp_path / FILE_NAME) == 0o600


@posix_only
def test_a_file_readable_by_others_is_tightened(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps({"version": 1, "secrets": {SCOPE: {"client_secret": "s3cr3t"}}}))
    path.chmod(0o644)
    assert SecretStore(tmp_path, backend=fail.Keyring()).get(SCOPE, SecretName.CLIENT_SECRET) == "s3cr3t"
    assert mode_of(path) == 0o600
    assert "readable by others" in caplog.text
    assert "s3cr3t" not in caplog.text


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[1, 2]",
        b'{"version": 1, "secrets": 5}',
        b'{"version": 1, "secr',
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_damaged_file_is_refused_and_kept(tmp_path: Path, content: bytes) -> None:
    """It may hold another environment's registration: never read as empty and overwritten."""
    path = tmp_path / FILE_NAME
    path.write_bytes(content)
    store = SecretStore(tmp_path, backend=fail.Keyring())
    with pytest.raises(SecretFileError, match="is damaged") as refused:
        store.get(SCOPE, SecretName.REFRESH_TOKEN)
    assert refused.value.problem is SecretFileProblem.DAMAGED
    assert str(path) in refused.value.message
    assert "move it away" in refused.value.message
    with pytest.raises(SecretFileError):
        store.set(SCOPE, SecretName.REFRESH_TOKEN, "new")
    assert path.read_bytes() == content


def test_a_file_of_a_newer_cashier_is_refused(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps({"version": 2, "secrets": {SCOPE: {"refresh_token": "r"}}}))
    with pytest.raises(SecretFileError, match="newer Cashier") as refused:
        SecretStore(tmp_path, backend=fail.Keyring()).get(SCOPE, SecretName.REFRESH_TOKEN)
    assert refused.value.problem is SecretFileProblem.NEWER


def test_a_folder_in_place_of_the_file_is_said_in_words(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).mkdir()
    store = SecretStore(tmp_path, backend=fail.Keyring())
    with pytest.raises(SecretFileError, match="is a folder, not a file") as refused:
        store.get(SCOPE, SecretName.REFRESH_TOKEN)
    assert refused.value.problem is SecretFileProblem.UNOPENABLE


def test_a_file_that_cannot_be_written_is_said_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    store = SecretStore(tmp_path, backend=fail.Keyring())
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(SecretFileError, match="the disk is full") as refused:
        store.set(SCOPE, SecretName.REFRESH_TOKEN, "r")
    assert refused.value.problem is SecretFileProblem.DISK_FULL
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_a_failing_keyring_falls_back_to_the_file_for_good(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = SecretStore(tmp_path, backend=BrokenKeyring())
    assert store.location == "keyring BrokenKeyring"
    store.set(SCOPE, SecretName.REFRESH_TOKEN, "9c4e1a7f")
    assert store.location == f"file {tmp_path / FILE_NAME}"
    assert store.get(SCOPE, SecretName.REFRESH_TOKEN) == "9c4e1a7f"
    assert "the keyring failed to store refresh_token (RuntimeError)" in caplog.text
    assert "9c4e1a7f" not in caplog.text


def test_a_keyring_failing_on_read_falls_back_too(tmp_path: Path) -> None:
    SecretStore(tmp_path, backend=fail.Keyring()).set(SCOPE, SecretName.CLIENT_SECRET, "s3cr3t")
    assert SecretStore(tmp_path, backend=BrokenKeyring()).get(SCOPE, SecretName.CLIENT_SECRET) == "s3cr3t"
