"""The receipt as a document: what is on it, not how it is laid out.

Two parts live here:

* the **server's receipt lines** (docs/secuconnect.md §5): the loyalty or terminal receipt that
  a Smart Transaction carries in ``receipt`` / ``receipt_merchant``, parsed tolerantly into
  typed lines and written back to the wire shape for the journal;
* the **till's own receipt** (:class:`Receipt`): shop header, items, VAT summary, tenders, the
  server's lines, footer. ``printing`` renders it; this module only guarantees it adds up.

Broken invariants of a receipt the till builds itself are bugs and raise :class:`ValueError`
or :class:`TypeError`; only unusable input from the server raises :class:`ReceiptError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Final, Literal, TypeAlias

from cashier.domain.basket import Basket, BasketLine
from cashier.domain.errors import InputError
from cashier.domain.fiscal import FiscalMark
from cashier.domain.money import Money
from cashier.domain.tender import change_due
from cashier.domain.vat import VatRate, VatRow, vat_summary


class ReceiptProblem(StrEnum):
    MALFORMED = "malformed"


class ReceiptError(InputError):
    """Receipt lines from the server that cannot be read at all."""

    reason: ReceiptProblem


# --- the server's receipt lines --------------------------------------------------------------


class Decoration(StrEnum):
    """How a server line wants to be printed; values are the wire spellings."""

    IMPORTANT = "important"
    ALIGN_LEFT = "align-left"
    ALIGN_CENTER = "align-center"
    ALIGN_RIGHT = "align-right"

    @classmethod
    def parse(cls, raw: object) -> Decoration | None:
        """``"align-left"`` and the legacy ``"align_left"`` both read; anything unknown is ``None``."""
        if not isinstance(raw, str):
            return None
        try:
            return cls(raw.strip().lower().replace("_", "-"))
        except ValueError:
            return None


_ALIGNMENTS: Final = (Decoration.ALIGN_CENTER, Decoration.ALIGN_RIGHT, Decoration.ALIGN_LEFT)


def _check_decorations(decorations: object) -> None:
    if not isinstance(decorations, frozenset) or not all(isinstance(d, Decoration) for d in decorations):
        raise TypeError("decorations must be a frozenset of Decoration")


@dataclass(frozen=True, slots=True)
class SeparatorLine:
    """Starts a (sub-)receipt; ``caption`` is printed as a headline, ``None`` prints a rule.

    A caption that is empty or only spaces is stored as ``None``.
    """

    caption: str | None = None

    def __post_init__(self) -> None:
        if self.caption is not None and not self.caption.strip():
            object.__setattr__(self, "caption", None)


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    decorations: frozenset[Decoration] = frozenset()

    def __post_init__(self) -> None:
        _check_decorations(self.decorations)

    @property
    def important(self) -> bool:
        return Decoration.IMPORTANT in self.decorations

    @property
    def alignment(self) -> Decoration:
        """The line's alignment, left by default; if several are given, centre wins over right."""
        return next((a for a in _ALIGNMENTS if a in self.decorations), Decoration.ALIGN_LEFT)


@dataclass(frozen=True, slots=True)
class NameValueLine:
    """Name on the left, value on the right. Texts are kept exactly as the server sent them
    (labels often end in a space, ``"Kartennummer: "``); the renderer strips."""

    name: str
    value: str
    decorations: frozenset[Decoration] = frozenset()

    def __post_init__(self) -> None:
        _check_decorations(self.decorations)

    @property
    def important(self) -> bool:
        return Decoration.IMPORTANT in self.decorations


@dataclass(frozen=True, slots=True)
class SpaceLine:
    """One empty line."""


ServerLine: TypeAlias = SeparatorLine | TextLine | NameValueLine | SpaceLine


def server_receipt_from_json(raw: object) -> tuple[ServerLine, ...]:
    """The server's lines as :func:`server_receipt_to_json` wrote them into a till document (the
    journal's receipts): its inverse, and strict — a line that is not as written raises
    :class:`ReceiptError` (``MALFORMED``). The service's own answers are not read here: the api
    reads them (:mod:`cashier.api.receipts`) and the services convert them to these lines."""
    if not isinstance(raw, list):
        raise ReceiptError(
            ReceiptProblem.MALFORMED,
            f"The server's receipt must be a list of lines, not {type(raw).__name__}.",
            type=type(raw).__name__,
        )
    return tuple(_line_from_json(entry, number) for number, entry in enumerate(raw, start=1))


def _line_from_json(entry: object, number: int) -> ServerLine:
    kind = entry.get("type") if isinstance(entry, dict) else None
    value = entry.get("value") if isinstance(entry, dict) else None
    body: dict[object, object] = value if isinstance(value, dict) else {}
    decorations = _decorations_from_json(body.get("decoration"))
    caption, text, name, shown = (body.get(key) for key in ("caption", "text", "name", "value"))
    if kind == "space":
        return SpaceLine()
    if kind == "separator" and (caption is None or isinstance(caption, str)):
        return SeparatorLine(caption)
    if kind == "textline" and isinstance(text, str) and decorations is not None:
        return TextLine(text, decorations)
    if kind == "name-value" and isinstance(name, str) and isinstance(shown, str) and decorations is not None:
        return NameValueLine(name, shown, decorations)
    raise ReceiptError(
        ReceiptProblem.MALFORMED, f"Line {number} of the server's receipt does not read back.", line=number
    )


