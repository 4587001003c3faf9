from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.money import Money
from cashier.printing.text import CODE_PAGE, encode, euro, printable, two_columns, wrap


def test_german_text_and_the_euro_sign_stay_as_they_are() -> None:
    text = "Grüße ÄÖÜ äöü ß 12,50 €"
    assert printable(text) == text
    assert encode(text) == b"Gr\x81\xe1e \x8e\x99\x9a \x84\x94\x81 \xe1 12,50 \xd5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TRAINING – KEIN ECHTER BELEG", "TRAINING - KEIN ECHTER BELEG"),  # CP858 has no en dash
        ("„Zitat“ ‚so‘", "\"Zitat\" 'so'"),
        ("Preis…", "Preis..."),
        ("a\u2007b", "a b"),  # figure space
        ("u\u0308ber", "über"),  # combining diaeresis is composed first
        ("中文 😀", "?? ?"),
        ("Zeile\nzwei\tdrei\x1b@", "Zeile zwei drei @"),  # no control byte reaches the printer
        ("\x7f\x85", "  "),
    ],
)
def test_what_the_code_page_lacks_degrades_visibly(text: str, expected: str) -> None:
    assert printable(text) == expected


@given(st.text())
def test_any_text_becomes_one_column_per_character_in_the_code_page(text: str) -> None:
    shown = printable(text)
    raw = shown.encode(CODE_PAGE)  # never raises
    assert len(raw) == len(shown)
    assert all(byte >= 0x20 for byte in raw)


def test_euro_amounts() -> None:
    assert euro(Money(1250)) == "12,50 €"
    assert euro(Money(-50)) == "-0,50 €"
    assert euro(Money(123456789)) == "1.234.567,89 €"


def test_wrap_breaks_words_and_long_words() -> None:
    assert wrap("Käsekuchen mit Sahne", 10) == ["Käsekuchen", "mit Sahne"]
    assert wrap("Donaudampfschifffahrt", 8) == ["Donaudam", "pfschiff", "fahrt"]
    assert wrap("", 10) == [""]
    with pytest.raises(ValueError, match="at least 1"):
        wrap("x", 0)


def test_two_columns_on_one_line_when_they_fit() -> None:
    assert two_columns("Kartennummer:", "************7730", 32) == ["Kartennummer:   ************7730"]
    assert two_columns("  Gegeben", "5,00 €", 20) == ["  Gegeben     5,00 €"]


def test_two_columns_wrap_and_keep_the_value_flush_right() -> None:
    assert two_columns("Käsekuchen, ein großes Stück mit Sahne", "3,50 € B", 32) == [
        "Käsekuchen, ein großes Stück mit",
        "Sahne                   3,50 € B",
    ]
    assert two_columns("Mandatsreferenz", "MNDT-2025-000125-XYZ", 32) == [
        "Mandatsreferenz",
        "            MNDT-2025-000125-XYZ",
    ]
    assert two_columns("Name", "", 10) == ["Name"]


@given(st.text(), st.text(), st.integers(min_value=1, max_value=64))
def test_two_columns_never_exceed_the_width(left: str, right: str, width: int) -> None:
    lines = two_columns(left, right, width)
    assert lines
    assert all(len(line) <= width for line in lines)
    if printable(right).strip():
        assert lines[-1].endswith(printable(right).strip()[-1])
