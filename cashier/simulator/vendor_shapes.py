"""The vendor's worst honest case (issue 14): answers in shapes the vendor's SDK accepts.

With ``SimulatorConfig.vendor_shapes`` every answer below passes through here on its way out;
what is stored does not change, and a switch that is off changes nothing. Each shape, where it
appears, and why an integrator must expect it:

* **numbers** — ``articleNumber`` and ``ean`` of basket lines and bonus products are JSON numbers
  when they are all digits (``"30037"`` → ``30037``). The vendor's own answers show
  ``"articleNumber": 30037`` after ``start/cash`` (``integration/Step_4__Capture_the_Payment.html``)
  and its basket table types it "number" (``integration/Basket_Item_Details.html``); the PHP SDK
  types both fields ``string`` and reads a number into one (``lib/ObjectSerializer.php``). A value
  with a leading zero stays a string: as a number it would lose the zero.
* **null for an empty list** — ``idents``, ``transactions``, ``receipt``, ``receipt_merchant``,
  ``basket.products``, ``basket.texts``, a line's ``group`` and a receipt line's ``decoration``,
  ``bonus_products`` of ``preTransaction``, a list's ``data``, a balance receipt's
  ``receipt``/``receipt_header``: ``null`` instead of ``[]``. The PHP SDK returns ``null`` for
  any type (``lib/ObjectSerializer.php:226-229``) and the wire contract reads ``null`` like an
  absent key (contract README, rule 1).
* **``[]`` for an empty object** — how PHP's ``json_encode`` writes an empty array meant as an
  object: a separator line without caption (``"value": []``, the docs show ``{}``:
  ``integration/Separator_Line_-_Integration_Guide_for_Loyalty_at_the_POS.html``), a
  ``create_card`` ident's ``merchantcard`` before its card exists, and ``container`` /
  ``device_destination`` of a transaction that has none (docs/vendor-answers.md F2). The PHP
  SDK turns such an array into an empty model (``ObjectSerializer.php:265-271``).

The other shapes of the switch live where the behaviour is: pending debits in
:mod:`pending_debits`, ``me`` refused in :mod:`cards`, ``receipt_merchant_print`` in
:mod:`terminal`, vendors and OAuth-shaped 5xx in :mod:`oauth` and :mod:`faults`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]

NUMBER_KEYS = ("articleNumber", "ean")
OBJECT_KEYS = ("container", "device_destination")


def as_number(value: Any) -> Any:
    """An all-digit string as the JSON number a PHP server may send; anything else unchanged."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and (value == "0" or value[0] != "0"):
        return int(value)
    return value


def null_if_empty(value: Any) -> Any:
    return None if value == [] else value


def receipt_lines(lines: list[Doc] | None) -> list[Doc] | None:
    """Receipt lines: ``[]`` for an empty ``value``, ``null`` for an empty decoration or list."""
    if not lines:
        return None
    shaped = []
    for original in lines:
        line = dict(original)
        value = line.get("value")
        if value == {}:
            line["value"] = []
        elif isinstance(value, dict) and "decoration" in value:
            line["value"] = {**value, "decoration": null_if_empty(value["decoration"])}
        shaped.append(line)
    return shaped


def basket_product(product: Doc) -> Doc:
    shaped = {**product, **{key: as_number(product[key]) for key in NUMBER_KEYS if key in product}}
    if "group" in shaped:
        shaped["group"] = null_if_empty(shaped["group"])
    return shaped


def _ident(ident: Doc) -> Doc:
    if ident.get("type") == "create_card" and not ident.get("merchantcard"):
        return {**ident, "merchantcard": []}
    return ident


def transaction(body: Doc) -> Doc:
    """A smart transaction (``SmartTransactionsProductModel``) as the vendor may send it."""
    shaped = dict(body)
    basket = shaped.get("basket")
    if isinstance(basket, dict):
        products = [basket_product(product) for product in basket.get("products") or []]
        shaped["basket"] = {
            **basket,
            "products": null_if_empty(products),
            **({"texts": null_if_empty(basket["texts"])} if "texts" in basket else {}),
        }
    if "idents" in shaped:
        shaped["idents"] = null_if_empty([_ident(ident) for ident in shaped["idents"] or []])
    if "transactions" in shaped:
        shaped["transactions"] = null_if_empty(shaped["transactions"])
    for key in ("receipt", "receipt_merchant"):
        if key in shaped:
            shaped[key] = receipt_lines(shaped[key])
    for key in OBJECT_KEYS:
        if not shaped.get(key):
            shaped[key] = []
    return shaped


def pre_transaction(body: Doc) -> Doc:
    """``SmartTransactionsPreTransactionModel``: bonus lines with numbers, ``null`` for none."""
    bonus = [basket_product(product) for product in body.get("bonus_products") or []]
    return {**body, "bonus_products": null_if_empty(bonus)}


def page(body: Doc, item: Callable[[Doc], Doc] | None = None) -> Doc:
    """A list answer (``{count, data}``): each item shaped, ``data: null`` when it is empty."""
    data = body.get("data") or []
    return {**body, "data": null_if_empty([item(entry) for entry in data] if item else data)}


def balance_receipt(body: Doc) -> Doc:
    """``LoyaltyMerchantcardsCardBalanceReceipt``: its lines as in :func:`receipt_lines`."""
    return {
        **body,
        "receipt_header": receipt_lines(body.get("receipt_header")),
        "receipt": receipt_lines(body.get("receipt")),
    }
