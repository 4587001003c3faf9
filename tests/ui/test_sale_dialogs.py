"""SEPA, load card, new card and the action bar, driven on the real screen with clicks and keys.

The embedded simulator stands behind the window (demo card …0011 Erika: 20,00 € + 3,50 €
bonus). Keys go through the keyboard-wedge scanner filter as on a shop PC: digits are typed
at a human's pace (a fast digit burst that ends in Enter is a card scan). The simulator's new
cards get a known security code, so that the tests can look for it in the printed bytes, the
journal file and the log. Words added by this work are compared through Qt's translation of
their English source (German on a German till).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cashier.app.composition import Till
from cashier.domain.errors import InputError
from cashier.domain.iban import parse_iban
from cashier.domain.money import Money, parse_amount
from cashier.domain.receipt_codec import loads_receipt
from cashier.journal.print_jobs import PrintJobKind
from cashier.printing.escpos_decode import plain_text
from cashier.printing.receipt_layout import SECURITY_CODE_LABEL, SIGNATURE_LABEL
from cashier.printing.transports.preview_sink import PreviewSink
from cashier.services.sale import CardGroupOption, SaleKind, SaleState, Tender
from cashier.simulator import cardstore, seed
from cashier.simulator.faults import Fault, FaultMode
from cashier.ui.kit.messages import UserMessage, describe
from cashier.ui.kit.style import TOUCH
from tests.helpers.printers import LoopbackPrinter
from tests.ui.conftest import Screen, card_balances, run_async

ERIKA = "9276004400000011"
VALID = "DE89370400440532013000"
TYPO = "DE89370400440532013001"
CSC = "7319"
NBSP = "\u00a0"
HUMAN_MS = 40  # between keys: slower than a scanner (30 ms), so digits reach the field


@pytest.fixture(autouse=True)
def known_security_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cardstore, "secrets", SimpleNamespace(randbelow=lambda _: int(CSC)))


def tr(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled(), f"{button.objectName() or button} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def double_click(qtbot: QtBot, button: QWidget) -> None:
    """Press, release, press, double-click, release: two ``clicked`` on a push button."""
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(button, left)
    qtbot.mouseRelease(button, left)
    qtbot.mousePress(button, left)
    qtbot.mouseDClick(button, left)
    qtbot.mouseRelease(button, left)


def type_in(qtbot: QtBot, field: QLineEdit, text: str, *, expect: str | None = None) -> None:
    """Type at a human's pace and wait until the scanner filter has let the digits through."""
    qtbot.keyClicks(field, text, delay=HUMAN_MS)
    wanted = text if expect is None else expect
    qtbot.waitUntil(lambda: field.text() == wanted, timeout=3000)


def settle(qtbot: QtBot, screen: Screen) -> None:
    qtbot.waitUntil(lambda: not screen.model.busy, timeout=5000)


def enter_card(qtbot: QtBot, screen: Screen, number: str) -> None:
    panel = screen.view.card_panel
    qtbot.keyClicks(panel.number, number)
    click(qtbot, panel.check)
    settle(qtbot, screen)
    assert screen.model.card is not None


def preset(buttons: list[tuple[Money, QPushButton]], cents: int) -> QPushButton:
    return next(button for amount, button in buttons if amount.cents == cents)


def printed(till: Till) -> list[bytes]:
    """What the ``preview`` printer received, oldest first."""
    sink = till.printer._get_sink()  # the till's own printer: reading it changes nothing
    assert isinstance(sink, PreviewSink)
    return sink.jobs


def stored_bytes(till: Till) -> bytes:
    folder = Path(till.paths.journal_file).parent
    return b"".join(path.read_bytes() for path in folder.glob("journal.sqlite*"))


def standalone(code: str) -> re.Pattern[bytes]:
    return re.compile(rb"(?<![0-9])" + code.encode() + rb"(?![0-9])")


