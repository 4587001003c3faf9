"""The quick-key catalogue file and money as each language writes it."""

from __future__ import annotations

import json

import pytest

from cashier.app.settings import Settings
from cashier.app.till_screen import load_catalog
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.ui.catalog import ArticleKind, CatalogError, parse_catalog
from cashier.ui.formatting import MoneyFormat, grouped_card_number

NBSP = "\u00a0"


def test_the_demo_catalogue_has_a_dozen_quick_keys_and_a_card_load() -> None:
    catalog, problem = load_catalog(Settings())
    assert problem is None
    assert len(catalog.quick_keys) == 12
    assert {article.vat for article in catalog.quick_keys} == {VatRate.STANDARD, VatRate.REDUCED}
    load = catalog.card_load
    assert load is not None
    assert load.name == "Guthaben laden"
    assert load not in catalog.quick_keys
    assert load.presets == tuple(Money(c) for c in (1000, 2000, 2500, 5000, 10000))
    line = catalog.quick_keys[0].basket_line(2)
    assert (line.description, line.unit_price, line.quantity, line.article_number) == (
        "Kaffee",
        Money(250),
        2,
        "1001",
    )


def test_a_catalogue_from_the_settings_and_a_broken_one(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    good = folder / "shop.json"
    good.write_text(
        json.dumps(
            {"format": 1, "articles": [{"article_number": "7", "name": "Tee", "price_cents": 200, "vat": 19}]}
        ),
        encoding="utf-8",
    )
    catalog, problem = load_catalog(Settings(catalog=str(good)))
    assert problem is None
    assert [a.name for a in catalog.quick_keys] == ["Tee"]
    catalog, problem = load_catalog(Settings(catalog=str(folder / "missing.json")))
    assert catalog.articles == ()
    assert problem is not None


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ({"article_number": "1", "name": "X", "price_cents": 1.5, "vat": 19}, "price_cents"),
        ({"article_number": "1", "name": "X", "price_cents": 100, "vat": 16}, "VAT rate"),
        ({"article_number": "", "name": "X", "price_cents": 100, "vat": 19}, "required"),
        ({"article_number": "1", "name": "X", "price_cents": 100, "vat": 19, "ean": "12"}, "EAN"),
        ({"article_number": "1", "name": "X", "kind": "gift"}, "kind"),
    ],
)
def test_a_broken_article_is_named(entry: dict[str, object], complaint: str) -> None:
    with pytest.raises(CatalogError, match=complaint) as refused:
        parse_catalog(json.dumps({"format": 1, "articles": [entry]}), source="shop.json")
    assert "shop.json, article 1" in str(refused.value)


def test_duplicate_article_numbers_and_foreign_json_are_refused() -> None:
    twice = {"article_number": "1", "name": "X", "price_cents": 1, "vat": 7}
    with pytest.raises(CatalogError, match="used twice: 1"):
        parse_catalog(json.dumps({"format": 1, "articles": [twice, twice]}))
    with pytest.raises(CatalogError, match="format"):
        parse_catalog("[]")
    with pytest.raises(CatalogError, match="not JSON"):
        parse_catalog("{")
    kinds = parse_catalog(
        json.dumps({"format": 1, "articles": [{"article_number": "9", "name": "L", "kind": "card_load"}]})
    )
    assert kinds.articles[0].kind is ArticleKind.CARD_LOAD


@pytest.mark.parametrize(
    ("cents", "german", "english"),
    [
        (1250, f"12,50{NBSP}€", "€12.50"),
        (0, f"0,00{NBSP}€", "€0.00"),
        (123456, f"1.234,56{NBSP}€", "€1,234.56"),
        (-350, f"−3,50{NBSP}€", "−€3.50"),
    ],
)
def test_amounts_per_language(cents: int, german: str, english: str) -> None:
    assert MoneyFormat("de").amount(Money(cents)) == german
    assert MoneyFormat("en").amount(Money(cents)) == english


def test_plain_amounts_notes_percent_and_card_numbers() -> None:
    de, en = MoneyFormat("de"), MoneyFormat("en")
    assert (de.plain(Money(123456)), en.plain(Money(123456))) == ("1234,56", "1234.56")
    assert (de.whole_euros(Money(2000)), en.whole_euros(Money(2000))) == (f"20{NBSP}€", "€20")
    assert (de.percent(7), en.percent(7)) == (f"7{NBSP}%", "7%")
    assert grouped_card_number("9276004400000011") == "9276 0044 0000 0011"
    with pytest.raises(ValueError, match="language"):
        MoneyFormat("fr")
