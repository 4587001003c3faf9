from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.basket import Basket, BasketLine, card_load_line
from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.domain.receipt import (
    Decoration,
    NameValueLine,
    Receipt,
    ReceiptError,
    ReceiptItem,
    ReceiptKind,
    ReceiptProblem,
    SeparatorLine,
    ServerLine,
    ShopHeader,
    SpaceLine,
    TenderKind,
    TenderLine,
    TextLine,
    server_receipt_from_json,
    server_receipt_to_json,
)
from cashier.domain.tender import TenderError, TenderProblem
from cashier.domain.vat import VatRate, VatRow

IMPORTANT = frozenset({Decoration.IMPORTANT})

# --- server receipt lines (as the journal's documents keep them) ------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "The server's receipt must be a list of lines, not NoneType."),
        ({"header": [], "body": []}, "The server's receipt must be a list of lines, not dict."),
        ('[{"type": "space"}]', "The server's receipt must be a list of lines, not str."),
        (3, "The server's receipt must be a list of lines, not int."),
    ],
)
def test_top_level_must_be_a_list(raw: object, message: str) -> None:
    with pytest.raises(ReceiptError) as caught:
        server_receipt_from_json(raw)
    assert caught.value.reason is ReceiptProblem.MALFORMED
    assert caught.value.message == message
    assert isinstance(caught.value, InputError)


def test_empty_receipt() -> None:
    assert server_receipt_from_json([]) == ()
    assert server_receipt_to_json([]) == []


@pytest.mark.parametrize(
    ("decorations", "alignment"),
    [
        (frozenset(), Decoration.ALIGN_LEFT),
        (IMPORTANT, Decoration.ALIGN_LEFT),
        (frozenset({Decoration.ALIGN_RIGHT}), Decoration.ALIGN_RIGHT),
        (frozenset({Decoration.ALIGN_RIGHT, Decoration.ALIGN_CENTER}), Decoration.ALIGN_CENTER),
        (frozenset({Decoration.ALIGN_LEFT, Decoration.ALIGN_RIGHT}), Decoration.ALIGN_RIGHT),
    ],
)
def test_text_alignment(decorations: frozenset[Decoration], alignment: Decoration) -> None:
    line = TextLine("x", decorations)
    assert line.alignment is alignment
    assert line.important is (Decoration.IMPORTANT in decorations)


