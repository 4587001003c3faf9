"""The composition root: from settings and paths to a till that can sell (docs/architecture.md).

:func:`open_till` picks the transport for the environment — the embedded simulator
(in-process, its state in the data folder), or the verifying network transport for testing,
live or a custom URL —, opens the journal, the API session (registering the device when it is
not yet: the caller is told the user code and verification URL), the print service and the
services, reconciles sales whose payment outcome is unknown, and hands out one :class:`Till`.
Nothing else in Cashier builds these objects. While a till is open its process holds the till
folder (:mod:`cashier.app.till_lock`): a second process gets a clear refusal, not a till that
revokes the first one's tokens.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import httpx
from keyring.backends import fail
from PIL import Image

from cashier.api.auth import DeviceAuthenticator, DeviceRegistration
from cashier.api.environments import ClientSettings, Environment, network_transport
from cashier.api.secret_store import SecretStore
from cashier.api.session import ApiSession, device_session
from cashier.app.fiscal_secrets import FiscalSecrets
from cashier.app.fiscal_setup import TseBackend, build_tse
from cashier.app.paths import AppPaths
from cashier.app.resources import prepare_escpos, preview_fonts
from cashier.app.till_lock import till_lock
from cashier.domain.money import Money
from cashier.domain.receipt import ShopHeader
from cashier.domain.settings import SECUCONNECT_ENVIRONMENTS, Settings
from cashier.journal.audit import AuditTrail
from cashier.journal.database import JournalDatabase
from cashier.journal.fiscal import FiscalJournal
from cashier.journal.sales import SaleJournal
from cashier.journal.schema import open_journal
from cashier.printing.profile import DrawerPulse, PrinterProfile
from cashier.services.after_sale import AfterSaleService
from cashier.services.back_office import BackOffice
from cashier.services.clock import TillContext, local_now
from cashier.services.connection import Connection
from cashier.services.fiscal.fates import JournalFates
from cashier.services.fiscal.port import Tse
from cashier.services.fiscal.recorder import FiscalRecorder
from cashier.services.offline import OfflineLimits
from cashier.services.offline_booking import OfflineBooker
from cashier.services.payment import PaymentService
from cashier.services.printing import PrintService
from cashier.services.receipt_factory import ReceiptFactory, ReceiptSettings
from cashier.services.reconcile import Reconciled, Reconciler
from cashier.services.sale_service import SaleService
from cashier.simulator import seed
from cashier.simulator.app import SimulatorApp, create_app
from cashier.simulator.config import SimulatorConfig
from cashier.simulator.transport import EmbeddedTransport

log = logging.getLogger(__name__)


class MissingCredentials(ValueError):
    """testing, live or custom without the vendor's client id: a usage error, said before
    anything is opened."""


class MissingClientId(MissingCredentials):
    """testing, live or custom without the vendor's client id."""


class MissingVendor(MissingCredentials):
    """testing or live registering the till without the vendor name secupay gave with the client id."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """A vendor's device credentials for testing/live (the simulator has its demo client)."""

    client_id: str
    client_secret: str | None = None


@dataclass
class Till:
    settings: Settings
    paths: AppPaths
    context: TillContext
    session: ApiSession[DeviceAuthenticator]
    journal_db: JournalDatabase
    journal: SaleJournal
    audit: AuditTrail
    sales: SaleService
    payments: PaymentService
    reconciler: Reconciler
    printer: PrintService
    reconciled: list[Reconciled]
    back_office: BackOffice
    connection: Connection
    booker: OfflineBooker
    simulator: SimulatorApp | None = None
    fiscal: FiscalRecorder | None = None
    """Signs every sale with the TSE (docs/fiscal.md); None: the till signs nothing (tse = off)."""


def header_of(settings: Settings) -> ShopHeader:
    shop = settings.shop
    return ShopHeader(shop.name, tuple(shop.address), shop.vat_id or None, shop.phone or None)


def load_logo(settings: Settings) -> Image.Image | None:
    """The shop's logo for the receipt header; a missing or broken file is logged, not fatal."""
    if not settings.shop.logo:
        return None
    try:
        with Image.open(settings.shop.logo) as image:
            image.load()
            return image.copy()
    except (OSError, ValueError) as error:
        log.warning("the receipt logo %s cannot be used: %s", settings.shop.logo, error)
        return None


