"""Parts every printed document shares: banners, the shop header, dates, money columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Final

from PIL import Image

from cashier.domain.money import Money, format_amount
from cashier.domain.receipt import Environment, ShopHeader
from cashier.domain.vat import VatRow
from cashier.printing.escpos_builder import BOLD, CENTER, EMPHASIS, HEADLINE, NORMAL, Style, TicketBuilder
from cashier.printing.text import euro, printable, two_columns

TRAINING_BANNER: Final = "TRAINING – KEIN ECHTER BELEG"
COPY_BANNER: Final = "KOPIE"

ENVIRONMENT_NAMES: Final[dict[Environment, str]] = {
    "simulator": "Simulator",
    "testing": "Testsystem",
    "live": "Live",
    "custom": "Eigener Server",
}

BANNER: Final = replace(EMPHASIS, align="center")


def training_banner(builder: TicketBuilder, environment: Environment, *, training: bool = False) -> None:
    """The banner on every document that does not come from the live environment, and on one
    that is ``training`` in it (a receipt the TSE signed as training)."""
    if environment == "live" and not training:
        return
    builder.rule("*")
    builder.paragraph(TRAINING_BANNER, BANNER)
    if environment != "live":
        builder.paragraph(f"Umgebung: {ENVIRONMENT_NAMES[environment]}", CENTER)
    builder.rule("*")


def copy_banner(builder: TicketBuilder) -> None:
    builder.line(COPY_BANNER, HEADLINE)


def headline(builder: TicketBuilder, text: str) -> None:
    """A title: double size and centred when it fits, else bold double height, wrapped."""
    text = printable(text).strip()
    if len(text) <= builder.columns(HEADLINE):
        builder.line(text, HEADLINE)
    else:
        builder.paragraph(text, BANNER)


def shop_header(builder: TicketBuilder, header: ShopHeader, logo: Image.Image | None = None) -> None:
    if logo is not None:
        builder.image(logo)
    headline(builder, header.name)
    for address_line in header.address_lines:
        builder.paragraph(address_line, CENTER)
    if header.phone:
        builder.paragraph(f"Tel. {header.phone}", CENTER)
    if header.vat_id:
        builder.paragraph(f"USt-IdNr. {header.vat_id}", CENTER)


def date_time(moment: datetime) -> str:
    """``10.02.2025 09:13`` in the offset the moment was recorded with (the till's local time)."""
    return moment.strftime("%d.%m.%Y %H:%M")


def pair(builder: TicketBuilder, name: str, value: str, style: Style = NORMAL, *, indent: int = 0) -> None:
    """``name`` left, ``value`` flush right (wrapping when they do not fit)."""
    width = builder.columns(style)
    for part in two_columns(" " * indent + name, value, width):
        builder.line(part, style)


def amount_pair(
    builder: TicketBuilder, name: str, amount: Money, style: Style = NORMAL, *, indent: int = 0
) -> None:
    pair(builder, name, euro(amount), style, indent=indent)


def total_line(builder: TicketBuilder, label: str, amount: Money) -> None:
    """The total: double size when label and amount fit on one line so, else bold double height."""
    big = Style(bold=True, width=2, height=2)
    parts = two_columns(label, euro(amount), builder.columns(big))
    style = big if len(parts) == 1 else Style(bold=True, height=2)
    pair(builder, label, euro(amount), style)


def vat_table(builder: TicketBuilder, rows: Sequence[VatRow], *, sign: int = 1) -> None:
    """Net, tax and gross per VAT rate as a table, or one block per rate on narrow paper."""
    if not rows:
        return
    width = builder.columns()
    labels = [f"{row.rate.letter} {row.rate.percent:>2} %" for row in rows]
    cells = [[format_amount(amount * sign) for amount in (row.net, row.tax, row.gross)] for row in rows]
    if len(rows) > 1:
        labels.append("Summe")
        cells.append(
            [
                format_amount(Money.sum(getattr(row, part) for row in rows) * sign)
                for part in ("net", "tax", "gross")
            ]
        )
    head = ["Netto", "MwSt", "Brutto"]
    label_width = max(len("Satz"), *(len(label) for label in labels))
    cell_width = max(len(cell) for cell in [*head, *(c for row in cells for c in row)]) + 1
    column = (width - label_width) // 3
    if column >= cell_width:
        lead = width - 3 * column
        builder.line("Satz".ljust(lead) + "".join(h.rjust(column) for h in head))
        for label, row_cells in zip(labels, cells, strict=True):
            style = BOLD if label == "Summe" else NORMAL
            builder.line(label.ljust(lead) + "".join(c.rjust(column) for c in row_cells), style)
        return
    for label, row_cells in zip(labels, cells, strict=True):
        builder.line(f"MwSt {label}" if label != "Summe" else "MwSt gesamt", BOLD)
        for name, cell in zip(head, row_cells, strict=True):
            pair(builder, name, f"{cell} €", indent=2)


def card_line(builder: TicketBuilder, masked: str) -> None:
    pair(builder, "Karte", masked)
