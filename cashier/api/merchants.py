"""General › Merchants on the wire: ``GET /General/Merchants/me`` (docs/secuconnect.md §1.2).

As the SDK's ``GeneralMerchantsProductModel``: the company name is under ``user``
(``GeneralMerchantsUser``), whose ``email`` is a **list** of ``{type, email_formatted}``
(``GeneralMerchantsUserEmail[]``) and whose ``address`` a list of addresses (kept unmodelled).
Smart transactions carry the name as ``companyname`` (§6.1), so a top-level ``companyname`` is
read too; :attr:`Merchant.display_name` takes whichever is there.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from cashier.api.wire import WireModel


class MerchantEmail(WireModel):
    """``GeneralMerchantsUserEmail``."""

    type: str | None = None
    email_formatted: str | None = None


class MerchantUser(WireModel):
    """``GeneralMerchantsUser``."""

    companyname: str | None = None
    name: str | None = None
    forename: str | None = None
    surname: str | None = None
    project_name: str | None = None
    email: list[MerchantEmail] = Field(default_factory=list)

    @field_validator("email", mode="before")
    @classmethod
    def _one_address_as_text(cls, value: Any) -> Any:
        """An address sent as plain text (older answers) is a list of one."""
        return [{"email_formatted": value}] if isinstance(value, str) else value

    @property
    def email_addresses(self) -> list[str]:
        return [entry.email_formatted for entry in self.email if entry.email_formatted]


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
