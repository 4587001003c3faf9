"""How long a message belongs to the moment: the card, the basket or the sale it is about.

A message about a card ("Card locked", "Card not recognised") is stale once that card is
removed or another one is read; a message about the basket ("The card pays 9,20 €", "10,00 €
to load") once the basket or the card changes; a message about the sale ("Sale cancelled",
"Sale 7 paid. Change: …") once the next sale starts. Everything else (secuconnect offline,
an unclear payment, a receipt not printed) is :attr:`MessageScope.GENERAL` and stays until the
next message, a tap on ✕, or — information only — its time runs out (:mod:`message_bar`).

:func:`scope_of` gives the scope of an error's words (the table of :mod:`messages`);
:class:`MessageScopeWatcher` follows the sale at the counter and tells the bridge which scopes
ended, and the message bar drops a message whose scope ended.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QObject

from cashier.domain.basket import Basket, BasketProblem
from cashier.domain.cards import CardNumberProblem
from cashier.domain.errors import InputError
from cashier.domain.money import AmountProblem
from cashier.domain.security_codes import SecurityCodeProblem
from cashier.domain.tender import TenderProblem
from cashier.services.errors import (
    CardLocked,
    CardUnknown,
    InsufficientCash,
    InvalidState,
    PaymentDeclined,
    PaymentNotCarriedOut,
    PinRequired,
    SecurityCodeLockout,
    WrongPin,
    WrongSecurityCode,
)
from cashier.services.sale import Sale


class MessageScope(StrEnum):
    GENERAL = "general"  # until replaced, dismissed or faded
    SALE = "sale"  # the sale at the counter (or just finished): gone when the next one starts
    CARD = "card"  # the card being read or in the sale: gone when it is removed or replaced
    BASKET = "basket"  # what the sale holds now: gone when the basket or the card changes


SALE_ENDED = frozenset(MessageScope) - {MessageScope.GENERAL}
"""A new sale started: nothing said about the one before holds."""
SALE_CLOSED = frozenset({MessageScope.CARD, MessageScope.BASKET})
"""The sale was paid or cancelled: its card and basket are gone; its closing words stay."""
CARD_CHANGED = frozenset({MessageScope.CARD, MessageScope.BASKET})
BASKET_CHANGED = frozenset({MessageScope.BASKET})

_CARD_ERRORS = (CardLocked, CardUnknown, WrongSecurityCode, SecurityCodeLockout, PinRequired, WrongPin)
_SALE_ERRORS = (PaymentDeclined, PaymentNotCarriedOut, InsufficientCash, InvalidState)
_CARD_INPUT = (CardNumberProblem, SecurityCodeProblem)
_SALE_INPUT = (BasketProblem, AmountProblem, TenderProblem)


def scope_of(error: BaseException) -> MessageScope:
    """What the words for ``error`` are about (an error this does not know: GENERAL)."""
    if isinstance(error, _CARD_ERRORS):
        return MessageScope.CARD
    if isinstance(error, _SALE_ERRORS):
        return MessageScope.SALE
    if isinstance(error, InputError):
        if isinstance(error.reason, _CARD_INPUT):
            return MessageScope.CARD
        if isinstance(error.reason, _SALE_INPUT):
            return MessageScope.SALE
    return MessageScope.GENERAL


class MessageScopeWatcher(QObject):
    """Follows the sale at the counter; ``ended`` gets the scopes each change ends.

    Call :meth:`check` whenever the sale may have changed (the till's ``sale_changed``). The
    sale is told apart by its id, the card by its number, the basket by its lines.
    """

    def __init__(
        self,
        sale: Callable[[], Sale | None],
        ended: Callable[[frozenset[MessageScope]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sale = sale
        self._ended = ended
        self._sale_id: str | None = None
        self._card: str | None = None
        self._basket: Basket | None = None

    def check(self) -> None:
        sale = self._sale()
        sale_id = sale.sale_id if sale is not None else None
        card = sale.card.number.digits if sale is not None and sale.card is not None else None
        basket = sale.basket if sale is not None else None
        ended: frozenset[MessageScope] = frozenset()
        if sale_id != self._sale_id:
            ended = SALE_CLOSED if sale_id is None else SALE_ENDED
        elif card != self._card:
            ended = CARD_CHANGED
        elif basket != self._basket:
            ended = BASKET_CHANGED
        self._sale_id, self._card, self._basket = sale_id, card, basket
        if ended:
            self._ended(ended)