def _decorations_from_json(raw: object) -> frozenset[Decoration] | None:
    if not isinstance(raw, list) or not all(isinstance(d, str) and d in set(Decoration) for d in raw):
        return None
    return frozenset(Decoration(d) for d in raw)


def _decoration_list(decorations: frozenset[Decoration]) -> list[str]:
    return [d.value for d in Decoration if d in decorations]


def server_receipt_to_json(lines: Iterable[ServerLine]) -> list[dict[str, object]]:
    """The wire shape of ``lines`` (hyphen spellings), for the journal; inverse of
    :func:`server_receipt_from_json`."""
    wire: list[dict[str, object]] = []
    for line in lines:
        if isinstance(line, SpaceLine):
            wire.append({"type": "space"})
        elif isinstance(line, SeparatorLine):
            wire.append(
                {"type": "separator", "value": {} if line.caption is None else {"caption": line.caption}}
            )
        elif isinstance(line, TextLine):
            value = {"text": line.text, "decoration": _decoration_list(line.decorations)}
            wire.append({"type": "textline", "value": value})
        elif isinstance(line, NameValueLine):
            value = {"name": line.name, "value": line.value, "decoration": _decoration_list(line.decorations)}
            wire.append({"type": "name-value", "value": value})
        else:
            raise TypeError(f"not a server receipt line: {type(line).__name__}")
    return wire


# --- the till's own receipt ------------------------------------------------------------------


class ReceiptKind(StrEnum):
    SALE = "sale"
    CARD_LOAD = "card_load"
    NEW_CARD = "new_card"
    CANCELLATION = "cancellation"
    REVERSAL = "reversal"
    BALANCE = "balance"


_PAID_KINDS: Final = frozenset({ReceiptKind.SALE, ReceiptKind.CARD_LOAD, ReceiptKind.NEW_CARD})
"""Receipts for money taken: their items, VAT summary and tenders must all add up to the total."""

Environment: TypeAlias = Literal["simulator", "testing", "live", "custom"]
ENVIRONMENTS: Final[tuple[Environment, ...]] = ("simulator", "testing", "live", "custom")


def _check_tuple(value: object, name: str) -> None:
    if not isinstance(value, tuple):
        raise TypeError(f"{name} must be a tuple, not {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class ShopHeader:
    name: str
    address_lines: tuple[str, ...] = ()
    vat_id: str | None = None
    phone: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("the shop header needs a name")
        _check_tuple(self.address_lines, "address_lines")


@dataclass(frozen=True, slots=True)
class ReceiptItem:
    """An item as printed. ``is_bonus`` items are the server's bonus lines (one per VAT rate,
    negative unit price): spent bonus is a discount, so it lowers the VAT it stands against,
    and it is never a tender (see :class:`TenderKind`)."""

    description: str
    quantity: int
    unit_price: Money
    total: Money
    vat: VatRate
    article_number: str | None = None
    is_bonus: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int) or self.quantity < 1:
            raise ValueError(f"a receipt item needs a quantity of at least 1, not {self.quantity!r}")
        if self.unit_price * self.quantity != self.total:
            raise ValueError(f"{self.quantity} × {self.unit_price} is not {self.total}")
        if self.is_bonus and self.total.is_positive:
            raise ValueError(f"a bonus item lowers the total; {self.total} is positive")

    @classmethod
    def from_line(cls, line: BasketLine) -> ReceiptItem:
        return cls(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            total=line.total,
            vat=line.vat,
            article_number=line.article_number,
        )


class TenderKind(StrEnum):
    """How the (already discounted) total was paid. Spent bonus is not here: it is a discount,
    printed as bonus items; :attr:`Receipt.bonus_spent` gives its amount for the tender block."""

    CARD_CASH_BALANCE = "card_cash_balance"
    CASH = "cash"
    TERMINAL = "terminal"
    SEPA = "sepa"


@dataclass(frozen=True, slots=True)
class TenderLine:
    """One way the total was paid. ``given``/``change`` belong to cash only (both or neither,
    ``given − change == amount``); ``reference`` is the terminal receipt number or the SEPA
    mandate reference. The amount is never negative: a refund is told by the receipt kind."""

    kind: TenderKind
    amount: Money
    given: Money | None = None
    change: Money | None = None
    reference: str | None = None

    def __post_init__(self) -> None:
        if self.amount.is_negative:
            raise ValueError(f"a tender amount cannot be negative: {self.amount}")
        if self.given is None and self.change is None:
            return
        if self.kind is not TenderKind.CASH:
            raise ValueError(f"only cash has given/change, not {self.kind.value}")
        if self.given is None or self.change is None:
            raise ValueError("cash given and change come together")
        if self.change.is_negative or self.given - self.change != self.amount:
            raise ValueError(f"cash given {self.given} − change {self.change} is not {self.amount}")

    @classmethod
    def cash(cls, amount: Money, given: Money) -> TenderLine:
        """Cash for ``amount`` when the customer handed over ``given`` (raises if too little)."""
        return cls(TenderKind.CASH, amount, given=given, change=change_due(amount, given))


