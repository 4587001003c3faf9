"""General › Merchants on the wire: ``GET /General/Merchants/me`` (secuconnect-api.md §1.2).

The SDK's ``GeneralMerchantsProductModel`` has the company name under ``user``; smart
transactions carry it as ``companyname`` (§8.4). :attr:`Merchant.display_name` takes whichever
is there.
"""

from __future__ import annotations

from cashier.api.wire import WireModel


class MerchantUser(WireModel):
    companyname: str | None = None
    name: str | None = None
    forename: str | None = None
    surname: str | None = None
    email: str | None = None


class Merchant(WireModel):
    """``general.merchants`` (``MRC_…``)."""

    id: str
    object: str | None = None
    companyname: str | None = None
    store_name: str | None = None
    type: str | None = None
    user: MerchantUser | None = None

    @property
    def display_name(self) -> str:
        """The company name, else the store name, else the id."""
        user_company = None if self.user is None else self.user.companyname
        return self.companyname or user_company or self.store_name or self.id
