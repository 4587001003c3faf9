"""``cashier self-check``: prove that this installation can run the till.

Each check is a small function that returns a one-line detail or raises; a failing check
does not stop the others, so one run names everything that is broken. Used by shop owners
after installing, by the installers' smoke tests (``installer/ci-check`` runs it from the
unpacked .deb), and by the test suite.

Python, the dependencies and every module of every layer; the data folder; the till's rules
on a sample sale; the embedded simulator; Qt offscreen with a font for umlauts and €; the
translations; python-escpos' printer data and its cache folder; a sample receipt to ESC/POS
bytes and to the preview picture; one card sale through the services and the till's window,
both on the embedded simulator in a temporary folder — the shop's own journal, settings and
simulator state are never touched.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import json
import os
import pkgutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import cashier
from cashier.app.paths import AppPaths

LAYERS = ("domain", "api", "journal", "printing", "services", "ui", "simulator", "app")

# Distribution name -> module to import.
DEPENDENCIES = {
    "PySide6-Essentials": "PySide6.QtWidgets",
    "qasync": "qasync",
    "httpx": "httpx",
    "pydantic": "pydantic",
    "python-escpos": "escpos.printer",
    "platformdirs": "platformdirs",
    "keyring": "keyring",
    "starlette": "starlette.applications",
    "uvicorn": "uvicorn",
}

# What a German receipt and screen must be able to show.
SAMPLE_TEXT = "Grüße aus der Bäckerei: Brötchen, Süßes, Äpfel, Öl, Übergröße — 12,50 €"


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def check_python(paths: AppPaths) -> str:
    return f"{sys.version.split()[0]} ({sys.executable})"


def check_layers(paths: AppPaths) -> str:
    count = 0
    for layer in LAYERS:
        package = importlib.import_module(f"cashier.{layer}")
        count += 1
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
            importlib.import_module(module.name)
            count += 1
    return f"{len(LAYERS)} layers, {count} modules imported"


def check_dependencies(paths: AppPaths) -> str:
    found = []
    for distribution, module in DEPENDENCIES.items():
        importlib.import_module(module)
        found.append(f"{distribution} {importlib.metadata.version(distribution)}")
    return ", ".join(found)


def check_files(paths: AppPaths) -> str:
    try:
        paths.create()
        with tempfile.NamedTemporaryFile(dir=paths.data_dir, prefix=".self-check-", delete=True) as probe:
            probe.write(b"ok")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise RuntimeError(f"cannot write to the data folder {paths.data_dir}: {exc.strerror}") from exc
    return f"data folder {paths.data_dir} is writable"


def check_domain(paths: AppPaths) -> str:
    from cashier.domain.basket import Basket, BasketLine
    from cashier.domain.cards import parse_card_number
    from cashier.domain.iban import parse_iban
    from cashier.domain.money import Money, format_amount, parse_amount
    from cashier.domain.receipt import Receipt, ReceiptItem, ShopHeader, Tender, TenderKind
    from cashier.domain.tender import allocate_bonus, apply_card, change_due
    from cashier.domain.vat import VatRate

    basket = (
        Basket(())
        .add(BasketLine("Brötchen", parse_amount("0,45"), 4, VatRate.REDUCED))
        .add(BasketLine("Kaffee to go", parse_amount("2,80"), 1, VatRate.STANDARD))
        .add(BasketLine("Gutschein", parse_amount("5"), 1, VatRate.ZERO))
    )
    summary = basket.vat_summary()
    if Money.sum(row.gross for row in summary) != basket.total:
        raise AssertionError("VAT summary does not add up to the basket total")
    covered = apply_card(basket.total, cash_balance=Money(300), bonus_balance=Money(50))
    bonus = allocate_bonus(covered.bonus_used, basket.gross_by_rate())
    if Money.sum(bonus.values()) != covered.bonus_used:
        raise AssertionError("bonus allocation lost cents")
    bonus_items = [
        ReceiptItem(f"Bonus {rate.percent} %", 1, -part, -part, rate, is_bonus=True)
        for rate, part in bonus.items()
        if part.is_positive
    ]
    # Bonus is a discount; what is left is paid from the cash balance, the rest in cash.
    change = change_due(covered.missing_sum, parse_amount("10"))
    if parse_amount(format_amount(basket.total)) != basket.total:
        raise AssertionError("amount formatting does not read back")
    card = parse_card_number("9276 0044 2464 4352\r\n")
    parse_iban("DE89 3704 0044 0532 0130 00")
    receipt = Receipt.for_sale(
        header=ShopHeader("Bäckerei Beispiel", ("Hauptstraße 1", "12345 Musterstadt"), None, None),
        till_id="self-check",
        sale_number="1",
        created_at=datetime.now(UTC),
        basket=basket,
        bonus_items=bonus_items,
        tenders=(
            Tender(TenderKind.CARD_CASH_BALANCE, covered.cash_balance_used),
            Tender.cash(covered.missing_sum, parse_amount("10")),
        ),
        card_number_masked=card.masked(),
        environment="simulator",
    )
    return (
        f"sample sale of {format_amount(receipt.total)} EUR in {len(summary)} VAT rates, "
        f"card {card.masked()}, change {format_amount(change)} EUR"
    )


_QT_APPS: list[object] = []


def check_simulator(paths: AppPaths) -> str:
    """The embedded simulator answers a token request, the merchant and a card check."""
    import asyncio

    import httpx

    from cashier.simulator import seed
    from cashier.simulator.app import create_app
    from cashier.simulator.transport import BASE_URL, EmbeddedTransport

    async def round_trip() -> str:
        app = create_app()  # in memory: the self-check never touches the till's own state
        try:
            async with httpx.AsyncClient(transport=EmbeddedTransport(app), base_url=BASE_URL) as client:
                token = await client.post(
                    "/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": seed.CLIENT_ID,
                        "client_secret": seed.CLIENT_SECRET,
                    },
                )
                token.raise_for_status()
                client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
                merchant = (await client.get("/api/v2/General/Merchants/me")).raise_for_status().json()
                card = seed.CARDS[0].cardnumber
                valid = await client.post(
                    "/api/v2/Loyalty/MerchantCards/me/validateMerchantcard", json={"cardnumber": card}
                )
                if valid.raise_for_status().json().get("isValid") is not True:
                    raise AssertionError("the demo card is not valid")
                return f"embedded simulator answers for {merchant['companyname']}"
        finally:
            app.ctx.store.close()

    return asyncio.run(round_trip())


def check_qt(paths: AppPaths) -> str:
    from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QGuiApplication.instance() is None:
        # Kept for the life of the process: Qt must not lose its application object. A widgets
        # application, so that a window can be built after this check.
        from cashier.app.resources import point_offscreen_qt_at_fonts

        point_offscreen_qt_at_fonts(os.environ, "offscreen")
        _QT_APPS.append(QApplication(["cashier-self-check", "-platform", "offscreen"]))
    metrics = QFontMetrics(QFont())
    missing = sorted({ch for ch in SAMPLE_TEXT if not ch.isspace() and not metrics.inFontUcs4(ord(ch))})
    if missing:
        raise RuntimeError(
            f"the default font cannot show {''.join(missing)!r}; install a font such as fonts-dejavu-core"
        )
    return f"Qt {qt_version()} on '{QGuiApplication.platformName()}', font '{QFont().family()}' shows umlauts and €"


def qt_version() -> str:
    from PySide6.QtCore import qVersion

    return str(qVersion())


def check_translations(paths: AppPaths) -> str:
    """Every compiled translation in ``resources/i18n`` loads into Qt, and so does Qt's own
    German (standard buttons), from where Qt looks for it."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from cashier.app.resources import resources_dir

    folder = resources_dir() / "i18n"
    catalogues = sorted(folder.glob("*.qm"))
    if not any(path.name == "cashier_de.qm" for path in catalogues):
        raise FileNotFoundError(f"the German translation cashier_de.qm is missing in {folder}")
    for catalogue in catalogues:
        translator = QTranslator()
        if not translator.load(str(catalogue)) or translator.isEmpty():
            raise RuntimeError(f"Qt cannot load the translation {catalogue.name}")
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load("qtbase_de", qt_folder):
        raise FileNotFoundError(f"Qt's own German translation qtbase_de.qm is missing in {qt_folder}")
    return f"{len(catalogues)} translations load ({', '.join(path.stem for path in catalogues)}) and Qt's qtbase_de"


