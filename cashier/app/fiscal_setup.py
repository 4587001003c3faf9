"""The till's TSE from its settings, and the TSE's one-time set-up (docs/fiscal-settings.md).

:func:`build_tse` turns ``[fiscal]`` and the secrets into the port's
:class:`~cashier.services.fiscal.port.Tse` — the embedded fiskaly simulator, fiskaly SIGN DE's
test or live environment, or ``None`` for ``tse = "off"`` (a till outside Germany). It checks
first what the settings alone cannot: that an API secret is stored for testing and live.

The simulator without ids is its seed's TSS and client (INITIALIZED and REGISTERED from the
start, with the seed's API key: docs/fiskaly-simulator.md), kept in ``simulator-fiskaly.sqlite``
beside the secuconnect simulator's state; with ids (``cashier fiscal setup --tse simulator
--new-tss``) a TSS of its own, set up like fiskaly's. ``[fiscal] base_url`` points a simulator
or testing till at a served simulator instead.

:func:`set_up_tss` runs the TSS set-up (fiscal-de.md §4: create → UNINITIALIZED → admin PIN →
INITIALIZED → this till registered as a client) for the settings' TSS. Write-ahead, as the
sales are: the ids are in ``settings.toml`` before it starts (the callers save first), the admin
PIN is chosen and stored before it is sent, and the admin PUK — which fiskaly returns once,
when the TSS is created — is stored the moment it arrives, before the next step. A set-up that
stopped half-way can therefore be run again: it goes on where the TSS is.

Both go through a :class:`TseBackend`: :class:`FiskalyBackend` — the fiskaly adapter
(``cashier.services.fiscal.fiskaly_tse``), its set-up (``provisioning``) and the embedded
simulator (``cashier.simulator.fiskaly``) — unless a test passes its own.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final, Protocol

from cashier.app.fiscal_secrets import FiscalSecrets
from cashier.domain.settings import (
    FiscalIssue,
    FiscalProblem,
    FiscalSettings,
    FiscalSettingsError,
    Settings,
    default_client_serial,
)
from cashier.fiskaly import FiskalyClient, FiskalyCredentials, FiskalyError, FiskalyTimeouts
from cashier.services.fiscal.fiskaly_tse import FiskalyTse, tse_error
from cashier.services.fiscal.port import TseError, TseRefused
from cashier.services.fiscal.provisioning import ProvisioningFailed, provision_tss
from cashier.simulator.fiskaly import seed
from cashier.simulator.fiskaly.app import FiskalySimulatorApp, create_fiskaly_app, state_path
from cashier.simulator.fiskaly.transport import EMBEDDED_BASE_URL, FiskalyEmbeddedTransport

if TYPE_CHECKING:
    import httpx

    from cashier.app.paths import AppPaths
    from cashier.services.fiscal.port import Tse

log = logging.getLogger(__name__)

FISKALY_BASE_URLS: Final = {
    "testing": "https://kassensichv-middleware.fiskaly.com/api/v2",
    "live": "https://kassensichv.fiskaly.com/api/v2",
}
"""fiskaly SIGN DE v2 (fiscal-de.md §4); the API key's environment separates test and live data."""
ADMIN_PIN_DIGITS: Final = 10


class TseNotAvailable(Exception):
    """This build cannot make the TSE the settings ask for (``str()`` says which and why)."""


@dataclass(frozen=True, slots=True)
class TseConnection:
    """Everything needed to reach one TSS as this till's client."""

    tse: str  # simulator, testing, live
    base_url: str  # the server; "" for the embedded simulator
    api_key: str
    api_secret: str = field(repr=False)
    tss_id: str
    client_id: str
    client_serial: str  # the till's ERS serial, registered with the client


@dataclass(frozen=True, slots=True)
class TssSetUp:
    """What :func:`set_up_tss` came to. ``admin_puk``: only when this set-up created the TSS."""

    tss_id: str
    client_id: str
    client_serial: str
    tss_serial: str = ""
    admin_puk: str = field(default="", repr=False)
    already: bool = False  # initialised and the client registered before: nothing was done


class TseBackend(Protocol):
    """The seam to the fiskaly adapter and the embedded simulator."""

    def tse(self, connection: TseConnection) -> Tse:
        """The port's TSE for ``connection`` (nothing is sent yet)."""
        ...

    async def set_up(
        self,
        connection: TseConnection,
        *,
        admin_pin: str,
        admin_puk: str | None,
        keep_admin_puk: Callable[[str], Awaitable[None]],
    ) -> TssSetUp:
        """Bring the TSS and the client to INITIALIZED / REGISTERED from wherever they are.
        ``admin_puk`` is the stored one (a TSS created before); a new one goes to
        ``keep_admin_puk`` before anything else is sent. Raises the port's ``TseError``s."""
        ...


