"""``[fiscal]`` in ``settings.toml``: written, read back, refused in words naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cashier.app.settings import load_settings, load_table, save_settings
from cashier.domain.settings import (
    TSE_MODES,
    FiscalProblem,
    FiscalSettings,
    FiscalSettingsError,
    Settings,
    SettingsError,
)

TSS = "3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b"
CLIENT = "0d9c1a55-7e2b-4c3d-8a9b-1c2d3e4f5a6b"


def test_a_file_without_fiscal_is_a_simulator_till(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('till_id = "KASSE-4"\n', encoding="utf-8")
    assert load_settings(path).fiscal == FiscalSettings()
    save_settings(path, load_settings(path))
    assert '[fiscal]\ntse = "simulator"' in path.read_text(encoding="utf-8")


def test_fiscal_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    written = Settings(
        environment="live",
        client_id="app.4711",
        fiscal=FiscalSettings(
            tse="live", tss_id=TSS, client_id=CLIENT, client_serial="ERS Kasse „vorn“", api_key="live_abc"
        ),
    ).with_device_uuid()
    save_settings(path, written)
    assert load_settings(path) == written
    served = Settings(
        fiscal=FiscalSettings(
            tse="testing", tss_id=TSS, client_id=CLIENT, api_key="k", base_url="http://[::1]:1/x"
        )
    )
    save_settings(path, served)
    assert load_settings(path) == served


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tse=st.sampled_from([mode for mode in TSE_MODES if mode not in ("testing", "live")]),
    serial=st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=70).map(str.strip),
    key=st.text(max_size=20),
)
def test_any_serial_and_key_read_back(tmp_path: Path, tse: str, serial: str, key: str) -> None:
    path = tmp_path / "settings.toml"
    try:
        written = Settings(fiscal=FiscalSettings(tse=tse, client_serial=serial, api_key=key))
    except SettingsError:
        return  # what the rules refuse (a serial that is not printable) is not written
    save_settings(path, written)
    assert load_settings(path) == written


def test_a_refused_fiscal_section_names_the_file_and_keeps_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('environment = "live"\n[fiscal]\ntse = "simulator"\n', encoding="utf-8")
    with pytest.raises(FiscalSettingsError) as refused:
        load_settings(path)
    assert str(refused.value).startswith(f"{path}: the live environment must not sign with the simulated TSE")
    assert refused.value.issue.problem is FiscalProblem.SIMULATED_TSE_ON_LIVE
    path.write_text("[fiscal]\ntse = 1\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"fiscal\.tse must be str, not int"):
        load_settings(path)
    path.write_text('fiscal = "live"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"\[fiscal\] must be a table"):
        load_settings(path)


def test_changes_mend_a_refused_file_before_it_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('environment = "live"\n', encoding="utf-8")
    live = {"tse": "live", "tss_id": TSS, "client_id": CLIENT, "api_key": "live_abc"}
    assert load_settings(path, changes={"fiscal": live}).fiscal == FiscalSettings(**live)
    assert load_table(path, "fiscal") == {}
    assert load_settings(tmp_path / "none.toml", changes={"fiscal": {"tse": "off"}}).fiscal.tse == "off"
    save_settings(path, load_settings(path, changes={"fiscal": live}))
    assert load_table(path, "fiscal")["api_key"] == "live_abc"
    assert load_table(tmp_path / "none.toml", "fiscal") == {}
