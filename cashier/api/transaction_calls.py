"""The Smart Transactions calls of :class:`~cashier.api.client.SecuconnectClient` (docs/secuconnect.md §4).

Reads (GET, ``preTransaction``) and the full-object ``PUT`` are retried; creating, starting,
preparing, aborting and cancelling are sent once, and a lost answer raises
:class:`~cashier.api.errors.AnswerLost` carrying the smart transaction id (none yet for a
create: find it by ``transactionRef``). ``start/cashless``, ``cancelTrx``, ``EndOfDay`` and
``diagnosis`` wait for the card terminal: they use the ``TERMINAL`` timeout.
"""

from __future__ import annotations

import logging
from typing import Final

from cashier.api.environments import CallTimeout
from cashier.api.http import BaseClient
from cashier.api.paths import ME, TRANSACTIONS, segment
from cashier.api.transactions import (
    ContainerRef,
    PrepareDebit,
    PreTransaction,
    SmartTransaction,
    SmartTransactionDraft,
    StartDetails,
    StartMethod,
    TransactionPage,
)

log = logging.getLogger(__name__)

FIND_PAGE_SIZE: Final = 100


class TransactionCalls:
    """Smart transaction operations (mixed into ``SecuconnectClient``)."""

    http: BaseClient

    async def create_transaction(self, draft: SmartTransactionDraft) -> SmartTransaction:
        """``POST /Smart/Transactions``: a new transaction, status ``created``.

        Sent once. A lost answer raises ``AnswerLost`` **without** an id (there is none
        yet): find the transaction by its ``transaction_ref`` with :meth:`find_transactions`
        before creating another — so give every draft a unique ``transaction_ref``.
        """
        transaction = await self.http.request(
            "POST",
            TRANSACTIONS,
            model=SmartTransaction,
            json=draft.to_wire(),
            idempotent=False,
            operation="create smart transaction",
        )
        log.info("smart transaction %s created (%s)", transaction.id, transaction.status)
        return transaction

    async def update_transaction(self, transaction_id: str, draft: SmartTransactionDraft) -> SmartTransaction:
        """``PUT /Smart/Transactions/{id}``: replace the whole transaction (before it is started).

        Drops a previous ``preTransaction`` (call it again). Sending the same full object twice
        has the effect of sending it once: retried.
        """
        return await self.http.request(
            "PUT",
            self._transaction(transaction_id),
            model=SmartTransaction,
            json=draft.to_wire(),
            operation="update smart transaction",
            smart_transaction_id=transaction_id,
        )

    async def get_transaction(self, transaction_id: str) -> SmartTransaction:
        """``GET /Smart/Transactions/{id}``: how it is now (also how an unknown outcome is resolved)."""
        return await self.http.request(
            "GET",
            self._transaction(transaction_id),
            model=SmartTransaction,
            operation="read smart transaction",
            smart_transaction_id=transaction_id,
        )

    async def list_transactions(
        self,
        q: str | None = None,
        count: int | None = None,
        offset: int | None = None,
        sort: str | None = None,
    ) -> TransactionPage:
        """``GET /Smart/Transactions`` with the API's query language (``q``), paged and sorted
        (``sort``: e.g. ``created:desc``)."""
        params: dict[str, str | int] = {}
        for key, value in (("q", q), ("count", count), ("offset", offset), ("sort", sort)):
            if value is not None:
                params[key] = value
        return await self.http.request(
            "GET", TRANSACTIONS, model=TransactionPage, params=params, operation="list smart transactions"
        )

    async def find_transactions(self, transaction_ref: str) -> list[SmartTransaction]:
        """The transactions whose ``transactionRef`` is exactly ``transaction_ref`` (oldest first).

        How a till finds a transaction whose create answer was lost. The query quotes the
        reference; a ``"`` in it cannot be queried (``ValueError``). Wildcards in a reference
        may match more on the server; only exact matches are returned.
        """
        if not transaction_ref or '"' in transaction_ref:
            raise ValueError('a transaction reference to search for must be non-empty and without "')
        page = await self.list_transactions(
            q=f'transactionRef:"{transaction_ref}"', count=FIND_PAGE_SIZE, sort="created:asc"
        )
        return [stx for stx in page.data if stx.transaction_ref == transaction_ref]

    async def pre_transaction(self, transaction_id: str) -> PreTransaction:
        """``POST …/{id}/preTransaction``: apply the card in ``idents``; what is still missing.

        Retried although it is a POST: it books nothing and changes no balance — it prices the
        card's part again from the current card and basket, and a repeat replaces the previous
        result (status ``processing``, bonus lines and ``missing_sum`` recomputed; §4.7).
        """
        return await self.http.request(
            "POST",
            f"{self._transaction(transaction_id)}/preTransaction",
            model=PreTransaction,
            idempotent=True,
            operation="preTransaction",
            smart_transaction_id=transaction_id,
        )

    async def start(
        self,
        transaction_id: str,
        method: StartMethod | str,
        body: StartDetails | None = None,
    ) -> SmartTransaction:
        """``POST …/{id}/start/{method}``: pay. **Never retried.**

        ``loyalty`` needs ``missing_sum`` 0 after ``preTransaction``; ``cash`` records that the
        till took the rest; ``cashless`` blocks until the customer finished at the terminal
        (the ``TERMINAL`` timeout) — a declined card is an answer with status ``failed``, not an
        error; ``debit`` collects a direct debit prepared by :meth:`prepare_debit`. Any other
        ``method`` is a ``ValueError`` before anything is sent. A lost answer raises
        ``AnswerLost`` carrying ``transaction_id``: read it with :meth:`get_transaction`
        before doing anything else.
        """
        chosen = StartMethod(method)
        timeout = CallTimeout.TERMINAL if chosen is StartMethod.CASHLESS else CallTimeout.STANDARD
        return await self._action(
            transaction_id, f"start/{chosen.value}", body=(body or StartDetails()).to_wire(), timeout=timeout
        )

    async def prepare_debit(self, transaction_id: str, container_id: str) -> SmartTransaction:
        """``POST …/{id}/prepare/debit`` with a SEPA bank account container: status ``approved``.

        Sent once; then :meth:`start_prepared` collects the debit.
        """
        body = PrepareDebit(container=ContainerRef(id=container_id)).to_wire()
        return await self._action(transaction_id, "prepare/debit", body=body)

    async def start_prepared(self, transaction_id: str) -> SmartTransaction:
        """``POST …/{id}/start`` (no method) after a ``prepare``. Sent once."""
        return await self._action(transaction_id, "start", body=StartDetails().to_wire())

    async def abort(self, transaction_id: str) -> SmartTransaction:
        """``POST …/{id}/abort``: give up a transaction that was not started. Sent once."""
        return await self._action(transaction_id, "abort")

    async def cancel(self, transaction_id: str) -> SmartTransaction:
        """``POST …/{id}/cancel``: reverse a finished loyalty or cash transaction. Sent once.

        A terminal payment is cancelled with :meth:`cancel_terminal_payment` instead.
        """
        return await self._action(transaction_id, "cancel")

    async def cancel_terminal_payment(
        self, receipt_number: int, *, smart_transaction_id: str | None = None
    ) -> SmartTransaction:
        """``POST /Smart/Transactions/{receipt_number}/cancelTrx``: reverse a terminal payment.

        Only before the end-of-day report; blocks for the terminal (``TERMINAL`` timeout); sent
        once. Pass the payment's ``smart_transaction_id`` so that an ``AnswerLost`` carries it.
        """
        path = f"{TRANSACTIONS}/{segment(int(receipt_number), 'receipt number')}/cancelTrx"
        cancelled = await self.http.request(
            "POST",
            path,
            model=SmartTransaction,
            idempotent=False,
            operation=f"cancelTrx (receipt number {int(receipt_number)})",
            smart_transaction_id=smart_transaction_id,
            timeout=CallTimeout.TERMINAL,
        )
        log.info("terminal payment %s cancelled: %s", cancelled.id, cancelled.status)
        return cancelled

    async def end_of_day(self) -> SmartTransaction:
        """``POST /Smart/Transactions/me/EndOfDay``: the terminal's end of day (``TERMINAL``, sent once)."""
        report = await self.http.request(
            "POST",
            f"{TRANSACTIONS}/{ME}/EndOfDay",
            model=SmartTransaction,
            idempotent=False,
            operation="end of day",
            timeout=CallTimeout.TERMINAL,
        )
        log.info("end of day done: %s (%s)", report.id, report.status)
        return report

    async def diagnosis(self) -> SmartTransaction:
        """``POST /Smart/Transactions/me/diagnosis``: terminal diagnosis and configuration update
        (``TERMINAL``, sent once)."""
        report = await self.http.request(
            "POST",
            f"{TRANSACTIONS}/{ME}/diagnosis",
            model=SmartTransaction,
            idempotent=False,
            operation="terminal diagnosis",
            timeout=CallTimeout.TERMINAL,
        )
        log.info("terminal diagnosis done: %s (%s)", report.id, report.status)
        return report

    @staticmethod
    def _transaction(transaction_id: str) -> str:
        return f"{TRANSACTIONS}/{segment(transaction_id, 'smart transaction id')}"

    async def _action(
        self,
        transaction_id: str,
        action: str,
        *,
        body: dict[str, object] | None = None,
        timeout: CallTimeout = CallTimeout.STANDARD,
    ) -> SmartTransaction:
        """A non-idempotent ``POST …/{id}/{action}``: sent once; ``AnswerLost`` carries the id."""
        transaction = await self.http.request(
            "POST",
            f"{self._transaction(transaction_id)}/{action}",
            model=SmartTransaction,
            json=body,
            idempotent=False,
            operation=action,
            smart_transaction_id=transaction_id,
            timeout=timeout,
        )
        log.info("smart transaction %s: %s -> %s", transaction.id, action, transaction.status)
        return transaction
