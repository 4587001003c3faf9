"""The quick-key catalogue file and money as each language writes it."""

from __future__ import annotations

import json

import pytest

from cashier.app.till_screen import load_catalog
from cashier.domain.money import Money
from cashier.domain.settings import Settings
from cashier.domain.vat import VatRate
from cashier.ui.catalog import ArticleKind, CatalogError, parse_catalog
from cashier.ui.kit.formatting import MoneyFormat, grouped_card_number

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


@pytest.mark.expected_errors("cashier.app.till_screen")
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


def _catalog(articles: list[dict[str, object]], **extra: object) -> str:
    return json.dumps({"format": 1, "articles": articles, **extra})


@pytest.mark.parametrize(
    ("articles", "extra", "complaint"),
    [
        (
            [{"article_number": "1", "name": "X", "price_cents": 1, "vat": 7, "eans": ["4006381333932"]}],
            {},
            "shop.json, article 1: '4006381333932' is not an EAN-8, UPC-A or EAN-13 with a correct check digit",
        ),
        (
            [
                {"article_number": "1", "name": "X", "price_cents": 1, "vat": 7, "eans": ["4006381333931"]},
                {"article_number": "2", "name": "Y", "price_cents": 1, "vat": 7, "eans": ["4006381333931"]},
            ],
            {},
            "shop.json: EAN 4006381333931 is used by article 1 and by article 2",
        ),
        (
            [{"article_number": "1", "name": "X", "price_cents": 1, "vat": 7, "ean": "96385074", "eans": []}],
            {},
            "article 1: give its EANs as eans only",
        ),
        (
            [{"article_number": "1", "name": "X", "price_cents": 1, "vat": 7, "sold_by": "litre"}],
            {},
            "article 1: sold_by must be piece or weight",
        ),
        ([], {"embedded_barcodes": [{"prefix": "19", "value": "price"}]}, "rule 1: prefix '19' is not one"),
        (
            [],
            {"embedded_barcodes": [{"prefix": "21", "value": "volume"}]},
            "rule 1: value must be price or weight",
        ),
        (
            [],
            {"embedded_barcodes": [{"prefix": "21", "value": "price", "digits": 5}]},
            "rule 1: expected prefix",
        ),
    ],
)
def test_a_catalogues_barcodes_are_checked_on_load(
    articles: list[dict[str, object]], extra: dict[str, object], complaint: str
) -> None:
    with pytest.raises(CatalogError) as refused:
        parse_catalog(_catalog(articles, **extra), source="shop.json")
    assert complaint in str(refused.value)


def test_the_demo_catalogue_has_real_eans_a_weighed_article_and_scale_prefixes() -> None:
    catalog, _ = load_catalog(Settings())
    sold = [a for a in catalog.articles if a.kind is ArticleKind.ARTICLE]
    assert all(a.eans for a in sold if not a.weighed)
    beans = catalog.article("3001")
    assert beans is not None
    assert beans.weighed
    assert beans not in catalog.quick_keys  # sold by the scale's label only
    assert [(rule.prefix, rule.kind.value) for rule in catalog.barcodes.rules] == [
        ("21", "price"),
        ("28", "weight"),
    ]
    old_style = parse_catalog(
        _catalog([{"article_number": "1", "name": "X", "price_cents": 1, "vat": 7, "ean": "96385074"}])
    )
    assert old_style.articles[0].eans == ("96385074",)
    assert old_style.barcodes.route("96385074").article_number == "1"
