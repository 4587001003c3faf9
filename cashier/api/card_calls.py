"""The Loyalty › MerchantCards calls of :class:`~cashier.api.client.SecuconnectClient`.

What secuconnect offers here, and from which source: docs/secuconnect.md §3.

Card checks (``validateMerchantcard``, ``checkCsc``, ``checkPasscode``), the balance receipt and
the list of card groups (``GET /Loyalty/Cardgroups``) are reads: retried. Creating cards and
locking or unlocking one change something: sent once (``AnswerLost`` when the answer is
lost). A card search puts the number into the URL (``q=card.cardnumber:N``); the base client
logs paths redacted (last four digits).

Paths are those of the vendor's SDK (``LoyaltyMerchantCardsApi``, ``LoyaltyCardGroupsApi``):
``checkCsc``, ``checkPasscode`` and ``getCardBalanceReceipt`` go to the card's own ``MCD_`` id,
``createMerchantcards`` to the merchant's ``MRC_`` id; ``me`` only where the vendor documents
it (``validateMerchantcard``, ``lockReasons``).
"""

from __future__ import annotations

import logging

from cashier.api.cards import (
    BalanceReceiptRequest,
    CardBalanceReceipt,
    CardGroup,
    CardValidation,
    CreateCardsRequest,
    CreatedCard,
    CreatedCards,
    CscCheck,
    CustomerDraft,
    LockReason,
    LockReasonCode,
    LockReasons,
    LockRequest,
    LockState,
    MerchantCard,
    PasscodeCheck,
    ValidateCardRequest,
)
from cashier.api.http import BaseClient
from cashier.api.paths import CARD_GROUPS, CARDS, ME, digits, segment
from cashier.api.wire import Page, ResultBoolean

log = logging.getLogger(__name__)

MAX_CARD_GROUPS = 100
"""How many card groups :meth:`CardCalls.card_groups` asks for (one page)."""