def connection_of(settings: Settings, secrets: FiscalSecrets | None) -> TseConnection | None:
    """How ``settings``' TSE is reached, or ``None`` for ``tse = "off"``. Raises
    :class:`FiscalSettingsError` (``NO_API_SECRET``) when testing or live has no API secret
    stored. Blocks (the keyring): async callers run it in a worker thread."""
    fiscal = settings.fiscal
    if not fiscal.signs:
        return None
    base_url = fiscal.base_url.strip().rstrip("/")
    if fiscal.tse == "simulator":  # the seed's API key; the seed's TSS and client unless it has its own
        own = bool(fiscal.tss_id and fiscal.client_id)
        return TseConnection(
            tse="simulator",
            base_url=base_url,
            api_key=seed.API_KEY,
            api_secret=seed.API_SECRET,
            tss_id=fiscal.tss_id if own else seed.TSS_ID,
            client_id=fiscal.client_id if own else seed.CLIENT_ID,
            client_serial=settings.client_serial if own else seed.CLIENT_SERIAL,
        )
    api_secret = (secrets.api_secret() if secrets is not None else None) or ""
    if not api_secret:
        raise FiscalSettingsError(
            FiscalIssue(
                FiscalProblem.NO_API_SECRET,
                "fiscal.api_secret",
                f"fiscal.tse = {fiscal.tse!r} needs fiskaly's API secret for the API key "
                f"{fiscal.api_key!r}, and none is stored ({secrets.location if secrets else 'no store'}): "
                "give it to `cashier fiscal setup --api-secret-stdin` or type it on the settings' TSE page",
            )
        )
    return TseConnection(
        tse=fiscal.tse,
        base_url=base_url or FISKALY_BASE_URLS[fiscal.tse],
        api_key=fiscal.api_key.strip(),
        api_secret=api_secret,
        tss_id=fiscal.tss_id,
        client_id=fiscal.client_id,
        client_serial=settings.client_serial,
    )


def is_simulator_seed(connection: TseConnection) -> bool:
    """The embedded or served simulator's own TSS: set up from the start, nothing to do."""
    return connection.tse == "simulator" and connection.tss_id == seed.TSS_ID


