"""Whatever text reaches a receipt, it prints: no error, nothing wider than the paper."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from cashier.domain.money import Money
from cashier.domain.receipt import (
    Decoration,
    NameValueLine,
    Receipt,
    ReceiptItem,
    SeparatorLine,
    ServerLine,
    ShopHeader,
    SpaceLine,
    TenderKind,
    TenderLine,
    TextLine,
)
from cashier.domain.vat import VatRate, vat_summary
from cashier.printing.escpos_decode import CodePage, Reset, decode, lines_of
from cashier.printing.profile import PAPER_58MM, PAPER_80MM, PrinterProfile
from cashier.printing.receipt_layout import render_receipt
from cashier.printing.report_layout import render_balance_slip
from tests.helpers import receipts

any_text = st.text(max_size=120)
decorations = st.frozensets(st.sampled_from(list(Decoration)))
server_lines: st.SearchStrategy[ServerLine] = st.one_of(
    st.builds(SeparatorLine, st.none() | any_text),
    st.builds(TextLine, any_text, decorations),
    st.builds(NameValueLine, any_text, any_text, decorations),
    st.just(SpaceLine()),
)
profiles = st.sampled_from([PAPER_80MM, PAPER_58MM])


@st.composite
def receipts_with_any_text(draw: st.DrawFn) -> Receipt:
    items = tuple(
        ReceiptItem(
            draw(any_text),
            quantity,
            Money(cents),
            Money(cents * quantity),
            draw(st.sampled_from(list(VatRate))),
        )
        for quantity, cents in draw(
            st.lists(st.tuples(st.integers(1, 999), st.integers(0, 10**7)), max_size=4)
        )
    )
    total = Money.sum(item.total for item in items)
    header = ShopHeader(
        draw(any_text.filter(str.strip)),
        tuple(draw(st.lists(any_text, max_size=3))),
        draw(st.none() | any_text),
        draw(st.none() | any_text),
    )
    return replace(
        receipts.sale_with_card_bonus_and_cash(),
        header=header,
        till_id=draw(any_text),
        sale_number=draw(any_text),
        items=items,
        total=total,
        vat_summary=vat_summary((item.vat, item.total) for item in items),
        tenders=(TenderLine(TenderKind.SEPA, total, reference=draw(st.none() | any_text)),),
        server_lines=tuple(draw(st.lists(server_lines, max_size=10))),
        card_number_masked=draw(st.none() | any_text),
        footer_lines=tuple(draw(st.lists(any_text, max_size=3))),
        barcode=draw(st.none() | any_text),
        merchant_copy=draw(st.booleans()),
        reprint=draw(st.booleans()),
        environment=draw(st.sampled_from(["simulator", "live"])),
    )


def check_fits(data: bytes, profile: PrinterProfile) -> None:
    items = decode(data)  # decodes: no stray control byte reached the printer
    assert items[:2] == [Reset(), CodePage(19, "cp858")]
    for line in lines_of(items):
        assert line.dots() <= profile.dots, (line.text, profile.columns)


@settings(max_examples=150)
@given(receipts_with_any_text(), profiles)
def test_any_receipt_text_renders_within_the_paper(receipt: Receipt, profile: PrinterProfile) -> None:
    check_fits(render_receipt(receipt, profile), profile)


@given(any_text, any_text, st.lists(server_lines, max_size=10), profiles)
def test_any_balance_slip_text_renders_within_the_paper(
    holder: str, group: str, lines: list[ServerLine], profile: PrinterProfile
) -> None:
    slip = replace(receipts.balance_slip(), holder=holder, card_group=group, server_lines=tuple(lines))
    check_fits(render_balance_slip(slip, profile), profile)