# --- SEPA ---------------------------------------------------------------------------------------
def test_sepa_with_an_invalid_then_a_valid_iban(
    qtbot: QtBot, screen: Screen, till: Till, messages: list[UserMessage]
) -> None:
    view, model = screen.view, screen.model
    click(qtbot, view.quick_keys.button_for("1001"))  # Kaffee 2,50 €
    click(qtbot, view.quick_keys.button_for("2002"))  # Laugenbrezel 0,95 €
    sale = model.sale
    assert sale is not None
    QTest.keyClick(screen.window, Qt.Key.Key_F7)
    dialog = view.sepa_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.due_label.text() == f"3,45{NBSP}€"
    assert till.settings.shop.name in dialog.mandate.text()

    type_in(qtbot, dialog.iban, TYPO, expect="DE89 3704 0044 0532 0130 01")
    assert dialog.iban_status.text() == describe(_iban_error(TYPO), view.language.money).text
    type_in(qtbot, dialog.holder, "Erika Musterfrau")
    assert not dialog.ok_button.isEnabled()
    QTest.keyClick(dialog.iban, Qt.Key.Key_Backspace)
    type_in(qtbot, dialog.iban, "0", expect="DE89 3704 0044 0532 0130 00")
    assert dialog.iban_status.text() == tr("SepaDialog", "✓ IBAN is valid")
    double_click(qtbot, dialog.ok_button)

    qtbot.waitUntil(view.result_dialog.isVisible, timeout=10_000)
    settle(qtbot, screen)
    result = view.result_dialog
    assert result.signature.isVisible()
    assert result.signature.text() == tr("ResultDialog", "Have the customer sign the merchant copy.")
    record = till.journal.get(sale.sale_id)
    assert record.state == SaleState.PRINTED.value
    assert record.tender == Tender.SEPA.value
    starts = [step for step in till.journal.steps(sale.sale_id) if step.to_state == SaleState.STARTING.value]
    assert len(starts) == 1  # the double click started one payment
    jobs = till.printer.jobs_of_sale(sale.sale_id)
    assert [job.kind for job in jobs] == [PrintJobKind.CUSTOMER, PrintJobKind.MERCHANT]
    merchant = loads_receipt(jobs[1].document)
    assert merchant.merchant_copy
    assert merchant.signature_required
    merchant_text = plain_text(till.printer.render(jobs[1]), 48)
    assert SIGNATURE_LABEL in merchant_text
    assert "Mandatsreferenz" in merchant_text
    assert SIGNATURE_LABEL not in plain_text(till.printer.render(jobs[0]), 48)
    assert len(printed(till)) == 2  # both went to the printer


def _iban_error(text: str) -> InputError:
    try:
        parse_iban(text)
    except InputError as error:
        return error
    raise AssertionError(f"{text} is a valid IBAN")


# --- load card ----------------------------------------------------------------------------------
def test_load_card_by_preset_then_pay_cash(
    qtbot: QtBot, screen: Screen, till: Till, messages: list[UserMessage]
) -> None:
    view, model = screen.view, screen.model
    QTest.keyClick(screen.window, Qt.Key.Key_F9)  # no card yet: say what to do
    assert not view.card_load_dialog.isVisible()
    assert messages[-1].text == tr("CardSales", "Scan or type the customer's card first, then load it (F9).")

    enter_card(qtbot, screen, ERIKA)
    cash_before, bonus_before, _ = card_balances(till, ERIKA)
    QTest.keyClick(screen.window, Qt.Key.Key_F9)
    dialog = view.card_load_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "9276 0044 0000 0011" in dialog.card_label.text()
    click(qtbot, preset(dialog.picker.preset_buttons, 2000))
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert [(line.total, line.is_card_load) for line in model.lines] == [(Money(2000), True)]
    assert model.sale is not None
    assert model.sale.kind is SaleKind.CARD_LOAD
    assert not view.tenders.buttons["card"].isEnabled()  # the card cannot pay its own load
    assert not view.actions.buttons["new_card"].isEnabled()

    click(qtbot, view.tenders.buttons["cash"])
    qtbot.waitUntil(view.cash_dialog.isVisible)
    click(qtbot, view.cash_dialog.exact)
    click(qtbot, view.cash_dialog.ok_button)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=10_000)
    cash_after, bonus_after, _ = card_balances(till, ERIKA)
    assert cash_after == cash_before + 2000
    assert bonus_after == bonus_before  # loading earns no bonus
    rows = dict(view.result_dialog.row_texts())
    assert rows["Kartenguthaben jetzt"] == view.language.money.amount(Money(cash_after))  # apart …
    assert rows["Bonus jetzt"] == view.language.money.amount(Money(bonus_after))  # … from the bonus
    assert not view.result_dialog.signature.isVisible()
    assert not view.result_dialog.new_card.isVisible()


