"""The contract checker itself must catch what it is there to catch."""

from __future__ import annotations

import pytest

from tests.helpers.contract import check, check_request, check_response, operation_for


def test_a_valid_basket_product_passes() -> None:
    product = {"id": 1, "desc": "Brötchen", "quantity": 2, "priceOne": 45, "tax": 7, "ean": None}
    assert check("SmartTransactionsBasketProduct", product, strict_keys=True) == []


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ({"priceOne": 4.5}, "priceOne: float is not integer"),
        ({"priceOne": True}, "priceOne: bool is not integer"),
        ({"quantity": "2"}, "quantity: str is not integer"),
        ({"price": 45}, "price: unknown key for SmartTransactionsBasketProduct"),
        ({"group": [{"id": 1}]}, "group[0].id: int is not string"),
    ],
)
def test_wrong_types_and_unknown_keys_are_found(payload: dict[str, object], problem: str) -> None:
    assert problem in check("SmartTransactionsBasketProduct", payload, strict_keys=True)


def test_unknown_keys_are_tolerated_in_what_we_receive() -> None:
    assert check("SmartTransactionsBasketInfo", {"sum": 5, "missing_sum": 3}, strict_keys=False) == []


def test_nested_models_are_followed() -> None:
    transaction = {"basket": {"products": [{"priceOne": "12"}]}, "basket_info": {"sum": 12}}
    assert check("SmartTransactionsProductModel", transaction, strict_keys=False) == [
        "basket.products[0].priceOne: str is not integer"
    ]


def test_operations_are_found_by_concrete_path() -> None:
    assert (
        operation_for("POST", "/api/v2/Smart/Transactions/STX_X/start/cash")["operation"]
        == "startTransaction"
    )
    assert operation_for("GET", "/api/v2/Loyalty/MerchantCards?q=card.cardnumber:1")["returns"] == (
        "LoyaltyMerchantcardsList"
    )
    with pytest.raises(KeyError):
        operation_for("DELETE", "/api/v2/Smart/Transactions/STX_X")


def test_requests_and_errors() -> None:
    assert check_request(
        "POST", "/api/v2/Loyalty/MerchantCards/me/checkCsc", {"cardnumber": "1", "csc": 4}
    ) == ["csc: int is not string"]
    envelope = {
        "status": "error",
        "error": "X",
        "error_details": "d",
        "error_user": "u",
        "code": 2003,
        "supportId": "s",
    }
    # The SDK types `code` as a string, the documented example sends an int: both pass.
    assert check_response("GET", "/api/v2/Smart/Transactions/STX_X", 403, envelope) == []
    assert check_response("GET", "/api/v2/Smart/Transactions/STX_X", 403, {**envelope, "status": 1}) == [
        "status: int is not string"
    ]
