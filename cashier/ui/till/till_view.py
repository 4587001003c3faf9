"""The till screen: quick keys, basket, totals, card panel, free price, tenders — and its dialogs.

A view only (docs/style.md habit 11): every button calls a :class:`TillModel` command, every model
signal updates widgets or opens a dialog (``open()``, never ``exec()``). Laid out for
1024×768: articles, basket and totals on the left; card and free price on the right; a row of
actions (:attr:`TillView.actions`: load card, new card, journal, end of day, settings) above
the tender buttons along the bottom. Journal, End of day and Settings only emit
(``actions.journal`` …): the composition root opens their screens.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMessageBox, QVBoxLayout, QWidget

from cashier.domain.barcodes import ScanTarget
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.ui.catalog import Catalog
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.scanner import KeyboardWedgeScanner
from cashier.ui.till.action_bar import ActionBar
from cashier.ui.till.basket_view import BasketView
from cashier.ui.till.card_load_dialog import CardLoadDialog
from cashier.ui.till.card_panel import CardPanel
from cashier.ui.till.cash_dialog import CashDialog
from cashier.ui.till.free_price import FreePricePanel
from cashier.ui.till.load_amount_picker import PRESETS
from cashier.ui.till.manager_dialog import ManagerConfirmDialog
from cashier.ui.till.new_card_dialog import NewCardDialog
from cashier.ui.till.open_payment_panel import OpenPaymentPanel
from cashier.ui.till.quick_keys import QuickKeysView
from cashier.ui.till.result_dialog import ResultDialog
from cashier.ui.till.security_code_dialog import CodeKind, SecurityCodeDialog
from cashier.ui.till.sepa_dialog import SepaDialog
from cashier.ui.till.tender_bar import TenderBar
from cashier.ui.till.terminal_dialog import TerminalDialog
from cashier.ui.till.till_model import TillModel
from cashier.ui.till.till_state import PaymentSummary
from cashier.ui.till.totals_view import TotalsView

RIGHT_COLUMN_WIDTH = 400


class TillView(QWidget):
    # The action bar; the name hides QWidget.actions() (no QActions are added to this view).
    actions: ActionBar  # type: ignore[assignment]

    def __init__(
        self,
        model: TillModel,
        language: UiLanguage,
        catalog: Catalog,
        scanner: KeyboardWedgeScanner | None = None,
        parent: QWidget | None = None,
        *,
        dialogs: bool = True,
    ) -> None:
        """``dialogs=False``: without the sale's dialogs (:meth:`make_dialogs`) — the till screen
        shown before the services are ready (``cashier.app.early_till``), which takes no payment."""
        super().__init__(parent)
        self.model = model
        self.language = language
        self.quick_keys = QuickKeysView(catalog.quick_keys, self)
        self.basket = BasketView(self)
        self.totals = TotalsView(self)
        self.card_panel = CardPanel(self)
        self.free_price = FreePricePanel(self)
        self.tenders = TenderBar(self)
        self.actions = ActionBar(self)
        self.open_payment = OpenPaymentPanel(model.open_payments, lambda: language.money, self)
        self._lay_out()
        self._presets = load_presets(catalog)
        self.has_dialogs = False
        self.abort_question: QMessageBox | None = None  # open while Esc asks to cancel the sale
        model.barcodes.set_catalog(catalog)
        self._bind(scanner)
        if dialogs:
            self.make_dialogs()
        self.retranslate()
        self.setFocusProxy(self.free_price.amount)  # typed digits are a price; a scan finds its way anyway

    def _lay_out(self) -> None:
        body = QHBoxLayout()
        body.setSpacing(10)
        left = QVBoxLayout()
        left.addWidget(self.open_payment)  # in place of the quick keys while selling waits
        left.addWidget(self.quick_keys)
        left.addWidget(self.basket, 1)
        left.addWidget(self.totals)
        right_column = QWidget(self)
        right_column.setFixedWidth(RIGHT_COLUMN_WIDTH)
        right = QVBoxLayout(right_column)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.card_panel)
        right.addWidget(self.free_price, 1)
        body.addLayout(left, 1)
        body.addWidget(right_column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(body, 1)
        layout.addWidget(self.actions)
        layout.addWidget(self.tenders)

    def _bind(self, scanner: KeyboardWedgeScanner | None) -> None:
        model = self.model
        self.quick_keys.article_chosen.connect(model.add_article)
        self.quick_keys.typed.connect(self.free_price.type_text)
        self.basket.increment.connect(model.increment)
        self.basket.decrement.connect(model.decrement)
        self.basket.remove.connect(model.remove_line)
        self.free_price.add_requested.connect(self._add_free_price)
        self.card_panel.number_entered.connect(self._typed)
        self.card_panel.clear_requested.connect(model.clear_card)
        self.card_panel.stale_changed.connect(lambda _stale: self.refresh())
        if scanner is not None:
            scanner.scanned.connect(self._scanned)
        self.tenders.cash.connect(model.payments.request_cash)
        self.tenders.terminal.connect(model.payments.pay_terminal)
        self.tenders.sepa.connect(model.payments.pay_sepa)
        self.tenders.card.connect(model.payments.pay_with_card)
        self.tenders.abort.connect(self._abort)
        self.actions.load_card.connect(model.card_sales.load_card)
        self.actions.new_card.connect(model.card_sales.new_card)
        model.sale_changed.connect(self.refresh)
        model.sale_closed.connect(self.card_panel.number.clear)

    def make_dialogs(self) -> None:
        """The sale's dialogs (a card's codes, cash, terminal, SEPA, loading and issuing cards, the
        result, a manager's confirmation), bound to the model; once."""
        if self.has_dialogs:
            return
        self.has_dialogs = True
        model = self.model
        self.csc_dialog = SecurityCodeDialog(CodeKind.CSC, self)
        self.pin_dialog = SecurityCodeDialog(CodeKind.PIN, self)
        money, maximum = (lambda: self.language.money), model.services.max_amount
        self.cash_dialog = CashDialog(money, maximum=maximum, parent=self)
        self.terminal_dialog = TerminalDialog(self)
        self.sepa_dialog = SepaDialog(model.services.shop_name, money, self)
        presets = self._presets
        self.card_load_dialog = CardLoadDialog(money, maximum=maximum, presets=presets, parent=self)
        self.new_card_dialog = NewCardDialog(money, maximum=maximum, presets=presets, parent=self)
        self.result_dialog = ResultDialog(self)
        self.manager_dialog = ManagerConfirmDialog(money, self)
        model.checks.csc_requested.connect(self.csc_dialog.ask)
        model.checks.pin_requested.connect(self._ask_pin)
        model.checks.finished.connect(self.csc_dialog.finish)
        model.checks.finished.connect(self.pin_dialog.finish)
        for dialog, submit in (
            (self.csc_dialog, model.checks.submit_csc),
            (self.pin_dialog, model.checks.submit_pin),
        ):
            dialog.submitted.connect(submit)
            dialog.rejected.connect(model.checks.cancel)
        model.payments.cash_requested.connect(lambda due: self.cash_dialog.ask(due, offline=model.offline))
        model.payments.offline_confirmation_requested.connect(self._ask_manager)
        self.manager_dialog.confirmed.connect(model.payments.confirm_offline)
        self.manager_dialog.rejected.connect(model.payments.decline_offline)
        self.cash_dialog.confirmed.connect(model.payments.pay_cash)
        model.payments.terminal_started.connect(
            lambda due: self.terminal_dialog.start(due, self.language.money)
        )
        model.payments.terminal_finished.connect(self.terminal_dialog.finish)
        model.payments.sepa_requested.connect(self.sepa_dialog.ask)
        self.sepa_dialog.confirmed.connect(model.payments.pay_sepa_with)
        model.card_sales.load_requested.connect(self.card_load_dialog.ask)
        self.card_load_dialog.confirmed.connect(model.card_sales.submit_load)
        model.card_sales.new_card_requested.connect(self.new_card_dialog.ask)
        self.new_card_dialog.confirmed.connect(model.card_sales.submit_new_card)
        model.payments.payment_completed.connect(self._paid)
        model.payments.receipt_printed.connect(self.result_dialog.show_printed)
        # The next sale: typed digits are a price again (the focus proxy is the free-price field).
        self.result_dialog.finished.connect(lambda _: self.setFocus())

    def set_catalog(self, catalog: Catalog) -> None:
        """Another catalogue (the settings replaced it): its quick keys and card-load presets."""
        self.quick_keys.set_articles(catalog.quick_keys)
        self.quick_keys.show_prices(self.language.money)
        self.model.barcodes.set_catalog(catalog)
        self._presets = load_presets(catalog)
        if self.has_dialogs:
            self.card_load_dialog.picker.set_presets(self._presets)
            self.new_card_dialog.picker.set_presets(self._presets)
        self.refresh()

    # --- language -------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        money = self.language.money
        self.quick_keys.show_prices(money)
        self.basket.retranslate()
        self.card_panel.retranslate()
        self.free_price.retranslate(money)
        self.tenders.retranslate()
        self.actions.retranslate()
        self.open_payment.refresh()
        if self.has_dialogs:
            for dialog in (
                self.csc_dialog,
                self.pin_dialog,
                self.cash_dialog,
                self.terminal_dialog,
                self.sepa_dialog,
                self.card_load_dialog,
                self.new_card_dialog,
                self.manager_dialog,
            ):
                dialog.retranslate()
        self.refresh()

    # --- the model's state on screen ------------------------------------------------------------
    def refresh(self) -> None:
        model, money = self.model, self.language.money
        editable = model.can_edit
        self.basket.show_lines(model.lines, money, editable=editable)
        self.quick_keys.setEnabled(editable)
        self.quick_keys.setHidden(model.checking_outcome)
        self.free_price.setEnabled(editable)
        self.card_panel.show_card(model.card, model.card_checked, money)
        self.card_panel.set_editable(editable)
        self.card_panel.set_offline(model.offline)
        self.tenders.set_offline(model.offline)
        self.actions.set_offline(model.offline)
        self.totals.show_totals(model.totals, money, declined=model.declined, offline=model.offline)
        self.tenders.set_state(
            can_pay=model.can_pay,
            # not while another number is typed over the card: F8 would pay with the old one
            has_card=model.card is not None and not model.sells_the_card and not self.card_panel.stale,
            can_abort=model.sale is not None and not model.payment_running,
        )
        self.actions.set_state(
            can_load_card=model.card_sales.can_load_card,
            can_create_card=model.card_sales.can_create_card,
            idle=not model.payment_running and not model.checking_outcome,
            # Only selling waits for a payment being checked: the journal ("Zahlung prüfen",
            # F9), the end of day and the settings work.
            back_office=not model.payment_running,
        )

    # --- small bits of view logic ---------------------------------------------------------------
    def _add_free_price(self, text: str, vat: VatRate) -> None:
        if self.model.add_free_price(text, vat):
            self.free_price.clear()

    def _scanned(self, digits: str) -> None:
        """A scan, whichever widget had the focus: a card (shown, flashed), an article, or a message.

        While a dialog is open over the till (cash, terminal, a card's code, the result, end of
        day) a scan changes nothing behind it: the dialog shows the sale as it was.
        """
        if QApplication.activeModalWidget() is not None:
            self.model.barcodes.refuse(digits)
            return
        target = self.model.barcodes.scan(digits)
        if target is ScanTarget.CARD:
            self.card_panel.show_scanned(digits)
        if target is not ScanTarget.UNKNOWN:
            QApplication.beep()

    def _typed(self, text: str) -> None:
        """Enter in the card field: an article's code typed goes into the basket, else the card."""
        if self.model.barcodes.typed(text):
            self.card_panel.number.clear()

    def _abort(self) -> None:
        """Esc: clear a number typed into the card field first (or put the card's number back
        over it), else cancel the sale — after asking, when the basket has articles."""
        if self.card_panel.number.text() and self.model.card is None:
            self.card_panel.number.clear()
            return
        if self.card_panel.revert():
            self.refresh()
            return
        if self.model.lines and self.model.sale is not None and self.model.sale.state.is_open:
            self._ask_abort()
            return
        self.model.abort()

    def _ask_abort(self) -> None:
        """Ask before the basket goes: Enter and Esc keep the sale (the safe choice); the Yes
        button (a tap, or its letter: J in German, Y in English) cancels it. ``open()``."""
        if self.abort_question is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Cancel the sale?"),
            self.tr("Cancel this sale of {total}? The basket is emptied; nothing has been charged.").format(
                total=self.language.money.amount(self.model.totals.total)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Yes, cancel the sale"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("No, keep the sale ⏎"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _: setattr(self, "abort_question", None))
        box.buttonClicked.connect(
            lambda button: (
                self.model.abort() if box.standardButton(button) == QMessageBox.StandardButton.Yes else None
            )
        )
        self.abort_question = box
        box.open()

    def _ask_pin(self, problem: str) -> None:
        self.csc_dialog.finish()  # one dialog at a time: the CSC is done when the PIN is asked
        self.pin_dialog.ask(None, problem)

    def _ask_manager(self, reason: str, due: Money) -> None:
        """An offline sale beyond the shop's limits: a manager confirms it, or it stays open."""
        services = self.model.services
        self.manager_dialog.ask(
            reason,
            due,
            limit=services.offline_max_sale,
            hours=services.offline_max_hours,
            offline_for=None if services.connection is None else services.connection.offline_for(),
        )

    def _paid(self, summary: PaymentSummary) -> None:
        self.result_dialog.show_summary(summary, self.language.money)


def load_presets(catalog: Catalog) -> Sequence[Money]:
    """The amounts offered for loading a card: the catalogue's, or 10/20/25/50/100 €."""
    load = catalog.card_load
    return load.presets if load is not None and load.presets else PRESETS
