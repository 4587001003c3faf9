"""The TSE from the settings, and the TSS set-up, write-ahead (cashier.app.fiscal_setup)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from keyring.backends import fail

from cashier.api.secret_store import SecretStore
from cashier.app.fiscal_secrets import FiscalSecrets
from cashier.app.fiscal_setup import (
    FISKALY_BASE_URLS,
    TseConnection,
    build_tse,
    connection_of,
    new_admin_pin,
    ready_for_set_up,
    set_up_tss,
)
from cashier.domain.settings import FiscalProblem, FiscalSettings, FiscalSettingsError, Settings, is_tse_uuid
from cashier.services.fiscal.port import TseError, TseUnreachable
from cashier.simulator.fiskaly import seed
from tests.helpers.tse_backend import PUKS, FakeTseBackend

TSS = "3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b"
CLIENT = "0d9c1a55-7e2b-4c3d-8a9b-1c2d3e4f5a6b"
TESTING = Settings(
    till_id="KASSE-3",
    fiscal=FiscalSettings(tse="testing", tss_id=TSS, client_id=CLIENT, api_key="test_key"),
)


@pytest.fixture
def secrets(tmp_path: Path) -> FiscalSecrets:
    store = SecretStore(tmp_path, backend=fail.Keyring())  # type: ignore[no-untyped-call]
    return FiscalSecrets(store, TESTING)


def test_no_tse_outside_germany(secrets: FiscalSecrets) -> None:
    off = Settings(fiscal=FiscalSettings(tse="off"))
    backend = FakeTseBackend()
    assert build_tse(off, None, backend=backend) is None
    assert connection_of(off, None) is None
    assert backend.connections == []


def test_testing_and_live_need_the_api_secret_in_the_store(secrets: FiscalSecrets) -> None:
    with pytest.raises(FiscalSettingsError) as refused:
        build_tse(TESTING, secrets, backend=FakeTseBackend())
    assert refused.value.issue.problem is FiscalProblem.NO_API_SECRET
    assert refused.value.issue.key == "fiscal.api_secret"
    assert "cashier fiscal setup" in str(refused.value)
    with pytest.raises(FiscalSettingsError):
        build_tse(TESTING, None, backend=FakeTseBackend())


def test_the_tse_is_made_for_the_settings(secrets: FiscalSecrets) -> None:
    secrets.set_api_secret("s3cret")
    backend = FakeTseBackend()
    tse = build_tse(TESTING, secrets, backend=backend)
    assert tse is not None
    assert (tse.environment, tse.tss_id, tse.client_id) == ("testing", TSS, CLIENT)
    assert backend.connections == [
        TseConnection(
            "testing", FISKALY_BASE_URLS["testing"], "test_key", "s3cret", TSS, CLIENT, "ERS KASSE-3"
        )
    ]
    assert "s3cret" not in repr(backend.connections[0])
    live = replace(TESTING, fiscal=replace(TESTING.fiscal, tse="live", api_key="live_key"))
    live_secrets = secrets.for_settings(live)
    live_secrets.set_api_secret("l1ve")
    connection = connection_of(live, live_secrets)
    assert connection is not None
    assert connection.base_url == "https://kassensichv.fiskaly.com/api/v2"
    served = replace(
        TESTING, fiscal=replace(TESTING.fiscal, base_url="http://127.0.0.1:8470/fiskaly/api/v2/")
    )
    secrets.for_settings(served).set_api_secret("s3cret")
    connection = connection_of(served, secrets.for_settings(served))
    assert connection is not None
    assert connection.base_url == "http://127.0.0.1:8470/fiskaly/api/v2"


def test_the_simulator_is_its_seeds_tss_unless_it_has_its_own() -> None:
    connection = connection_of(Settings(), None)
    assert connection == TseConnection(
        "simulator", "", seed.API_KEY, seed.API_SECRET, seed.TSS_ID, seed.CLIENT_ID, seed.CLIENT_SERIAL
    )
    own = Settings(till_id="KASSE-5", fiscal=FiscalSettings(tss_id=TSS, client_id=CLIENT))
    connection = connection_of(own, None)
    assert connection is not None
    assert (connection.tss_id, connection.client_id, connection.client_serial) == (TSS, CLIENT, "ERS KASSE-5")
    served = Settings(fiscal=FiscalSettings(base_url="http://127.0.0.1:8470/fiskaly/api/v2"))
    connection = connection_of(served, None)
    assert connection is not None
    assert (connection.base_url, connection.api_key) == ("http://127.0.0.1:8470/fiskaly/api/v2", seed.API_KEY)


async def test_the_simulators_own_tss_needs_no_set_up(tmp_path: Path) -> None:
    backend = FakeTseBackend()
    store = SecretStore(tmp_path, backend=fail.Keyring())  # type: ignore[no-untyped-call]
    done = await set_up_tss(Settings(), FiscalSecrets(store, Settings()), backend=backend)
    assert (done.tss_id, done.already, done.admin_puk) == (seed.TSS_ID, True, "")
    assert backend.connections == []


def test_a_set_up_gets_new_ids_where_it_has_none_and_fixes_the_serial() -> None:
    fiscal = replace(TESTING.fiscal, tss_id="", client_id="")
    ready = ready_for_set_up(fiscal, TESTING)
    assert is_tse_uuid(ready.tss_id)
    assert is_tse_uuid(ready.client_id)
    assert ready.client_serial == "ERS KASSE-3"
    another_till = ready_for_set_up(replace(fiscal, tss_id=TSS.upper()), replace(TESTING, till_id="KASSE-4"))
    assert another_till.tss_id == TSS  # a new client of the same TSS
    assert another_till.client_id != CLIENT
    assert another_till.client_serial == "ERS KASSE-4"
    assert ready_for_set_up(TESTING.fiscal, TESTING) == replace(TESTING.fiscal, client_serial="ERS KASSE-3")
    assert ready_for_set_up(FiscalSettings(), TESTING) == FiscalSettings()  # the simulator's own
    one = ready_for_set_up(FiscalSettings(tss_id=TSS), TESTING)  # a new client of a simulated TSS
    assert one.tss_id == TSS
    assert is_tse_uuid(one.client_id)


async def test_the_set_up_stores_pin_and_puk_and_can_be_run_again(secrets: FiscalSecrets) -> None:
    secrets.set_api_secret("s3cret")
    backend = FakeTseBackend()
    done = await set_up_tss(TESTING, secrets, backend=backend)
    assert (done.tss_id, done.client_id, done.client_serial) == (TSS, CLIENT, "ERS KASSE-3")
    assert done.admin_puk == PUKS[0]
    assert not done.already
    assert secrets.admin_puk() == PUKS[0]
    pin = secrets.admin_pin()
    assert pin is not None
    assert backend.pins_given == [pin]
    assert backend.puks_given == [None]
    again = await set_up_tss(TESTING, secrets, backend=backend)
    assert again.already
    assert again.admin_puk == ""  # shown once: never again
    assert backend.pins_given == [pin, pin]
    assert backend.puks_given == [None, PUKS[0]]


async def test_a_set_up_that_failed_after_the_puk_keeps_it_for_the_next_attempt(
    secrets: FiscalSecrets,
) -> None:
    secrets.set_api_secret("s3cret")
    backend = FakeTseBackend()
    backend.fail, backend.after_puk = TseUnreachable("fiskaly does not answer"), True
    with pytest.raises(TseUnreachable):
        await set_up_tss(TESTING, secrets, backend=backend)
    assert secrets.admin_puk() == PUKS[0]  # stored as it came
    pin = secrets.admin_pin()
    assert pin  # stored before it was sent
    backend.fail = None
    done = await set_up_tss(TESTING, secrets, backend=backend)
    assert backend.puks_given[-1] == PUKS[0]
    assert backend.pins_given == [pin, pin]
    assert backend.tsss[TSS].pin == pin
    assert not done.already


async def test_a_set_up_without_a_secret_or_tse_sends_nothing(secrets: FiscalSecrets) -> None:
    backend = FakeTseBackend()
    with pytest.raises(FiscalSettingsError):
        await set_up_tss(TESTING, secrets, backend=backend)
    assert secrets.admin_pin() is None
    off = Settings(fiscal=FiscalSettings(tse="off"))
    with pytest.raises(Exception, match="no TSE to set up"):
        await set_up_tss(off, secrets.for_settings(off), backend=backend)
    assert backend.connections == []


async def test_a_refusal_is_the_ports_error(secrets: FiscalSecrets) -> None:
    secrets.set_api_secret("s3cret")
    backend = FakeTseBackend()
    backend.fail = TseError("TSS is DISABLED")
    with pytest.raises(TseError, match="DISABLED"):
        await set_up_tss(TESTING, secrets, backend=backend)


def test_admin_pins_are_ten_random_digits() -> None:
    pins = {new_admin_pin() for _ in range(50)}
    assert len(pins) == 50
    assert all(len(pin) == 10 and pin.isdigit() for pin in pins)
