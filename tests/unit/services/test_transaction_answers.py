"""Reading the service's answer into the till's :class:`TransactionView` (services/transaction_answers).

The receipt lines are read by the api's models (the one reader of the service's shapes) and
converted to domain lines once; the tolerant reader rules hold (docs/vendor-answers.md): numbers
for texts, ``null``, ``[]`` for objects, legacy spellings, a line that does not read is skipped
and never makes the answer unreadable. A sale read back from the journal maps the recorded
answer through the same function.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from cashier.api.transactions import SmartTransaction
from cashier.domain.money import Money
from cashier.domain.receipt import (
    Decoration,
    NameValueLine,
    SeparatorLine,
    ServerLine,
    SpaceLine,
    TextLine,
    server_receipt_to_json,
)
from cashier.services.transaction_answers import view_of, view_of_record
from cashier.services.transaction_view import CardAfter, TransactionView

IMPORTANT = frozenset({Decoration.IMPORTANT})

# docs/secuconnect.md §6.3, the "receipt" array exactly as listed there.
API_EXAMPLE_RECEIPT = """[
{"type": "separator", "value": {"caption": "Kundenkarte"}},
{"type": "name-value", "value": {"name": "Kartennummer: ", "value": "9276004421187730", "decoration": []}},
{"type": "name-value", "value": {"name": "TA Code: ", "value": "41822907", "decoration": []}},
{"type": "space"},
{"type": "textline", "value": {"text": "Zahlung über:", "decoration": []}},
{"type": "textline", "value": {"text": "4,80 EUR", "decoration": ["important"]}},
{"type": "space"},
{"type": "textline", "value": {"text": "Umsatz erfasst:", "decoration": []}},
{"type": "textline", "value": {"text": "7,76 EUR", "decoration": ["important"]}},
{"type": "space"},
{"type": "textline", "value": {"text": "Aktuelles Guthaben", "decoration": []}},
{"type": "textline", "value": {"text": "0,00 EUR", "decoration": ["important"]}}
]"""

# docs/secuconnect.md §6.4, "receipt_merchant".
API_EXAMPLE_MERCHANT_RECEIPT = """[
{"type": "separator", "value": {"caption": "Kartenzahlung"}},
{"type": "textline", "value": {"text": "* * Händlerbeleg * *", "decoration": []}},
{"type": "name-value", "value": {"name": "Beleg-Nr.", "value": "0017", "decoration": []}},
{"type": "name-value", "value": {"name": "Betrag EUR", "value": "12,50", "decoration": []}},
{"type": "separator", "value": {}},
{"type": "textline", "value": {"text": "Karte akzeptiert", "decoration": ["align-center", "important"]}}
]"""


def answer(**fields: Any) -> TransactionView:
    return view_of(SmartTransaction.model_validate({"id": "STX_1", "status": "ok", **fields}))


def receipt_of(lines: object) -> tuple[ServerLine, ...]:
    return answer(receipt=lines).receipt


def test_parse_the_loyalty_receipt_of_the_api_example() -> None:
    lines = receipt_of(json.loads(API_EXAMPLE_RECEIPT))
    assert lines == (
        SeparatorLine("Kundenkarte"),
        NameValueLine("Kartennummer: ", "9276004421187730"),
        NameValueLine("TA Code: ", "41822907"),
        SpaceLine(),
        TextLine("Zahlung über:"),
        TextLine("4,80 EUR", IMPORTANT),
        SpaceLine(),
        TextLine("Umsatz erfasst:"),
        TextLine("7,76 EUR", IMPORTANT),
        SpaceLine(),
        TextLine("Aktuelles Guthaben"),
        TextLine("0,00 EUR", IMPORTANT),
    )
    assert server_receipt_to_json(lines) == json.loads(API_EXAMPLE_RECEIPT)  # as the journal keeps them


def test_parse_the_terminal_merchant_receipt_of_the_api_example() -> None:
    lines = receipt_of(json.loads(API_EXAMPLE_MERCHANT_RECEIPT))
    assert lines[4] == SeparatorLine(None)
    accepted = lines[5]
    assert isinstance(accepted, TextLine)
    assert accepted.important
    assert accepted.alignment is Decoration.ALIGN_CENTER
    assert server_receipt_to_json(lines)[4] == {"type": "separator", "value": {}}


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"type": "space"}, SpaceLine()),
        ({"type": "space", "value": {"caption": "x"}}, SpaceLine()),
        ({"type": "separator"}, SeparatorLine(None)),
        ({"type": "separator", "value": {}}, SeparatorLine(None)),
        ({"type": "separator", "value": {"caption": ""}}, SeparatorLine(None)),
        ({"type": "separator", "value": {"caption": "  "}}, SeparatorLine(None)),
        ({"type": "SEPARATOR", "value": {"caption": "Storno"}}, SeparatorLine("Storno")),
        ({"type": "textline", "value": {"text": ""}}, TextLine("")),
        (
            {"type": "textline", "value": {"text": "STORNO", "decoration": ["important", "align_center"]}},
            TextLine("STORNO", frozenset({Decoration.IMPORTANT, Decoration.ALIGN_CENTER})),
        ),
        (
            {"type": "textline", "value": {"text": "r", "decoration": ["align_right", "blink", 7, None]}},
            TextLine("r", frozenset({Decoration.ALIGN_RIGHT})),
        ),
        ({"type": "textline", "value": {"text": "x", "decoration": "important"}}, TextLine("x", IMPORTANT)),
        ({"type": "textline", "value": {"text": "x", "decoration": None}}, TextLine("x")),
        ({"type": "textline", "value": {"text": 17}}, TextLine("17")),
        (
            {"type": "name-value", "value": {"name": "Beleg-Nr.", "value": 17}},
            NameValueLine("Beleg-Nr.", "17"),
        ),
        ({"type": "name_value", "value": {"name": "a", "value": "b"}}, NameValueLine("a", "b")),
        ({"type": "name-value", "value": {"name": "Unterschrift"}}, NameValueLine("Unterschrift", "")),
        ({"type": "name-value", "value": {"value": "0,01"}}, NameValueLine("", "0,01")),
        (
            {
                "type": "name-value",
                "value": {"name": "Betrag ", "value": "1,00 ", "decoration": ["important"]},
            },
            NameValueLine("Betrag ", "1,00 ", IMPORTANT),
        ),
    ],
)
def test_parse_one_line(entry: object, expected: ServerLine) -> None:
    assert receipt_of([entry]) == (expected,)


@pytest.mark.parametrize(
    "entry",
    [
        "space",
        None,
        ["textline"],
        {},
        {"type": None},
        {"type": "barcode", "value": {"text": "123"}},
        {"type": "textline", "value": "hello"},
        {"type": "textline", "value": {"text": True}},
    ],
)
def test_unusable_entries_are_skipped_and_the_answer_still_reads(entry: object) -> None:
    assert receipt_of([{"type": "space"}, entry, {"type": "space"}]) == (SpaceLine(), SpaceLine())


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"type": "textline"}, TextLine("")),
        ({"type": "textline", "value": {}}, TextLine("")),
        ({"type": "textline", "value": {"text": None}}, TextLine("")),
        ({"type": "textline", "value": []}, TextLine("")),
        ({"type": "textline", "value": {"text": 1.5}}, TextLine("1.5")),
        ({"type": "textline", "value": {"text": {"de": "Hallo"}}}, TextLine("")),
        ({"type": "name-value", "value": {}}, NameValueLine("", "")),
    ],
)
def test_absent_texts_read_as_empty_as_the_sdk_reads_them(entry: object, expected: ServerLine) -> None:
    assert receipt_of([entry]) == (expected,)


def test_the_merchant_receipt_reads_the_same_way() -> None:
    view = answer(receipt_merchant=[{"type": "name_value", "value": {"name": "Beleg-Nr.", "value": 17}}, 5])
    assert view.receipt_merchant == (NameValueLine("Beleg-Nr.", "17"),)
    assert view.receipt == ()


def test_the_card_after_the_bonus_lines_and_the_receipt_number_come_from_the_answer() -> None:
    view = answer(
        receipt_number="17",
        basket={
            "products": [
                {"id": 1, "desc": "Kaffee", "quantity": 2, "priceOne": "250", "tax": 19},
                {"id": 2, "desc": "Bonus 19 %", "quantity": 1, "priceOne": -120, "tax": 19},
            ]
        },
        basket_info={"sum": 380, "missing_sum": "0"},
        idents=[
            {
                "type": "card",
                "value": "9276004421187730",
                "merchantcard": {"cash_balance": "1000", "points": None},
            }
        ],
    )
    assert view.receipt_number == 17
    assert view.bonus_lines == (("Bonus 19 %", 19, Money(-120)),)
    assert view.missing_sum == 0
    assert view.card_after == CardAfter(cash_balance=1000, bonus_balance=None, points=None)
    assert view.created_card_number == "9276004421187730"


def test_a_new_cards_csc_is_never_in_the_record() -> None:
    view = answer(
        idents=[{"type": "create_card", "value": "9276004400001234", "merchantcard": {"csc": "987"}}]
    )
    assert "csc" not in view.record
    assert "987" not in view.record


def test_a_recorded_answer_maps_through_the_same_function() -> None:
    view = answer(
        status="pending",
        receipt=[{"type": "name-value", "value": {"name": "Mandatsreferenz:", "value": "M-1"}}],
        idents=[{"type": "card", "value": "1", "merchantcard": {"cash_balance": 5, "bonus_balance": 7}}],
    )
    assert view_of_record(view.record) == view
    assert view.mandate_reference == "M-1"


@pytest.mark.parametrize("record", [None, "[]", "{broken", json.dumps({"receipt": "not a list"})])
def test_a_record_that_cannot_be_read_is_no_answer(
    record: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("CRITICAL", logger="cashier.services.transaction_answers")
    assert view_of_record(record) is None