@pytest.mark.parametrize("text", ["abc", "-5", "99999999"])
def test_a_custom_load_that_is_no_amount_changes_nothing(
    qtbot: QtBot, screen: Screen, till: Till, text: str
) -> None:
    view, model = screen.view, screen.model
    enter_card(qtbot, screen, ERIKA)
    before = card_balances(till, ERIKA)
    QTest.keyClick(screen.window, Qt.Key.Key_F9)
    dialog = view.card_load_dialog
    qtbot.waitUntil(dialog.isVisible)
    type_in(qtbot, dialog.picker.amount, text)
    try:
        parse_amount(text, maximum=model.services.max_amount)
    except InputError as error:
        words = describe(error, view.language.money).text
    assert dialog.picker.problem.text() == words
    assert not dialog.ok_button.isEnabled()
    QTest.keyClick(dialog.picker.amount, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.picker.amount.text() == text
    QTest.keyClick(dialog.picker.amount, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert model.lines == ()
    settle(qtbot, screen)
    assert card_balances(till, ERIKA) == before


# --- new card -----------------------------------------------------------------------------------
def test_a_new_card_without_a_load_shows_and_prints_its_code_once(
    qtbot: QtBot, screen: Screen, till: Till, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="cashier")  # qasync's debug lines are off in the app
    view = screen.view
    QTest.keyClick(screen.window, Qt.Key.Key_F10)
    dialog = view.new_card_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert [button.text() for button in dialog.group_buttons.buttons()] == [g.name for g in seed.CARD_GROUPS]
    assert dialog.picker.no_load
    qtbot.waitUntil(dialog.ok_button.hasFocus)
    QTest.keyClick(dialog.ok_button, Qt.Key.Key_Return)  # the first group, no load

    qtbot.waitUntil(view.result_dialog.isVisible, timeout=10_000)
    settle(qtbot, screen)
    result = view.result_dialog
    summary = result.summary
    assert summary is not None
    number = summary.new_card_number or ""
    assert number.startswith("9276")
    assert result.new_card.isVisible()
    assert result.new_card_number.text().replace(" ", "") == number
    assert result.new_card_csc.text() == CSC
    assert not result.change.isVisible()  # nothing was paid, nothing is given back
    assert card_balances(till, number) == (0, 0, 0)

    [first] = printed(till)  # one receipt, its first (and only) print carries the code
    assert SECURITY_CODE_LABEL in plain_text(first, 48)
    assert standalone(CSC).search(first)
    assert not standalone(CSC).search(stored_bytes(till))
    assert all(CSC not in job.document for job in till.printer.jobs_of_sale(summary_sale_id(till)))
    copy = run_async(qtbot, till.printer.reprint(sale_id=summary_sale_id(till)))
    assert copy.printed
    assert not standalone(CSC).search(printed(till)[-1])
    assert CSC not in caplog.text


def test_a_new_card_whose_receipt_does_not_print_shows_its_code_again(
    qtbot: QtBot, screen: Screen, till: Till
) -> None:
    """The code exists nowhere but on the screen once its print failed: the dialog comes back."""
    view = screen.view
    printer = LoopbackPrinter()
    printer.mode = "silent"  # takes the connection, never answers
    till.printer.use_printer(printer.uri(timeout="2"))
    try:
        QTest.keyClick(screen.window, Qt.Key.Key_F10)
        dialog = view.new_card_dialog
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        qtbot.waitUntil(dialog.ok_button.hasFocus)
        QTest.keyClick(dialog.ok_button, Qt.Key.Key_Return)  # the first group, no load
        result = view.result_dialog
        qtbot.waitUntil(result.isVisible, timeout=10_000)
        assert result.new_card_csc.text() == CSC
        assert result.new_card_note.text() == tr(
            "ResultDialog",
            "The receipt with the security code is printing. The code is printed once; it is not "
            "stored and cannot be printed again.",
        )
        result.accept()  # the cashier moves on before the printer has answered
        assert not result.isVisible()
        qtbot.waitUntil(result.isVisible, timeout=10_000)  # back, with the code
        assert result.new_card_csc.text() == CSC
        assert result.new_card_note.text() == tr(
            "ResultDialog",
            "The receipt did not print: write the security code down for the customer now — "
            "it is not stored and cannot be printed again.",
        )
        settle(qtbot, screen)
    finally:
        till.printer.use_printer("preview")
        printer.close()


def summary_sale_id(till: Till) -> str:
    [record] = till.journal.of_day(till.context.business_day(), till.settings.till_id)
    return record.sale_id


def test_a_new_card_with_a_first_load_is_paid_like_a_sale(qtbot: QtBot, screen: Screen, till: Till) -> None:
    view, model = screen.view, screen.model
    click(qtbot, view.actions.buttons["new_card"])
    dialog = view.new_card_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    click(qtbot, dialog.group_button(seed.GIFT_GROUP_ID))
    click(qtbot, preset(dialog.picker.preset_buttons, 2000))
    click(qtbot, dialog.ok_button)
    sale = model.sale
    assert sale is not None
    assert sale.kind is SaleKind.NEW_CARD
    assert sale.create_card_group == seed.GIFT_GROUP_ID
    assert [line.total for line in model.lines] == [Money(2000)]
    assert not model.payment_running  # the cashier takes the payment

    screen.window.activateWindow()  # what the window manager does when a dialog closes
    qtbot.waitUntil(screen.window.isActiveWindow)
    QTest.keyClick(screen.window, Qt.Key.Key_F5)
    qtbot.waitUntil(view.cash_dialog.isVisible)
    click(qtbot, view.cash_dialog.exact)
    click(qtbot, view.cash_dialog.ok_button)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=10_000)
    summary = view.result_dialog.summary
    assert summary is not None
    number = summary.new_card_number or ""
    assert view.result_dialog.new_card_csc.text() == CSC
    assert card_balances(till, number)[0] == 2000
    qtbot.waitUntil(lambda: len(printed(till)) == 1, timeout=5000)  # printed behind the result
    [customer] = printed(till)
    assert standalone(CSC).search(customer)
    assert not standalone(CSC).search(stored_bytes(till))


# --- the action bar -----------------------------------------------------------------------------
def test_the_actions_wait_while_a_payment_runs(qtbot: QtBot, screen: Screen, till: Till) -> None:
    view, model = screen.view, screen.model
    bar = view.actions
    assert all(button.isEnabled() for button in bar.buttons.values())
    assert all(bar.keys[key].toString() in button.text() for key, button in bar.buttons.items())
    click(qtbot, view.quick_keys.button_for("1001"))
    assert not bar.buttons["load_card"].isEnabled()  # articles: a card is loaded on its own
    assert not bar.buttons["new_card"].isEnabled()
    assert bar.buttons["journal"].isEnabled()

    assert till.simulator is not None
    till.simulator.ctx.faults.add(
        Fault("POST", "/api/v2/Smart/Transactions/*/start/*", FaultMode.DELAY, delay_ms=1500)
    )
    model.payments.pay_cash(Money(250))
    assert model.payment_running
    assert not any(button.isEnabled() for button in bar.buttons.values())
    journal: list[None] = []
    bar.journal.connect(lambda: journal.append(None))
    qtbot.waitUntil(screen.window.isActiveWindow)  # so that the keys below could act
    for key in (Qt.Key.Key_F9, Qt.Key.Key_F10, Qt.Key.Key_F2):
        QTest.keyClick(screen.window, key)
    assert not view.card_load_dialog.isVisible()
    assert not view.new_card_dialog.isVisible()
    assert journal == []
    qtbot.waitUntil(lambda: not model.payment_running, timeout=10_000)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=5000)
    view.result_dialog.accept()
    assert all(button.isEnabled() for button in bar.buttons.values())
    screen.window.activateWindow()  # what the window manager does when a dialog closes
    qtbot.waitUntil(screen.window.isActiveWindow)
    QTest.keyClick(screen.window, Qt.Key.Key_F2)
    assert journal == [None]  # the journal opens on this signal


