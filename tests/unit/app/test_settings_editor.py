"""The settings editor: Settings <-> the screens' forms, atomic saves, and what changes at once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from cashier.app.composition import header_of
from cashier.app.settings import load_settings
from cashier.app.settings_editor import SettingsEditor, form_of, settings_of
from cashier.domain.receipt import ShopHeader
from cashier.domain.settings import (
    PrinterSettings,
    ScannerSettings,
    Settings,
    ShopSettings,
)
from cashier.journal.database import JournalDatabase
from cashier.journal.print_jobs import PrintJobKind, PrintJobStatus
from cashier.printing.errors import PrinterOffline
from cashier.printing.profile import PAPER_80MM
from cashier.services.printing import PrintService
from cashier.services.receipt_factory import ReceiptFactory, ReceiptSettings
from cashier.ui.catalog import CatalogError
from cashier.ui.settings_ports import (
    DeviceOutcome,
    DeviceProblem,
    LanguageForm,
    SettingsForm,
    SettingsRejected,
)
from tests.helpers.printers import RecordingSink

RICH = Settings(
    environment="custom",
    base_url="https://connect.example.com",
    client_id="app.4711",
    vendor="mycompany",
    till_id="KASSE-2",
    language="en",
    catalog="/srv/shop/catalog.json",
    shop=ShopSettings(
        name="Bäckerei", address=("Markt 1", "12345 Ort"), vat_id="DE1", phone="0", footer=("€",)
    ),
    printer=PrinterSettings(uri="tcp://10.0.0.9:9100", width=32, drawer_pin=5, drawer_pulse_ms=200),
    scanner=ScannerSettings(gap_ms=45, serial_port="/dev/ttyUSB0", serial_baud=19200),
).with_device_uuid()


@dataclass
class AfterSale:
    header: ShopHeader


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def printer(journal: JournalDatabase, sink: RecordingSink) -> PrintService:
    return PrintService(
        journal,
        printer_uri="preview",
        profile=PAPER_80MM,
        now=lambda: datetime(2026, 11, 27, 12, tzinfo=UTC),
        sink_factory=lambda uri: sink,
    )


@pytest.fixture
def receipts() -> ReceiptFactory:
    return ReceiptFactory(
        ReceiptSettings(header_of(Settings()), ("Danke",)), till_id="KASSE-1", environment="simulator"
    )


@pytest.fixture
def saved() -> list[Settings]:
    return []


@pytest.fixture
def editor(
    tmp_path: Path, printer: PrintService, receipts: ReceiptFactory, saved: list[Settings]
) -> SettingsEditor:
    return SettingsEditor(
        tmp_path / "settings.toml",
        Settings().with_device_uuid(),
        printer=printer,
        receipts=receipts,
        header_users=[AfterSale(header_of(Settings()))],
        on_saved=saved.append,
    )


def test_forms_carry_every_setting_the_screens_edit() -> None:
    assert settings_of(form_of(RICH), RICH) == RICH
    form = form_of(RICH)
    assert form.scanner == ScannerSettings(45, "/dev/ttyUSB0", 19200)
    assert (form.environment.client_id, form.environment.vendor) == ("app.4711", "mycompany")
    assert "secret" not in repr(form).lower()


def test_the_environment_changes_only_through_the_registration() -> None:
    form = form_of(RICH)
    moved = replace(
        form, environment=replace(form.environment, environment="live", till_id=" KASSE-9 ", vendor="x")
    )
    changed = settings_of(moved, RICH)
    assert (changed.environment, changed.till_id, changed.vendor) == ("custom", "KASSE-9", "mycompany")


def test_the_screens_start_from_the_models_defaults() -> None:
    # one settings model: a form nobody filled in is what a till without settings.toml shows
    assert SettingsForm() == form_of(Settings())


async def test_a_save_is_written_and_in_effect_at_once(
    editor: SettingsEditor, printer: PrintService, receipts: ReceiptFactory, saved: list[Settings]
) -> None:
    form = form_of(editor.settings)
    form = replace(
        form,
        shop=replace(form.shop, name=" Laden ", address=("A 1", "", " B 2 ")),
        printer=PrinterSettings("tcp://10.0.0.9:9100", 32, 5, 200),
        scanner=ScannerSettings(60, "/dev/ttyACM0", 115200),
        language=LanguageForm("de"),
    )
    answer = await editor.save(form)
    on_disk = load_settings(editor.path)
    assert [on_disk] == [editor.settings] == saved
    assert answer == form_of(on_disk)
    assert on_disk.shop.address == ("A 1", "B 2")
    assert on_disk.scanner == ScannerSettings(60, "/dev/ttyACM0", 115200)
    assert printer.printer_uri == "tcp://10.0.0.9:9100"
    assert (printer.profile.columns, printer.profile.drawer.pin, printer.profile.drawer.on_ms) == (32, 5, 200)
    assert receipts.settings.header == ShopHeader("Laden", ("A 1", "B 2"))
    assert editor.header_users[0].header == ShopHeader("Laden", ("A 1", "B 2"))
    assert not list(editor.path.parent.glob(".settings-*"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"printer": PrinterSettings(uri="usb://epson")}, "printer.uri"),
        ({"scanner": ScannerSettings(gap_ms=0)}, "settings"),
        ({"language": LanguageForm("fr")}, "settings"),
    ],
)
async def test_values_that_cannot_be_used_are_refused_and_nothing_changes(
    editor: SettingsEditor, printer: PrintService, change: dict[str, object], field: str
) -> None:
    with pytest.raises(SettingsRejected) as refused:
        await editor.save(replace(editor.current(), **change))  # type: ignore[arg-type]
    assert refused.value.field == field
    assert not editor.path.exists()
    assert printer.printer_uri == "preview"


async def test_an_empty_till_id_is_refused(editor: SettingsEditor) -> None:
    form = editor.current()
    with pytest.raises(SettingsRejected, match="till id"):
        await editor.save(replace(form, environment=replace(form.environment, till_id="  ")))


async def test_a_logo_must_be_a_picture(editor: SettingsEditor, tmp_path: Path) -> None:
    broken, logo = tmp_path / "broken.png", tmp_path / "logo.png"
    broken.write_bytes(b"no picture")
    Image.new("1", (32, 16), 1).save(logo)
    form = editor.current()
    with pytest.raises(SettingsRejected) as refused:
        await editor.save(replace(form, shop=replace(form.shop, logo=str(broken))))
    assert refused.value.field == "shop.logo"
    assert str(broken) in refused.value.detail
    await editor.save(replace(form, shop=replace(form.shop, logo=str(logo))))
    assert load_settings(editor.path).shop.logo == str(logo)


async def test_a_test_print_uses_the_printer_on_the_page(
    editor: SettingsEditor, printer: PrintService, sink: RecordingSink
) -> None:
    outcome = await editor.test_print(PrinterSettings("tcp://10.0.0.9", 32, 2, 100))
    assert outcome == DeviceOutcome(done=True)
    assert len(sink.jobs) == 1
    assert load_settings(editor.path).printer.uri == "tcp://10.0.0.9"
    assert [job.status for job in printer.jobs.find(kind=PrintJobKind.TEST)] == [PrintJobStatus.PRINTED]


async def test_an_offline_printer_and_its_drawer_come_back_as_outcomes(
    editor: SettingsEditor, sink: RecordingSink
) -> None:
    sink.fail_with = PrinterOffline("Nothing accepts print jobs at 10.0.0.9:9100", uri="tcp://10.0.0.9")
    printer = PrinterSettings("tcp://10.0.0.9", 48, 2, 100)
    outcome = await editor.test_print(printer)
    assert outcome == DeviceOutcome(
        False, DeviceProblem.OFFLINE, "Nothing accepts print jobs at 10.0.0.9:9100"
    )
    drawer = await editor.open_drawer(printer)
    assert (drawer.done, drawer.problem) == (False, DeviceProblem.OFFLINE)
    sink.fail_with = None
    assert await editor.open_drawer(printer) == DeviceOutcome(done=True)


async def test_the_demo_catalogue_and_a_broken_one(editor: SettingsEditor, tmp_path: Path) -> None:
    demo = await editor.read_catalog("")
    assert demo.quick_keys
    broken = tmp_path / "catalog.json"
    broken.write_text("[]", encoding="utf-8")
    with pytest.raises(CatalogError, match="format"):
        await editor.read_catalog(str(broken))
    with pytest.raises(OSError):  # noqa: PT011 — whatever the OS says, the dialog words it
        await editor.read_catalog(str(tmp_path / "missing.json"))


async def test_serial_ports_are_listed_as_names(editor: SettingsEditor) -> None:
    ports = await editor.serial_ports()
    assert all(isinstance(port, str) and port for port in ports)


async def test_saves_at_the_same_time_are_written_one_after_the_other(editor: SettingsEditor) -> None:
    form = editor.current()
    names = [f"Laden {i}" for i in range(5)]
    await asyncio.gather(*(editor.save(replace(form, shop=replace(form.shop, name=name))) for name in names))
    assert load_settings(editor.path) == editor.settings
    assert editor.settings.shop.name in names