def test_decorations_must_be_a_frozenset_of_decorations() -> None:
    with pytest.raises(TypeError, match="frozenset of Decoration"):
        TextLine("x", {"important"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="frozenset of Decoration"):
        NameValueLine("a", "b", frozenset({"important"}))  # type: ignore[arg-type]


def test_output_uses_hyphen_spellings_in_declaration_order() -> None:
    line = TextLine("x", frozenset(Decoration))
    assert server_receipt_to_json([line]) == [
        {
            "type": "textline",
            "value": {"text": "x", "decoration": ["important", "align-left", "align-center", "align-right"]},
        }
    ]


decoration_sets = st.frozensets(st.sampled_from(list(Decoration)))
server_lines = st.one_of(
    st.builds(SeparatorLine, st.none() | st.text()),
    st.builds(TextLine, st.text(), decoration_sets),
    st.builds(NameValueLine, st.text(), st.text(), decoration_sets),
    st.just(SpaceLine()),
)


@given(st.lists(server_lines, max_size=20).map(tuple))
def test_round_trip(lines: tuple[ServerLine, ...]) -> None:
    wire = server_receipt_to_json(lines)
    assert server_receipt_from_json(wire) == lines
    assert server_receipt_from_json(json.loads(json.dumps(wire))) == lines  # survives the journal's JSON


@pytest.mark.parametrize(
    "entry",
    [
        "space",
        {"type": "name_value", "value": {"name": "a", "value": "b", "decoration": []}},
        {"type": "textline", "value": {"text": None, "decoration": []}},
        {"type": "textline", "value": {"text": "x", "decoration": ["align_left"]}},
        {"type": "textline", "value": {"text": "x"}},
        {"type": "name-value", "value": {"name": "a", "decoration": []}},
        {"type": "separator", "value": {"caption": 7}},
        {"type": "barcode", "value": {"text": "123"}},
    ],
)
def test_a_stored_line_that_is_not_as_written_is_refused(entry: object) -> None:
    """The service's shapes are read by the api (tests/unit/services/test_transaction_answers.py);
    a till document holds only what :func:`server_receipt_to_json` wrote."""
    with pytest.raises(ReceiptError, match="Line 2 of the server's receipt does not read back"):
        server_receipt_from_json([{"type": "space"}, entry])


# --- the till's receipt ----------------------------------------------------------------------

HEADER = ShopHeader("Bäckerei Beispiel", ("Hauptstr. 1", "12345 Musterstadt"), "DE123456789", None)
CREATED = datetime(2025, 2, 10, 9, 13, 5, tzinfo=timezone(timedelta(hours=1)))


def api_example_basket() -> Basket:
    return (
        Basket()
        .add(BasketLine("Sandwich Romano", Money(349), 1, VatRate.REDUCED, "30037"))
        .add(BasketLine("Obstsalat klein", Money(249), 1, VatRate.REDUCED, "30200"))
        .add(BasketLine("Wasser 0,25 l", Money(99), 2, VatRate.STANDARD, "51", "4999012345678"))
    )


def sale_receipt(**overrides: object) -> Receipt:
    arguments: dict[str, object] = {
        "basket": api_example_basket(),
        "tenders": [
            TenderLine(TenderKind.CARD_CASH_BALANCE, Money(480)),
            TenderLine.cash(Money(316), Money(500)),
        ],
        "header": HEADER,
        "till_id": "till-1",
        "sale_number": "2025-000123",
        "created_at": CREATED,
        "environment": "simulator",
    }
    arguments.update(overrides)
    return Receipt.for_sale(**arguments)  # type: ignore[arg-type]


def test_sale_receipt_built_from_a_basket() -> None:
    receipt = sale_receipt()
    assert receipt.kind is ReceiptKind.SALE
    assert receipt.total == Money(796)
    assert [item.description for item in receipt.items] == [
        "Sandwich Romano",
        "Obstsalat klein",
        "Wasser 0,25 l",
    ]
    assert receipt.items[2] == ReceiptItem("Wasser 0,25 l", 2, Money(99), Money(198), VatRate.STANDARD, "51")
    assert receipt.vat_summary == (
        VatRow(VatRate.STANDARD, Money(166), Money(32), Money(198)),
        VatRow(VatRate.REDUCED, Money(559), Money(39), Money(598)),
    )
    assert receipt.tenders[1] == TenderLine(TenderKind.CASH, Money(316), given=Money(500), change=Money(184))
    assert receipt.is_training
    assert not receipt.reprint


def test_sale_receipt_with_the_servers_bonus_lines() -> None:
    # §6.2/§6.3: bonus spent as negative lines per VAT rate, the rest from cash balance and cash.
    bonus = [
        ReceiptItem("Bonus Steuer 7", 1, Money(-16), Money(-16), VatRate.REDUCED, "111111117", is_bonus=True),
        ReceiptItem(
            "Bonus Steuer 19", 1, Money(-4), Money(-4), VatRate.STANDARD, "1111111119", is_bonus=True
        ),
    ]
    tenders = [TenderLine(TenderKind.CARD_CASH_BALANCE, Money(480)), TenderLine.cash(Money(296), Money(296))]
    receipt = sale_receipt(bonus_items=bonus, tenders=tenders, environment="live")
    # Spent bonus is a discount: it lowers the total and the VAT, and is not a tender.
    assert receipt.total == Money(776)
    assert receipt.bonus_spent == Money(20)
    assert [row.gross for row in receipt.vat_summary] == [Money(194), Money(582)]
    assert not receipt.is_training


def test_bonus_items_must_be_marked_and_negative() -> None:
    with pytest.raises(ValueError, match="lowers the total"):
        ReceiptItem("Bonus", 1, Money(5), Money(5), VatRate.STANDARD, is_bonus=True)
    unmarked = ReceiptItem("Bonus Steuer 19", 1, Money(-4), Money(-4), VatRate.STANDARD)
    with pytest.raises(ValueError, match="is_bonus"):
        sale_receipt(bonus_items=[unmarked], tenders=[TenderLine.cash(Money(792), Money(792))])


def test_a_receipt_without_bonus_spent_none() -> None:
    receipt = sale_receipt()
    assert receipt.bonus_spent == Money(0)


def test_card_load_receipt() -> None:
    receipt = sale_receipt(
        kind=ReceiptKind.CARD_LOAD,
        basket=Basket().add(card_load_line(Money(2000))),
        tenders=[TenderLine(TenderKind.TERMINAL, Money(2000), reference="0017")],
        card_number_masked="9276 **** **** 7730",
    )
    assert receipt.vat_summary == (VatRow(VatRate.ZERO, Money(2000), Money(0), Money(2000)),)
    assert receipt.tenders[0].reference == "0017"


def test_as_reprint_changes_only_the_flag() -> None:
    receipt = sale_receipt()
    again = receipt.as_reprint()
    assert again.reprint
    assert again == Receipt(
        **{**{name: getattr(receipt, name) for name in Receipt.__dataclass_fields__}, "reprint": True}
    )
    assert not receipt.reprint


def test_balance_receipt_needs_no_tenders() -> None:
    receipt = Receipt(
        kind=ReceiptKind.BALANCE,
        header=HEADER,
        till_id="till-1",
        sale_number="2025-000124",
        created_at=datetime(2025, 2, 10, 8, 0, tzinfo=UTC),
        environment="live",
        total=Money(0),
        server_lines=(SeparatorLine("Kundenkarte"), TextLine("0,00 EUR", IMPORTANT)),
    )
    assert receipt.tenders == ()
    assert not receipt.is_training


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        (
            {"tenders": [TenderLine(TenderKind.CASH, Money(795))]},
            ValueError,
            "tenders add up to 7.95 EUR, not the total",
        ),
        ({"tenders": []}, ValueError, "tenders add up to 0.00 EUR, not the total 7.96 EUR"),
        ({"created_at": datetime(2025, 2, 10, 9, 13)}, ValueError, "created_at must be timezone-aware"),  # noqa: DTZ001
        ({"environment": "production"}, ValueError, "unknown environment 'production'"),
        (
            {"kind": ReceiptKind.BALANCE},
            ValueError,
            "for_sale\\(\\) builds sale, card-load and new-card receipts",
        ),
    ],
)
def test_invalid_sale_receipt(overrides: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        sale_receipt(**overrides)


def paid_receipt(**overrides: object) -> Receipt:
    good = sale_receipt()
    fields = {name: getattr(good, name) for name in Receipt.__dataclass_fields__}
    fields.update(overrides)
    return Receipt(**fields)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"total": Money(800)}, "items add up to 7.96 EUR, not the total 8.00 EUR"),
        (
            {"vat_summary": (VatRow(VatRate.STANDARD, Money(669), Money(127), Money(796)),)},
            "VAT summary gross per rate",
        ),
        ({"vat_summary": ()}, "VAT summary gross per rate"),
        (
            {"vat_summary": (VatRow(VatRate.STANDARD, Money(166), Money(32), Money(198)),) * 2},
            "the VAT summary has a rate twice",
        ),
    ],
)
def test_paid_receipt_must_add_up(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        paid_receipt(**overrides)


def test_cancellation_receipt_is_not_checked_for_sums() -> None:
    receipt = paid_receipt(kind=ReceiptKind.CANCELLATION, tenders=(), vat_summary=())
    assert receipt.kind is ReceiptKind.CANCELLATION


def test_receipt_fields_must_be_tuples() -> None:
    with pytest.raises(TypeError, match="footer_lines must be a tuple, not list"):
        paid_receipt(footer_lines=["Danke!"])


# --- items, tenders, header ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("x", 2, Money(100), Money(201), VatRate.STANDARD), "2 × 1.00 EUR is not 2.01 EUR"),
        (("x", 0, Money(100), Money(0), VatRate.STANDARD), "quantity of at least 1, not 0"),
    ],
)
def test_invalid_item(arguments: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ReceiptItem(*arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((TenderKind.CASH, Money(-1)), "cannot be negative"),
        ((TenderKind.TERMINAL, Money(100), Money(100), Money(0)), "only cash has given/change, not terminal"),
        ((TenderKind.CASH, Money(100), Money(500)), "cash given and change come together"),
        ((TenderKind.CASH, Money(100), None, Money(0)), "cash given and change come together"),
        ((TenderKind.CASH, Money(100), Money(500), Money(300)), "is not 1.00 EUR"),
        ((TenderKind.CASH, Money(100), Money(50), Money(-50)), "is not 1.00 EUR"),
    ],
)
def test_invalid_tender(arguments: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TenderLine(*arguments)  # type: ignore[arg-type]


def test_cash_tender_with_too_little_cash() -> None:
    with pytest.raises(TenderError) as caught:
        TenderLine.cash(Money(296), Money(200))
    assert caught.value.reason is TenderProblem.INSUFFICIENT_CASH
    assert caught.value.message == "The cash given is 0,96 short: 2,00 given, 2,96 due."


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_cash_tender_property(amount: int, extra: int) -> None:
    tender = TenderLine.cash(Money(amount), Money(amount + extra))
    assert tender.given is not None
    assert tender.change is not None
    assert tender.given - tender.change == tender.amount


def test_shop_header_needs_a_name() -> None:
    with pytest.raises(ValueError, match="needs a name"):
        ShopHeader(" ")
