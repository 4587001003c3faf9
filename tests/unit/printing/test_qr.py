"""QR codes: the print size chosen for the paper, the ``GS ( k`` bytes, and reading them back."""

from __future__ import annotations

import pytest

from cashier.printing.escpos_builder import TicketBuilder
from cashier.printing.escpos_decode import Line, QrCode, Reset, Unsupported, decode, plain_text
from cashier.printing.profile import PAPER_58MM, PAPER_80MM, PrinterProfile
from cashier.printing.qr import MAX_MODULE_DOTS, MIN_MODULE_DOTS, QUIET_MODULES, QrFit, qr_fit, qr_width
from tests.helpers import tse_marks

PAYLOAD = tse_marks.signature().qr_code_data.encode("utf-8")


def gs_k(function: int, data: bytes) -> bytes:
    """``GS ( k`` for QR codes (cn 49) written by hand, as Epson documents it."""
    size = len(data) + 2
    return b"\x1d(k" + bytes([size % 256, size // 256, 49, function]) + data


def test_a_fiskaly_payload_is_version_14_or_15_at_level_m() -> None:
    assert len(PAYLOAD) == 361  # 12 fields, an 88-character signature and public key
    assert qr_width(PAYLOAD, "M") == 17 + 4 * 14
    assert qr_width(PAYLOAD, "L") == 17 + 4 * 12
    longer = PAYLOAD + b"_0.00:Bar"  # a little more process data: one version up (362 bytes fit 14-M)
    assert qr_width(longer, "M") == 17 + 4 * 15


@pytest.mark.parametrize("profile", [PAPER_80MM, PAPER_58MM], ids=["48", "32"])
def test_the_fiskaly_payload_prints_at_level_m_with_half_millimetre_modules(profile: PrinterProfile) -> None:
    fit = qr_fit(PAYLOAD, profile.dots)
    assert fit == QrFit("M", 4, 73)
    assert (fit.modules + 2 * QUIET_MODULES) * fit.module_dots <= profile.dots
    assert fit.dots == 292  # 36.5 mm at 203 dpi, on either paper
    bigger = qr_fit(PAYLOAD + b"_0.00:Bar", profile.dots)
    assert bigger == QrFit("M", 4, 77)  # 38.5 mm, still with its quiet zone on 58 mm paper


def test_longer_data_falls_back_to_level_l_then_gives_up() -> None:
    # 1200 bytes: level M is 133 modules, (133 + 8) × 3 dots > 384; level L is 117, 375 dots
    fit = qr_fit(b"x" * 1200, PAPER_58MM.dots)
    assert fit == QrFit("L", MIN_MODULE_DOTS, 117)
    assert qr_fit(b"x" * 1200, PAPER_80MM.dots) == QrFit("M", 4, 133)  # (133 + 8) × 4 = 564 dots
    assert qr_fit(b"x" * 3000, PAPER_58MM.dots) is None  # past version 40
    assert qr_fit(b"", PAPER_80MM.dots) is None


def test_short_data_is_capped_at_the_biggest_module() -> None:
    fit = qr_fit(b"V0;short", PAPER_80MM.dots)
    assert fit is not None
    assert fit.module_dots == MAX_MODULE_DOTS


@pytest.mark.parametrize("profile", [PAPER_80MM, PAPER_58MM], ids=["48", "32"])
def test_the_builder_sends_model_2_size_level_the_data_and_print(profile: PrinterProfile) -> None:
    builder = TicketBuilder(profile)
    assert builder.qr(PAYLOAD.decode("utf-8"))
    data = builder.output
    fit = qr_fit(PAYLOAD, profile.dots)
    assert fit is not None
    expected = (
        b"\x1ba\x01"  # centred
        + gs_k(65, b"2\x00")  # model 2
        + gs_k(67, bytes([fit.module_dots]))
        + gs_k(69, b"1")  # level M
        + gs_k(80, b"0" + PAYLOAD)  # store the data
        + gs_k(81, b"0")  # print it
    )
    assert data.endswith(expected)
    assert [item for item in decode(data) if isinstance(item, QrCode)] == [
        QrCode(PAYLOAD, 2, fit.module_dots, "M", "center")
    ]


def test_the_builder_refuses_what_does_not_fit() -> None:
    builder = TicketBuilder(PAPER_58MM)
    before = builder.output
    assert not builder.qr("x" * 3000)
    assert not builder.qr("")
    assert builder.output == before


def test_hand_written_qr_commands_decode_with_their_settings() -> None:
    data = (
        b"\x1ba\x02"
        + gs_k(65, b"1\x00")
        + gs_k(67, b"\x06")
        + gs_k(69, b"3")
        + gs_k(80, b"0" + "Grüße;€".encode())
        + gs_k(82, b"0")  # size information: prints nothing
        + gs_k(81, b"0")
        + b"after\n"
    )
    items = decode(data)
    assert items[0] == QrCode("Grüße;€".encode(), 1, 6, "H", "right")
    assert items[0].text == "Grüße;€"
    assert isinstance(items[1], Line)
    assert items[1].text == "after"


def test_a_reset_forgets_the_stored_symbol_and_settings() -> None:
    data = (
        gs_k(67, b"\x08") + gs_k(80, b"0abc") + b"\x1b@" + gs_k(81, b"0") + gs_k(80, b"0x") + gs_k(81, b"0")
    )
    assert decode(data) == [Reset(), QrCode(b"x", 2, 3, "L", "left")]


def test_unknown_qr_functions_and_other_2d_codes_are_unsupported() -> None:
    pdf417 = b"\x1d(k\x03\x000A\x00"  # cn 48
    assert decode(gs_k(65, b"\x00") + gs_k(99, b"") + pdf417) == [
        Unsupported("GS ( k"),
        Unsupported("GS ( k"),
        Unsupported("GS ( k"),
    ]


def test_plain_text_shows_the_qr_data() -> None:
    builder = TicketBuilder(PAPER_80MM)
    builder.line("before")
    builder.qr("V0;a;b")
    assert plain_text(builder.output, 48).splitlines() == ["before", "[QR V0;a;b]"]
