"""The settings of the running till, as the settings screens edit them.

The screens see the settings model's sections and small forms (:mod:`cashier.ui.settings_ports`);
this module turns :class:`~cashier.domain.settings.Settings` into them and back, checks what only
the lower layers can check (a printer URI with the printing layer's parser, a logo with Pillow),
saves the file atomically (:func:`~cashier.app.settings.save_settings`, off the event loop, one write at a time)
and puts into effect what needs no restart: the printer (``PrintService.use_printer``) and the
receipt's shop header and footer (the ``ReceiptFactory`` of the payments). The language, the
scanners and the quick keys belong to the UI, which applies them itself; the environment and
the till id take a restart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from PIL import Image
from serial.tools import list_ports  # type: ignore[import-untyped]  # no type hints

from cashier.app.composition import Till, header_of, load_logo, printer_profile
from cashier.app.resources import resource_path
from cashier.app.settings import save_settings
from cashier.domain.receipt import ShopHeader
from cashier.domain.settings import PrinterSettings, Settings, SettingsError
from cashier.printing.errors import PrinterError
from cashier.printing.transports import parse_printer_uri
from cashier.services.printing import PrintService
from cashier.services.receipt_factory import ReceiptFactory
from cashier.ui.catalog import Catalog, parse_catalog
from cashier.ui.settings_ports import (
    CatalogForm,
    DeviceOutcome,
    DeviceProblem,
    EnvironmentForm,
    LanguageForm,
    ScreenForm,
    SettingsForm,
    SettingsRejected,
)

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
    shop, printer, scanner = form.shop, form.printer, form.scanner
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
        )
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
    ) -> None:
        self.path = path
        self.settings = settings
        self.printer = printer
        self.receipts = receipts
        self.header_users = tuple(header_users)
        self._on_saved = on_saved
        self._writing = asyncio.Lock()

    @classmethod
    def for_till(cls, till: Till) -> SettingsEditor:
        """The editor of ``till``'s settings file; a save also updates ``till.settings``."""

        def keep(settings: Settings) -> None:
            till.settings = settings

        # The cancellation receipts print the header too (the back office's after-sale service).
        after_sale = getattr(getattr(till, "back_office", None), "after_sale", None)
        return cls(
            till.paths.settings_file,
            till.settings,
            printer=till.printer,
            receipts=till.payments.receipts,
            header_users=() if after_sale is None else (after_sale,),
            on_saved=keep,
        )

    def current(self) -> SettingsForm:
        return form_of(self.settings)

    def printer_uri_problem(self, uri: str) -> str | None:
        return printer_uri_problem(uri)

    async def save(self, form: SettingsForm) -> SettingsForm:
        return await self._save(settings_of(form, self.settings))

    async def finish_set_up(self, form: SettingsForm) -> SettingsForm:
        return await self._save(replace(settings_of(form, self.settings), setup_pending=False))

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


def _check_logo(path: str) -> None:
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, ValueError) as error:
        raise SettingsRejected("shop.logo", f"{path} cannot be read as a picture: {error}") from None
