"""How the services read answers the real service may give (issue 14; docs/vendor-answers.md F4, F7).

* a new card's number from every place the service may put it — or a clear "not reported";
* the merchant copy printed when the service has one and the terminal did not print it
  (``receipt_merchant_print`` is documented by the vendor's SDK as "whether the receipt for the
  merchant was printed"); always for SEPA (the mandate is signed);
* a pending direct debit's receipt says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from cashier.api.transactions import SmartTransaction
from cashier.domain.basket import Basket, BasketLine
from cashier.domain.money import Money
from cashier.domain.receipt import ShopHeader
from cashier.domain.vat import VatRate
from cashier.services.receipt_factory import PENDING_MARK, UNKNOWN_NEW_CARD, ReceiptFactory, ReceiptSettings
from cashier.services.sale import Sale, SaleKind, Tender
from cashier.services.transaction_answers import view_of
from cashier.services.transaction_view import TransactionView

AT = datetime.fromisoformat("2026-12-06T10:00:00+01:00")
HEADER = ShopHeader("Café Sonnenschein", ("Sonnenallee 1",), "DE123456789", None)
MERCHANT_LINES = [
    {"type": "separator", "value": {"caption": "Kartenzahlung"}},
    {"type": "textline", "value": {"text": "* * Händlerbeleg * *"}},
]


def answer(**fields: Any) -> TransactionView:
    """The till's view of an answer with these fields, read as the api reads the wire."""
    return view_of(SmartTransaction.model_validate({"id": "STX_1", "status": "ok", **fields}))


def factory() -> ReceiptFactory:
    return ReceiptFactory(ReceiptSettings(HEADER, ("Danke!",)), till_id="T1", environment="simulator")


def sale(tender: Tender, **changes: Any) -> Sale:
    basket = Basket().add(BasketLine("Kaffee", Money(250), 1, VatRate.STANDARD))
    made = Sale(sale_id="T1-1", sale_number=1, business_day="2026-12-06", basket=basket, tender=tender)
    for name, value in changes.items():
        setattr(made, name, value)
    return made


@pytest.mark.parametrize(
    "transaction",
    [
        {"idents": [{"type": "create_card", "value": "9276004400001234"}]},
        {
            "idents": [
                {
                    "type": "create_card",
                    "value": "CRG_GIFT00000000000000000000000002",
                    "merchantcard": {"card": {"cardnumber": "9276004400001234"}},
                }
            ]
        },
        {
            "idents": [{"type": "create_card", "value": "CRG_GIFT00000000000000000000000002"}],
            "receipt": [
                {"type": "name-value", "value": {"name": "Kartennummer:", "value": "9276 0044 0000 1234"}}
            ],
        },
    ],
    ids=["ident-value", "merchantcard", "receipt-line"],
)
def test_a_new_cards_number_is_found_wherever_the_service_puts_it(transaction: dict[str, Any]) -> None:
    assert answer(**transaction).created_card_number == "9276004400001234"


def test_a_new_card_without_a_reported_number_says_so_on_the_receipt() -> None:
    transaction = answer(idents=[{"type": "create_card", "value": "CRG_GIFT00000000000000000000000002"}])
    assert transaction.created_card_number is None
    new = sale(Tender.CASH, kind=SaleKind.NEW_CARD, create_card_group="CRG_GIFT00000000000000000000000002")
    receipts = factory().for_sale(new, transaction, AT)
    assert receipts.customer.card_number_masked == UNKNOWN_NEW_CARD


@pytest.mark.parametrize(
    ("flag", "printed_by_till"),
    [(None, True), (False, True), (True, False)],
    ids=["flag-absent", "terminal-did-not-print", "terminal-printed-it"],
)
def test_the_merchant_copy_is_printed_unless_the_terminal_printed_it(
    flag: bool | None, printed_by_till: bool
) -> None:
    fields: dict[str, Any] = {"status": "ok", "receipt_number": 12, "receipt_merchant": MERCHANT_LINES}
    if flag is not None:
        fields["receipt_merchant_print"] = flag
    receipts = factory().for_sale(sale(Tender.TERMINAL), answer(**fields), AT)
    assert (receipts.merchant is not None) == printed_by_till
    if receipts.merchant is not None:
        assert receipts.merchant.merchant_copy
        assert not receipts.merchant.signature_required  # these lines ask for no signature


def test_a_terminal_copy_with_its_own_signature_line_gets_no_second_one() -> None:
    lines = [*MERCHANT_LINES, {"type": "textline", "value": {"text": "Unterschrift"}}]
    transaction = answer(status="ok", receipt_merchant=lines, receipt_merchant_print=False)
    receipts = factory().for_sale(sale(Tender.TERMINAL), transaction, AT)
    assert receipts.merchant is not None
    assert not receipts.merchant.signature_required  # "Unterschrift Kontoinhaber" is the mandate's


def test_no_merchant_lines_no_merchant_copy_but_sepa_always_has_one() -> None:
    assert factory().for_sale(sale(Tender.TERMINAL), answer(status="ok"), AT).merchant is None
    sepa = factory().for_sale(sale(Tender.SEPA), answer(status="ok"), AT)
    assert sepa.merchant is not None
    assert sepa.merchant.signature_required


def test_a_pending_debit_says_so_on_its_receipt() -> None:
    receipts = factory().for_sale(sale(Tender.SEPA), answer(status="pending"), AT, pending=True)
    assert receipts.customer.footer_lines[:2] == PENDING_MARK
    assert all(len(line) <= 32 for line in PENDING_MARK)  # one line each, on 58 mm paper too
    assert "Danke!" in receipts.customer.footer_lines
    assert factory().for_sale(sale(Tender.SEPA), answer(status="ok"), AT).customer.footer_lines == ("Danke!",)
