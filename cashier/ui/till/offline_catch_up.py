"""Booking the sales made offline, in the background, once secuconnect answers again.

:class:`OfflineCatchUp` is a part of the till's view-model (:attr:`TillModel.catch_up
<cashier.ui.till.till_model.TillModel.catch_up>`; docs/offline.md). While the till is offline it
runs the services' probe loop (:meth:`ServiceConnection.wait_until_online
<cashier.ui.ports.ServiceConnection.wait_until_online>`); when the till is online — at its start
(:meth:`OfflineCatchUp.start`, called by the host), when the connection comes back, and after
each offline sale once online — it books what is pending (:meth:`OfflineBookings.book_all
<cashier.ui.ports.OfflineBookings.book_all>`). One round at a time, never two at once: a round
asked for while one runs follows it. A sale that had to wait although the service answers (its
outcome not known yet) is tried again every :data:`RETRY_MS` while the till is online. Probe
loop and rounds run as background work of the one :class:`~cashier.ui.kit.task_runner.TaskRunner`
(the till is not busy meanwhile; closing the till cancels them, which the booking survives as it
survives a SIGKILL).

The cashier reads a short note per round ("2 Offline-Verkäufe gebucht") and, once per sale, that
a card the service refused at booking earns no bonus; the status bar shows how many sales wait.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from cashier.domain.cards import parse_card_number
from cashier.domain.errors import InputError
from cashier.services.errors import SaleError
from cashier.ui.kit.formatting import grouped_card_number
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.ports import BookingOutcomeView, OfflineBookings, ServiceConnection
from cashier.ui.till.connection_state import Connection, ConnectionState

log = logging.getLogger(__name__)

RETRY_MS = 60_000
"""While sales wait to be booked and the till is online, a round every minute."""

BOOKED = "booked"
BOOKED_WITHOUT_CARD = "booked_without_card"  # BookingOutcome values


class OfflineCatchUp(QObject):
    changed = Signal()  # the number of sales still to book changed
    round_finished = Signal(object)  # Sequence[BookingOutcomeView] of one round

    def __init__(
        self,
        connection: Connection,
        runner: TaskRunner,
        bridge: MessageBridge,
        *,
        source: ServiceConnection | None,
        booker: OfflineBookings | None,
        retry_ms: int = RETRY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._runner = runner
        self._bridge = bridge
        self._source = source
        self._booker = booker
        self._to_book = 0
        self._cards: dict[str, str | None] = {}  # sale id → card number, of the sales pending
        self._booking = self._again = self._waiting = self._started = False
        self._said: set[str] = set()  # sales whose refused card was said
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.book)
        connection.changed.connect(self._connection_changed)

    # --- what the status bar reads ------------------------------------------------------------
    @property
    def to_book(self) -> int:
        """Offline sales not booked yet (as of the last look at the journal)."""
        return self._to_book

    @property
    def booking(self) -> bool:
        return self._booking

    @property
    def waiting(self) -> bool:
        """The probe loop runs: the till waits for secuconnect to answer again."""
        return self._waiting

    # --- when to book -------------------------------------------------------------------------
    def start(self) -> None:
        """The till is open: book what an earlier session left, or wait until that is possible."""
        self._started = True
        self.refresh()
        if self._offline():
            self._wait()
        else:
            self.book()

    def sale_paid_offline(self) -> None:
        """An offline sale was journalled: count it; book it at once if the service is back."""
        self.refresh()
        if not self._started:
            return
        if self._offline():
            self._wait()
        else:
            self.book()

    def refresh(self) -> None:
        if self._booker is None:
            return
        pending = self._booker.pending()
        self._cards = {sale.sale_id: sale.card_number for sale in pending}
        if len(pending) != self._to_book:
            self._to_book = len(pending)
            self.changed.emit()

    def book(self) -> None:
        """Book every pending sale now, in the background (after the round running, if one is)."""
        if self._booker is None or not self._started or self._offline():
            return
        if self._booking:
            self._again = True
            return
        self.refresh()
        if not self._to_book:
            return
        self._booking, self._again = True, False
        self._runner.start(
            self._booker.book_all(),
            name="book offline sales",
            owner=self,
            background=True,
            on_done=self._booked,
            on_error=self._booking_failed,
        )

    def stop(self) -> None:
        """The till closes: the probe loop and a round running are cancelled."""
        self._started = False
        self._retry.stop()
        self._runner.cancel_owned(self)

    # --- the answers --------------------------------------------------------------------------
    def _booked(self, results: Sequence[BookingOutcomeView]) -> None:
        cards = dict(self._cards)
        self._booking = False
        booked = [result for result in results if result.outcome in (BOOKED, BOOKED_WITHOUT_CARD)]
        if booked:
            log.info("%d offline sale(s) booked", len(booked))
            self._bridge.info(self.tr("%n offline sale(s) booked.", "", len(booked)))
        for result in booked:
            if result.outcome == BOOKED_WITHOUT_CARD and result.sale_id not in self._said:
                self._said.add(result.sale_id)
                self._bridge.warning(
                    self.tr("Card {card} unknown or locked: sale {number} booked, without bonus.").format(
                        card=_masked(cards.get(result.sale_id)), number=result.sale_number
                    )
                )
        self._after_round()
        self.round_finished.emit(results)
        if self._again or (booked and len(booked) == len(results) and self._to_book):
            self.book()  # asked for meanwhile, or sales were paid during the round

    def _booking_failed(self, error: Exception) -> bool:
        self._booking = False
        self._after_round()
        if isinstance(error, SaleError):  # the service went again: the next round books them
            log.warning("booking the offline sales stopped: %s", error)
            return True
        return False  # a bug: the bridge says so, with a support reference

    def _after_round(self) -> None:
        self.refresh()
        if self._to_book and not self._offline():
            self._retry.start()  # offline, the probe loop's answer starts the next round
        else:
            self._retry.stop()

    def _connection_changed(self, state: ConnectionState) -> None:
        if not self._started:
            return
        if state is ConnectionState.OFFLINE:
            self._wait()
        elif state is ConnectionState.ONLINE:
            self.book()

    def _wait(self) -> None:
        if self._source is None or self._waiting or not self._started:
            return
        self._waiting = True
        self._runner.start(
            self._source.wait_until_online(),
            name="wait for secuconnect",
            owner=self,
            background=True,
            on_done=self._back,
            on_error=self._wait_failed,
        )

    def _back(self, online: bool) -> None:
        self._waiting = False
        if online:
            self._connection.set_online()  # a call that failed once may have shown offline alone
            if not self._booking:
                self.book()

    def _wait_failed(self, error: Exception) -> bool:
        self._waiting = False
        return False

    def _offline(self) -> bool:
        return self._source is not None and self._source.offline


def _masked(number: str | None) -> str:
    """``**** **** **** 0011``: whose card, without its number (never the digits in full)."""
    if not number:
        return "–"
    try:
        return grouped_card_number(parse_card_number(number).masked())
    except InputError:
        return "****"
