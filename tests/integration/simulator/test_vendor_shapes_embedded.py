"""The realism switch reaches the till's embedded simulator through the settings
(``simulator_vendor_shapes`` in ``settings.toml``), and stays off without it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from cashier.app.composition import open_till
from cashier.app.paths import resolve_paths
from cashier.app.settings import load_settings
from cashier.domain.settings import PrinterSettings, Settings
from cashier.simulator import seed
from cashier.simulator.transport import BASE_URL, EmbeddedTransport

CREDENTIALS = {"client_id": seed.CLIENT_ID, "client_secret": seed.CLIENT_SECRET}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def no_wait(seconds: float) -> None:
    """The till's pauses (device-code polling) cost no time here."""


def settings_from_toml(tmp_path: Path, text: str) -> Settings:
    file = tmp_path / "settings.toml"
    file.write_text(text, encoding="utf-8")
    return load_settings(file)


@pytest.mark.parametrize("on", [True, False])
async def test_the_settings_turn_the_embedded_simulator_s_switch(
    tmp_path: Path, on: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASHIER_SIM_VENDOR_SHAPES", raising=False)  # the settings alone decide here
    settings = settings_from_toml(tmp_path, f"simulator_vendor_shapes = {str(on).lower()}\n")
    assert settings.simulator_vendor_shapes is on
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)})
    settings = Settings(
        simulator_terminal_delay=0.0,
        simulator_vendor_shapes=settings.simulator_vendor_shapes,
        printer=PrinterSettings(uri="preview"),
    ).with_device_uuid()
    async with open_till(settings, paths, sleep=no_wait) as till:
        assert till.simulator is not None
        assert till.simulator.ctx.config.vendor_shapes is on
        async with httpx.AsyncClient(transport=EmbeddedTransport(till.simulator), base_url=BASE_URL) as wire:
            other_vendor = {"grant_type": "device", "uuid": "/vendor/mycompany/till/1", **CREDENTIALS}
            registered = await wire.post("/oauth/token", json=other_vendor)
    assert registered.status_code == (401 if on else 200), registered.text


async def test_the_environment_variable_turns_it_on_whatever_the_settings_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASHIER_SIM_VENDOR_SHAPES", "1")
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)})
    settings = Settings(
        simulator_terminal_delay=0.0, printer=PrinterSettings(uri="preview")
    ).with_device_uuid()
    async with open_till(settings, paths, sleep=no_wait) as till:
        assert till.simulator is not None
        assert till.simulator.ctx.config.vendor_shapes


def test_the_switch_is_off_by_default() -> None:
    assert Settings().simulator_vendor_shapes is False
