"""Setting up a SEPA direct debit before its payment starts (:mod:`cashier.services.payment`).

The account holder becomes a payment customer (with the e-mail for the mandate information,
when given), then the bank account container is made for that customer — as the vendor's debit
sample does. Meanwhile the sale's smart transaction is created or updated (unstarted, it moves
no money): one round trip less at the counter (README "Round trips on the critical path").
Nothing is charged here: a lost answer only leaves an unused record.
"""

from __future__ import annotations

import asyncio

from cashier.api import errors as api
from cashier.api.client import SecuconnectClient
from cashier.domain.errors import InputError
from cashier.domain.iban import parse_iban
from cashier.services.error_map import sale_error_from
from cashier.services.errors import InvalidInput
from cashier.services.sale import Sale
from cashier.services.transaction_sync import TransactionSync


class DebitSetup:
    def __init__(self, client: SecuconnectClient, sync: TransactionSync) -> None:
        self.client = client
        self.sync = sync

    async def container_for(self, sale: Sale, iban: str | None, holder: str | None, email: str | None) -> str:
        """The debit's customer and bank account, and meanwhile the transaction (unstarted, it
        moves no money): one round trip less. Their errors in the order they were sent before."""
        made, sent = await asyncio.gather(
            self._container(*_checked(iban, holder, email)),
            self.sync.ensure(sale),
            return_exceptions=True,
        )
        for outcome in (made, sent):
            if isinstance(outcome, BaseException):
                raise outcome
        return str(made)

    async def _container(self, iban: str, holder: str, email: str | None) -> str:
        """The holder as a payment customer (with the e-mail for the mandate information, when
        given), then the bank account container made for that customer — as the vendor's debit
        sample does ("a Payment Container … must be used with the Payment Customer it was
        generated for"). Nothing is charged here: a lost answer only leaves an unused record."""
        try:
            customer = await self.client.create_payment_customer(holder, email)
            container = await self.client.create_bank_account(holder, iban, customer_id=customer.id)
        except api.ApiError as error:
            raise sale_error_from(error, doing="Setting up the direct debit") from error
        return str(container.id)


def _checked(iban: str | None, holder: str | None, email: str | None) -> tuple[str, str, str | None]:
    """The account (IBAN), its holder and the e-mail as the cashier typed them, checked."""
    if not holder or not holder.strip():
        raise InvalidInput("The account holder's name is missing.")
    if email is not None and email.strip() and "@" not in email:
        raise InvalidInput(f"{email!r} is not an e-mail address.")
    try:
        account = parse_iban(iban or "")
    except InputError as error:
        raise InvalidInput(error.message) from None
    return account.value, holder.strip(), (email or "").strip() or None
