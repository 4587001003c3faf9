"""The settings of the running till, as the settings screens edit them.

The screens see the settings model's sections and small forms (:mod:`cashier.ui.settings_ports`);
this module turns :class:`~cashier.domain.settings.Settings` into them and back, checks what only
the lower layers can check (a printer URI with the printing layer's parser, a logo with Pillow),
saves the file atomically (:func:`~cashier.app.settings.save_settings`, off the event loop, one write at a time)
and puts into effect what needs no restart: the printer (``PrintService.use_printer``) and the
receipt's shop header and footer (the ``ReceiptFactory`` of the payments). The language, the
scanners and the quick keys belong to the UI, which applies them itself; the environment, the
till id and the TSE (``[fiscal]``) take a restart.

The TSE page's API secret goes to the secret store (:mod:`cashier.app.fiscal_secrets`), never to
the file; a new or changed testing/live TSE is refused without one. "Set up TSE" saves the
page's ``[fiscal]`` first (with new ids where it has none) and then runs the TSS set-up
(:func:`cashier.app.fiscal_setup.set_up_tss`), which stores the admin PIN and PUK.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Protocol

from PIL import Image
from serial.tools import list_ports  # type: ignore[import-untyped]  # no type hints

from cashier.app.composition import Till, header_of, load_logo, printer_profile
from cashier.app.fiscal_secrets import FiscalSecrets
from cashier.app.fiscal_setup import TseNotAvailable, TssSetUp, ready_for_set_up, set_up_tss
from cashier.app.resources import resource_path
from cashier.app.settings import save_settings
from cashier.domain.receipt import ShopHeader
from cashier.domain.settings import (
    FiscalProblem,
    FiscalSettingsError,
    PrinterSettings,
    Settings,
    SettingsError,
)
from cashier.printing.errors import PrinterError
from cashier.printing.transports import parse_printer_uri
from cashier.services.fiscal.port import TseError, TseOutcomeUnknown, TseRefused, TseUnreachable
from cashier.services.printing import PrintService
from cashier.services.receipt_factory import ReceiptFactory
from cashier.ui.catalog import Catalog, parse_catalog
from cashier.ui.settings_ports import (
    CatalogForm,
    DeviceOutcome,
    DeviceProblem,
    EnvironmentForm,
    FiscalForm,
    LanguageForm,
    ScreenForm,
    SettingsForm,
    SettingsRejected,
    TseProblem,
    TseSetUpOutcome,
)

TseSetUpRun = Callable[[Settings, FiscalSecrets], Awaitable[TssSetUp]]
"""Runs the TSS set-up of the settings (:func:`cashier.app.fiscal_setup.set_up_tss`)."""

log = logging.getLogger(__name__)


def form_of(settings: Settings) -> SettingsForm:
    """What the settings screens show of ``settings`` (never a secret: none is in there)."""
    return SettingsForm(
        environment=EnvironmentForm(
            settings.environment, settings.base_url, settings.client_id, settings.till_id, settings.vendor
        ),
        shop=settings.shop,
        printer=settings.printer,
        scanner=settings.scanner,
        language=LanguageForm(settings.language),
        catalog=CatalogForm(settings.catalog),
        screen=ScreenForm(settings.kiosk),
        fiscal=FiscalForm(settings.fiscal),
    )


def settings_of(form: SettingsForm, base: Settings) -> Settings:
    """``base`` with the editable parts of ``form``; raises :class:`SettingsRejected`.

    The environment, base URL, client id and vendor name stay as in ``base``: they change only
    through the registration wizard, which registers the device there first.
    """
    problem = printer_uri_problem(form.printer.uri)
    if problem:
        raise SettingsRejected("printer.uri", problem)
    if not form.environment.till_id.strip():
        raise SettingsRejected("environment.till_id", "the till id must not be empty")
    shop, printer, scanner, fiscal = form.shop, form.printer, form.scanner, form.fiscal.settings
    try:
        return replace(
            base,
            till_id=form.environment.till_id.strip(),
            language=form.language.language,
            catalog=form.catalog.path,
            kiosk=form.screen.kiosk,
            shop=replace(
                shop,
                name=shop.name.strip(),
                address=_lines(shop.address),
                vat_id=shop.vat_id.strip(),
                phone=shop.phone.strip(),
                footer=_lines(shop.footer),
                logo=shop.logo.strip(),
            ),
            printer=replace(printer, uri=printer.uri.strip()),
            scanner=replace(scanner, serial_port=scanner.serial_port.strip()),
            fiscal=replace(
                fiscal,
                tss_id=fiscal.tss_id.strip().lower(),
                client_id=fiscal.client_id.strip().lower(),
                client_serial=fiscal.client_serial.strip(),
                api_key=fiscal.api_key.strip(),
                base_url=fiscal.base_url.strip(),
            ),
        )
    except FiscalSettingsError as error:
        issue = error.issue
        raise SettingsRejected(issue.key, issue.message, problem=issue.problem.value) from None
    except SettingsError as error:
        raise SettingsRejected("settings", str(error)) from None


def _lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(line.strip() for line in lines if line.strip())


def printer_uri_problem(uri: str) -> str | None:
    """The printing layer's sentence on what is wrong with ``uri``, or ``None``."""
    try:
        parse_printer_uri(uri)
    except PrinterError as error:
        return error.message
    return None


