"""The wire models: money as int cents, card numbers as strings, camelCase aliases, unknown keys,
receipt lines, statuses, and what a request body looks like (docs/secuconnect.md §3, §4, §5, §6)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from cashier.api.cards import CardValidation, CreatedCard, CscCheck, LockRequest, MerchantCard, PasscodeCheck
from cashier.api.containers import BankAccountDraft, PaymentContainer
from cashier.api.receipts import (
    Decoration,
    NameValueLine,
    OtherLine,
    SeparatorLine,
    SpaceLine,
    TextLine,
)
from cashier.api.transactions import (
    ArticleGroup,
    BasketInfo,
    BasketItem,
    IdentDraft,
    PreTransaction,
    SmartTransaction,
    SmartTransactionDraft,
    TransactionStatus,
)
from tests.helpers.contract import check, check_request

SECTION_8_3_CARD: dict[str, Any] = {
    "object": "loyalty.merchantcards",
    "id": "MCD_7Q2KZR5N1XWB8D4HT6JC3LPF9VM0YA",
    "merchant": {"object": "general.merchants", "id": "MRC_4TRW9X2KD7ZQ1NB8VH5JC3M6PL0FGE"},
    "card": {"object": "loyalty.cards", "id": "CRD_2NX8QW5K7ZRT1DB4VH9JC3M6PL0FCE", "cardnumber": "9276004421187730"},
    "cardgroup": {"object": "loyalty.cardgroups", "id": "CRG_6KZ1QW8N3XRT5DB2", "display_name": "Bäckerei"},
    "customer": {"object": "loyalty.customers", "id": "CUS_3", "contact": {"surname": "Beispiel"}},
    "points": 0,
    "cash_balance": 480,
    "bonus_balance": 20,
    "balance": 500,
    "lock_status": "unlocked",
    "passcode": 0,
    "expiry_date": None,
    "something_new": {"nested": True},
}  # fmt: skip

SECTION_8_6_TRANSACTION: dict[str, Any] = {
    "object": "smart.transactions",
    "id": "STX_5HQ2ZK8W1XRT9DB3VN7JC4M6PL0FEA",
    "merchant": {"object": "general.merchants", "id": "MRC_4T", "companyname": "Bäckerei Beispiel"},
    "transactions": [{"object": "loyalty.transactions", "id": "LTX_1W"}],
    "created": "2025-02-10T09:12:31+01:00",
    "updated": "2025-02-10T09:13:05+01:00",
    "status": "ok",
    "payment_method": "cash",
    "merchantRef": "Kunde 4711",
    "transactionRef": "Bon 2025-000123",
    "intent": "sale",
    "basket_info": {"sum": 796, "gratuity": None, "currency": "EUR", "missing_sum": 296},
    "receipt": [
        {"type": "separator", "value": {"caption": "Kundenkarte"}},
        {"type": "name-value", "value": {"name": "Kartennummer: ", "value": "9276004421187730", "decoration": []}},
        {"type": "space"},
        {"type": "textline", "value": {"text": "4,80 EUR", "decoration": ["important"]}},
        {"type": "separator", "value": {}},
        {"type": "qr-code", "value": {"data": "…"}},
        {"type": "textline", "value": {"text": 17, "decoration": ["align_center"]}},
    ],
    "idents": [{"object": "smart.idents", "id": "smi_1", "prefix": "9276", "type": "card", "value": "9276004421187730",
                "valid": True, "merchantcard": {"object": "loyalty.merchantcards", "id": "MCD_7Q", "balance": 0,
                                                "cash_balance": 0, "bonus_balance": 0}}],
    "is_demo": False,
}  # fmt: skip


def test_a_merchant_card_of_section_8_3() -> None:
    card = MerchantCard.model_validate(SECTION_8_3_CARD)
    assert (card.cardnumber, card.balance, card.cash_balance, card.bonus_balance) == (
        "9276004421187730",
        500,
        480,
        20,
    )
    assert card.customer is not None
    assert card.customer.contact is not None
    assert card.customer.contact.surname == "Beispiel"
    assert not card.is_locked
    assert card.model_extra == {"something_new": {"nested": True}}, "unknown keys are kept, not refused"


@pytest.mark.parametrize("amount", [4.8, 480.0, "4.80", "480.0", "4,80", "480 EUR", True])
def test_money_is_int_cents_never_a_float_a_fraction_or_a_bool(amount: object) -> None:
    with pytest.raises(ValidationError):
        MerchantCard.model_validate({**SECTION_8_3_CARD, "cash_balance": amount})
    with pytest.raises(ValidationError):
        BasketInfo.model_validate({"sum": amount, "currency": "EUR"})
    with pytest.raises(ValidationError):
        BasketItem(id=1, desc="x", quantity=1, price_one=amount, tax=19)  # type: ignore[arg-type]


def test_an_answer_reads_an_amount_sent_as_digits_but_a_body_never_sends_one() -> None:
    card = MerchantCard.model_validate({**SECTION_8_3_CARD, "cash_balance": "480", "bonus_balance": "-20"})
    assert (card.cash_balance, card.bonus_balance) == (480, -20)
    assert BasketInfo.model_validate({"sum": " 796 "}).sum == 796
    with pytest.raises(ValidationError):
        BasketItem(id=1, desc="x", quantity=1, price_one="480", tax=19)  # type: ignore[arg-type]


def test_card_numbers_are_strings_even_when_sent_as_a_number() -> None:
    card = MerchantCard.model_validate({**SECTION_8_3_CARD, "card": {"cardnumber": 9276004421187730}})
    assert card.cardnumber == "9276004421187730"


def test_validation_answers_use_the_camel_case_keys() -> None:
    valid = CardValidation.model_validate({"isValid": True, "hasPasscode": False, "isLocked": True})
    unknown = CardValidation.model_validate({"isValid": False})
    assert (valid.is_valid, valid.has_passcode, valid.is_locked, valid.usable) == (True, False, True, False)
    assert (unknown.is_valid, unknown.has_passcode, unknown.usable) == (False, None, False)
    with pytest.raises(ValidationError):
        CardValidation.model_validate({"isValid": "yes"})


def test_a_transaction_of_section_8_6() -> None:
    stx = SmartTransaction.model_validate(SECTION_8_6_TRANSACTION)
    assert (stx.transaction_ref, stx.merchant_ref, stx.missing_sum) == ("Bon 2025-000123", "Kunde 4711", 296)
    assert stx.known_status is TransactionStatus.OK
    assert stx.created_at is not None
    assert stx.created_at.utcoffset() is not None
    assert [type(line) for line in stx.receipt] == [
        SeparatorLine,
        NameValueLine,
        SpaceLine,
        TextLine,
        SeparatorLine,
        OtherLine,
        TextLine,
    ]
    separator, name_value, _, amount, rule, other, number = stx.receipt
    assert isinstance(separator, SeparatorLine)
    assert separator.caption == "Kundenkarte"
    assert isinstance(rule, SeparatorLine)
    assert rule.caption is None
    assert isinstance(name_value, NameValueLine)
    assert (name_value.value.name, name_value.value.value) == ("Kartennummer: ", "9276004421187730")
    assert isinstance(amount, TextLine)
    assert amount.value.important
    assert isinstance(other, OtherLine)
    assert other.type == "qr-code"
    assert isinstance(number, TextLine)
    assert (number.value.text, number.value.alignment) == ("17", Decoration.ALIGN_CENTER)
    ident = stx.card_ident
    assert ident is not None
    assert ident.merchantcard is not None
    assert ident.merchantcard.balance == 0
    assert ident.merchantcard.csc is None


def test_only_id_and_status_are_required_in_a_transaction() -> None:
    stx = SmartTransaction.model_validate({"id": "STX_X", "status": "weird-new-status"})
    assert stx.known_status is None
    assert (stx.receipt, stx.idents, stx.missing_sum, stx.card_ident, stx.created_at) == (
        [],
        [],
        None,
        None,
        None,
    )
    with pytest.raises(ValidationError):
        SmartTransaction.model_validate({"id": "STX_X"})


@pytest.mark.parametrize("status", ["cancelled", "canceled"])
def test_both_spellings_of_cancelled(status: str) -> None:
    stx = SmartTransaction.model_validate({"id": "STX_X", "status": status})
    assert stx.is_cancelled
    assert stx.known_status in (TransactionStatus.CANCELLED, TransactionStatus.CANCELED)


def test_the_pre_transaction_of_section_8_5() -> None:
    priced = PreTransaction.model_validate(
        {
            "missing_sum": 296,
            "bonus_products": [
                {"id": 4, "articleNumber": "111111117", "ean": "111111117", "quantity": 1, "priceOne": -16, "tax": 7,
                 "desc": "Bonus Steuer 7"},
                {"id": 5, "articleNumber": "1111111119", "ean": "1111111119", "quantity": 1, "priceOne": -4,
                 "tax": 19, "desc": "Bonus Steuer 19"},
            ],
        }
    )  # fmt: skip
    assert (priced.missing_sum, priced.bonus_spent) == (296, 20)
    assert [p.article_number for p in priced.bonus_products] == ["111111117", "1111111119"]


def test_the_create_body_of_section_8_4() -> None:
    draft = SmartTransactionDraft.for_items(
        [
            BasketItem(id=1, desc="Sandwich Romano", quantity=1, price_one=349, tax=7, article_number="30037",
                       group=[ArticleGroup(id="10", desc="Snacks", level=1)]),
            BasketItem(id=2, desc="Obstsalat klein", quantity=1, price_one=249, tax=7, article_number="30200"),
            BasketItem(id=3, desc="Wasser 0,25 l", quantity=2, price_one=99, tax=19, article_number="51",
                       ean="4999012345678"),
        ],
        idents=[IdentDraft.card("9276004421187730")],
        merchant_ref="Kunde 4711",
        transaction_ref="Bon 2025-000123",
    )  # fmt: skip
    body = draft.to_wire()
    assert body == {
        "intent": "sale",
        "idents": [{"type": "card", "value": "9276004421187730"}],
        "basket": {
            "products": [
                {"id": 1, "item_type": "article", "articleNumber": "30037", "desc": "Sandwich Romano", "quantity": 1,
                 "priceOne": 349, "tax": 7, "group": [{"id": "10", "desc": "Snacks", "level": 1}]},
                {"id": 2, "item_type": "article", "articleNumber": "30200", "desc": "Obstsalat klein", "quantity": 1,
                 "priceOne": 249, "tax": 7},
                {"id": 3, "item_type": "article", "articleNumber": "51", "ean": "4999012345678",
                 "desc": "Wasser 0,25 l", "quantity": 2, "priceOne": 99, "tax": 19},
            ]
        },
        "basket_info": {"sum": 796, "currency": "EUR"},
        "merchantRef": "Kunde 4711",
        "transactionRef": "Bon 2025-000123",
    }  # fmt: skip
    assert check_request("POST", "/api/v2/Smart/Transactions", body) == []


def test_a_draft_that_does_not_add_up_is_refused_before_sending() -> None:
    item = BasketItem(id=1, desc="Kaffee", quantity=2, price_one=250, tax=19)
    with pytest.raises(ValidationError, match="adds up to 500"):
        SmartTransactionDraft(basket={"products": [item]}, basket_info={"sum": 450})  # type: ignore[arg-type]
    with_tip = SmartTransactionDraft.for_items([item], gratuity=50)
    assert with_tip.to_wire()["basket_info"] == {"sum": 550, "currency": "EUR", "gratuity": 50}


def test_request_bodies_refuse_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        BasketItem.model_validate(
            {"id": 1, "desc": "x", "quantity": 1, "priceOne": 1, "tax": 19, "colour": "red"}
        )


def test_security_codes_and_ibans_stay_out_of_reprs() -> None:
    assert "1234" not in repr(CscCheck(cardnumber="9276004400000011", csc="1234"))
    assert "4711" not in repr(PasscodeCheck(cardnumber="9276004400000029", pin=4711))
    assert "5678" not in repr(LockRequest(reason=1, csc="5678"))
    assert "0532013000" not in repr(BankAccountDraft(owner="E. Muster", iban="DE89370400440532013000"))
    created = CreatedCard.model_validate({**SECTION_8_3_CARD, "csc": "9876"})
    assert created.csc is not None
    assert created.csc.get_secret_value() == "9876"
    assert "9876" not in repr(created)
    container = PaymentContainer.model_validate(
        {
            "id": "PCT_1",
            "public": {"iban": "DE89 **** **** **** **30 00"},
            "private": {"iban": "DE89370400440532013000"},
        }
    )
    assert container.masked_iban == "DE89 **** **** **** **30 00"
    assert "0532013000" not in repr(container)


def test_a_created_card_is_a_contract_create_answer() -> None:
    answer = [{**SECTION_8_3_CARD, "csc": "9876"}]
    assert check("CreateLoyaltyMerchantcardsProductModel[]", answer, strict_keys=False) == []
