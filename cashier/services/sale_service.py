"""The sale engine: every step of a sale as an async use case, journalled ahead (docs/sale-states.md).

The GUI and the headless CLI drive this same class. Basket edits stay local; the smart
transaction is created at once — basket and card together — when the cashier applies the card
or chooses how to pay, and is sent again in full (``PUT``) only when the basket changed after
that. Every state change is written to the journal **before** the remote call it leads to.
Payments: see :mod:`cashier.services.payment`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

from cashier.api import errors as api
from cashier.api.cards import MerchantCard
from cashier.api.client import SecuconnectClient
from cashier.domain.basket import BasketLine, card_load_line
from cashier.domain.cards import CardNumber, parse_card_number
from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.domain.security_codes import parse_csc, parse_pin
from cashier.journal.audit import AuditTrail
from cashier.journal.sales import SaleJournal
from cashier.services.clock import TillContext
from cashier.services.connection import Connection
from cashier.services.error_map import sale_error_from
from cashier.services.errors import (
    CardLocked,
    CardUnknown,
    InvalidInput,
    InvalidState,
    PinRequired,
    SecurityCodeLockout,
    WrongPin,
    WrongSecurityCode,
)
from cashier.services.fiscal.recorder import FiscalRecorder
from cashier.services.offline import OfflineRefusal, refused_offline
from cashier.services.sale import CardGroupOption, CardView, Pricing, Sale, SaleKind, SaleState
from cashier.services.transaction_sync import LOOKUP_PAUSES, TransactionSync

log = logging.getLogger(__name__)

MAX_CSC_TRIES = 3
LOCKED_OUT = "Too many wrong security codes: this card cannot be used in this sale."


class SaleService:
    """Card, basket and pricing of the sale in progress (payments: :class:`PaymentService`)."""

    def __init__(
        self,
        client: SecuconnectClient,
        journal: SaleJournal,
        audit: AuditTrail,
        context: TillContext,
        *,
        max_csc_tries: int = MAX_CSC_TRIES,
        lookup_pauses: Sequence[float] = LOOKUP_PAUSES,
        connection: Connection | None = None,
        fiscal: FiscalRecorder | None = None,
    ) -> None:
        self.client = client
        self.fiscal = fiscal
        self.connection = connection or Connection(client, now=context.now)
        self.journal = journal
        self.audit = audit
        self.context = context
        self.max_csc_tries = max_csc_tries
        self.sync = TransactionSync(client, journal, context, lookup_pauses=lookup_pauses)

    # --- a new sale -------------------------------------------------------------------------
    def new_sale(self, kind: SaleKind = SaleKind.SALE) -> Sale:
        at = self.context.now()
        sale_id = self.context.new_sale_id(at)
        # Six random hex digits repeat: a day of 1,000 sales draws an id twice with a chance of
        # 3 %. The journal holds every id this till has used, so a repeat is drawn again.
        while self.journal.find(sale_id) is not None:
            sale_id = self.context.new_sale_id(at)
        record = self.journal.open_sale(
            sale_id=sale_id,
            till_id=self.context.till_id,
            business_day=self.context.business_day(at),
            kind=kind.value,
            state=SaleState.EDITING.value,
            environment=self.context.environment,
            at=at,
        )
        return Sale(
            sale_id=sale_id, sale_number=record.sale_number, business_day=record.business_day, kind=kind
        )

    # --- the card ---------------------------------------------------------------------------
    async def attach_card(self, sale: Sale, text: str) -> CardView:
        """Recognise, validate and read the card (two reads, sent together); the sale is then
        CARD_ATTACHED.

        Offline (or when the service stops answering now) the card is attached by its number
        only (:meth:`CardView.unverified`): the sale earns its bonus when it is booked."""
        self._require_open(sale)
        try:
            number = parse_card_number(text)
        except InputError as error:
            raise InvalidInput(error.message) from None
        known = sale.card is not None and sale.card.number == number
        if known and sale.card is not None and (sale.card.verified or self.connection.offline):
            return sale.card
        if sale.smart_transaction_id is not None and sale.state is not SaleState.EDITING:
            raise InvalidState("remove the card first, or finish this sale")
        if self.connection.offline:
            return self._attach(sale, CardView.unverified(number), action="card_offline")
        # Both reads in one round trip; the validation's word comes first, as when it was sent alone.
        validated, found = await asyncio.gather(
            self.client.validate_card(number.digits),
            self.client.find_card(number.digits),
            return_exceptions=True,
        )
        try:
            if isinstance(validated, BaseException):
                raise validated
            if not validated.is_valid:
                raise CardUnknown(f"Card {number.masked()} is not a card of this shop.")
            if validated.is_locked:
                raise CardLocked(f"Card {number.masked()} is locked.")
            if isinstance(found, BaseException):
                raise found
            card = found
        except api.ApiError as error:
            if self.connection.offline:  # the service stopped answering just now
                return self._attach(sale, CardView.unverified(number), action="card_offline")
            raise sale_error_from(error, doing="Checking the card") from error
        if card is None:
            raise CardUnknown(f"Card {number.masked()} is not a card of this shop.")
        return self._attach(sale, card_view(card, number), action="card")

    def _attach(self, sale: Sale, view: CardView, *, action: str) -> CardView:
        number = view.number
        previous = sale.state
        sale.card, sale.csc_verified, sale.pin_verified, sale.csc_failures = view, False, False, 0
        sale.create_card_group = None
        sale.pricing = None
        if previous is not SaleState.CARD_ATTACHED:
            sale.move_to(SaleState.CARD_ATTACHED)
        self.journal.step(
            sale.sale_id,
            from_state=previous.value,
            to_state=sale.state.value,
            action=action,
            at=self.context.now(),
            details={"card": number.masked()},
            card_number=number.digits,
            card_id=view.card_id or None,
        )
        return view

    def detach_card(self, sale: Sale) -> None:
        self._require_open(sale)
        if sale.card is None:
            return
        previous = sale.state
        sale.card, sale.csc_verified, sale.pin_verified, sale.pricing = None, False, False, None
        if previous is not SaleState.EDITING:
            sale.move_to(SaleState.EDITING)
        self.journal.step(
            sale.sale_id,
            from_state=previous.value,
            to_state=sale.state.value,
            action="card_removed",
            at=self.context.now(),
            card_number=None,
            card_id=None,
        )

    async def check_csc(self, sale: Sale, text: str) -> None:
        """At most ``max_csc_tries`` wrong codes per sale; each failure is audited (never the code)."""
        card = await self._require_verified_card(sale)
        if sale.csc_failures >= self.max_csc_tries:
            raise SecurityCodeLockout(LOCKED_OUT)
        try:
            code = parse_csc(text)
        except InputError as error:
            raise InvalidInput(error.message) from None
        checking = self.client.check_csc(card.card_id, card.number.digits, code.reveal())
        try:
            ok = await self._check_while_sending(sale, checking)
        except api.ApiError as error:
            raise sale_error_from(error, doing="Checking the security code") from error
        if not ok:
            sale.csc_failures += 1
            self.audit.record(
                "csc_failed",
                self.context.now(),
                sale_id=sale.sale_id,
                details={"card": card.number.masked(), "failures": sale.csc_failures},
            )
            left = self.max_csc_tries - sale.csc_failures
            if left <= 0:
                raise SecurityCodeLockout(LOCKED_OUT)
            raise WrongSecurityCode(f"The security code is wrong ({left} tries left).", left)
        previous = sale.state
        sale.csc_verified = True
        if previous is SaleState.CARD_ATTACHED:
            sale.move_to(SaleState.CSC_OK)
            self.journal.step(
                sale.sale_id,
                from_state=previous.value,
                to_state=sale.state.value,
                action="csc_ok",
                at=self.context.now(),
            )

    async def _check_while_sending(self, sale: Sale, checking: Coroutine[Any, Any, bool]) -> bool:
        """The CSC check, and meanwhile the smart transaction created with basket and card — the
        next step after a good code — so that the two take one round trip. The transaction moves
        no money; should the code be wrong, it waits for the next try or the card's removal (a
        PUT) like any unstarted one. Its failure is the next step's to report: ``apply_card``
        sends it again."""
        if sale.state is not SaleState.CARD_ATTACHED or sale.basket.is_empty:
            return await checking
        checked, sent = await asyncio.gather(checking, self.sync.ensure(sale), return_exceptions=True)
        if isinstance(sent, Exception):
            log.info(
                "the sale was not sent alongside the CSC check (%s); it is sent when the card is applied",
                sent,
            )
        elif isinstance(sent, BaseException):
            raise sent
        if isinstance(checked, BaseException):
            raise checked
        return bool(checked)

    async def check_pin(self, sale: Sale, text: str) -> None:
        card = await self._require_verified_card(sale)
        try:
            pin = parse_pin(text)
        except InputError as error:
            raise InvalidInput(error.message) from None
        try:
            ok = await self.client.check_passcode(card.card_id, card.number.digits, pin.reveal())
        except api.ApiError as error:
            raise sale_error_from(error, doing="Checking the PIN") from error
        if not ok:
            self.audit.record(
                "pin_failed", self.context.now(), sale_id=sale.sale_id, details={"card": card.number.masked()}
            )
            raise WrongPin("The PIN is wrong.")
        sale.pin_verified = True

    def create_card(self, sale: Sale, group_id: str) -> None:
        """The sale creates a new card of ``group_id`` when it is paid (``create_card`` ident)."""
        self._require_open(sale)
        if self.connection.offline:
            raise refused_offline(OfflineRefusal.NEW_CARD)
        if sale.card is not None:
            raise InvalidState("a sale with a card cannot also create one")
        if not group_id.startswith("CRG_"):
            raise InvalidInput(f"{group_id!r} is not a card group id (CRG_…).")
        sale.create_card_group = group_id
        sale.kind = SaleKind.NEW_CARD
        self.journal.update(sale.sale_id, at=self.context.now(), kind=sale.kind.value)

    async def card_groups(self) -> list[CardGroupOption]:
        """The merchant's card groups, for choosing the group of a new card (a read)."""
        if self.connection.offline:
            raise refused_offline(OfflineRefusal.NEW_CARD)
        try:
            groups = await self.client.card_groups()
        except api.ApiError as error:
            raise sale_error_from(error, doing="Reading the card groups") from error
        return [
            CardGroupOption(group.id, group.display_name or group.display_name_raw or group.id)
            for group in groups
        ]

    # --- the basket -------------------------------------------------------------------------
    def add_line(self, sale: Sale, line: BasketLine) -> None:
        self._edit(sale, lambda: sale.basket.add(line))

    def set_quantity(self, sale: Sale, index: int, quantity: int) -> None:
        self._edit(sale, lambda: sale.basket.set_quantity(index, quantity))

    def remove_line(self, sale: Sale, index: int) -> None:
        self._edit(sale, lambda: sale.basket.remove(index))

    def add_card_load(self, sale: Sale, amount: Money) -> None:
        """Load the card's cash balance by ``amount`` (a charge-EAN line; any tender pays it)."""
        if self.connection.offline:
            raise refused_offline(OfflineRefusal.CARD_LOAD)
        self._edit(sale, lambda: sale.basket.add(card_load_line(amount)))

    def _edit(self, sale: Sale, change: Any) -> None:
        self._require_open(sale)
        if sale.state is SaleState.FAILED:
            raise InvalidState("the payment was declined: pay otherwise or abort the sale")
        try:
            sale.basket = change()
        except InputError as error:
            raise InvalidInput(error.message) from None
        self._settle_kind(sale)
        if sale.state is SaleState.PRICED:
            sale.pricing = None
            sale.move_to(sale.card_state)  # the price is stale; nothing remote yet (PUT when paying)

    def _settle_kind(self, sale: Sale) -> None:
        """A basket of card loads only is a card load; anything else a sale (the journal and the
        receipt say which). A new card stays a new card, whatever it loads."""
        if sale.kind is SaleKind.NEW_CARD:
            return
        lines = sale.basket.lines
        kind = SaleKind.CARD_LOAD if lines and all(line.is_card_load for line in lines) else SaleKind.SALE
        if kind is not sale.kind:
            sale.kind = kind
            self.journal.update(sale.sale_id, at=self.context.now(), kind=kind.value)

    # --- applying the card --------------------------------------------------------------------
    async def apply_card(self, sale: Sale) -> Pricing:
        """Create (or update) the smart transaction with basket and card, then ``preTransaction``."""
        card = self._require_card(sale)
        if self.connection.offline or not card.verified:
            raise refused_offline(OfflineRefusal.CARD_BALANCE)
        if not sale.csc_verified:
            raise InvalidState("check the card's security code first")
        if card.pin_guards_payment and not sale.pin_verified:
            raise PinRequired("The card asks for its PIN before it pays.")
        if sale.basket.is_empty:
            raise InvalidState("the basket is empty")
        if sale.state is SaleState.PRICED and sale.pricing is not None:
            return sale.pricing
        await self.sync.ensure(sale)
        try:
            answer = await self.client.pre_transaction(sale.smart_transaction_id or "")
        except api.ApiError as error:
            raise sale_error_from(error, doing="Applying the card") from error
        bonus_lines = tuple(
            (product.desc, product.tax, Money(product.price_one * product.quantity))
            for product in answer.bonus_products
        )
        bonus_used = -Money.sum(amount for _, _, amount in bonus_lines)
        missing = Money(answer.missing_sum)
        pricing = Pricing(
            total=sale.basket.total,
            bonus_used=bonus_used,
            cash_balance_used=sale.basket.total - bonus_used - missing,
            missing_sum=missing,
            bonus_lines=bonus_lines,
        )
        previous = sale.state
        sale.pricing = pricing
        sale.move_to(SaleState.PRICED)
        self.journal.step(
            sale.sale_id,
            from_state=previous.value,
            to_state=sale.state.value,
            action="preTransaction",
            at=self.context.now(),
            details={"missing_sum": missing.cents, "bonus_used": bonus_used.cents},
            total=sale.basket.total.cents,
            bonus_used=bonus_used.cents,
            cash_balance_used=pricing.cash_balance_used.cents,
        )
        return pricing

    # --- abort --------------------------------------------------------------------------------
    async def abort(self, sale: Sale) -> None:
        """Abandon an unpaid sale (and its smart transaction, if one was created)."""
        self._require_open(sale)
        previous = sale.state
        sale.move_to(SaleState.ABORTED)
        self.journal.step(
            sale.sale_id,
            from_state=previous.value,
            to_state=sale.state.value,
            action="abort",
            at=self.context.now(),
        )
        if self.fiscal is not None and not sale.basket.is_empty:
            self.fiscal.abandon(sale.sale_id)  # a Belegabbruch, signed in the background
        if sale.smart_transaction_id is not None:
            try:
                await self.client.abort(sale.smart_transaction_id)
            except api.ApiError as error:
                # The sale is abandoned locally either way; an unstarted transaction moves no money.
                log.warning("abort of %s not confirmed: %s", sale.smart_transaction_id, error.message)

    # --- helpers ------------------------------------------------------------------------------
    def _require_open(self, sale: Sale) -> None:
        if not sale.state.is_open:
            raise InvalidState(f"the sale is {sale.state.value}")

    async def _require_verified_card(self, sale: Sale) -> CardView:
        """The sale's card, checked with secuconnect: a card attached offline is checked now
        (online again), or refused (still offline)."""
        card = self._require_card(sale)
        if self.connection.offline:
            raise refused_offline(OfflineRefusal.CARD_BALANCE)
        if card.verified:
            return card
        return await self.attach_card(sale, card.number.digits)

    def _require_card(self, sale: Sale) -> CardView:
        self._require_open(sale)
        if sale.card is None:
            raise InvalidState("no card is attached to the sale")
        return sale.card


def card_view(card: MerchantCard, number: CardNumber) -> CardView:
    """The merchant card as the cashier sees it."""
    contact = card.customer.contact if card.customer is not None else None
    holder = None
    if contact is not None:
        holder = " ".join(part for part in (contact.forename, contact.surname) if part) or None
    return CardView(
        card_id=card.id,
        number=number,
        group_id=card.cardgroup.id if card.cardgroup else "",
        group_name=(card.cardgroup.display_name or "") if card.cardgroup else "",
        holder=holder,
        locked=card.lock_status == "locked",
        cash_balance=Money(card.cash_balance),
        bonus_balance=Money(card.bonus_balance),
        points=card.points,
        passcode=card.passcode or 0,
    )