@dataclass(frozen=True, slots=True, kw_only=True)
class Receipt:
    """Everything printed for one operation, in the order a printer lays it out.

    For SALE, CARD_LOAD and NEW_CARD the items, the VAT summary (per rate) and the tenders
    all add up to ``total``. ``created_at`` must carry a time zone. ``environment`` other than
    ``"live"`` marks a training receipt.
    """

    kind: ReceiptKind
    header: ShopHeader
    till_id: str
    sale_number: str
    created_at: datetime
    environment: Environment
    total: Money
    items: tuple[ReceiptItem, ...] = ()
    vat_summary: tuple[VatRow, ...] = ()
    tenders: tuple[TenderLine, ...] = ()
    server_lines: tuple[ServerLine, ...] = ()
    card_number_masked: str | None = None
    footer_lines: tuple[str, ...] = ()
    barcode: str | None = None
    reprint: bool = False
    merchant_copy: bool = False
    signature_required: bool = False
    fiscal: FiscalMark | None = None
    """The TSE's signature (or why there is none); None when the till signs nothing (no TSE)."""

    def __post_init__(self) -> None:
        if not isinstance(self.kind, ReceiptKind):
            raise TypeError(f"kind must be a ReceiptKind, not {type(self.kind).__name__}")
        if self.created_at.tzinfo is None or self.created_at.utcoffset() is None:
            raise ValueError("created_at must be timezone-aware")
        if self.environment not in ENVIRONMENTS:
            raise ValueError(f"unknown environment {self.environment!r}; expected one of {ENVIRONMENTS}")
        for name in ("items", "vat_summary", "tenders", "server_lines", "footer_lines"):
            _check_tuple(getattr(self, name), name)
        if self.kind in _PAID_KINDS:
            self._check_adds_up()

    def _check_adds_up(self) -> None:
        items_total = Money.sum(item.total for item in self.items)
        if items_total != self.total:
            raise ValueError(f"items add up to {items_total}, not the total {self.total}")
        rates = [row.rate for row in self.vat_summary]
        if len(set(rates)) != len(rates):
            raise ValueError("the VAT summary has a rate twice")
        summary_gross = {row.rate: row.gross for row in self.vat_summary}
        items_gross = {row.rate: row.gross for row in vat_summary((i.vat, i.total) for i in self.items)}
        if summary_gross != items_gross:
            raise ValueError(
                f"VAT summary gross per rate {summary_gross} does not match the items {items_gross}"
            )
        tendered = Money.sum(tender.amount for tender in self.tenders)
        if tendered != self.total:
            raise ValueError(f"tenders add up to {tendered}, not the total {self.total}")

    @property
    def bonus_spent(self) -> Money:
        """The card's bonus used on this receipt (a positive amount), from its bonus items."""
        return -Money.sum(item.total for item in self.items if item.is_bonus)

    @property
    def is_training(self) -> bool:
        return self.environment != "live"

    def as_reprint(self) -> Receipt:
        return replace(self, reprint=True)

    def with_fiscal(self, mark: FiscalMark | None) -> Receipt:
        return self if mark is None else replace(self, fiscal=mark)

    @classmethod
    def for_sale(
        cls,
        *,
        basket: Basket,
        tenders: Sequence[TenderLine],
        header: ShopHeader,
        till_id: str,
        sale_number: str,
        created_at: datetime,
        environment: Environment,
        kind: ReceiptKind = ReceiptKind.SALE,
        bonus_items: Sequence[ReceiptItem] = (),
        server_lines: Sequence[ServerLine] = (),
        card_number_masked: str | None = None,
        footer_lines: Sequence[str] = (),
        barcode: str | None = None,
    ) -> Receipt:
        """A paid receipt whose items come from ``basket`` (then ``bonus_items``, the server's
        negative bonus lines, if the card's bonus was spent) with total and VAT summary computed
        from them."""
        if kind not in _PAID_KINDS:
            raise ValueError(f"for_sale() builds sale, card-load and new-card receipts, not {kind.value}")
        if not all(item.is_bonus for item in bonus_items):
            raise ValueError("bonus_items must be marked is_bonus (the server's bonus lines)")
        items = tuple(ReceiptItem.from_line(line) for line in basket) + tuple(bonus_items)
        return cls(
            kind=kind,
            header=header,
            till_id=till_id,
            sale_number=sale_number,
            created_at=created_at,
            environment=environment,
            items=items,
            total=Money.sum(item.total for item in items),
            vat_summary=vat_summary((item.vat, item.total) for item in items),
            tenders=tuple(tenders),
            server_lines=tuple(server_lines),
            card_number_masked=card_number_masked,
            footer_lines=tuple(footer_lines),
            barcode=barcode,
        )
