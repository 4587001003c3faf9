"""``[fiscal]``: which TSE signs the sales, and the rules that keep training signatures off real
receipts (docs/fiscal-settings.md)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cashier.domain.settings import (
    TSE_MODES,
    FiscalProblem,
    FiscalSettings,
    FiscalSettingsError,
    Settings,
    SettingsError,
    fiscal_issue,
    is_tse_uuid,
)

TSS = "3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b"
CLIENT = "0d9c1a55-7e2b-4c3d-8a9b-1c2d3e4f5a6b"
FISKALY = FiscalSettings(tse="testing", tss_id=TSS, client_id=CLIENT, api_key="test_key")


def test_the_default_is_the_simulator_and_every_mode_is_named() -> None:
    assert Settings().fiscal == FiscalSettings(tse="simulator")
    assert TSE_MODES == ("simulator", "testing", "live", "off")
    assert FiscalSettings().signs
    assert not FiscalSettings(tse="off").signs
    assert FISKALY.on_fiskaly
    assert not FiscalSettings().on_fiskaly


def test_fiskaly_modes_are_accepted_with_key_and_ids() -> None:
    assert Settings(fiscal=FISKALY).fiscal is FISKALY
    assert Settings(environment="live", fiscal=replace(FISKALY, tse="live")).fiscal.tse == "live"
    assert Settings(environment="live", fiscal=FiscalSettings(tse="off")).fiscal.tse == "off"  # abroad


@pytest.mark.parametrize(
    ("fiscal", "environment", "problem", "key", "words"),
    [
        (
            FiscalSettings(tse="cloud"),
            "simulator",
            FiscalProblem.UNKNOWN_TSE,
            "fiscal.tse",
            "one of simulator",
        ),
        (replace(FISKALY, api_key=""), "simulator", FiscalProblem.MISSING, "fiscal.api_key", "API key"),
        (replace(FISKALY, tss_id=""), "testing", FiscalProblem.MISSING, "fiscal.tss_id", "TSS id"),
        (replace(FISKALY, client_id=""), "testing", FiscalProblem.MISSING, "fiscal.client_id", "client id"),
        (replace(FISKALY, tss_id="tss-1"), "simulator", FiscalProblem.NOT_A_UUID, "fiscal.tss_id", "UUID"),
        (
            FiscalSettings(client_id="12345"),
            "simulator",
            FiscalProblem.NOT_A_UUID,
            "fiscal.client_id",
            "UUID",
        ),
        (
            FiscalSettings(tse="simulator"),
            "live",
            FiscalProblem.SIMULATED_TSE_ON_LIVE,
            "fiscal.tse",
            "must not sign with the simulated TSE",
        ),
        (FISKALY, "live", FiscalProblem.TEST_TSE_ON_LIVE, "fiscal.tse", "fiskaly's test TSE"),
        (
            replace(FISKALY, tse="live", base_url="http://127.0.0.1:8480/fiskaly/api/v2"),
            "live",
            FiscalProblem.BASE_URL_ON_LIVE,
            "fiscal.base_url",
            "the live TSE is fiskaly's own",
        ),
        (
            replace(FISKALY, base_url="http://tse.example.com/api/v2"),
            "testing",
            FiscalProblem.BAD_BASE_URL,
            "fiscal.base_url",
            "http:// only to this machine",
        ),
        (
            FiscalSettings(base_url="ftp://127.0.0.1"),
            "simulator",
            FiscalProblem.BAD_BASE_URL,
            "fiscal.base_url",
            "",
        ),
        (FiscalSettings(base_url="https://"), "simulator", FiscalProblem.BAD_BASE_URL, "fiscal.base_url", ""),
        (FiscalSettings(client_serial=" ERS 1"), "simulator", FiscalProblem.BAD_CLIENT_SERIAL, "", "spaces"),
        (FiscalSettings(client_serial="E" * 71), "simulator", FiscalProblem.BAD_CLIENT_SERIAL, "", "70"),
        (
            FiscalSettings(client_serial="ERS\t1"),
            "simulator",
            FiscalProblem.BAD_CLIENT_SERIAL,
            "",
            "printable",
        ),
    ],
)
def test_what_cannot_be_used_is_refused_naming_the_key(
    fiscal: FiscalSettings, environment: str, problem: FiscalProblem, key: str, words: str
) -> None:
    issue = fiscal_issue(fiscal, environment)
    assert issue is not None
    assert issue.problem is problem
    assert issue.key == (key or "fiscal.client_serial")
    assert words in issue.message
    with pytest.raises(FiscalSettingsError) as refused:
        Settings(environment=environment, fiscal=fiscal)
    assert refused.value.issue == issue
    assert isinstance(refused.value, SettingsError)  # every caller of the settings catches it
    assert str(refused.value) == issue.message


def test_live_with_the_simulator_says_how_to_mend_it() -> None:
    with pytest.raises(FiscalSettingsError) as refused:
        Settings(environment="live")
    message = str(refused.value)
    assert "real receipts would carry signatures the tax office does not accept" in message
    assert "cashier fiscal setup" in message
    assert 'fiscal.tse = "off"' in message  # the way out for a till outside Germany


@pytest.mark.parametrize(
    "url",
    [
        "https://kassensichv-middleware.fiskaly.com/api/v2",
        "http://127.0.0.1:8470/fiskaly/api/v2",
        "http://localhost:8470/fiskaly/api/v2",
        "http://[::1]:8470/fiskaly/api/v2",
    ],
)
def test_a_served_simulator_or_another_https_server_may_stand_in(url: str) -> None:
    assert fiscal_issue(replace(FISKALY, base_url=url), "testing") is None
    assert fiscal_issue(FiscalSettings(base_url=url)) is None


def test_ids_are_uuids_in_either_case() -> None:
    assert is_tse_uuid(TSS)
    assert is_tse_uuid(TSS.upper())
    assert not is_tse_uuid(TSS.replace("-", ""))
    assert not is_tse_uuid(f"{{{TSS}}}")
    assert not is_tse_uuid(TSS + " ")


def test_new_ids_are_new_uuids() -> None:
    first, second = FISKALY.with_new_ids(), FISKALY.with_new_ids()
    assert is_tse_uuid(first.tss_id)
    assert is_tse_uuid(first.client_id)
    assert len({first.tss_id, first.client_id, second.tss_id, second.client_id, TSS}) == 5
    assert (first.api_key, first.tse) == (FISKALY.api_key, FISKALY.tse)


def test_the_ers_serial_comes_from_the_till_id_unless_fixed() -> None:
    assert Settings(till_id="KASSE-7").client_serial == "ERS KASSE-7"
    fixed = Settings(till_id="KASSE-7", fiscal=replace(FISKALY, client_serial="ERS 0815"))
    assert fixed.client_serial == "ERS 0815"
    assert replace(fixed, till_id="KASSE-8").client_serial == "ERS 0815"  # registered with it


def test_the_simulator_takes_both_ids_or_neither() -> None:
    assert fiscal_issue(FiscalSettings()) is None  # its own TSS
    assert fiscal_issue(FiscalSettings(tss_id=TSS, client_id=CLIENT)) is None  # one set up for this till
    issue = fiscal_issue(FiscalSettings(tss_id=TSS))
    assert issue is not None
    assert (issue.problem, issue.key) == (FiscalProblem.MISSING, "fiscal.client_id")
    assert "--tse simulator --new-tss" in issue.message
    issue = fiscal_issue(FiscalSettings(client_id=CLIENT))
    assert issue is not None
    assert issue.key == "fiscal.tss_id"


def test_no_secret_has_a_place_in_the_settings() -> None:
    names = set(FiscalSettings.__dataclass_fields__)
    assert names == {"tse", "tss_id", "client_id", "client_serial", "api_key", "base_url"}