def build_tse(
    settings: Settings,
    secrets: FiscalSecrets | None,
    *,
    paths: AppPaths | None = None,
    backend: TseBackend | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Tse | None:
    """The TSE of ``settings`` (``None`` for ``tse = "off"``).

    Raises :class:`FiscalSettingsError` when testing or live has no API secret stored and
    :class:`TseNotAvailable` when this build has no such TSE. Nothing is sent: a TSE that
    cannot be reached fails at its first call (TSE down is not till down). Blocks (the keyring).
    """
    connection = connection_of(settings, secrets)
    if connection is None:
        log.info("no TSE (fiscal.tse = off): sales are not signed")
        return None
    chosen = backend or default_backend(paths=paths, transport=transport)
    tse = chosen.tse(connection)
    log.info(
        "TSE: %s, TSS %s, client %s (%s)",
        connection.tse,
        connection.tss_id,
        connection.client_id,
        connection.base_url or "embedded",
    )
    return tse


async def set_up_tss(
    settings: Settings,
    secrets: FiscalSecrets,
    *,
    backend: TseBackend | None = None,
    paths: AppPaths | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> TssSetUp:
    """Set up the TSS of ``settings`` (saved before: the ids must outlive a crash) for this till.

    The admin PIN is the stored one, or a new one stored before it is sent; a new admin PUK is
    stored as it arrives. Raises :class:`FiscalSettingsError`, :class:`TseNotAvailable` and the
    port's ``TseError``s.
    """
    connection = await asyncio.to_thread(connection_of, settings, secrets)
    if connection is None:
        raise TseNotAvailable('fiscal.tse = "off": there is no TSE to set up')
    if is_simulator_seed(connection):
        log.info("the simulator's own TSS %s is set up from the start", connection.tss_id)
        return TssSetUp(connection.tss_id, connection.client_id, connection.client_serial, already=True)
    admin_pin = await asyncio.to_thread(secrets.admin_pin)
    if not admin_pin:
        admin_pin = new_admin_pin()
        await asyncio.to_thread(secrets.set_admin_pin, admin_pin)
        log.info("a new admin PIN for TSS %s is stored (%s)", connection.tss_id, secrets.location)
    known_puk = await asyncio.to_thread(secrets.admin_puk)

    async def keep_admin_puk(puk: str) -> None:
        await asyncio.to_thread(secrets.set_admin_puk, puk)
        log.info("the admin PUK of TSS %s is stored (%s)", connection.tss_id, secrets.location)

    chosen = backend or default_backend(paths=paths, transport=transport)
    log.info("setting up TSS %s (%s) for client %s", connection.tss_id, connection.tse, connection.client_id)
    done = await chosen.set_up(
        connection,
        admin_pin=admin_pin,
        admin_puk=known_puk or None,
        keep_admin_puk=keep_admin_puk,
    )
    log.info(
        "TSS %s %s; client %s registered as %r",
        done.tss_id,
        "was set up already" if done.already else "is set up",
        done.client_id,
        done.client_serial,
    )
    return done


def ready_for_set_up(fiscal: FiscalSettings, settings: Settings) -> FiscalSettings:
    """``fiscal`` (for the till of ``settings``) ready for a set-up: a new TSS id and client id
    where it has none (a new TSS, or this till as a new client of a TSS other tills use), and
    the ERS serial fixed, so that a later till id keeps the serial the client was registered
    with. The simulator without ids keeps its own (made from the device uuid)."""
    if fiscal.tse == "simulator" and not (fiscal.tss_id or fiscal.client_id):
        return fiscal
    made = fiscal.with_new_ids()
    return replace(
        fiscal,
        tss_id=fiscal.tss_id.strip().lower() or made.tss_id,
        client_id=fiscal.client_id.strip().lower() or made.client_id,
        client_serial=fiscal.client_serial.strip() or default_client_serial(settings.till_id),
    )


def new_admin_pin() -> str:
    """A new admin PIN: digits only (any keypad can type it), from the OS's random source."""
    return "".join(secrets.choice("0123456789") for _ in range(ADMIN_PIN_DIGITS))


def default_backend(
    *, paths: AppPaths | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> TseBackend:
    """The fiskaly adapter and the embedded simulator of this build."""
    return FiskalyBackend(paths=paths, transport=transport)


class FiskalyBackend:
    """fiskaly SIGN DE v2 through :class:`~cashier.fiskaly.FiskalyClient`: the cloud (testing, live)
    or a served simulator over ``transport`` (default: the verified network), the embedded
    simulator in-process.

    The embedded simulator is ``simulator`` when given (a test's, with its clock and faults);
    otherwise one is opened per TSE or set-up on ``simulator-fiskaly.sqlite`` in the till's data
    folder (in memory without ``paths``) and closed with it.
    """

    def __init__(
        self,
        *,
        paths: AppPaths | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        simulator: FiskalySimulatorApp | None = None,
        timeouts: FiskalyTimeouts | None = None,
    ) -> None:
        self.paths = paths
        self.transport = transport
        self.simulator = simulator
        self.timeouts = timeouts

    def tse(self, connection: TseConnection) -> Tse:
        client, opened = self._client(connection)
        tse = FiskalyTse(client, connection.tss_id, connection.client_id, connection.tse)
        return tse if opened is None else _SimulatorTse(tse, opened)

    async def set_up(
        self,
        connection: TseConnection,
        *,
        admin_pin: str,
        admin_puk: str | None,
        keep_admin_puk: Callable[[str], Awaitable[None]],
    ) -> TssSetUp:
        client, opened = self._client(connection)
        try:
            async with client:
                done = await provision_tss(
                    client,
                    tss_id=connection.tss_id,
                    client_id=connection.client_id,
                    client_serial=connection.client_serial,
                    admin_pin=admin_pin,
                    admin_puk=admin_puk,
                    on_admin_puk=keep_admin_puk,  # stored the moment it arrives, before the next step
                )
        except ProvisioningFailed as failed:
            if failed.admin_puk and failed.admin_puk != admin_puk:  # a new TSS: its PUK comes once
                await keep_admin_puk(failed.admin_puk)
            raise _port_error(failed) from failed
        finally:
            if opened is not None:
                opened.ctx.store.close()
        new_puk = done.admin_puk if done.admin_puk and done.admin_puk != admin_puk else ""
        if new_puk:
            await keep_admin_puk(new_puk)
        return TssSetUp(
            done.tss_id,
            done.client_id,
            done.client_serial,
            tss_serial=done.tss_serial or "",
            admin_puk=new_puk,
            already=not set(done.steps) - {"log in as admin", "log out"},
        )

    def _client(self, connection: TseConnection) -> tuple[FiskalyClient, FiskalySimulatorApp | None]:
        """A client for ``connection``, and the embedded simulator opened for it (to be closed)."""
        credentials = FiskalyCredentials(connection.api_key, connection.api_secret)
        if connection.base_url:
            client = FiskalyClient(
                connection.base_url, credentials, transport=self.transport, timeouts=self.timeouts
            )
            return client, None
        opened = None
        app = self.simulator
        if app is None:
            db_path = state_path(self.paths.simulator_db) if self.paths is not None else None
            app = opened = create_fiskaly_app(db_path=db_path)
        client = FiskalyClient(
            EMBEDDED_BASE_URL, credentials, transport=FiskalyEmbeddedTransport(app), timeouts=self.timeouts
        )
        return client, opened


class _SimulatorTse(FiskalyTse):
    """The embedded simulator's TSE: closing it closes the simulator's state too."""

    def __init__(self, tse: FiskalyTse, simulator: FiskalySimulatorApp) -> None:
        super().__init__(tse._client, tse.tss_id, tse.client_id, tse.environment)
        self._simulator = simulator

    async def aclose(self) -> None:
        try:
            await super().aclose()
        finally:
            self._simulator.ctx.store.close()


def _port_error(failed: ProvisioningFailed) -> TseError:
    """The port's error for a failed set-up step, worded with the step (never the PUK)."""
    cause = failed.cause
    if not isinstance(cause, FiskalyError):
        return TseRefused(str(failed))  # a TSS that cannot be set up (DISABLED, another serial)
    mapped = tse_error(cause)
    if isinstance(mapped, TseRefused):
        return TseRefused(str(failed), code=mapped.code, status=mapped.status)
    return type(mapped)(str(failed))
