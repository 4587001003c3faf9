"""The TSE's secrets — fiskaly's API secret, the admin PUK and PIN — in the keyring or the 0600
file, never in ``settings.toml`` or a log line (cashier.app.fiscal_secrets)."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from cashier.api.secret_store import FILE_NAME, SecretStore
from cashier.app.fiscal_secrets import FiscalSecrets, fiscal_secret_store
from cashier.app.paths import AppPaths, resolve_paths
from cashier.app.settings import load_settings, save_settings
from cashier.domain.settings import FiscalSettings, Settings
from tests.helpers.api import MemoryKeyring

TSS = "3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b"
CLIENT = "0d9c1a55-7e2b-4c3d-8a9b-1c2d3e4f5a6b"
API_SECRET = "s3cr3t-8f2a"
PUK = "4711081547"
PIN = "1234567890"
TESTING = Settings(fiscal=FiscalSettings(tse="testing", tss_id=TSS, client_id=CLIENT, api_key="test_key"))


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return resolve_paths({"CASHIER_HOME": str(tmp_path / "till")}).create()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    original = keyring.get_keyring()
    fake = MemoryKeyring()
    keyring.set_keyring(fake)
    try:
        yield fake
    finally:
        keyring.set_keyring(original)


def file_store(paths: AppPaths) -> SecretStore:
    return SecretStore(paths.data_dir, backend=fail.Keyring())  # type: ignore[no-untyped-call]


def test_each_secret_is_kept_and_read_back(paths: AppPaths) -> None:
    secrets = FiscalSecrets(file_store(paths), TESTING)
    assert (secrets.api_secret(), secrets.admin_puk(), secrets.admin_pin()) == (None, None, None)
    secrets.set_api_secret(API_SECRET)
    secrets.set_admin_puk(PUK)
    secrets.set_admin_pin(PIN)
    again = FiscalSecrets(file_store(paths), TESTING)  # another process, the same file
    assert (again.api_secret(), again.admin_puk(), again.admin_pin()) == (API_SECRET, PUK, PIN)
    again.delete_api_secret()
    assert again.api_secret() is None
    assert again.admin_puk() == PUK


def test_the_api_secret_belongs_to_its_key_and_the_puk_and_pin_to_their_tss(paths: AppPaths) -> None:
    store = file_store(paths)
    secrets = FiscalSecrets(store, TESTING)
    secrets.set_api_secret(API_SECRET)
    secrets.set_admin_puk(PUK)
    other_key = replace(TESTING, fiscal=replace(TESTING.fiscal, api_key="test_other"))
    assert FiscalSecrets(store, other_key).api_secret() is None
    assert FiscalSecrets(store, other_key).admin_puk() == PUK  # the same TSS
    new_tss = replace(TESTING, fiscal=TESTING.fiscal.with_new_ids())
    assert FiscalSecrets(store, new_tss).admin_puk() is None
    assert FiscalSecrets(store, new_tss).api_secret() == API_SECRET  # the same key
    live = replace(TESTING, fiscal=replace(TESTING.fiscal, tse="live"))
    assert FiscalSecrets(store, live).api_secret() is None  # another environment of fiskaly's
    served = replace(TESTING, fiscal=replace(TESTING.fiscal, base_url="http://127.0.0.1:8470/fiskaly/api/v2"))
    assert FiscalSecrets(store, served).admin_puk() is None  # a served simulator's TSS is another
    assert secrets.for_settings(new_tss).admin_puk() is None


def test_a_secret_without_its_key_or_tss_is_refused(paths: AppPaths) -> None:
    none = FiscalSecrets(file_store(paths), Settings(fiscal=FiscalSettings(tse="off")))
    with pytest.raises(ValueError, match="belongs to an API key"):
        none.set_api_secret(API_SECRET)
    with pytest.raises(ValueError, match="belongs to a TSS id"):
        none.set_admin_puk(PUK)
    assert (none.api_secret(), none.admin_pin()) == (None, None)
    with pytest.raises(ValueError, match="empty"):
        FiscalSecrets(file_store(paths), TESTING).set_admin_pin("")


def test_the_simulators_own_tss_has_no_secrets_here(paths: AppPaths) -> None:
    secrets = FiscalSecrets.of(Settings(), paths)  # the seed's TSS: the seed knows PIN and PUK
    assert (secrets.api_secret(), secrets.admin_puk(), secrets.admin_pin()) == (None, None, None)
    with pytest.raises(ValueError, match="belongs to a TSS id"):
        secrets.set_admin_pin(PIN)


def test_a_simulated_tss_of_its_own_keeps_them_out_of_the_keyring(
    paths: AppPaths, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASHIER_SECRET_STORE", raising=False)
    own = Settings(fiscal=FiscalSettings(tss_id=TSS, client_id=CLIENT))
    FiscalSecrets.of(own, paths).set_admin_pin(PIN)
    assert FiscalSecrets.of(own, paths).admin_pin() == PIN
    assert memory_keyring.passwords == {}  # demo secrets guard nothing
    assert (paths.data_dir / FILE_NAME).exists()


def test_fiskalys_secrets_go_to_the_keyring(
    paths: AppPaths, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASHIER_SECRET_STORE", raising=False)
    secrets = FiscalSecrets.of(TESTING, paths)
    secrets.set_api_secret(API_SECRET)
    secrets.set_admin_puk(PUK)
    assert set(memory_keyring.passwords.values()) == {API_SECRET, PUK}
    assert {user.split("@")[0] for _, user in memory_keyring.passwords} == {
        "fiskaly_api_secret",
        "tse_admin_puk",
    }
    assert not (paths.data_dir / FILE_NAME).exists()
    assert secrets.location == "keyring MemoryKeyring"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_without_a_keyring_they_go_to_the_0600_file(
    paths: AppPaths, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")
    secrets = FiscalSecrets.of(TESTING, paths)
    secrets.set_api_secret(API_SECRET)
    assert memory_keyring.passwords == {}
    file = paths.data_dir / FILE_NAME
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    kept = json.loads(file.read_text(encoding="utf-8"))["secrets"]
    assert kept == {"fiskaly:testing:key:test_key": {"fiskaly_api_secret": API_SECRET}}
    assert fiscal_secret_store("live", paths).location == f"file {file}"


def test_secrets_are_never_in_the_settings_file_the_log_or_a_repr(
    paths: AppPaths, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")
    caplog.set_level(logging.DEBUG)
    secrets = FiscalSecrets.of(TESTING, paths)
    secrets.set_api_secret(API_SECRET)
    secrets.set_admin_puk(PUK)
    secrets.set_admin_pin(PIN)
    save_settings(paths.settings_file, TESTING)
    text = paths.settings_file.read_text(encoding="utf-8")
    assert "[fiscal]" in text
    for value in (API_SECRET, PUK, PIN):
        assert value not in text
        assert value not in caplog.text
        assert value not in repr(secrets)
    assert load_settings(paths.settings_file) == TESTING


def test_a_secret_typed_into_the_settings_file_is_ignored_and_not_logged(
    paths: AppPaths, caplog: pytest.LogCaptureFixture
) -> None:
    paths.settings_file.write_text(
        f'[fiscal]\ntse = "testing"\ntss_id = "{TSS}"\nclient_id = "{CLIENT}"\napi_key = "test_key"\n'
        f'api_secret = "{API_SECRET}"\nadmin_puk = "{PUK}"\n',
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        assert load_settings(paths.settings_file) == TESTING
    assert "fiscal.api_secret ignored: secrets are not read from settings.toml" in caplog.text
    assert "fiscal.admin_puk ignored" in caplog.text
    assert API_SECRET not in caplog.text
    assert PUK not in caplog.text
    save_settings(paths.settings_file, load_settings(paths.settings_file))
    assert API_SECRET not in paths.settings_file.read_text(encoding="utf-8")  # gone at the next save
