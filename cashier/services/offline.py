"""What the till does while secuconnect cannot be reached (docs/offline.md).

Offline the till keeps selling for cash: basket, VAT, change, drawer, receipt, journal and Z
report need nothing remote. A scanned card is attached by its number only, so that the customer
still **earns** the sale's bonus when it is booked. Everything that needs the service's word on a
balance — paying with the card's balance or bonus, loading a card, creating a card — and every
tender that goes through secuconnect (terminal, SEPA), and cancelling a booked sale, is refused
with words that say why (:class:`OfflineRefusal`).

A shop bounds its exposure (:class:`OfflineLimits`): an offline sale above ``max_sale`` or made
after the till has been offline longer than ``max_duration`` needs a manager's confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from cashier.domain.money import Money, format_amount
from cashier.services.errors import NotPossibleOffline, OfflineConfirmationNeeded


class OfflineRefusal(StrEnum):
    """What cannot be done offline (the ``what`` of :class:`NotPossibleOffline`)."""

    CARD_BALANCE = "card_balance"  # paying with the card's balance or bonus; the CSC/PIN check
    CARD_LOAD = "card_load"
    NEW_CARD = "new_card"
    TERMINAL = "terminal"
    SEPA = "sepa"
    CANCEL = "cancel"


_WORDS = {
    OfflineRefusal.CARD_BALANCE: "the card's balance and bonus need secuconnect's word on them; "
    "take the whole amount in cash (the card still earns its bonus later)",
    OfflineRefusal.CARD_LOAD: "a card load needs secuconnect; load the card when the till is online again",
    OfflineRefusal.NEW_CARD: "a new card is made by secuconnect; create it when the till is online again",
    OfflineRefusal.TERMINAL: "the card terminal is reached through secuconnect; take cash",
    OfflineRefusal.SEPA: "a direct debit goes through secuconnect; take cash",
    OfflineRefusal.CANCEL: "a cancellation needs secuconnect; cancel the sale when the till is online again",
}


def refused_offline(what: OfflineRefusal) -> NotPossibleOffline:
    return NotPossibleOffline(f"secuconnect cannot be reached (offline): {_WORDS[what]}.", what.value)


DEFAULT_MAX_SALE = Money(10_000)
DEFAULT_MAX_DURATION = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class OfflineLimits:
    """Above these an offline cash sale needs a manager's confirmation (settings ``[offline]``)."""

    max_sale: Money = DEFAULT_MAX_SALE
    max_duration: timedelta = DEFAULT_MAX_DURATION

    def check(self, amount: Money, offline_for: timedelta, *, confirmed: bool) -> None:
        """Raise :class:`OfflineConfirmationNeeded` unless within the limits or ``confirmed``."""
        if confirmed:
            return
        if amount > self.max_sale:
            raise OfflineConfirmationNeeded(
                f"An offline sale above {format_amount(self.max_sale)} € needs a manager's confirmation.",
                "amount",
            )
        if offline_for > self.max_duration:
            hours = int(self.max_duration.total_seconds() // 3600)
            raise OfflineConfirmationNeeded(
                f"The till has been offline for more than {hours} h: a manager must confirm each "
                "further offline sale.",
                "duration",
            )