def check_printer_data(paths: AppPaths) -> str:
    """python-escpos' printer capability database loads, and its cache is ours, not a new
    temporary folder on every start (docs/style.md, "Toolchain facts")."""
    from cashier.printing.escpos_builder import _load_dummy

    _load_dummy()  # imports escpos without its logging side effect
    capabilities = sys.modules["escpos.capabilities"]
    profiles = capabilities.CAPABILITIES["profiles"]
    if "TM-T88V" not in profiles or "default" not in profiles:
        raise RuntimeError(f"capabilities.json looks wrong: {len(profiles)} profiles, no TM-T88V")
    cache = Path(capabilities.pickle_path)
    wanted = os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR")
    if wanted is None or Path(capabilities.pickle_dir) != Path(wanted):
        raise RuntimeError(
            f"python-escpos caches its capabilities in a new temporary folder ({cache.parent}): "
            "ESCPOS_CAPABILITIES_PICKLE_DIR was not set before escpos was imported"
        )
    if not cache.exists():
        raise RuntimeError(f"python-escpos did not write its capability cache {cache}")
    return f"{len(profiles)} printer profiles from capabilities.json, cached in {cache.parent}"


def check_receipt(paths: AppPaths) -> str:
    """A sample receipt renders to ESC/POS bytes and, from those bytes, to the preview picture."""
    from cashier.app.resources import preview_fonts
    from cashier.printing.escpos_decode import plain_text
    from cashier.printing.preview import INK, render_preview
    from cashier.printing.profile import PrinterProfile
    from cashier.printing.receipt_layout import render_receipt
    from cashier.printing.samples import sample_sale

    profile = PrinterProfile.for_columns(48)
    data = render_receipt(sample_sale(), profile)
    text = plain_text(data, profile.columns)
    for expected in ("Bäckerei Beispiel", "Brötchen", "SUMME"):
        if expected not in text:
            raise AssertionError(f"the sample receipt has no {expected!r}")
    if "€".encode("cp858") not in data:
        raise AssertionError("the sample receipt has no euro sign in code page CP858")
    image = render_preview(data, dots=profile.dots, fonts=preview_fonts())
    darkest, _ = image.getextrema()
    if darkest != INK or image.width != profile.dots + 32:
        raise AssertionError(
            f"the preview picture is blank or the wrong size ({image.width} x {image.height})"
        )
    return f"sample receipt: {len(data)} bytes ESC/POS, preview {image.width} x {image.height} pixels"


