"""The till screen's notice while selling waits for a payment of unknown outcome.

It names each open payment as the journal does — sale number, amount, how it was paid and
when —, counts down (once a second) to the end of a card terminal's grace, after which the till
settles the payment, and says what still works meanwhile: the journal, where Check payment
(F9) asks secuconnect now or sets the payment aside, the end of day and the settings. A view
only: it reads :class:`~cashier.ui.till.open_payments.OpenPaymentCheck`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from cashier.services.open_sales import OpenPayment
from cashier.ui.journal.journal_details import tender_text
from cashier.ui.kit.countdown import remaining_text
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.till.open_payments import OpenPaymentCheck

translate = QCoreApplication.translate


def payment_text(payment: OpenPayment, money: MoneyFormat) -> str:
    """``Sale 3 · 12,50 € · Card terminal · started 14:02``."""
    return translate("OpenPaymentPanel", "Sale {number} · {amount} · {tender} · started {time}").format(
        number=payment.sale_number,
        amount=money.amount(payment.amount),
        tender=tender_text(payment.tender),
        time=payment.started_at.astimezone().strftime("%H:%M"),
    )


class OpenPaymentPanel(QFrame):
    def __init__(
        self, check: OpenPaymentCheck, money: Callable[[], MoneyFormat], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.check = check
        self._money = money
        self.setObjectName("openPayment")
        self.setStyleSheet(
            "#openPayment { background: #fff3e0; border: 2px solid #e65100; border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(3)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold; font-size: 13pt; color: #b71c1c;")
        self.heading.setWordWrap(True)
        self.payments = QLabel(self)
        self.payments.setStyleSheet("font-weight: bold;")
        self.payments.setWordWrap(True)
        self.countdown = QLabel(self)
        self.countdown.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        for label in (self.heading, self.payments, self.countdown, self.hint):
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        check.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        check = self.check
        self.setVisible(check.checking)
        if not check.checking:
            self._timer.stop()
            return
        money = self._money()
        self.heading.setText(
            self.tr("No new sale until this payment is settled — do not take it again.")
            if len(check.open) <= 1
            else self.tr("No new sale until these payments are settled — do not take them again.")
        )
        self.payments.setText("\n".join(payment_text(p, money) for p in check.open))
        self.hint.setText(
            self.tr(
                "Meanwhile the journal (F2), the end of day (F3) and the settings (F4) work. In the "
                "journal, Check payment (F9) asks secuconnect now, or sets the payment aside."
            )
        )
        self._tick()
        if not self._timer.isActive():
            self._timer.start()

    def _tick(self) -> None:
        left = self.check.seconds_left()
        if left > 0:
            self.countdown.setText(
                self.tr(
                    "The card terminal may still be working on it. The till waits {time} more "
                    "(minutes:seconds), then settles it with secuconnect."
                ).format(time=remaining_text(left))
            )
        else:
            self.countdown.setText(self.tr("The till is asking secuconnect what became of it…"))
