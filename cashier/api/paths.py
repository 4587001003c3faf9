"""The API's paths, and the two guards for caller data that goes into a URL.

Paths use the casing of the vendor's SDK and documentation (``Cardgroups`` as the SDK spells
it; the server matches action segments case-insensitively, docs/secuconnect.md §1.2).
:func:`segment` percent-encodes one path segment, so that an id can never change which
resource a call reaches; :func:`digits` refuses anything but digits where a value becomes part
of a query.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

API: Final = "/api/v2"
CARDS: Final = f"{API}/Loyalty/MerchantCards"
CARD_GROUPS: Final = f"{API}/Loyalty/Cardgroups"
TRANSACTIONS: Final = f"{API}/Smart/Transactions"
CONTAINERS: Final = f"{API}/Payment/Containers"
CUSTOMERS: Final = f"{API}/Payment/Customers"
MERCHANT_ME: Final = f"{API}/General/Merchants/me"

ME: Final = "me"
"""Stands for "the merchant (or device) of this token" where an id is expected."""


def segment(value: str | int, what: str) -> str:
    """One path segment from caller data, percent-encoded (``/`` and ``?`` included)."""
    text = str(value).strip()
    if not text:
        raise ValueError(f"{what} is empty")
    return quote(text, safe="")


def digits(value: str, what: str) -> str:
    """``value`` if it is digits only; else ``ValueError`` naming ``what`` (never the value)."""
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"{what} must be digits only")
    return value