def check_sale(paths: AppPaths) -> str:
    """One card sale through the till's services against the embedded simulator, in a
    temporary folder: the shop's own journal, settings and simulator state are never touched."""
    import asyncio

    from cashier.app.composition import open_till
    from cashier.domain.basket import BasketLine
    from cashier.domain.money import Money, format_amount
    from cashier.domain.settings import PrinterSettings, Settings
    from cashier.domain.vat import VatRate
    from cashier.services.sale import SaleState, Tender
    from cashier.simulator import seed

    card = seed.CARDS[0]  # 20,00 EUR cash balance, 3,50 EUR bonus

    async def sell(scratch: AppPaths) -> str:
        settings = Settings(printer=PrinterSettings(uri="preview"), simulator_terminal_delay=0.0)
        async with open_till(settings, scratch) as till:
            sales = till.sales
            sale = sales.new_sale()
            sales.add_line(sale, BasketLine("Torte", Money(2500), 1, VatRate.REDUCED))
            await sales.attach_card(sale, card.cardnumber)
            await sales.check_csc(sale, card.csc)
            await sales.apply_card(sale)
            result = await till.payments.pay(sale, Tender.CASH, given=Money(500))
            done = result.sale
            if done.state not in (SaleState.COMPLETED, SaleState.PRINTED):
                raise AssertionError(f"the demo sale ended {done.state.value}")
            if not result.printed:
                raise AssertionError(f"the demo receipt did not print: {result.print_error}")
            change = done.change or Money(0)
            return (
                f"demo card sale of {format_amount(done.total)} EUR: {format_amount(done.amount_due)} EUR "
                f"in cash, change {format_amount(change)} EUR, receipt printed to preview"
            )

    with tempfile.TemporaryDirectory(prefix="cashier-self-check-") as folder:
        root = Path(folder)
        scratch = AppPaths(config_dir=root, data_dir=root, log_dir=root / "logs", cache_dir=root / "cache")
        return asyncio.run(sell(scratch))


