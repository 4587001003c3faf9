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
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

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
    ean: str | None = None
    presets: tuple[Money, ...] = ()

    def basket_line(self, quantity: int = 1) -> BasketLine:
        return BasketLine(
            description=self.name,
            unit_price=self.price,
            quantity=quantity,
            vat=self.vat,
            article_number=self.article_number,
            ean=self.ean,
        )


@dataclass(frozen=True, slots=True)
class Catalog:
    name: str
    articles: tuple[Article, ...] = ()

    @property
    def quick_keys(self) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.kind is ArticleKind.ARTICLE and a.quick_key)

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
    return Catalog(str(raw.get("name", "")), articles)


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
    try:
        article = Article(
            number,
            name,
            Money(price),
            VatRate.from_percent(entry.get("vat")),
            kind,
            quick_key,
            entry.get("ean"),
        )
        article.basket_line()  # the domain's own checks: description, EAN
    except (InputError, TypeError) as exc:
        raise CatalogError(f"{where}: {exc}") from None
    return article


def _cents(value: Any, *, allow_zero: bool = False) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and (value > 0 or (allow_zero and value == 0))
    )
