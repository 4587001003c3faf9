"""Payment › Containers on the wire: SEPA bank accounts for ``prepare/debit`` (docs/secuconnect.md §4.11).

:class:`BankAccountContainerDraft` is the body of ``POST /Payment/Containers``
(``PaymentContainersDTO`` with a ``BankAccountDescriptor`` as ``private``);
:class:`PaymentContainer` is the answer of create and read. The full IBAN is personal data: it
is left out of every ``repr``, and an answer's ``public`` block is the one to show (masked).
"""

from __future__ import annotations

from pydantic import Field

from cashier.api.wire import ObjectRef, RequestModel, WireModel

BANK_ACCOUNT = "bank_account"


class BankAccountDraft(RequestModel):
    owner: str
    iban: str = Field(repr=False)
    bic: str | None = None


class ContainerCustomerRef(RequestModel):
    id: str


class CustomerContactDraft(RequestModel):
    """The ``Contact`` of a payment customer: the account holder, and an e-mail address for the
    mandate information when the customer gave one (the vendor's SEPA sample sets both)."""

    name: str
    forename: str | None = None
    surname: str | None = None
    email: str | None = None


class PaymentCustomerDraft(RequestModel):
    """``PaymentCustomersDTO``: the body of ``POST /Payment/Customers``."""

    contact: CustomerContactDraft


class PaymentCustomer(WireModel):
    """``payment.customers`` (``PCU_…``): a container must be used with the customer it was made for."""

    id: str
    object: str | None = None
    created: str | None = None


class BankAccountContainerDraft(RequestModel):
    type: str = BANK_ACCOUNT
    private: BankAccountDraft
    customer: ContainerCustomerRef | None = None


class BankAccount(WireModel):
    """A ``BankAccountDescriptor``: ``public`` shows the IBAN masked, ``private`` in full."""

    owner: str | None = None
    iban: str | None = Field(default=None, repr=False)
    bic: str | None = None
    bankname: str | None = None
    purpose: str | None = None


class PaymentContainer(WireModel):
    """``payment.containers`` (``PCT_…``)."""

    id: str
    object: str | None = None
    type: str | None = None
    public: BankAccount | None = None
    private: BankAccount | None = Field(default=None, repr=False)
    customer: ObjectRef | None = None
    merchant: ObjectRef | None = None
    created: str | None = None

    @property
    def masked_iban(self) -> str | None:
        """The IBAN as the server shows it publicly (masked), for screens and receipts."""
        return None if self.public is None else self.public.iban