def check_window(paths: AppPaths) -> str:
    """The till's window opens offscreen on the embedded simulator, as ``cashier run
    --quit-after-start`` opens it (in a temporary folder), and closes again."""
    import io
    import logging

    from PySide6.QtWidgets import QApplication

    from cashier.app.gui import run_gui
    from cashier.domain.settings import PrinterSettings, Settings

    if QApplication.instance() is None:
        # Qt would pick the platform itself, and abort the process where it has no display.
        raise RuntimeError("Qt did not start offscreen (see the qt check)")
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            problems.append(record.getMessage() + (f": {record.exc_info[1]}" if record.exc_info else ""))

    handler = Collect(logging.ERROR)
    root = logging.getLogger()
    root.addHandler(handler)
    said = io.StringIO()  # "till ready": proof that the till screen was built, not for the report
    try:
        with (
            tempfile.TemporaryDirectory(prefix="cashier-self-check-") as folder,
            contextlib.redirect_stdout(said),
        ):
            scratch_dir = Path(folder)
            scratch = AppPaths(scratch_dir, scratch_dir, scratch_dir / "logs", scratch_dir / "cache")
            settings = Settings(printer=PrinterSettings(uri="preview"), simulator_terminal_delay=0.0)
            code = run_gui(settings, scratch, quit_after_start=True)
    finally:
        root.removeHandler(handler)
    if code != 0 or problems or "till ready" not in said.getvalue():
        raise RuntimeError(f"the till's window did not start: {'; '.join(problems) or f'exit {code}'}")
    return "the till's window opened on the embedded simulator, ready to sell, and closed again"


CHECKS: tuple[tuple[str, Callable[[AppPaths], str]], ...] = (
    ("python", check_python),
    ("dependencies", check_dependencies),
    ("layers", check_layers),
    ("files", check_files),
    ("domain", check_domain),
    ("simulator", check_simulator),
    ("qt", check_qt),
    ("translations", check_translations),
    ("printer-data", check_printer_data),
    ("receipt", check_receipt),
    ("sale", check_sale),
    ("window", check_window),
)


def collect(paths: AppPaths) -> list[CheckResult]:
    from cashier.app.resources import prepare_escpos

    # Before any check imports python-escpos (the layers check does). When the folders cannot
    # be made, the files check says why.
    with contextlib.suppress(OSError):
        prepare_escpos(paths)
    results = []
    for name, check in CHECKS:
        try:
            detail = check(paths)
        except Exception as exc:  # a self-check reports every failure, then exits 1
            results.append(CheckResult(name, False, f"{type(exc).__name__}: {exc}"))
        else:
            results.append(CheckResult(name, True, detail))
    return results


def run_self_check(paths: AppPaths, *, as_json: bool, out: TextIO) -> int:
    results = collect(paths)
    healthy = all(result.ok for result in results)
    if as_json:
        report = {
            "version": cashier.__version__,
            "ok": healthy,
            "checks": [asdict(result) for result in results],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False), file=out)
    else:
        print(f"Cashier {cashier.__version__} self-check", file=out)
        for result in results:
            print(f"  {'ok  ' if result.ok else 'FAIL'}  {result.name:<12} {result.detail}", file=out)
        print("all checks passed" if healthy else "some checks FAILED", file=out)
    return 0 if healthy else 1
