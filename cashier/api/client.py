"""The secuconnect operations a till uses, one typed async method per call, over one :class:`BaseClient`.

:class:`SecuconnectClient` builds each body from a request model (API key names, no ``None``
values), sends it through :meth:`BaseClient.request` and returns the answer as a wire model.
What may be retried is decided per call (each method's docstring says which):

* **reads** — every GET, ``validateMerchantcard``, ``checkCsc``, ``checkPasscode``,
  ``getCardBalanceReceipt`` and ``preTransaction`` — are retried with backoff on a connection
  failure, a timeout or a 5xx;
* ``PUT`` (update a transaction) replaces the whole object, so sending it twice is sending it
  once: retried as well;
* everything that moves money or makes something — create a transaction, ``start/*``,
  ``prepare/*``, ``abort``, ``cancel``, ``cancelTrx``, end of day, diagnosis, creating cards or
  a payment container, locking — is sent **once**. When its answer is lost the call raises
  :class:`~cashier.api.errors.AnswerLost` (carrying the smart transaction id where there
  is one), and the caller reads to find out what happened.

Blocking terminal calls (``start/cashless``, ``cancelTrx``, ``EndOfDay``, ``diagnosis``) use the
``TERMINAL`` timeout (default 180 s), all others the ``STANDARD`` one. The calls live in
:mod:`~cashier.api.card_calls` and :mod:`~cashier.api.transaction_calls`; merchant and payment
containers are here. Nothing logs a body; paths are logged redacted by the base client.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

from cashier.api.card_calls import CardCalls
from cashier.api.containers import (
    BankAccountContainerDraft,
    BankAccountDraft,
    ContainerCustomerRef,
    CustomerContactDraft,
    PaymentContainer,
    PaymentCustomer,
    PaymentCustomerDraft,
)
from cashier.api.http import BaseClient
from cashier.api.merchants import Merchant
from cashier.api.paths import CONTAINERS, CUSTOMERS, MERCHANT_ME, segment
from cashier.api.transaction_calls import TransactionCalls

log = logging.getLogger(__name__)


class SecuconnectClient(CardCalls, TransactionCalls):
    """Typed secuconnect calls for a till. Use as ``async with`` (closes the base client)."""

    def __init__(self, http: BaseClient) -> None:
        self.http = http

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.http.aclose()

    async def merchant(self) -> Merchant:
        """``GET /General/Merchants/me``: the merchant this till belongs to."""
        return await self.http.request("GET", MERCHANT_ME, model=Merchant, operation="read merchant")

    async def create_payment_customer(self, holder: str, email: str | None = None) -> PaymentCustomer:
        """``POST /Payment/Customers``: the account holder as a payment customer, for the SEPA
        container (as the vendor's debit sample does). Sent once."""
        forename, _, surname = holder.strip().rpartition(" ")
        body = PaymentCustomerDraft(
            contact=CustomerContactDraft(
                name=holder.strip(), forename=forename or None, surname=surname or None, email=email or None
            )
        ).to_wire()
        customer = await self.http.request(
            "POST",
            CUSTOMERS,
            model=PaymentCustomer,
            json=body,
            idempotent=False,
            operation="create payment customer",
        )
        log.info("payment customer %s created", customer.id)
        return customer

    async def create_bank_account(
        self, owner: str, iban: str, bic: str | None = None, customer_id: str | None = None
    ) -> PaymentContainer:
        """``POST /Payment/Containers``: a SEPA bank account for ``prepare_debit``. Sent once.

        The IBAN is sent in its electronic form (no spaces, upper case).
        """
        body = BankAccountContainerDraft(
            private=BankAccountDraft(owner=owner, iban="".join(iban.split()).upper(), bic=bic or None),
            customer=None if customer_id is None else ContainerCustomerRef(id=customer_id),
        ).to_wire()
        container = await self.http.request(
            "POST",
            CONTAINERS,
            model=PaymentContainer,
            json=body,
            idempotent=False,
            operation="create payment container",
        )
        log.info("payment container %s created", container.id)
        return container

    async def get_container(self, container_id: str) -> PaymentContainer:
        """``GET /Payment/Containers/{PCT_id}``."""
        return await self.http.request(
            "GET",
            f"{CONTAINERS}/{segment(container_id, 'container id')}",
            model=PaymentContainer,
            operation="read payment container",
        )