def printer_profile(settings: Settings) -> PrinterProfile:
    pulse = DrawerPulse(pin=settings.printer.drawer_pin, on_ms=settings.printer.drawer_pulse_ms)
    return PrinterProfile.for_columns(settings.printer.width, drawer=pulse)


@asynccontextmanager
async def open_till(
    settings: Settings,
    paths: AppPaths,
    *,
    credentials: Credentials | None = None,
    on_registration: Callable[[DeviceRegistration], Awaitable[None] | None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    wrap_transport: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
    now: Callable[[], datetime] | None = None,
    tse_backend: TseBackend | None = None,
) -> AsyncIterator[Till]:
    """The till of ``settings``, open for the ``async with`` block.

    ``wrap_transport`` wraps the transport chosen for the environment (the benchmarks count the
    requests of a sale at the transport this way); the till never needs it. ``now`` is the
    services' clock (local time; tests move it instead of waiting). ``tse_backend``: how the TSE
    of ``[fiscal]`` is reached (tests pass a simulator with its faults; default: fiskaly, or the
    embedded fiskaly simulator beside the journal).
    """
    paths.create()
    prepare_escpos(paths)
    settings = settings.with_device_uuid()
    client_id, client_secret = _credentials(settings, credentials)
    with till_lock(paths.data_dir), ExitStack() as closing:  # one process per till folder
        simulator = None
        if settings.environment == "simulator":
            config = SimulatorConfig(
                confirm_after=0,
                terminal_delay=settings.simulator_terminal_delay,
                vendor_shapes=settings.simulator_vendor_shapes or vendor_shapes_from_environment(),
            )
            simulator = create_app(config=config, db_path=paths.simulator_db)
            closing.callback(simulator.ctx.store.close)
            client_settings = ClientSettings.for_environment(Environment.SIMULATOR)
            transport: httpx.AsyncBaseTransport = EmbeddedTransport(simulator)
        else:
            client_settings = ClientSettings.for_environment(
                Environment(settings.environment), settings.base_url or None
            )
            transport = network_transport(client_settings)
        secrets = secret_store_for(settings.environment, paths)
        if wrap_transport is not None:
            transport = wrap_transport(transport)
        db = open_journal(paths.journal_file)
        closing.callback(db.close)
        session = device_session(
            client_settings,
            transport=transport,
            secret_store=secrets,
            client_id=client_id,
            device_uuid=settings.device_uuid,
            sleep=sleep,
        )
        async with session:
            if client_secret:
                await session.store_client_secret(client_secret)
            if not await session.auth.is_registered():
                _check_vendor_for_registration(settings)
                registration = await session.auth.register(settings.device_uuid)
                if on_registration is not None and simulator is None:  # the simulator confirms at once
                    waiting = on_registration(registration)
                    if waiting is not None:
                        await waiting
                await session.auth.wait_for_confirmation()
            tse = await asyncio.to_thread(
                build_tse, settings, FiscalSecrets.of(settings, paths), paths=paths, backend=tse_backend
            )
            till = _assemble(settings, paths, session, db, simulator, now=now, tse=tse)
            till.reconciled = await till.reconciler.reconcile()
            try:
                if till.fiscal is not None:
                    till.fiscal.recover_soon()  # what a stop left open on the TSE (docs/fiscal.md)
                yield till
            finally:
                if till.fiscal is not None:
                    await till.fiscal.aclose()


VENDOR_SHAPES_VARIABLE = "CASHIER_SIM_VENDOR_SHAPES"


def vendor_shapes_from_environment() -> bool:
    """``CASHIER_SIM_VENDOR_SHAPES=1`` turns the embedded simulator's vendor shapes on, whatever
    the settings say (the test suite runs that way; integrators may too)."""
    return os.environ.get(VENDOR_SHAPES_VARIABLE, "").strip().lower() in ("1", "true", "yes", "on")


def secret_store_for(environment: str, paths: AppPaths) -> SecretStore:
    """Where the device secrets of ``environment`` are kept (the till and its registration
    wizard must use the same store)."""
    if environment == "simulator":
        # Demo credentials are no secret: keep them out of the OS keyring.
        return SecretStore(paths.data_dir, backend=fail.Keyring())  # type: ignore[no-untyped-call]
    # CASHIER_SECRET_STORE=file keeps device secrets in the 0600 file even where an OS
    # keyring exists (headless servers, tests); the default is the keyring.
    use_file = os.environ.get("CASHIER_SECRET_STORE", "").lower() == "file"
    return SecretStore(paths.data_dir, backend=fail.Keyring() if use_file else None)  # type: ignore[no-untyped-call]


def _credentials(settings: Settings, credentials: Credentials | None) -> tuple[str, str | None]:
    if settings.environment == "simulator":
        return seed.CLIENT_ID, seed.CLIENT_SECRET
    if credentials is not None and credentials.client_id:
        return credentials.client_id, credentials.client_secret
    if settings.client_id:
        return settings.client_id, None
    raise MissingClientId(
        f"the {settings.environment} environment needs the vendor's client id and secret "
        "(--client-id/--client-secret or CASHIER_CLIENT_ID/CASHIER_CLIENT_SECRET)"
    )


def _check_vendor_for_registration(settings: Settings) -> None:
    """testing and live register a device only under the vendor name secupay configured for the
    client id: without one, say so before the request that secuconnect would refuse."""
    if settings.environment in SECUCONNECT_ENVIRONMENTS and not settings.vendor:
        raise MissingVendor(
            f"the {settings.environment} environment registers this till under the vendor name secupay "
            "gave with the client id (--vendor or CASHIER_VENDOR; letters, digits, _ and -): the device "
            f"uuid is /vendor/<vendor name>/…, now {settings.device_uuid}"
        )


def _assemble(
    settings: Settings,
    paths: AppPaths,
    session: ApiSession[DeviceAuthenticator],
    db: JournalDatabase,
    simulator: SimulatorApp | None,
    *,
    now: Callable[[], datetime] | None = None,
    tse: Tse | None = None,
) -> Till:
    context = TillContext(till_id=settings.till_id, environment=settings.environment, now=now or local_now)
    journal, audit = SaleJournal(db), AuditTrail(db)
    fiscal = None
    if tse is not None:
        fiscal = FiscalRecorder(
            tse,
            FiscalJournal(db),
            now=context.now,
            fates=JournalFates(journal),
            client_serial=settings.client_serial,
        )
    printer = PrintService(
        db,
        printer_uri=settings.printer.uri,
        profile=printer_profile(settings),
        now=context.now,
        logo=load_logo(settings),
    )
    connection = Connection(session.client, now=context.now)
    sales = SaleService(session.client, journal, audit, context, connection=connection, fiscal=fiscal)
    receipts = ReceiptFactory(
        ReceiptSettings(header_of(settings), tuple(settings.shop.footer)),
        till_id=settings.till_id,
        environment=settings.environment,
    )
    limits = OfflineLimits(
        max_sale=Money(settings.offline.max_sale_cents),
        max_duration=timedelta(hours=settings.offline.max_hours),
    )
    payments = PaymentService(
        session.client,
        journal,
        audit,
        context,
        sync=sales.sync,
        receipts=receipts,
        printer=printer,
        connection=connection,
        offline_limits=limits,
        fiscal=fiscal,
    )
    booker = OfflineBooker(session.client, journal, audit, context, sync=sales.sync, connection=connection)
    after_sale = AfterSaleService(
        session.client, journal, audit, context, header_of(settings), printer=printer, fiscal=fiscal
    )
    reconciler = Reconciler(session.client, journal, context, payments, after_sale)
    return Till(
        settings=settings,
        paths=paths,
        context=context,
        session=session,
        journal_db=db,
        journal=journal,
        audit=audit,
        sales=sales,
        payments=payments,
        reconciler=reconciler,
        printer=printer,
        reconciled=[],
        back_office=BackOffice(
            journal, after_sale, printer, context, fonts=preview_fonts(), reconciler=reconciler
        ),
        connection=connection,
        booker=booker,
        simulator=simulator,
        fiscal=fiscal,
    )


def with_overrides(settings: Settings, **changes: Any) -> Settings:
    """``settings`` with some values replaced (command-line options win over the file)."""
    printer_changes = {k.removeprefix("printer_"): v for k, v in changes.items() if k.startswith("printer_")}
    plain = {k: v for k, v in changes.items() if not k.startswith("printer_") and v is not None}
    printer_changes = {k: v for k, v in printer_changes.items() if v is not None}
    if printer_changes:
        plain["printer"] = replace(settings.printer, **printer_changes)
    return replace(settings, **plain)