def test_the_new_dialogs_fit_the_screen_with_buttons_for_fingers(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    enter_card(qtbot, screen, ERIKA)
    click(qtbot, view.quick_keys.button_for("1001"))
    screen.model.payments.pay_sepa()
    assert screen.model.card is not None
    view.card_load_dialog.ask(screen.model.card)
    view.new_card_dialog.ask(
        [CardGroupOption(g.id, g.name) for g in seed.CARD_GROUPS] * 3  # a shop with six groups
    )
    for dialog in (view.sepa_dialog, view.card_load_dialog, view.new_card_dialog):
        qtbot.waitUntil(dialog.isVisible)
        assert small_buttons(dialog) == []
        assert dialog.width() <= 1024
        assert dialog.height() <= 740, f"{type(dialog).__name__} is {dialog.height()} px high"
        dialog.reject()


def small_buttons(widget: QWidget) -> list[str]:
    return [
        f"{button.text()!r} {button.width()}x{button.height()}"
        for button in widget.findChildren(QPushButton)
        if button.isVisible() and (button.height() < TOUCH or button.width() < TOUCH)
    ]


@pytest.mark.expected_errors("cashier.api.http")
def test_while_a_payment_is_checked_only_selling_waits(qtbot: QtBot, screen: Screen, till: Till) -> None:
    """The journal is where the cashier checks an unclear payment (F9) or sets it aside; the end
    of day and the settings work as well. Selling (and loading or issuing cards) waits."""
    view, model = screen.view, screen.model
    bar = view.actions
    assert till.simulator is not None
    till.simulator.ctx.faults.add(
        Fault("POST", "/api/v2/Smart/Transactions/*/start/*", FaultMode.DROP_BEFORE_COMMIT)
    )
    till.simulator.ctx.faults.add(Fault("GET", "/api/v2/Smart/Transactions/*", FaultMode.HTTP_500, times=0))
    model.open_payments.pauses = (60.0,)  # the till keeps checking while the test looks
    click(qtbot, view.quick_keys.button_for("1001"))
    model.payments.pay_cash(Money(250))
    qtbot.waitUntil(lambda: model.checking_outcome, timeout=20_000)
    assert all(bar.buttons[key].isEnabled() for key in ("journal", "end_of_day", "settings"))
    assert not any(bar.buttons[key].isEnabled() for key in ("load_card", "new_card"))
    assert not any(view.tenders.buttons[key].isEnabled() for key in ("cash", "terminal", "sepa", "card"))
    journal: list[None] = []
    bar.journal.connect(lambda: journal.append(None))
    screen.window.activateWindow()
    qtbot.waitUntil(screen.window.isActiveWindow)
    QTest.keyClick(screen.window, Qt.Key.Key_F2)
    assert journal == [None]
    till.simulator.ctx.faults.clear()
