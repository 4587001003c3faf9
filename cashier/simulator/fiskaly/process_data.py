"""``processType`` and ``processData`` from a transaction's ``schema``, as fiskaly derives them.

``standard_v1.receipt`` becomes ``Kassenbeleg-V1`` with ``<Vorgangstyp>^<per rate>^<payments>``
(fiscal-de.md §2): the five gross amounts in the order 19 %, 7 %, 10.7 %, 5.5 %, 0 % joined
by ``_``, each with exactly two decimals (cut, not rounded; unused rates ``0.00``); then the
payments summed per type and currency, in the order they first appear, each
``<amount>:<Bar|Unbar>[:<currency>]`` (no currency for EUR), joined by ``_``. ``schema.raw``
(``process_type`` and base64 ``process_data``) is taken as it is. Anything else is refused with
a ValueError naming the problem.
"""

from __future__ import annotations

import base64
import binascii
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

KASSENBELEG = "Kassenbeleg-V1"
VAT_ORDER = ("NORMAL", "REDUCED_1", "SPECIAL_RATE_1", "SPECIAL_RATE_2", "NULL")
PAYMENT_WORDS = {"CASH": "Bar", "NON_CASH": "Unbar"}
RECEIPT_TYPES = {
    "RECEIPT": "Beleg",
    "TRAINING": "AVTraining",
    "TRANSFER": "AVTransfer",
    "ORDER": "AVBestellung",
    "CANCELLATION": "AVBelegabbruch",
    "ABORT": "AVBelegabbruch",  # the simulator's choice: fiskaly documents CANCELLATION only
    "BENEFIT_IN_KIND": "AVSachbezug",
    "INVOICE": "AVRechnung",
    "OTHER": "AVSonstige",
}


def from_schema(schema: Any) -> tuple[str, str]:
    """``(process_type, process_data)`` of a ``schema`` object; ValueError when unusable."""
    if not isinstance(schema, dict):
        raise ValueError("schema must be an object")
    raw = schema.get("raw")
    if isinstance(raw, dict):
        return _raw(raw)
    standard = schema.get("standard_v1")
    if isinstance(standard, dict) and isinstance(standard.get("receipt"), dict):
        return KASSENBELEG, receipt_data(standard["receipt"])
    raise ValueError("schema needs standard_v1.receipt or raw")


def cancellation() -> tuple[str, str]:
    """A CANCELLED transaction sent without a schema: an aborted receipt, no amounts."""
    return KASSENBELEG, receipt_data({"receipt_type": "CANCELLATION"})


def receipt_data(receipt: dict[str, Any]) -> str:
    kind = RECEIPT_TYPES.get(str(receipt.get("receipt_type")))
    if kind is None:
        raise ValueError(f"receipt_type must be one of {', '.join(RECEIPT_TYPES)}")
    per_rate = dict.fromkeys(VAT_ORDER, Decimal(0))
    for entry in _list(receipt, "amounts_per_vat_rate"):
        rate = entry.get("vat_rate")
        if rate not in per_rate:
            raise ValueError(f"vat_rate must be one of {', '.join(VAT_ORDER)}")
        per_rate[rate] += _amount(entry.get("amount"))
    payments: dict[tuple[str, str], Decimal] = {}
    for entry in _list(receipt, "amounts_per_payment_type"):
        word = PAYMENT_WORDS.get(str(entry.get("payment_type")))
        if word is None:
            raise ValueError("payment_type must be CASH or NON_CASH")
        currency = str(entry.get("currency_code") or "EUR")
        payments[(word, currency)] = payments.get((word, currency), Decimal(0)) + _amount(entry.get("amount"))
    rates = "_".join(_two_places(per_rate[rate]) for rate in VAT_ORDER)
    paid = "_".join(
        f"{_two_places(amount)}:{word}" + ("" if currency == "EUR" else f":{currency}")
        for (word, currency), amount in payments.items()
    )
    return f"{kind}^{rates}^{paid}"


def _raw(raw: dict[str, Any]) -> tuple[str, str]:
    process_type = raw.get("process_type")
    if not isinstance(process_type, str) or not process_type:
        raise ValueError("raw.process_type is required")
    try:
        data = base64.b64decode(str(raw.get("process_data") or ""), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError("raw.process_data must be base64 of UTF-8 text") from None
    return process_type, data


def _list(receipt: dict[str, Any], key: str) -> list[dict[str, Any]]:
    entries = receipt.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ValueError(f"{key} must be a list of objects")
    return entries


def _amount(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise ValueError('amounts are strings such as "12.34"')
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount")
    return amount


def _two_places(amount: Decimal) -> str:
    text = f"{amount.quantize(Decimal('0.01'), rounding=ROUND_DOWN):f}"
    return "0.00" if text == "-0.00" else text
