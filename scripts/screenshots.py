#!/usr/bin/env python3
"""Screenshots of the till at 1024×768 for docs/screenshots (and for checking them by eye).

    xvfb-run -s "-screen 0 1024x768x24" .venv/bin/python scripts/screenshots.py docs/screenshots

Runs the real window on the embedded simulator with the demo shop (in a temporary data
folder), drives it through a sale with card, bonus and cash, a card with a PIN, a terminal
payment and a locked card, and saves what the screen shows at each step. Under X (Xvfb) the
whole screen is captured, so a dialog is seen over the till; with ``QT_QPA_PLATFORM=offscreen``
each window is grabbed on its own. Needs Xvfb and xauth (Debian: ``apt-get install xvfb
xauth``) only for the X variant; nothing in Cashier depends on them.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from qasync import QEventLoop

from cashier.app.composition import load_or_create_settings, open_till
from cashier.app.gui import TillScreen, create_till_screen, load_catalog, qt_application, ui_language
from cashier.app.paths import resolve_paths
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.sale import Tender
from cashier.ui.catalog import Article
from cashier.ui.i18n import UiLanguage
from cashier.ui.main_window import MainWindow
from cashier.ui.message_bridge import MessageBridge
from cashier.ui.till_state import PaymentSummary

ERIKA, PIN_CARD, LOCKED = "9276004400000011", "9276004400000029", "9276004400000037"


class Camera:
    def __init__(self, folder: Path, window: MainWindow) -> None:
        self.folder = folder
        self.window = window
        self.on_x = QGuiApplication.platformName() == "xcb"

    async def shoot(self, name: str, dialog: QWidget | None = None) -> None:
        await asyncio.sleep(0.4)  # let layouts, polish and the flash settle
        QGuiApplication.processEvents()
        screen = QGuiApplication.primaryScreen()
        # Under X the whole screen, so that a dialog is seen over the till.
        on_screen = self.on_x and screen is not None
        picture = screen.grabWindow(0) if on_screen and screen else (dialog or self.window).grab()
        path = self.folder / f"{name}.png"
        picture.save(str(path))
        sys.stdout.write(f"{path}: {picture.width()}x{picture.height()}\n")


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the till did not get there in time")
        await asyncio.sleep(0.05)


@dataclass
class Tour:
    camera: Camera
    screen: TillScreen
    articles: dict[str, Article]
    language: UiLanguage

    async def idle(self) -> None:
        await until(lambda: not self.screen.model.busy)

    def add(self, *numbers: str) -> None:
        for number in numbers:
            self.screen.model.add_article(self.articles[number])


async def start_up(camera: Camera, window: MainWindow) -> None:
    await camera.shoot("01-starting")
    expires = datetime.now(UTC) + timedelta(minutes=20)
    window.show_registration("WXYZ-2345", "https://connect-testing.secuconnect.com/device", expires)
    await camera.shoot("02-registration")
    window.show_starting()


async def sale_with_card_bonus_and_cash(tour: Tour) -> None:
    model, view, camera = tour.screen.model, tour.screen.view, tour.camera
    await camera.shoot("03-till-empty")
    tour.add("1002", "1002", "2004", "2002", "2001", "2001", "2001", "2006", "1005")
    model.add_free_price("14,90", VatRate.REDUCED)
    view.card_panel.show_scanned(ERIKA)
    model.enter_card(ERIKA)
    await tour.idle()
    await camera.shoot("04-till-basket-and-card")
    model.pay_with_card()
    model.checks.submit_csc("9999")
    await tour.idle()
    view.csc_dialog.code.setText("12")
    await camera.shoot("05-dialog-security-code-wrong-try", view.csc_dialog)
    model.checks.submit_csc("1234")
    await tour.idle()
    await camera.shoot("06-till-card-applied")
    model.request_cash()
    view.cash_dialog.note_buttons[1][1].click()  # 10 €
    await camera.shoot("07-dialog-cash", view.cash_dialog)
    view.cash_dialog.ok_button.click()
    await until(view.result_dialog.isVisible)
    await camera.shoot("08-dialog-result-change", view.result_dialog)
    view.result_dialog.accept()
    await camera.shoot("09-till-after-payment")


async def pin_and_terminal(tour: Tour) -> None:
    model, view, camera = tour.screen.model, tour.screen.view, tour.camera
    tour.add("2005")
    model.enter_card(PIN_CARD)
    await tour.idle()
    model.pay_with_card()
    model.checks.submit_csc("2345")
    await until(lambda: view.pin_dialog.isVisible() and not model.busy)
    view.pin_dialog.code.setText("4711")
    await camera.shoot("10-dialog-pin", view.pin_dialog)
    model.checks.submit_pin("4711")
    await until(view.result_dialog.isVisible)
    view.result_dialog.accept()
    tour.add("1001", "2003")
    model.pay_terminal()
    await until(view.terminal_dialog.isVisible)
    await camera.shoot("11-dialog-terminal-waiting", view.terminal_dialog)
    await until(view.result_dialog.isVisible)
    view.result_dialog.accept()


async def new_card_locked_card_and_english(tour: Tour) -> None:
    model, view, camera = tour.screen.model, tour.screen.view, tour.camera
    new_card = PaymentSummary(
        sale_number=7,
        tender=Tender.CASH,
        total=Money(2500),
        paid_by_card=Money(0),
        collected=Money(2500),
        given=Money(5000),
        change=Money(2500),
        printed=False,
        new_card_number="9276004400000102",
        new_card_csc="4821",
    )
    view.result_dialog.show_summary(new_card, tour.language.money)  # the card-creating dialog comes later
    await camera.shoot("12-dialog-result-new-card-not-printed", view.result_dialog)
    view.result_dialog.accept()
    tour.add("1004")
    model.enter_card(LOCKED)
    await tour.idle()
    await camera.shoot("13-till-locked-card")
    model.abort()
    await tour.idle()
    tour.language.switch("en")
    tour.add("2004")
    model.enter_card(ERIKA)
    await tour.idle()
    await camera.shoot("14-till-english")


async def run_tour(loop: asyncio.AbstractEventLoop, folder: Path) -> None:
    app = qt_application()
    paths = resolve_paths({"CASHIER_HOME": tempfile.mkdtemp(prefix="cashier-shots-")})
    settings = replace(load_or_create_settings(paths.create()), language="de", simulator_terminal_delay=2.0)
    language = ui_language(app, settings)
    bridge = MessageBridge(lambda: language.money)
    window = MainWindow(settings.environment, settings.till_id, bridge)
    window.setGeometry(0, 0, 1024, 768)
    window.show()
    camera = Camera(folder, window)
    await start_up(camera, window)
    catalog, _ = load_catalog(settings)
    async with open_till(settings, paths) as till:
        screen = create_till_screen(
            till, loop=loop, bridge=bridge, language=language, catalog=catalog, window=window
        )
        tour = Tour(camera, screen, {a.article_number: a for a in catalog.articles}, language)
        await sale_with_card_bonus_and_cash(tour)
        await pin_and_terminal(tour)
        await new_card_locked_card_and_english(tour)
        window.close()
        await screen.runner.drain()


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "docs/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    app = qt_application()
    loop = QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(run_tour(loop, folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
