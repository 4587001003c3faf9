from __future__ import annotations

import pytest

from cashier.printing.escpos_decode import (
    Barcode,
    CodePage,
    Cut,
    DrawerKick,
    EscposDecodeError,
    Line,
    RasterImage,
    Reset,
    StatusQuery,
    TextStyle,
    Unsupported,
    decode,
    lines_of,
    plain_text,
)


def test_text_is_decoded_in_the_selected_code_page() -> None:
    items = decode(b"\x1b@\x1bt\x13Gr\x81\xe1e 12,50 \xd5\n")
    assert items[:2] == [Reset(), CodePage(19, "cp858")]
    assert lines_of(items)[0].text == "Grüße 12,50 €"


def test_a_reset_falls_back_to_code_page_0_like_a_printer() -> None:
    # python-escpos 3.1 forgets to send ESC t again after ESC @: the euro sign prints as ╒.
    items = decode(b"\x1bt\x13\xd5\n\x1b@\xd5\n")
    assert [line.text for line in lines_of(items)] == ["€", "╒"]


def test_unknown_code_pages_show_question_marks_for_high_bytes() -> None:
    assert lines_of(decode(b"\x1bt\x0fa\xa4\n"))[0].text == "a?"


def test_styles_alignment_and_sizes() -> None:
    data = b"\x1ba\x01\x1bE\x01Bold centre\n\x1b!\x30\x1bE\x01BIG\n\x1b!\x00\x1bE\x00\x1ba\x02right\n"
    first, big, right = lines_of(data)
    assert (first.text, first.align, first.bold) == ("Bold centre", "center", True)
    assert big.spans[0].style == TextStyle(bold=True, width=2, height=2)
    assert big.columns() == 6
    assert big.dots() == 72
    assert (right.text, right.align, right.bold) == ("right", "right", False)


def test_alignment_counts_from_the_start_of_a_line() -> None:
    line = lines_of(b"ab\x1ba\x01cd\n")[0]
    assert line.align == "left"
    assert line.text == "abcd"


def test_font_b_and_gs_size() -> None:
    small, wide = lines_of(b"\x1bM\x01tiny\n\x1bM\x00\x1d!\x10wide\n")
    assert small.font == "b"
    assert small.dots() == 4 * 9
    assert wide.width == 2
    assert wide.height == 1


def test_spans_split_where_the_style_changes() -> None:
    line = lines_of(b"a\x1bE\x01b\x1bE\x00c\n")[0]
    assert [(span.text, span.style.bold) for span in line.spans] == [("a", False), ("b", True), ("c", False)]
    assert not line.bold


def test_feed_prints_the_pending_line_then_empty_lines() -> None:
    assert [line.text for line in lines_of(b"abc\x1bd\x03")] == ["abc", "", ""]
    assert [line.text for line in lines_of(b"\x1bd\x02")] == ["", ""]


def test_drawer_kicks_and_barcodes() -> None:
    data = (
        b"\x1bp\x00\x19\xfa"  # drawer, pin 2, 50 ms on / 500 ms off
        b"\x1bp\x01\x32\x32"  # pin 5
        b"\x1dh\x40\x1dw\x03\x1dH\x02\x1dkI\x0d{B2025-000123"  # CODE128, function B: length byte
    )
    assert decode(data) == [
        DrawerKick(2, 50, 500),
        DrawerKick(5, 100, 100),
        Barcode(73, "2025-000123", height=64, module_width=3, text_below=True),
    ]


def test_function_a_barcodes_end_with_nul() -> None:
    (barcode,) = decode(b"\x1dk\x02400638133393\x00")
    assert isinstance(barcode, Barcode)
    assert barcode.data == "400638133393"


def test_cuts_images_status_and_unsupported_commands() -> None:
    image = b"\x1dv0\x00\x01\x00\x02\x00\x80\x01"
    items = decode(
        b"x\x1dV\x00" + b"\x1dV\x01" + b"\x1dVB\x00" + image + b"\x10\x04\x04" + b"\x1d(k\x03\x001A\x00"
    )
    assert items == [
        Line((items[0].spans[0],), "left"),  # type: ignore[union-attr]
        Cut(partial=False),
        Cut(partial=True),
        Cut(partial=True),
        RasterImage(8, 2, b"\x80\x01"),
        StatusQuery(4),
        Unsupported("GS ( k"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x1bZ", "unknown command ESC 0x5a at byte 0"),
        (b"ok\x1d\x99", "unknown command GS 0x99 at byte 2"),
        (b"\x1bt", "cut short"),
        (b"\x07", "unexpected control byte 0x07"),
        (b"\x1ba\x07", "ESC a with 7"),
        (b"\x1dk\x02123", "without its NUL"),
    ],
)
def test_garbage_is_reported_with_its_offset(data: bytes, message: str) -> None:
    with pytest.raises(EscposDecodeError, match=message):
        decode(data)


def test_plain_text_aligns_like_paper() -> None:
    data = b"\x1ba\x01mid\n\x1ba\x02end\n\x1ba\x00\x1b!\x20WIDE\n\x1dV\x00"
    assert plain_text(data, 10) == "   mid\n       end\nWIDE\n[cut]"
