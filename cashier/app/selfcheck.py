"""``cashier self-check``: prove that this installation can run the till.

Each check is a small function that returns a one-line detail or raises; a failing check
does not stop the others, so one run names everything that is broken. Used by shop owners
after installing, by the installers' smoke tests, and by the test suite.
"""

from __future__ import annotations

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

    if QGuiApplication.instance() is None:
        # Kept for the life of the process: Qt must not lose its application object.
        _QT_APPS.append(QGuiApplication(["cashier-self-check", "-platform", "offscreen"]))
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


CHECKS: tuple[tuple[str, Callable[[AppPaths], str]], ...] = (
    ("python", check_python),
    ("dependencies", check_dependencies),
    ("layers", check_layers),
    ("files", check_files),
    ("domain", check_domain),
    ("simulator", check_simulator),
    ("qt", check_qt),
)


def collect(paths: AppPaths) -> list[CheckResult]:
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
