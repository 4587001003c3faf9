"""Keeping the sale's smart transaction in step with the till's basket.

Created once, basket and card together, at the first moment the server has to know the sale
(applying the card, or paying); sent again in full with ``PUT`` only when the basket changed.
A create whose answer was lost (``api.AnswerLost``) is looked up by its ``transactionRef``
(the client sale id) before anything else is tried — several times, with pauses, because a
slow server may commit the create after the till gave up (:data:`LOOKUP_PAUSES`). Only when
every lookup came back empty is the create sent again; the sale's reference is then rechecked
for a while, and a transaction the first create left behind after all (an orphan) is aborted
by reconciliation. Transactions the sale gave up (aborted, retired) are never taken back.
A transaction that was declined at the terminal cannot be edited: it is aborted and the sale
gets a fresh one.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from cashier.api import errors as api
from cashier.api.client import SecuconnectClient
from cashier.api.transactions import BasketItem, IdentDraft, SmartTransaction, SmartTransactionDraft
from cashier.journal.rechecks import RecheckKind, Rechecks
from cashier.journal.sales import SaleJournal
from cashier.services.clock import TillContext
from cashier.services.error_map import sale_error_from
from cashier.services.errors import BackendUnavailable
from cashier.services.sale import Sale

log = logging.getLogger(__name__)

LOOKUP_PAUSES: tuple[float, ...] = (1.0, 2.0, 4.0)
"""Seconds to wait before each further lookup of a lost create (after the first, at once)."""
ORPHANS_RECHECKED_FOR = timedelta(hours=24)
GIVEN_UP = frozenset({"aborted", "cancelled", "canceled"})


def draft_for(sale: Sale) -> SmartTransactionDraft:
    items = [
        BasketItem(
            id=index,
            desc=line.description,
            article_number=line.article_number,
            ean=line.ean,
            quantity=line.quantity,
            price_one=line.unit_price.cents,
            tax=line.vat.percent,
        )
        for index, line in enumerate(sale.basket, start=1)
    ]
    idents: list[IdentDraft] = []
    if sale.card is not None:
        idents.append(IdentDraft.card(sale.card.number.digits))
    elif sale.create_card_group is not None:
        idents.append(IdentDraft.create_card(sale.create_card_group))
    return SmartTransactionDraft.for_items(items, idents=idents or None, transaction_ref=sale.sale_id)


class TransactionSync:
    def __init__(
        self,
        client: SecuconnectClient,
        journal: SaleJournal,
        context: TillContext,
        *,
        lookup_pauses: Sequence[float] = LOOKUP_PAUSES,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.journal = journal
        self.context = context
        self.lookup_pauses = tuple(lookup_pauses)
        self.sleep = sleep
        self.rechecks = Rechecks(journal.db)

    async def ensure(self, sale: Sale, *, force: bool = False) -> str:
        """The sale's smart transaction id, created or updated so that the server has this basket.

        ``force`` sends the basket again even if unchanged (takes an "approved" transaction
        back to "created")."""
        in_step = sale.synced_basket == sale.basket and sale.synced_card == _card_key(sale)
        if sale.smart_transaction_id is not None and in_step and not force:
            return sale.smart_transaction_id
        draft, basket, card = draft_for(sale), sale.basket, _card_key(sale)
        try:
            if sale.smart_transaction_id is None:
                transaction = await self._create(sale, draft)
            else:
                transaction = await self.client.update_transaction(sale.smart_transaction_id, draft)
        except api.ApiError as error:
            raise sale_error_from(error, doing="Sending the sale to secuconnect") from error
        sale.smart_transaction_id = transaction.id
        sale.remote_status = transaction.status
        sale.synced_basket = basket  # what was sent: an edit made meanwhile is sent next time
        sale.synced_card = card
        self.journal.update(
            sale.sale_id,
            at=self.context.now(),
            smart_transaction_id=transaction.id,
            total=sale.basket.total.cents,
            basket=basket_json(sale),
        )
        return transaction.id

    async def _create(self, sale: Sale, draft: SmartTransactionDraft) -> SmartTransaction:
        try:
            return await self.client.create_transaction(draft)
        except api.AnswerLost as unknown:
            log.warning("creating the transaction for %s: answer lost; looking it up", sale.sale_id)
            found = await self._look_up(sale)
            if found is not None:
                return found
            # Not there after every lookup: create it again; should the first create still land,
            # reconciliation aborts the orphan (it is never started).
            log.info("no transaction with reference %s found; creating it again", sale.sale_id)
            at = self.context.now()
            self.rechecks.add(
                sale.sale_id,
                environment=self.context.environment,
                kind=RecheckKind.ORPHANS,
                since=at,
                until=at + ORPHANS_RECHECKED_FOR,
                reason="a create was lost and sent again",
            )
            try:
                return await self.client.create_transaction(draft)
            except api.AnswerLost:
                raise BackendUnavailable(
                    "The connection to secuconnect keeps failing while the sale is sent; try again."
                ) from unknown

    async def _look_up(self, sale: Sale) -> SmartTransaction | None:
        """The sale's live transaction by its reference, asked again after each pause."""
        retired = self.rechecks.retired_ids(sale.sale_id)
        for pause in (0.0, *self.lookup_pauses):
            if pause:
                await self.sleep(pause)
            try:
                found = await self.client.find_transactions(transaction_ref=sale.sale_id)
            except api.ApiError as error:
                raise BackendUnavailable(
                    "The connection to secuconnect was lost while the sale was sent; try again."
                ) from error
            usable = [t for t in found if t.id not in retired and t.status not in GIVEN_UP]
            if usable:
                return usable[0]
        return None


def _card_key(sale: Sale) -> str | None:
    if sale.card is not None:
        return sale.card.number.digits
    return sale.create_card_group


def basket_json(sale: Sale) -> str:
    return json.dumps(
        [
            {
                "description": line.description,
                "unit_price": line.unit_price.cents,
                "quantity": line.quantity,
                "vat": line.vat.percent,
                "article_number": line.article_number,
                "ean": line.ean,
            }
            for line in sale.basket
        ],
        ensure_ascii=False,
    )
