"""The opt-in contract run against secuconnect's real testing environment (issue 4, point 8).

Runs only when ``CASHIER_LIVE_CLIENT_ID``, ``CASHIER_LIVE_CLIENT_SECRET`` and
``CASHIER_LIVE_DEVICE_UUID`` are set; otherwise every test here is reported as skipped with the
names of what is missing. ``pytest -m live`` selects just these tests. Optional settings:

* ``CASHIER_LIVE_CARDNUMBER`` + ``CASHIER_LIVE_CSC`` — a test card of the merchant (card scenarios);
* ``CASHIER_LIVE_UNKNOWN_CARDNUMBER`` — a number that is no card (default ``9276004499999999``);
* ``CASHIER_LIVE_CARDGROUP`` — a card group enabled for card creation in a smart transaction;
* ``CASHIER_LIVE_TERMINAL=1`` — a SmartZVT terminal is attached (cashless, cancelTrx, end of day);
* ``CASHIER_LIVE_SEPA_IBAN`` (+ ``CASHIER_LIVE_SEPA_OWNER``) — run the SEPA debit scenario;
* ``CASHIER_LIVE_BASE_URL`` — another base URL instead of connect-testing (e.g. a served
  simulator, ``cashier simulator serve --confirm-after 0``, to rehearse the run itself);
* ``CASHIER_LIVE_STATE_DIR`` — where the secret store keeps its fallback file (default: the
  user's cache folder). Device code and refresh token go to the OS keyring when there is one.

The first run registers the device: it prints the user code and the verification URL to the
terminal and waits (up to the code's expiry) until the merchant confirms it in SecuOffice.
Later runs reuse the stored session.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import pytest

from cashier.api.client import SecuconnectClient
from cashier.api.environments import ClientSettings, Environment, network_transport
from cashier.api.secret_store import SecretStore
from cashier.api.session import device_session
from tests.helpers.api_scenarios import TestCard

REQUIRED = ("CASHIER_LIVE_CLIENT_ID", "CASHIER_LIVE_CLIENT_SECRET", "CASHIER_LIVE_DEVICE_UUID")
MISSING = [name for name in REQUIRED if not os.environ.get(name)]
SKIP_REASON = f"live contract run: set {', '.join(MISSING)} to run it against connect-testing"

live = [pytest.mark.live, pytest.mark.skipif(bool(MISSING), reason=SKIP_REASON)]
"""The marks of every live test module (``pytestmark = live``)."""


@dataclass(frozen=True)
class LiveData:
    """What the testing merchant offers (from the environment)."""

    card: TestCard | None
    unknown_cardnumber: str
    card_group_id: str | None
    terminal: bool
    sepa_iban: str | None
    sepa_owner: str

    @classmethod
    def from_environment(cls) -> LiveData:
        env = os.environ
        number, csc = env.get("CASHIER_LIVE_CARDNUMBER"), env.get("CASHIER_LIVE_CSC")
        return cls(
            card=TestCard(number, csc) if number and csc else None,
            unknown_cardnumber=env.get("CASHIER_LIVE_UNKNOWN_CARDNUMBER") or "9276004499999999",
            card_group_id=env.get("CASHIER_LIVE_CARDGROUP") or None,
            terminal=env.get("CASHIER_LIVE_TERMINAL") == "1",
            sepa_iban=env.get("CASHIER_LIVE_SEPA_IBAN") or None,
            sepa_owner=env.get("CASHIER_LIVE_SEPA_OWNER") or "Cashier Test",
        )


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def live_data() -> LiveData:
    return LiveData.from_environment()


def _state_dir() -> Path:
    configured = os.environ.get("CASHIER_LIVE_STATE_DIR")
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("cashier")) / "live-tests"


@pytest.fixture
async def live_client(capsys: pytest.CaptureFixture[str]) -> AsyncIterator[SecuconnectClient]:
    """A registered till on connect-testing (registers and waits for confirmation on first use)."""
    base_url = os.environ.get("CASHIER_LIVE_BASE_URL")
    settings = (
        ClientSettings.for_environment(Environment.CUSTOM, base_url)
        if base_url
        else ClientSettings.for_environment(Environment.TESTING)
    )
    state = _state_dir()
    state.mkdir(parents=True, exist_ok=True)
    uuid = os.environ["CASHIER_LIVE_DEVICE_UUID"]
    session = device_session(
        settings,
        transport=network_transport(settings),
        secret_store=SecretStore(state),
        client_id=os.environ["CASHIER_LIVE_CLIENT_ID"],
        device_uuid=uuid,
    )
    async with session:
        await session.store_client_secret(os.environ["CASHIER_LIVE_CLIENT_SECRET"])
        if not await session.auth.is_registered():
            registration = await session.auth.register(uuid)
            with capsys.disabled():
                print(
                    f"\nConfirm this till in SecuOffice: user code {registration.user_code} at "
                    f"{registration.verification_url} (valid {registration.expires_in} s) — waiting …"
                )
            await session.auth.wait_for_confirmation()
        yield session.client