def device_outcome(error: Exception | None) -> DeviceOutcome:
    if error is None:
        return DeviceOutcome(done=True)
    if isinstance(error, PrinterError):
        try:
            problem = DeviceProblem(error.reason.value)
        except ValueError:  # a reason the screens do not know yet: the general words
            problem = DeviceProblem.FAILED
        return DeviceOutcome(False, problem, error.message)
    return DeviceOutcome(False, DeviceProblem.BUG, f"{type(error).__name__}: {error}")


class ShopHeaderUser(Protocol):
    """A service that prints the shop header itself (the after-sale service's STORNO receipts)."""

    header: ShopHeader


class SettingsEditor:
    """Implements :class:`cashier.ui.settings_ports.SettingsAccess` for one open till."""

    def __init__(
        self,
        path: Path,
        settings: Settings,
        *,
        printer: PrintService,
        receipts: ReceiptFactory | None = None,
        header_users: Sequence[ShopHeaderUser] = (),
        on_saved: Callable[[Settings], None] | None = None,
        fiscal_secrets: Callable[[Settings], FiscalSecrets] | None = None,
        tse_set_up: TseSetUpRun | None = None,
    ) -> None:
        self.path = path
        self.settings = settings
        self.printer = printer
        self.receipts = receipts
        self.header_users = tuple(header_users)
        self._on_saved = on_saved
        self._writing = asyncio.Lock()
        # The TSE's secrets of some settings (the store of their TSE mode): none, no testing/live TSE.
        self._fiscal_secrets = fiscal_secrets
        self._tse_set_up: TseSetUpRun = tse_set_up or set_up_tss

    @classmethod
    def for_till(cls, till: Till, *, tse_set_up: TseSetUpRun | None = None) -> SettingsEditor:
        """The editor of ``till``'s settings file; a save also updates ``till.settings``. The TSE
        is set up with ``tse_set_up`` (default: :func:`set_up_tss` with this build's backend,
        the embedded simulator's state in the till's data folder)."""

        def keep(settings: Settings) -> None:
            till.settings = settings

        # The cancellation receipts print the header too (the back office's after-sale service).
        after_sale = getattr(getattr(till, "back_office", None), "after_sale", None)
        paths = till.paths
        return cls(
            paths.settings_file,
            till.settings,
            printer=till.printer,
            receipts=till.payments.receipts,
            header_users=() if after_sale is None else (after_sale,),
            on_saved=keep,
            fiscal_secrets=lambda settings: FiscalSecrets.of(settings, paths),
            tse_set_up=tse_set_up or partial(set_up_tss, paths=paths),
        )

    def current(self) -> SettingsForm:
        return form_of(self.settings)

    def printer_uri_problem(self, uri: str) -> str | None:
        return printer_uri_problem(uri)

    async def save(self, form: SettingsForm) -> SettingsForm:
        settings = settings_of(form, self.settings)
        await self._keep_api_secret(form.fiscal, settings)
        return await self._save(settings)

    async def finish_set_up(self, form: SettingsForm) -> SettingsForm:
        settings = replace(settings_of(form, self.settings), setup_pending=False)
        await self._keep_api_secret(form.fiscal, settings)
        return await self._save(settings)

    # --- the TSE ---------------------------------------------------------------------------------
    def _secrets(self, settings: Settings) -> FiscalSecrets:
        if self._fiscal_secrets is None:
            raise SettingsRejected(
                "fiscal.api_secret", "this settings editor has no secret store", problem="no_secret_store"
            )
        return self._fiscal_secrets(settings)

    async def _keep_api_secret(self, form: FiscalForm, settings: Settings) -> None:
        """Store the API secret typed on the TSE page; a new or changed testing/live TSE needs one
        (typed now, or stored before for its API key). An unchanged ``[fiscal]`` is not checked:
        the till runs with it (a lost secret shows as "TSE down"), and other pages still save."""
        fiscal = settings.fiscal
        typed = form.api_secret.strip()
        if not fiscal.on_fiskaly or (not typed and fiscal == self.settings.fiscal):
            return
        secrets = self._secrets(settings)
        if typed:
            await asyncio.to_thread(secrets.set_api_secret, typed)
            log.info(
                "fiskaly's API secret for the API key %s is stored (%s)", fiscal.api_key, secrets.location
            )
        elif not await asyncio.to_thread(secrets.api_secret):
            raise SettingsRejected(
                "fiscal.api_secret",
                f"no API secret is stored for the API key {fiscal.api_key!r}: enter it",
                problem=FiscalProblem.NO_API_SECRET.value,
            )

    async def set_up_tse(self, fiscal: FiscalForm) -> TseSetUpOutcome:
        section = ready_for_set_up(fiscal.settings, self.settings)
        saved = await self.save(replace(self.current(), fiscal=replace(fiscal, settings=section)))
        settings = self.settings
        try:
            done = await self._tse_set_up(settings, self._secrets(settings))
        except TseNotAvailable as error:
            return TseSetUpOutcome(
                False, saved.fiscal.settings, problem=TseProblem.NOT_AVAILABLE, detail=str(error)
            )
        except FiscalSettingsError as error:  # the API secret went missing between save and set-up
            raise SettingsRejected(
                error.issue.key, error.issue.message, problem=error.issue.problem.value
            ) from None
        except TseError as error:
            log.warning("the TSE set-up of TSS %s failed: %s", section.tss_id, error)
            return TseSetUpOutcome(
                False, saved.fiscal.settings, problem=tse_problem(error), detail=str(error)
            )
        return TseSetUpOutcome(
            True,
            saved.fiscal.settings,
            admin_puk=done.admin_puk,
            tss_serial=done.tss_serial,
            already=done.already,
        )

    async def _save(self, settings: Settings) -> SettingsForm:
        if settings.shop.logo and settings.shop.logo != self.settings.shop.logo:
            await asyncio.to_thread(_check_logo, settings.shop.logo)
        async with self._writing:
            await asyncio.to_thread(save_settings, self.path, settings)
            previous, self.settings = self.settings, settings
        self._apply(previous, settings)
        log.info("settings saved to %s", self.path)
        if self._on_saved is not None:
            self._on_saved(settings)
        return form_of(settings)

    def _apply(self, previous: Settings, settings: Settings) -> None:
        if settings.printer != previous.printer:
            self.printer.use_printer(settings.printer.uri, printer_profile(settings))
            log.info("printing to %s from now on", settings.printer.uri)
        if settings.shop != previous.shop:
            header = header_of(settings)
            if self.receipts is not None:
                self.receipts.settings = replace(
                    self.receipts.settings, header=header, footer_lines=tuple(settings.shop.footer)
                )
            for user in self.header_users:
                user.header = header
        if settings.shop.logo != previous.shop.logo:
            self.printer.use_logo(load_logo(settings))

    async def test_print(self, printer: PrinterSettings) -> DeviceOutcome:
        await self.save(replace(self.current(), printer=printer))
        outcome = await self.printer.print_test_page()
        return device_outcome(outcome.error)

    async def open_drawer(self, printer: PrinterSettings) -> DeviceOutcome:
        await self.save(replace(self.current(), printer=printer))
        outcome = await self.printer.open_drawer(reason="settings")
        return device_outcome(outcome.error)

    async def read_catalog(self, path: str) -> Catalog:
        source = path or str(resource_path("catalog", "demo.json"))
        text = await asyncio.to_thread(Path(source).read_text, encoding="utf-8")
        return parse_catalog(text, source=source)

    async def serial_ports(self) -> list[str]:
        ports = await asyncio.to_thread(list_ports.comports)
        return sorted(str(port.device) for port in ports)


def tse_problem(error: TseError) -> TseProblem:
    """The set-up's problem for a TSE error: 401 and 403 are the key and secret."""
    if isinstance(error, TseUnreachable | TseOutcomeUnknown):
        return TseProblem.OFFLINE  # try again: the set-up goes on where the TSS is
    if isinstance(error, TseRefused) and error.status in (401, 403):
        return TseProblem.CREDENTIALS
    return TseProblem.REFUSED


def _check_logo(path: str) -> None:
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, ValueError) as error:
        raise SettingsRejected("shop.logo", f"{path} cannot be read as a picture: {error}") from None
