"""Device flow, token renewal and client credentials against the simulator (embedded and served)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from cashier.api.auth import ClientCredentialsAuthenticator
from cashier.api.errors import DeviceCodeExpired, DeviceRegistrationRequired
from cashier.api.secret_store import SecretName
from cashier.api.wire import WireModel
from cashier.simulator import seed
from tests.helpers.clock import FakeClock
from tests.helpers.simulator import DEVICE_UUID, SimulatorHandle
from tests.helpers.till import client_for, device_authenticator, registered

ME = "/api/v2/General/Merchants/me"
MakeSim = Callable[..., AbstractAsyncContextManager[SimulatorHandle]]


class Merchant(WireModel):
    id: str
    object: str


async def test_the_full_device_flow_with_pending_polls(make_sim: MakeSim, tmp_path: Path) -> None:
    async with make_sim(confirm_after=12) as sim:
        till = client_for(sim, tmp_path)
        async with till.http:
            authenticator = device_authenticator(till, sim)
            registration = await authenticator.register(DEVICE_UUID)
            assert len(registration.user_code) == 8
            assert registration.verification_url == "https://www.secuoffice.com"
            assert registration.interval == 5

            await authenticator.wait_for_confirmation()
            merchant = await till.http.request("GET", ME, model=Merchant)

        assert sim.clock.slept == [
            5,
            5,
            5,
        ]  # each poll after a wait: pending at 5 and 10 s; confirmed at 15 s
        assert till.transport.grants() == ["device"] * 4
        assert (merchant.id, merchant.object) == (seed.MERCHANT_ID, "general.merchants")
        assert till.secrets.get(SecretName.REFRESH_TOKEN)
        assert till.http.is_closed


async def test_the_merchant_confirms_while_the_till_polls(make_sim: MakeSim, tmp_path: Path) -> None:
    async with make_sim(confirm_after=10_000) as sim:
        till = client_for(sim, tmp_path)
        async with till.http, sim.client() as merchant_hands:
            polls_before_confirming = 3

            async def sleep(seconds: float) -> None:
                await sim.clock.sleep(seconds)
                if len(sim.clock.slept) == polls_before_confirming:
                    response = await merchant_hands.post(
                        "/simulator/devices/confirm", json={"user_code": code}
                    )
                    assert response.status_code == 200

            authenticator = device_authenticator(till, sim, sleep=sleep)
            code = (await authenticator.register(DEVICE_UUID)).user_code
            await authenticator.wait_for_confirmation()
            assert (await till.http.request("GET", ME, model=Merchant)).id == seed.MERCHANT_ID
        assert len(sim.clock.slept) == polls_before_confirming


async def test_an_unconfirmed_code_expires_with_a_clear_error(make_sim: MakeSim, tmp_path: Path) -> None:
    async with make_sim(confirm_after=10_000, device_code_ttl=60) as sim:
        till = client_for(sim, tmp_path)
        async with till.http:
            authenticator = device_authenticator(till, sim)
            registration = await authenticator.register(DEVICE_UUID)
            assert registration.expires_in == 60
            with pytest.raises(DeviceCodeExpired, match="register the till again"):
                await authenticator.wait_for_confirmation()
        assert till.transport.grants() == ["device"] * (1 + 11)  # polls at 5, 10, …, 55 s
        assert not await authenticator.is_registered()


async def test_the_token_is_refreshed_before_it_expires(sim: SimulatorHandle, tmp_path: Path) -> None:
    till = client_for(sim, tmp_path)
    async with till.http:
        authenticator = await registered(till, sim)
        await till.http.request("GET", ME, model=Merchant)
        sim.clock.advance(1200 - 30)  # 30 s left: inside the 60 s margin
        await till.http.request("GET", ME, model=Merchant)
        await till.http.request("GET", ME, model=Merchant)
        await authenticator.settled()  # the renewal runs behind the calls, not in their way
    assert till.transport.grants() == ["device", "device", "refresh_token"]
    assert till.transport.calls("GET", ME) == 3  # none refused


async def test_an_expired_token_gets_403_2003_then_one_renewal(sim: SimulatorHandle, tmp_path: Path) -> None:
    till = client_for(sim, tmp_path)
    async with till.http:
        # The till's clock stands still: it believes its token is fresh when the server does not.
        await registered(till, sim, clock=FakeClock(start=sim.clock.now))
        sim.clock.advance(1201)
        merchant = await till.http.request("GET", ME, model=Merchant)
    assert merchant.id == seed.MERCHANT_ID
    assert [(m, p) for m, p, _ in till.transport.sent[-3:]] == [
        ("GET", ME),
        ("POST", "/oauth/token"),
        ("GET", ME),
    ]
    assert till.transport.grants()[-1] == "refresh_token"


async def test_a_token_revoked_by_a_newer_one_is_renewed_once(sim: SimulatorHandle, tmp_path: Path) -> None:
    till = client_for(sim, tmp_path)
    async with till.http:
        await registered(till, sim)
        await till.http.request("GET", ME, model=Merchant)
        # Someone else renews the same session: only one access token is valid per session.
        async with sim.client() as other:
            response = await other.post(
                "/oauth/token",
                json={
                    "grant_type": "refresh_token",
                    "refresh_token": till.secrets.get(SecretName.REFRESH_TOKEN),
                    "client_id": seed.CLIENT_ID,
                    "client_secret": seed.CLIENT_SECRET,
                },
            )
            assert response.status_code == 200
        assert (await till.http.request("GET", ME, model=Merchant)).id == seed.MERCHANT_ID
    assert till.transport.grants() == ["device", "device", "refresh_token"]
    assert till.transport.calls("GET", ME) == 3


async def test_a_refused_refresh_token_requires_registering_again(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    till = client_for(sim, tmp_path)
    async with till.http:
        authenticator = await registered(till, sim)
        async with sim.client() as control:
            assert (await control.post("/simulator/reset")).status_code == 200  # the server forgot the till
        with pytest.raises(DeviceRegistrationRequired, match="register the till again"):
            await till.http.request("GET", ME, model=Merchant)
        assert not await authenticator.is_registered()
        with pytest.raises(DeviceRegistrationRequired, match="not registered"):
            await till.http.request("GET", ME, model=Merchant)
    # One refused call, one refused refresh; no registration behind the caller's back.
    assert till.transport.grants() == ["device", "device", "refresh_token"]
    assert till.transport.calls("GET", ME) == 1


async def test_client_credentials(sim: SimulatorHandle, tmp_path: Path) -> None:
    till = client_for(sim, tmp_path)
    async with till.http:
        till.http.auth = ClientCredentialsAuthenticator(
            till.http, client_id=seed.CLIENT_ID, secrets=till.secrets, clock=sim.clock
        )
        assert (await till.http.request("GET", ME, model=Merchant)).id == seed.MERCHANT_ID
        sim.clock.advance(1200 - 10)
        assert (await till.http.request("GET", ME, model=Merchant)).id == seed.MERCHANT_ID
    assert till.transport.grants() == ["client_credentials", "client_credentials"]
