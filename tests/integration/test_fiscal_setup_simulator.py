"""``cashier fiscal setup`` and ``build_tse`` against the real fiskaly simulator: embedded (the
till's own, on its data folder), and as fiskaly's test environment reached through it.

What the set-up made is used at once: the TSE :func:`build_tse` returns signs a sale whose QR
code verifies with the TSS's public key, and names this till's ERS serial.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from keyring.backends import fail

from cashier.api.secret_store import SecretStore
from cashier.app import cli
from cashier.app.fiscal_secrets import FiscalSecrets
from cashier.app.fiscal_setup import FiskalyBackend, build_tse, set_up_tss
from cashier.app.paths import AppPaths, resolve_paths
from cashier.app.settings import load_settings, save_settings
from cashier.domain.fiscal import FiscalPayment, FiscalReceipt, FiscalReceiptType, FiscalVat
from cashier.domain.money import Money
from cashier.domain.settings import FiscalSettings, Settings, is_tse_uuid
from cashier.services.fiscal.port import Tse, TseOutcomeUnknown, TseRefused
from cashier.simulator.fiskaly import seed
from cashier.simulator.fiskaly.app import create_fiskaly_app
from cashier.simulator.fiskaly.transport import FiskalyEmbeddedTransport
from cashier.simulator.serve import FISKALY_PREFIX
from tests.helpers.fiskaly import FiskalySim, ServedFiskaly, fiskaly_for, served_fiskaly_session
from tests.helpers.tse_verify import verify_qr

SALE = FiscalReceipt(
    FiscalReceiptType.TRAINING,
    ((FiscalVat.NORMAL, Money(250)),),
    ((FiscalPayment.CASH, Money(250)),),
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("CASHIER_HOME", str(tmp_path / "till"))
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")  # never the OS keyring
    monkeypatch.delenv("CASHIER_FISKALY_API_SECRET", raising=False)
    monkeypatch.setattr(cli, "_logging", lambda args: None)
    return resolve_paths().create()


@pytest.fixture
async def fsim() -> AsyncIterator[FiskalySim]:
    async with fiskaly_for("embedded", None) as sim:
        yield sim


async def signs_a_sale(tse: Tse) -> str:
    """A sale started and finished on ``tse``; its QR code."""
    tx_id = str(uuid.uuid4())
    started = await tse.start(tx_id)
    finished = await tse.finish(tx_id, started.revision + 1, SALE)
    assert finished.state == "FINISHED"
    assert finished.signature is not None
    return finished.signature.qr_code_data


def test_a_simulated_tss_of_its_own_is_set_up_once_and_signs(
    home: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["fiscal", "setup", "--tse", "simulator", "--new-tss"]) == 0
    out = capsys.readouterr().out
    settings = load_settings(home.settings_file)
    fiscal = settings.fiscal
    assert is_tse_uuid(fiscal.tss_id)
    assert fiscal.tss_id != seed.TSS_ID
    assert fiscal.client_serial == "ERS KASSE-1"
    secrets = FiscalSecrets.of(settings, home)
    puk, pin = secrets.admin_puk(), secrets.admin_pin()
    assert puk
    assert pin
    assert f"Admin PUK of the new TSS:  {puk}" in out
    assert out.count(puk) == 1
    assert (home.data_dir / "simulator-fiskaly.sqlite").exists()  # the TSS outlives the command

    assert cli.main(["fiscal", "setup"]) == 0  # again: it is there, nothing new, no PUK
    out = capsys.readouterr().out
    assert "was set up already" in out
    assert puk not in out

    async def use_it() -> None:
        tse = build_tse(settings, secrets, paths=home)
        assert tse is not None
        try:
            status = await tse.status()
            assert (status.tss_state, status.client_state, status.client_serial) == (
                "INITIALIZED",
                "REGISTERED",
                "ERS KASSE-1",
            )
            qr = await signs_a_sale(tse)
            assert qr.split(";")[1] == "ERS KASSE-1"
            assert verify_qr(qr, public_key=status.public_key)
        finally:
            await tse.aclose()

    asyncio.run(use_it())


async def test_the_default_simulator_signs_with_its_seed_without_a_set_up(home: AppPaths) -> None:
    tse = build_tse(Settings(), None, paths=home)
    assert tse is not None
    try:
        assert (tse.environment, tse.tss_id, tse.client_id) == ("simulator", seed.TSS_ID, seed.CLIENT_ID)
        qr = await signs_a_sale(tse)
        assert verify_qr(qr, public_key=(await tse.status()).public_key)
    finally:
        await tse.aclose()
    assert build_tse(Settings(fiscal=FiscalSettings(tse="off")), None, paths=home) is None


async def test_fiskalys_test_environment_is_set_up_with_the_key_and_secret(
    fsim: FiskalySim, tmp_path: Path
) -> None:
    """The fiskaly simulator standing in for kassensichv-middleware.fiskaly.com: the same calls."""
    backend = FiskalyBackend(transport=FiskalyEmbeddedTransport(fsim.app))
    store = SecretStore(tmp_path, backend=fail.Keyring())  # type: ignore[no-untyped-call]
    settings = Settings(
        till_id="KASSE-7",
        fiscal=FiscalSettings(tse="testing", api_key=seed.API_KEY).with_new_ids(),
    )
    secrets = FiscalSecrets(store, settings)
    secrets.set_api_secret(seed.API_SECRET)
    done = await set_up_tss(settings, secrets, backend=backend)
    assert done.admin_puk
    assert done.admin_puk == secrets.admin_puk()
    assert not done.already
    assert len(done.tss_serial) == 64
    tss = await fsim.inspect(settings.fiscal.tss_id)
    assert tss["tss"]["state"] == "INITIALIZED"
    again = await set_up_tss(settings, secrets, backend=backend)
    assert again.already
    assert again.admin_puk == ""

    tse = build_tse(settings, secrets, backend=backend)
    assert tse is not None
    try:
        assert tse.environment == "testing"
        assert verify_qr(await signs_a_sale(tse), public_key=(await tse.status()).public_key)
    finally:
        await tse.aclose()

    wrong = FiscalSecrets(store, replace(settings, fiscal=replace(settings.fiscal, api_key="test_wrong")))
    wrong.set_api_secret("not-the-secret")
    with pytest.raises(TseRefused) as refused:
        await set_up_tss(
            replace(settings, fiscal=replace(settings.fiscal, api_key="test_wrong")), wrong, backend=backend
        )
    assert refused.value.status == 401


async def test_a_set_up_cut_off_after_the_tss_was_created_keeps_the_puk_and_finishes_later(
    fsim: FiskalySim, tmp_path: Path
) -> None:
    backend = FiskalyBackend(transport=FiskalyEmbeddedTransport(fsim.app))
    store = SecretStore(tmp_path, backend=fail.Keyring())  # type: ignore[no-untyped-call]
    settings = Settings(fiscal=FiscalSettings(tse="testing", api_key=seed.API_KEY).with_new_ids())
    secrets = FiscalSecrets(store, settings)
    secrets.set_api_secret(seed.API_SECRET)
    await fsim.fault(match="PATCH /api/v2/tss/*", mode="drop_before_commit")
    with pytest.raises(TseOutcomeUnknown, match="uninitialize the TSS"):
        await set_up_tss(settings, secrets, backend=backend)
    puk = secrets.admin_puk()
    assert puk  # it came with the TSS: stored, though the set-up failed
    assert (await fsim.inspect(settings.fiscal.tss_id))["tss"]["state"] == "CREATED"
    done = await set_up_tss(settings, secrets, backend=backend)  # run again
    assert not done.already
    assert done.admin_puk == ""  # this run did not create it: it was shown (and stored) before
    assert (await fsim.inspect(settings.fiscal.tss_id))["tss"]["state"] == "INITIALIZED"
    assert secrets.admin_puk() == puk


@pytest.fixture(scope="module")
def served() -> Iterator[ServedFiskaly]:
    yield from served_fiskaly_session()


def test_a_served_simulator_as_fiskalys_test_environment_from_the_command_line(
    home: AppPaths, served: ServedFiskaly, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """testing with fiscal.base_url: the calls go over a socket to where the settings say, the
    API secret comes from stdin."""
    app = create_fiskaly_app()
    served.switch.current = app
    try:
        base_url = f"{served.url}{FISKALY_PREFIX}/api/v2"
        save_settings(home.settings_file, Settings(fiscal=FiscalSettings(base_url=base_url)))
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{seed.API_SECRET}\n"))
        args = ["fiscal", "setup", "--tse", "testing", "--api-key", seed.API_KEY, "--api-secret-stdin"]
        assert cli.main(args) == 0
        out = capsys.readouterr().out
        settings = load_settings(home.settings_file)
        assert settings.fiscal.base_url == base_url
        secrets = FiscalSecrets.of(settings, home)
        assert secrets.api_secret() == seed.API_SECRET
        puk = secrets.admin_puk()
        assert puk
        assert out.count(puk) == 1
        assert app.ctx.store is not None
    finally:
        served.switch.current = None
        app.ctx.store.close()
