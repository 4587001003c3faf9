"""The journal, the receipt preview and the end of day, driven as a cashier drives them.

An open till on the embedded simulator (``till``), German on screen, and the dialogs built as
the app builds them: on ``till.back_office`` with a TaskRunner on the folder's qasync loop.
Two sales are made through the services first: cash (2 × Kaffee 2,50 €, Erika's card attached,
so it collects bonus) and the card terminal (4,80 €). Texts of the new dialogs are compared
through ``tr`` where they are our own (their German comes with the next translation merge);
words from the message table are compared in German.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.composition import Till
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.journal.print_jobs import PrintJobKind, PrintJobStatus
from cashier.services.back_office_values import CancelOutcome, DocumentKind, SaleRow
from cashier.services.errors import OutcomeUnknown
from cashier.services.sale import SaleKind, SaleState, Tender
from cashier.simulator.faults import Fault
from cashier.ui.back_office_ports import BackOfficeService
from cashier.ui.end_of_day.end_of_day_dialog import EndOfDayDialog
from cashier.ui.journal.journal_details import state_text, tender_text
from cashier.ui.journal.journal_dialog import JournalDialog
from cashier.ui.journal.journal_model import JournalModel, Undo, UndoRequest
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.kit.receipt_preview import ReceiptPreviewDialog
from cashier.ui.kit.task_runner import TaskRunner
from tests.ui.conftest import card_balances, run_async
from tests.ui.test_layout import small_buttons

ERIKA = "9276004400000011"
NBSP = "\u00a0"
OFFLINE = "tcp://127.0.0.1:9?timeout=2"  # nothing listens there


@dataclass
class Sales:
    cash: str
    terminal: str
    erika_before: tuple[int, int, int]


@dataclass
class Office:
    till: Till
    runner: TaskRunner
    journal: JournalDialog
    end_of_day: EndOfDayDialog
    sales: Sales


def sell(qtbot: QtBot, till: Till) -> Sales:
    before = card_balances(till, ERIKA)
    cash = till.sales.new_sale()
    till.sales.add_line(cash, BasketLine("Kaffee", Money(250), 2, VatRate.STANDARD))
    run_async(qtbot, till.sales.attach_card(cash, ERIKA))
    run_async(qtbot, till.payments.pay(cash, Tender.CASH, given=Money(1000)))
    terminal = till.sales.new_sale()
    till.sales.add_line(terminal, BasketLine("Kuchen", Money(480), 1, VatRate.REDUCED))
    run_async(qtbot, till.payments.pay(terminal, Tender.TERMINAL))
    assert card_balances(till, ERIKA) != before  # the cash sale collected bonus on the card
    return Sales(cash.sale_id, terminal.sale_id, before)


@pytest.fixture
def office(
    qtbot: QtBot, qloop: QEventLoop, till: Till, bridge: MessageBridge, language: UiLanguage
) -> Iterator[Office]:
    sales = sell(qtbot, till)
    runner = TaskRunner(qloop, bridge)
    journal = JournalDialog(till.back_office, runner, bridge, lambda: language.money)
    end_of_day = EndOfDayDialog(till.back_office, runner, bridge, lambda: language.money)
    qtbot.addWidget(journal)
    qtbot.addWidget(end_of_day)
    yield Office(till, runner, journal, end_of_day, sales)
    run_async(qtbot, runner.drain())


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled(), f"{button.objectName() or button} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def show_journal(qtbot: QtBot, dialog: JournalDialog) -> None:
    """What the till's Journal button does; the dialog's keys work once it is active."""
    dialog.open_journal()
    qtbot.waitUntil(dialog.isActiveWindow)


def show_end_of_day(qtbot: QtBot, dialog: EndOfDayDialog) -> None:
    dialog.open_end_of_day()
    qtbot.waitUntil(dialog.isActiveWindow)


def choose(qtbot: QtBot, dialog: JournalDialog, sale_id: str) -> None:
    row = next(i for i, r in enumerate(dialog.model.rows) if r.sale_id == sale_id)
    dialog.table.selectRow(row)
    qtbot.waitUntil(lambda: dialog.model.selected is not None and dialog.model.selected.sale_id == sale_id)


def settle(qtbot: QtBot, office: Office) -> None:
    qtbot.waitUntil(lambda: not office.runner.busy, timeout=10_000)


def confirm(qtbot: QtBot, dialog: JournalDialog | EndOfDayDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible())
    box = dialog.confirmation
    assert box is not None
    return box


def yes(box: QMessageBox) -> QPushButton:
    button = box.button(QMessageBox.StandardButton.Yes)
    assert button is not None
    return button


def test_the_journal_lists_todays_sales_newest_first(qtbot: QtBot, office: Office) -> None:
    dialog = office.journal
    show_journal(qtbot, dialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(row, 1).text() for row in range(2)] == ["2", "1"]
    assert dialog.table.item(0, 4).text() == f"4,80{NBSP}€"
    assert dialog.table.item(1, 4).text() == f"5,00{NBSP}€"
    assert dialog.table.item(0, 3).text() == tender_text(Tender.TERMINAL)
    assert dialog.table.item(1, 3).text() == tender_text(Tender.CASH)
    assert dialog.table.item(1, 5).text() == state_text(SaleState.PRINTED)
    # the newest sale is chosen: a terminal payment is reversed, not cancelled
    assert dialog.model.selected is not None
    assert dialog.model.selected.sale_id == office.sales.terminal
    assert dialog.buttons["reverse"].isEnabled()
    assert not dialog.buttons["cancel"].isEnabled()
    choose(qtbot, dialog, office.sales.cash)
    assert dialog.buttons["cancel"].isEnabled()
    assert not dialog.buttons["reverse"].isEnabled()
    facts = dialog.details.fact_texts()
    assert facts[dialog.details.tr("Card")] == "************0011"
    assert facts[dialog.details.tr("Given")] == f"10,00{NBSP}€"
    assert facts[dialog.details.tr("Change")] == f"5,00{NBSP}€"
    assert "2 × Kaffee" in dialog.details.items.text()
    assert dialog.details.documents.count() == 1  # the customer's receipt
    assert dialog.focusWidget() is dialog.search
    assert small_buttons(dialog) == []
    assert dialog.width() <= 1024
    assert dialog.height() <= 768


def test_search_by_card_digits_or_sale_number_and_esc(qtbot: QtBot, office: Office) -> None:
    dialog = office.journal
    show_journal(qtbot, dialog)
    qtbot.keyClicks(dialog.search, "0011")
    assert [row.sale_id for row in dialog.model.rows] == [office.sales.cash]
    assert dialog.table.rowCount() == 1
    assert dialog.model.selected is not None
    assert dialog.model.selected.sale_id == office.sales.cash
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "2")
    assert [row.sale_id for row in dialog.model.rows] == [office.sales.terminal]
    dialog.search.setText("9999")
    assert dialog.table.rowCount() == 0
    assert dialog.model.selected is None
    assert not dialog.buttons["preview"].isEnabled()
    QTest.keyClick(dialog.search, Qt.Key.Key_Escape)  # Esc clears the search first …
    assert dialog.search.text() == ""
    assert dialog.isVisible()
    assert dialog.table.rowCount() == 2
    QTest.keyClick(dialog.search, Qt.Key.Key_Escape)  # … then closes
    assert not dialog.isVisible()


def test_preview_shows_the_receipt_and_reprint_prints_a_copy(
    qtbot: QtBot, office: Office, messages: list[UserMessage]
) -> None:
    dialog, till = office.journal, office.till
    show_journal(qtbot, dialog)
    choose(qtbot, dialog, office.sales.cash)
    QTest.keyClick(dialog, Qt.Key.Key_F5)
    preview = dialog.preview
    qtbot.waitUntil(lambda: preview.isVisible() and preview.image.has_picture, timeout=10_000)
    width, height = preview.image.source_size
    assert width > 500  # 576 dots of 80 mm paper and a margin
    assert height > width  # a receipt is long
    assert preview.print_button.isEnabled()
    assert small_buttons(preview) == []
    assert preview.height() <= 768
    preview.reject()

    original = [job for job in till.printer.jobs_of_sale(office.sales.cash) if not job.is_reprint]
    click(qtbot, dialog.buttons["reprint"])
    assert not dialog.buttons["reprint"].isEnabled()  # busy: a second click starts nothing
    settle(qtbot, office)
    copies = [job for job in till.printer.jobs_of_sale(office.sales.cash) if job.is_reprint]
    assert [(job.reprint_of, job.status) for job in copies] == [(original[0].id, PrintJobStatus.PRINTED)]
    assert messages[-1].level is MessageLevel.INFO
    assert dialog.details.documents.count() == 2  # the receipt and its copy


def test_cancel_a_cash_sale_after_confirming_then_refuse_a_second_cancel(
    qtbot: QtBot, office: Office, messages: list[UserMessage]
) -> None:
    dialog, till = office.journal, office.till
    show_journal(qtbot, dialog)
    choose(qtbot, dialog, office.sales.cash)
    row = dialog.model.selected
    assert row is not None
    QTest.keyClick(dialog, Qt.Key.Key_F7)
    box = confirm(qtbot, dialog)
    assert f"5,00{NBSP}€" in box.text()
    assert box.defaultButton() is yes(box)  # Enter confirms, Esc keeps the sale
    assert till.journal.get(office.sales.cash).state == SaleState.PRINTED.value  # not before the yes
    click(qtbot, yes(box))
    qtbot.waitUntil(lambda: dialog.model.busy or not office.runner.busy)
    settle(qtbot, office)

    assert till.journal.get(office.sales.cash).state == SaleState.CANCELLED.value
    cancelled = dialog.model.selected
    assert cancelled is not None
    assert cancelled.cancelled
    assert dialog.table.item(1, 5).text() == state_text(SaleState.CANCELLED)
    assert not dialog.buttons["cancel"].isEnabled()
    details = dialog.model.details
    assert details is not None
    stornos = [d for d in details.documents if d.kind is DocumentKind.CANCELLATION]
    assert len(stornos) == 1
    assert stornos[0].printed
    assert card_balances(till, ERIKA) == office.sales.erika_before  # the bonus went back
    assert f"5,00{NBSP}€" in dialog.status.message.text()  # give 5,00 € back in cash
    assert messages[-1].level is MessageLevel.INFO
    cancel_steps = [s for s in till.journal.steps(office.sales.cash) if s.action == "cancel"]
    assert len(cancel_steps) == 1

    dialog.model.confirm(UndoRequest(Undo.CANCEL, row))  # the old row: cancel once more
    settle(qtbot, office)
    assert messages[-1].key == "CancellationRefused"
    assert dialog.status.message.text() == messages[-1].text
    assert len([s for s in till.journal.steps(office.sales.cash) if s.action == "cancel"]) == 1


def test_a_double_click_on_yes_cancels_once(qtbot: QtBot, office: Office) -> None:
    dialog = office.journal
    show_journal(qtbot, dialog)
    choose(qtbot, dialog, office.sales.cash)
    row = dialog.model.selected
    assert row is not None
    dialog.model.confirm(UndoRequest(Undo.CANCEL, row))
    dialog.model.confirm(UndoRequest(Undo.CANCEL, row))
    settle(qtbot, office)
    steps = office.till.journal.steps(office.sales.cash)
    assert [s.action for s in steps].count("cancel") == 1
    assert office.till.journal.get(office.sales.cash).state == SaleState.CANCELLED.value


def test_reverse_the_terminal_payment(qtbot: QtBot, office: Office, messages: list[UserMessage]) -> None:
    dialog, till = office.journal, office.till
    show_journal(qtbot, dialog)
    choose(qtbot, dialog, office.sales.terminal)
    receipt_number = till.journal.get(office.sales.terminal).receipt_number
    click(qtbot, dialog.buttons["reverse"])
    box = confirm(qtbot, dialog)
    assert f"4,80{NBSP}€" in box.text()
    assert str(receipt_number) in box.text()
    click(qtbot, yes(box))
    settle(qtbot, office)
    assert till.journal.get(office.sales.terminal).state == SaleState.CANCELLED.value
    assert all(m.level is MessageLevel.INFO for m in messages)
    assert not dialog.buttons["reverse"].isEnabled()


def test_keeping_the_sale_cancels_nothing(qtbot: QtBot, office: Office) -> None:
    dialog = office.journal
    show_journal(qtbot, dialog)
    choose(qtbot, dialog, office.sales.cash)
    click(qtbot, dialog.buttons["cancel"])
    box = confirm(qtbot, dialog)
    QTest.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.confirmation is None)
    assert not office.runner.busy
    assert office.till.journal.get(office.sales.cash).state == SaleState.PRINTED.value


def test_end_of_day_report_print_terminal_end_of_day_and_diagnosis(
    qtbot: QtBot, office: Office, messages: list[UserMessage]
) -> None:
    dialog, till = office.end_of_day, office.till
    show_end_of_day(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.model.preview is not None and not dialog.model.busy, timeout=10_000)
    assert dialog.image.has_picture
    figures = dialog.figure_texts()
    assert figures["Anzahl Verkäufe"] == "2"  # the words of the printed Z report
    assert figures["Umsatz"] == f"9,80{NBSP}€"
    assert figures["Bar (1)"] == f"5,00{NBSP}€"
    assert figures["Kartenzahlung (1)"] == f"4,80{NBSP}€"
    assert figures["Stornos (0)"] == f"0,00{NBSP}€"
    assert small_buttons(dialog) == []
    assert dialog.height() <= 768

    click(qtbot, dialog.buttons["print"])
    settle(qtbot, office)
    reports = till.printer.jobs.find(kind=PrintJobKind.Z_REPORT)
    assert [job.status for job in reports] == [PrintJobStatus.PRINTED]

    QTest.keyClick(dialog, Qt.Key.Key_F6)
    box = confirm(qtbot, dialog)
    click(qtbot, yes(box))
    settle(qtbot, office)
    answer = dialog.model.answer
    assert answer is not None
    assert answer[1].ok
    assert "Kassenschnitt erfolgreich" in dialog.terminal_answer.toPlainText()
    assert "Summe Kartenzahlungen: 4,80 EUR" in dialog.terminal_answer.toPlainText()

    click(qtbot, dialog.buttons["diagnosis"])
    settle(qtbot, office)
    assert "Status: OK" in dialog.terminal_answer.toPlainText()
    assert all(m.level is MessageLevel.INFO for m in messages)
    # after the terminal's end of day, its payments can no longer be reversed
    receipt_number = till.journal.get(office.sales.terminal).receipt_number
    assert receipt_number is not None
    journal = office.journal
    show_journal(qtbot, journal)
    choose(qtbot, journal, office.sales.terminal)
    journal.model.confirm(UndoRequest(Undo.REVERSE, journal.model.selected))  # type: ignore[arg-type]
    settle(qtbot, office)
    assert messages[-1].level is not MessageLevel.INFO
    assert till.journal.get(office.sales.terminal).state == SaleState.PRINTED.value


@pytest.mark.parametrize("printer_uri", [OFFLINE])
def test_an_offline_printer_loses_nothing(qtbot: QtBot, office: Office, messages: list[UserMessage]) -> None:
    dialog, till = office.journal, office.till
    show_journal(qtbot, dialog)
    choose(qtbot, dialog, office.sales.cash)
    details = dialog.model.details
    assert details is not None
    assert [d.printed for d in details.documents] == [False]
    click(qtbot, dialog.buttons["reprint"])
    settle(qtbot, office)
    assert messages[-1].key == "not_printed"
    assert dialog.status.message.text() == messages[-1].text
    jobs = till.printer.jobs_of_sale(office.sales.cash)
    assert [(job.is_reprint, job.status) for job in jobs] == [(False, PrintJobStatus.FAILED)]  # retried, kept

    click(qtbot, dialog.buttons["cancel"])
    click(qtbot, yes(confirm(qtbot, dialog)))
    settle(qtbot, office)
    assert (
        till.journal.get(office.sales.cash).state == SaleState.CANCELLED.value
    )  # the printer does not matter
    assert "not_printed" in [m.key for m in messages[-2:]]
    details = dialog.model.details
    assert details is not None
    assert [(d.kind, d.printed) for d in details.documents] == [
        (DocumentKind.RECEIPT, False),
        (DocumentKind.CANCELLATION, False),
    ]

    end_of_day = office.end_of_day
    show_end_of_day(qtbot, end_of_day)
    qtbot.waitUntil(lambda: end_of_day.model.can_print, timeout=10_000)
    click(qtbot, end_of_day.buttons["print"])
    settle(qtbot, office)
    assert messages[-1].level is MessageLevel.WARNING
    assert end_of_day.status.message.text() == messages[-1].text
    reports = till.printer.jobs.find(kind=PrintJobKind.Z_REPORT)
    assert [job.status for job in reports] == [PrintJobStatus.FAILED]  # saved: print it again later


def test_the_cancel_words_say_what_goes_back_where(qloop: QEventLoop, bridge: MessageBridge) -> None:
    """A view-model alone: 29,00 € paid with 20,00 € of card balance and 9,00 € in cash."""
    runner = TaskRunner(qloop, bridge)
    model = JournalModel(office_stub(), runner, bridge, lambda: MoneyFormat("de"))
    row = SaleRow(
        sale_id="KASSE-1-20250210-ABCDEF",
        number=7,
        business_day="2025-02-10",
        created_at=datetime(2025, 2, 10, 12, 0, tzinfo=UTC),
        kind=SaleKind.SALE,
        tender=Tender.CASH,
        total=Money(2900),
        state=SaleState.CANCELLED,
        card_masked="************0011",
        receipt_number=None,
        smart_transaction_id="STX_1",
        cancelled=True,
        cancellable=False,
        reversible=False,
    )
    words = model.cancel_words(
        CancelOutcome(
            row, Money(2900), collected=Money(900), to_card=Money(2000), reversal=False, receipt=None
        )
    )
    assert f"9,00{NBSP}€" in words
    assert f"20,00{NBSP}€" in words
    assert model.tr("Give the customer {amount} back in cash.").format(amount=f"9,00{NBSP}€") in words
    assert not model.can_cancel  # nothing chosen
    assert not model.can_reprint


def office_stub() -> BackOfficeService:
    """A back office with an empty journal (nothing else is asked in the test above)."""

    class Empty:
        def today(self) -> list[SaleRow]:
            return []

    return Empty()  # type: ignore[return-value]


def test_the_preview_prints_what_it_was_given(qtbot: QtBot, office: Office, bridge: MessageBridge) -> None:
    """The preview of a picture made elsewhere (the Z report), with the Print it was given."""
    till = office.till
    preview = ReceiptPreviewDialog(till.back_office, office.runner, bridge, lambda: MoneyFormat("de"))
    qtbot.addWidget(preview)
    report = run_async(qtbot, till.back_office.z_report_preview())
    preview.show_picture(report.png, "Z", lambda: till.back_office.print_z_report(report.report))
    assert preview.image.has_picture
    assert preview.image.fit_to_width
    click(qtbot, preview.fit_button)  # one pixel per printer dot
    assert not preview.image.fit_to_width
    assert preview.image.picture.width() == preview.image.source_size[0]
    click(qtbot, preview.print_button)
    assert not preview.print_button.isEnabled()  # printing: a second click prints nothing
    settle(qtbot, office)
    assert preview.print_button.isEnabled()
    assert preview.status.text() == preview.tr("Printed.")
    reports = till.printer.jobs.find(kind=PrintJobKind.Z_REPORT)
    assert [job.status for job in reports] == [PrintJobStatus.PRINTED]


@pytest.mark.expected_errors("cashier.api.http")
def test_an_unsettled_payment_is_listed_checked_and_set_aside(
    qtbot: QtBot, office: Office, messages: list[UserMessage]
) -> None:
    dialog, till = office.journal, office.till
    assert till.simulator is not None
    faults = till.simulator.ctx.faults
    faults.add(
        Fault.parse({"match": "POST /api/v2/Smart/Transactions/*/start/*", "mode": "drop_before_commit"})
    )
    faults.add(Fault.parse({"match": "GET /api/v2/Smart/Transactions/*", "mode": "http_500", "times": 0}))
    sale = till.sales.new_sale()
    till.sales.add_line(sale, BasketLine("Kaffee", Money(250), 1, VatRate.STANDARD))
    unknown = asyncio.ensure_future(till.payments.pay(sale, Tender.CASH, given=Money(500)))
    qtbot.waitUntil(unknown.done, timeout=30_000)
    assert isinstance(unknown.exception(), OutcomeUnknown)
    assert [r.sale_id for r in till.reconciler.pending()] == [sale.sale_id]  # it blocks new sales

    show_journal(qtbot, dialog)
    choose(qtbot, dialog, sale.sale_id)
    row = dialog.model.selected
    assert row is not None
    assert row.unsettled
    assert dialog.table.item(0, 5).text() == "Zahlung unklar"
    assert not dialog.buttons["cancel"].isEnabled()
    assert dialog.buttons["settle"].isEnabled()
    assert dialog.buttons["settle"].text() == "Zahlung prüfen\nF9"

    QTest.keyClick(dialog, Qt.Key.Key_F9)  # secuconnect still cannot be read: offer to set it aside
    box = confirm(qtbot, dialog)
    assert "SecuOffice" in box.text()
    assert till.journal.get(sale.sale_id).state == SaleState.STARTING.value  # not before the yes
    click(qtbot, yes(box))
    qtbot.waitUntil(lambda: till.journal.get(sale.sale_id).state == SaleState.ABORTED.value)
    assert till.reconciler.pending() == []  # the till takes new sales again
    assert messages[-1].key == "reconciled.set_aside"
    assert [item.what for item in till.reconciler.open_items()] == ["recheck (retired)"]
    faults.clear()
