"""The shop's articles for the quick keys, read from a catalogue file (JSON).

::

    {"format": 1, "name": "Café Sonnenschein",
     "articles": [{"article_number": "1001", "name": "Kaffee", "price_cents": 250, "vat": 19},
                  {"article_number": "9000", "name": "Guthaben laden", "kind": "card_load",
                   "presets_cents": [1000, 2000, 2500, 5000, 10000]}]}

``kind`` is ``article`` (the default: price and VAT rate required; a quick key unless
``"quick_key": false``) or ``card_load`` (loading a card's balance: never a quick key; its
presets are the load dialog's). The app reads the file (``settings.catalog`` or the demo
catalogue in ``resources/catalog``) and hands the text to :func:`parse_catalog`.

Barcodes (:mod:`cashier.domain.barcodes` routes a scan): an article lists its codes in
``"eans": ["4006381333931", …]`` (EAN-8, UPC-A or EAN-13 with a correct check digit; one code
belongs to one article); ``"sold_by": "weight"`` makes ``price_cents`` the price per kilogram
(such an article is sold by a scale's label only, never by a quick key). The shop's in-store
codes are rules at the top level::

    "embedded_barcodes": [{"prefix": "21", "value": "price"},
                          {"prefix": "28", "value": "weight", "article_digits": 5,
                           "value_check_digit": false}]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cashier.domain.barcodes import (
    BarcodeIndex,
    CatalogCodeError,
    EmbeddedRule,
    IndexedArticle,
    ScanResult,
    ValueKind,
    format_weight,
    is_gtin,
    price_for_weight,
)
from cashier.domain.basket import BasketLine
from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.domain.vat import VatRate


class CatalogError(ValueError):
    """The catalogue file cannot be used; the message names the entry."""


class ArticleKind(StrEnum):
    ARTICLE = "article"
    CARD_LOAD = "card_load"


@dataclass(frozen=True, slots=True)
class Article:
    article_number: str
    name: str
    price: Money
    vat: VatRate
    kind: ArticleKind = ArticleKind.ARTICLE
    quick_key: bool = True
    eans: tuple[str, ...] = ()
    presets: tuple[Money, ...] = ()
    weighed: bool = False
    """Sold by weight: :attr:`price` is per kilogram."""

    @property
    def ean(self) -> str | None:
        return self.eans[0] if self.eans else None

    def basket_line(self, quantity: int = 1) -> BasketLine:
        return BasketLine(
            description=self.name,
            unit_price=self.price,
            quantity=quantity,
            vat=self.vat,
            article_number=self.article_number,
            ean=self.ean,
        )

    def scanned_line(self, scan: ScanResult) -> BasketLine:
        """One of this article, as ``scan`` (its code, or an in-store code's price or weight) says."""
        description, price = self.name, self.price
        embedded = scan.embedded
        if embedded is not None and embedded.rule.kind is ValueKind.PRICE:
            price = Money(embedded.value)
        elif embedded is not None:
            description = f"{self.name} {format_weight(embedded.value)}"
            price = price_for_weight(embedded.value, self.price)
        ean = scan.code if len(scan.code) in (8, 12, 13) else self.ean
        return BasketLine(description, price, 1, self.vat, self.article_number, ean)


@dataclass(frozen=True, slots=True)
class Catalog:
    name: str
    articles: tuple[Article, ...] = ()
    barcodes: BarcodeIndex = field(default_factory=BarcodeIndex)

    @property
    def quick_keys(self) -> tuple[Article, ...]:
        return tuple(
            a for a in self.articles if a.kind is ArticleKind.ARTICLE and a.quick_key and not a.weighed
        )

    def article(self, article_number: str) -> Article | None:
        return next((a for a in self.articles if a.article_number == article_number), None)

    @property
    def card_load(self) -> Article | None:
        return next((a for a in self.articles if a.kind is ArticleKind.CARD_LOAD), None)


def parse_catalog(text: str, *, source: str = "catalogue") -> Catalog:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{source} is not JSON: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != 1 or not isinstance(raw.get("articles"), list):
        raise CatalogError(f'{source}: expected {{"format": 1, "articles": [...]}}')
    articles = tuple(_article(entry, f"{source}, article {i + 1}") for i, entry in enumerate(raw["articles"]))
    numbers = [a.article_number for a in articles]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise CatalogError(f"{source}: article numbers used twice: {', '.join(duplicates)}")
    rules = _rules(raw.get("embedded_barcodes", []), source)
    sold = [
        IndexedArticle(a.article_number, a.eans, a.weighed) for a in articles if a.kind is ArticleKind.ARTICLE
    ]
    try:
        barcodes = BarcodeIndex.build(sold, rules)
    except CatalogCodeError as exc:
        raise CatalogError(f"{source}: {exc}") from None
    return Catalog(str(raw.get("name", "")), articles, barcodes)


def _rules(entries: Any, source: str) -> list[EmbeddedRule]:
    if not isinstance(entries, list):
        raise CatalogError(f"{source}: embedded_barcodes must be a list of rules")
    rules = []
    for i, entry in enumerate(entries):
        where = f"{source}, embedded_barcodes rule {i + 1}"
        if not isinstance(entry, dict) or set(entry) - {
            "prefix",
            "value",
            "article_digits",
            "value_check_digit",
        }:
            raise CatalogError(f"{where}: expected prefix, value, article_digits and value_check_digit only")
        digits, check = entry.get("article_digits", 5), entry.get("value_check_digit", False)
        if not isinstance(digits, int) or isinstance(digits, bool) or not isinstance(check, bool):
            raise CatalogError(f"{where}: article_digits is a whole number, value_check_digit true or false")
        if entry.get("value") not in tuple(ValueKind):
            raise CatalogError(f"{where}: value must be price or weight")
        try:
            rules.append(EmbeddedRule(str(entry.get("prefix")), ValueKind(entry["value"]), digits, check))
        except ValueError as exc:
            raise CatalogError(f"{where}: {exc}") from None
    return rules


def _article(entry: Any, where: str) -> Article:
    if not isinstance(entry, dict):
        raise CatalogError(f"{where}: expected an object")
    number, name = entry.get("article_number"), entry.get("name")
    if not isinstance(number, str) or not number.strip() or not isinstance(name, str) or not name.strip():
        raise CatalogError(f"{where}: article_number and name are required texts")
    try:
        kind = ArticleKind(entry.get("kind", "article"))
    except ValueError:
        raise CatalogError(f"{where}: kind must be article or card_load") from None
    if kind is ArticleKind.CARD_LOAD:
        presets = entry.get("presets_cents", [])
        if not isinstance(presets, list) or not all(_cents(p) for p in presets):
            raise CatalogError(f"{where}: presets_cents must be a list of positive whole cents")
        return Article(
            number, name, Money(0), VatRate.ZERO, kind, False, presets=tuple(Money(p) for p in presets)
        )
    price: Any = entry.get("price_cents")
    quick_key = entry.get("quick_key", True)
    if not _cents(price, allow_zero=True) or not isinstance(quick_key, bool):
        raise CatalogError(f"{where}: price_cents must be whole cents (>= 0), quick_key true or false")
    sold_by = entry.get("sold_by", "piece")
    if sold_by not in ("piece", "weight"):
        raise CatalogError(f"{where}: sold_by must be piece or weight")
    try:
        article = Article(
            number,
            name,
            Money(price),
            VatRate.from_percent(entry.get("vat")),
            kind,
            quick_key,
            _eans(entry, where),
            weighed=sold_by == "weight",
        )
        article.basket_line()  # the domain's own checks: description, EAN
    except (InputError, TypeError) as exc:
        raise CatalogError(f"{where}: {exc}") from None
    return article


def _eans(entry: dict[str, Any], where: str) -> tuple[str, ...]:
    """``"eans": [...]``; an older catalogue's one ``"ean"`` is a list of one."""
    if "ean" in entry and "eans" in entry:
        raise CatalogError(f"{where}: give its EANs as eans only (not ean and eans)")
    eans = entry.get("eans", [] if entry.get("ean") is None else [entry["ean"]])
    if not isinstance(eans, list) or not all(isinstance(ean, str) for ean in eans):
        raise CatalogError(f"{where}: eans must be a list of texts of digits")
    for ean in eans:
        if not is_gtin(ean.strip()):
            raise CatalogError(
                f"{where}: {ean!r} is not an EAN-8, UPC-A or EAN-13 with a correct check digit"
            )
    return tuple(ean.strip() for ean in eans)


def _cents(value: Any, *, allow_zero: bool = False) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and (value > 0 or (allow_zero and value == 0))
    )