class CardCalls:
    """Merchant card operations (mixed into ``SecuconnectClient``)."""

    http: BaseClient

    async def validate_card(self, cardnumber: str) -> CardValidation:
        """``POST …/me/validateMerchantcard``: is this a usable card of this merchant?

        An unknown number is not an error: ``is_valid`` is False. A locked card is valid with
        ``is_locked`` True. A read: retried.
        """
        body = ValidateCardRequest(cardnumber=cardnumber).to_wire()
        return await self.http.request(
            "POST",
            f"{CARDS}/{ME}/validateMerchantcard",
            model=CardValidation,
            json=body,
            idempotent=True,
            operation="validate card",
        )

    async def check_csc(self, card_id: str, cardnumber: str, csc: str) -> bool:
        """``POST …/{MCD_id}/checkCsc``: does the security code printed on the card match?

        ``card_id`` is the card's ``MCD_`` id (as :meth:`find_card` gives it); the body carries
        the number as well, as the SDK's ``LoyaltyMerchantcardsDTOCheckCsc`` does. A wrong code
        is ``False``, not an error. A check without effect: retried.
        """
        body = CscCheck(cardnumber=cardnumber, csc=csc).to_wire()
        answer = await self.http.request(
            "POST",
            f"{CARDS}/{segment(card_id, 'card id')}/checkCsc",
            model=ResultBoolean,
            json=body,
            idempotent=True,
            operation="check card security code",
        )
        return answer.result

    async def check_passcode(self, card_id: str, cardnumber: str, pin: str) -> bool:
        """``POST …/{MCD_id}/checkPasscode``: does the PIN match? ``False`` when it does not.

        The API takes the PIN as an **integer**, so it is converted here: a PIN with a leading
        zero loses it (``"0815"`` is sent as ``815``, and ``"815"`` would pass as well) — that
        is the API's contract, not ours to fix. ``pin`` must be digits (``ValueError``
        otherwise, without the PIN in the message). Retried like a read: no lock-out after
        wrong PINs is documented (the simulator has none), so asking twice changes nothing.
        """
        number = int(digits(pin, "a PIN"))
        body = PasscodeCheck(cardnumber=cardnumber, pin=number).to_wire()
        answer = await self.http.request(
            "POST",
            f"{CARDS}/{segment(card_id, 'card id')}/checkPasscode",
            model=ResultBoolean,
            json=body,
            idempotent=True,
            operation="check card passcode",
        )
        return answer.result

    async def find_card(self, cardnumber: str) -> MerchantCard | None:
        """``GET …/MerchantCards?q=card.cardnumber:N``: the card with this number, or ``None``.

        ``cardnumber`` must be digits (it becomes part of a query). The number is in the URL:
        the base client logs it redacted (last four digits); httpx's own INFO line shows the
        full URL, so the app's log handlers must carry ``RedactingFilter``.
        """
        query = f"card.cardnumber:{digits(cardnumber, 'a card number')}"
        page = await self.http.request(
            "GET", CARDS, model=Page[MerchantCard], params={"q": query}, operation="find card"
        )
        return next((card for card in page.data if card.cardnumber == cardnumber), None)

    async def get_card(self, card_id: str) -> MerchantCard:
        """``GET …/MerchantCards/{MCD_id}``; an unknown id raises ``NotFound``."""
        return await self.http.request(
            "GET", f"{CARDS}/{segment(card_id, 'card id')}", model=MerchantCard, operation="read card"
        )

    async def card_balance_receipt(
        self, card_id: str, cardnumber: str, terminal_id: str | None = None
    ) -> CardBalanceReceipt:
        """``POST …/{MCD_id}/getCardBalanceReceipt``: balances and a printable receipt. A read: retried."""
        body = BalanceReceiptRequest(cardnumber=cardnumber, terminal_id=terminal_id).to_wire()
        return await self.http.request(
            "POST",
            f"{CARDS}/{segment(card_id, 'card id')}/getCardBalanceReceipt",
            model=CardBalanceReceipt,
            json=body,
            idempotent=True,
            operation="card balance receipt",
        )

    async def create_cards(
        self, merchant_id: str, group_id: str, amount: int = 1, customer: CustomerDraft | None = None
    ) -> list[CreatedCard]:
        """``POST …/{MRC_id}/createMerchantcards/{CRG_id}``: ``amount`` new cards (1–1000), each with its CSC.

        ``merchant_id`` is the merchant's ``MRC_`` id (:meth:`~cashier.api.client.SecuconnectClient.merchant`
        gives it): the docs name no ``me`` for this call.

        Makes cards: sent once, never retried; a lost answer raises ``AnswerLost`` (without
        a smart transaction id — new cards cannot be found again by the till).
        """
        body = CreateCardsRequest(cards_amount=amount, customer=customer).to_wire()
        merchant, group = segment(merchant_id, "merchant id"), segment(group_id, "card group id")
        created = await self.http.request(
            "POST",
            f"{CARDS}/{merchant}/createMerchantcards/{group}",
            model=CreatedCards,
            json=body,
            idempotent=False,
            operation="create merchant cards",
        )
        log.info("%d merchant card(s) created in card group %s", len(created.root), group_id)
        return list(created.root)

    async def card_groups(self) -> list[CardGroup]:
        """``GET /Loyalty/Cardgroups``: the merchant's card programmes (a new card needs one). A read: retried.

        The SDK's ``LoyaltyCardGroupsApi::getAll`` (spelled ``Cardgroups``), answering
        ``LoyaltyCardgroupsList`` (``count``, ``data`` of ``loyalty.cardgroups``). One page of up
        to :data:`MAX_CARD_GROUPS` — a shop has a handful.
        """
        page = await self.http.request(
            "GET",
            CARD_GROUPS,
            model=Page[CardGroup],
            params={"count": MAX_CARD_GROUPS},
            operation="list card groups",
        )
        return list(page.data)

    async def lock_status(self, card_id: str) -> LockState:
        """``GET …/{MCD_id}/lock``: locked or not, reason and note."""
        return await self.http.request(
            "GET",
            f"{CARDS}/{segment(card_id, 'card id')}/lock",
            model=LockState,
            operation="card lock status",
        )

    async def lock_card(
        self, card_id: str, reason: LockReasonCode | int, note: str | None = None, csc: str | None = None
    ) -> MerchantCard:
        """``POST …/{MCD_id}/lock`` (reason: :class:`LockReasonCode`). Sent once (a change of state)."""
        body = LockRequest(reason=int(reason), note=note, csc=csc).to_wire()
        card = await self.http.request(
            "POST",
            f"{CARDS}/{segment(card_id, 'card id')}/lock",
            model=MerchantCard,
            json=body,
            idempotent=False,
            operation="lock card",
        )
        log.info("merchant card %s locked (reason %d)", card.id, int(reason))
        return card

    async def unlock_card(
        self, card_id: str, note: str | None = None, csc: str | None = None
    ) -> MerchantCard:
        """``POST …/{MCD_id}/unlock``. Sent once (a change of state)."""
        body = LockRequest(note=note, csc=csc).to_wire()
        card = await self.http.request(
            "POST",
            f"{CARDS}/{segment(card_id, 'card id')}/unlock",
            model=MerchantCard,
            json=body,
            idempotent=False,
            operation="unlock card",
        )
        log.info("merchant card %s unlocked", card.id)
        return card

    async def lock_reasons(self) -> list[LockReason]:
        """``GET …/me/lockReasons``: the reasons a card can be locked for (German texts)."""
        reasons = await self.http.request(
            "GET", f"{CARDS}/{ME}/lockReasons", model=LockReasons, operation="lock reasons"
        )
        return list(reasons.root)
