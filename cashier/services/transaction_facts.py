"""What a booked transaction says about a sale: the card's balances before it, the bonus the
service granted (from the :class:`~cashier.services.transaction_view.CardAfter` of its answer).

The payment service and reconciliation both read these; a sale settled late records the same
figures as one settled at once.
"""

from __future__ import annotations

from cashier.services.sale import Sale
from cashier.services.transaction_view import CardAfter


def balances_before(sale: Sale) -> dict[str, int] | None:
    """The card's balances as the till saw them before the payment (journalled with the start)."""
    if sale.card is not None and sale.card.verified:  # one attached offline shows no balances
        return {
            "cash_balance": sale.card.cash_balance.cents,
            "bonus_balance": sale.card.bonus_balance.cents,
            "points": sale.card.points,
        }
    return sale.restored_balances


def bonus_granted_by(sale: Sale, card_after: CardAfter | None) -> int:
    """The bonus the service granted: its balance after, less the balance before the bonus spent."""
    before = balances_before(sale)
    if card_after is None or before is None or card_after.bonus_balance is None:
        return 0
    used = sale.pricing.bonus_used.cents if sale.pricing else 0
    return card_after.bonus_balance - (int(before["bonus_balance"]) - used)
