"""The TSE block on paper (§ 6 KassenSichV): receipt → ESC/POS bytes → decoded, on 80 and 58 mm."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cashier.domain.fiscal import FiscalMark
from cashier.domain.receipt import Receipt
from cashier.printing.escpos_decode import Decoded, Line, QrCode, decode, lines_of, plain_text
from cashier.printing.fiscal_block import QR_TOO_LONG, TRAINING_MARK, TSE_FAILED, tse_time, utc_offset
from cashier.printing.profile import PAPER_58MM, PAPER_80MM, PrinterProfile
from cashier.printing.qr import QUIET_MODULES, qr_width
from cashier.printing.receipt_layout import SIGNATURE_LABEL, merchant_copy_of, render_receipt
from cashier.printing.samples import SAMPLE_TSE, sample_sale
from cashier.printing.sections import COPY_BANNER
from cashier.printing.text import printable
from tests.helpers import receipts, tse_marks

PROFILES = pytest.mark.parametrize("profile", [PAPER_80MM, PAPER_58MM], ids=lambda p: f"{p.columns}")
TRAINING = "TRAINING - KEIN ECHTER BELEG"  # the banner as printed (CP858 has no en dash)
LABELS = (
    "TSE-Transaktion",
    "TSE-Signaturzähler",
    "TSE-Start",
    "TSE-Stop",
    "Kassen-Seriennummer",
    "TSE-Seriennummer",
    "TSE-Signatur",
    "TSE-Zeitformat",
    "TSE-Hashalgorithmus",
)


def rendered(receipt: Receipt, profile: PrinterProfile) -> list[Decoded]:
    items = decode(render_receipt(receipt, profile))
    for line in lines_of(items):
        assert line.dots() <= profile.dots, (line.text, profile.columns)  # nothing cut
    return items


def texts(items: list[Decoded]) -> list[str]:
    return [item.text.strip() for item in items if isinstance(item, Line)]


def qr_codes(items: list[Decoded]) -> list[QrCode]:
    return [item for item in items if isinstance(item, QrCode)]


def value_of(lines: list[str], label: str) -> str:
    """What is printed for ``label``: beside it, or on the lines under it up to the next label
    (joined without the blanks a wrap or a right-aligned value adds)."""
    index = next(i for i, line in enumerate(lines) if line.split("  ")[0].strip() == label or line == label)
    beside = lines[index][len(label) :].strip()
    if beside:
        return beside
    value = []
    for line in lines[index + 1 :]:
        if not line or line.startswith(LABELS) or set(line) == {"-"}:
            break
        value.append(line)
    return "".join("".join(value).split())


def _block_start(lines: list[str]) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(("TSE-Transaktion", TRAINING_MARK)))


def sequence(items: list[Decoded]) -> list[str]:
    """Lines and QR codes in print order ("[QR]" for a code)."""
    return [
        item.text.strip() if isinstance(item, Line) else "[QR]"
        for item in items
        if isinstance(item, Line | QrCode)
    ]


@PROFILES
def test_a_signed_receipt_prints_every_section_6_field_and_the_qr_code(profile: PrinterProfile) -> None:
    receipt = receipts.signed_sale()
    assert receipt.fiscal is not None
    assert receipt.fiscal.signature is not None
    signature = receipt.fiscal.signature
    items = rendered(receipt, profile)
    lines = texts(items)

    assert value_of(lines, "TSE-Transaktion") == "17"
    assert value_of(lines, "TSE-Signaturzähler") == "35"
    # 08:13:01 UTC is 09:13:01 in the receipt's own offset (+01:00), which is printed too
    assert value_of(lines, "TSE-Start") == "10.02.2025 09:13:01"
    assert value_of(lines, "TSE-Stop") == "10.02.2025 09:13:05"
    assert "Zeiten: Ortszeit (UTC+01:00)" in lines
    assert value_of(lines, "TSE-Seriennummer") == signature.tss_serial
    assert value_of(lines, "TSE-Signatur") == signature.signature
    assert value_of(lines, "Kassen-Seriennummer") == "".join(signature.client_serial.split())
    assert "".join(value_of(lines, "TSE-Zeitformat").split()) == "unixTime"
    assert "".join(value_of(lines, "TSE-Hashalgorithmus").split()) == "ecdsa-plain-SHA256"

    [qr] = qr_codes(items)
    assert qr.payload == signature.qr_code_data.encode("utf-8")  # byte for byte
    assert len(qr.text.split(";")) == 12
    assert 330 < len(qr.payload) < 400  # like fiskaly's
    assert (qr.model, qr.level, qr.align) == (2, "M", "center")
    assert qr.module_size == 4  # half a millimetre
    modules = qr_width(qr.payload, "M")
    assert modules is not None
    assert (modules + 2 * QUIET_MODULES) * qr.module_size <= profile.dots  # with its quiet zone

    # after the till's and the terminal's lines, before the thanks; the QR ends the block
    order = sequence(items)
    block = next(i for i, text in enumerate(order) if text.startswith("TSE-Transaktion"))
    assert order.index("Karte akzeptiert") < block < order.index("[QR]")
    assert order.index("[QR]") < order.index("Vielen Dank für Ihren Einkauf!")
    assert not any(text.startswith(LABELS) for text in order[order.index("[QR]") :])
    assert TRAINING_MARK not in lines
    assert TRAINING not in lines


@PROFILES
def test_the_qr_code_and_block_are_the_same_on_a_reprint(profile: PrinterProfile) -> None:
    first = rendered(receipts.signed_sale(), profile)
    again = rendered(receipts.signed_sale().as_reprint(), profile)
    assert COPY_BANNER in texts(again)
    assert COPY_BANNER not in texts(first)
    assert qr_codes(again) == qr_codes(first)
    first_block = texts(first)[_block_start(texts(first)) :]
    again_block = texts(again)[_block_start(texts(again)) :]
    assert first_block == again_block  # the block, the thanks and the banner: all the same


@PROFILES
def test_a_cancellation_carries_its_own_tse_block(profile: PrinterProfile) -> None:
    receipt = receipts.signed_cancellation()
    items = rendered(receipt, profile)
    lines = texts(items)
    assert "STORNO" in lines
    assert value_of(lines, "TSE-Transaktion") == "18"
    assert value_of(lines, "TSE-Start") == "10.02.2025 11:13:01"
    [qr] = qr_codes(items)
    assert ";Beleg^-2.80_-1.80_0.00_0.00_0.00^-4.60:Bar;18;37;" in qr.text


@PROFILES
def test_an_unsigned_receipt_says_the_tse_failed_and_has_no_qr_code(profile: PrinterProfile) -> None:
    items = rendered(receipts.unsigned_sale(), profile)
    lines = texts(items)
    assert TSE_FAILED in lines
    assert tse_marks.FAILURE in lines
    assert not qr_codes(items)
    assert not any(line.startswith(LABELS) for line in lines)  # no transaction number: none was given
    failed = next(item for item in items if isinstance(item, Line) and item.text.strip() == TSE_FAILED)
    assert failed.bold
    assert failed.height == 2
    assert lines.index("OFFLINE-VERKAUF") > lines.index(TSE_FAILED)  # the footer follows the block


@PROFILES
def test_a_training_receipt_is_marked_in_the_block_and_by_the_banners(profile: PrinterProfile) -> None:
    lines = texts(rendered(receipts.training_sale(), profile))
    assert lines.count(TRAINING) == 2  # top and bottom, as every non-live receipt
    assert _block_start(lines) == lines.index(TRAINING_MARK)  # the mark heads the block
    assert lines[lines.index(TRAINING_MARK) + 1].startswith("TSE-Transaktion")


@PROFILES
def test_a_live_receipt_signed_as_training_gets_the_banners_too(profile: PrinterProfile) -> None:
    receipt = replace(receipts.signed_sale(), fiscal=tse_marks.training())
    assert receipt.environment == "live"
    assert receipt.is_training
    items = rendered(receipt, profile)
    lines = texts(items)
    assert lines.count(TRAINING) == 2
    assert not any(line.startswith("Umgebung") for line in lines)  # it is the live environment
    headline = next(item for item in items if isinstance(item, Line) and item.text.strip() == TRAINING_MARK)
    assert headline.width == 2
    assert headline.height == 2
    assert headline.align == "center"


@PROFILES
def test_a_receipt_without_a_mark_prints_nothing_fiscal(profile: PrinterProfile) -> None:
    receipt = replace(receipts.signed_sale(), fiscal=None)
    items = rendered(receipt, profile)
    assert not qr_codes(items)
    assert not any(line.startswith((*LABELS, TSE_FAILED, TRAINING_MARK)) for line in texts(items))


@PROFILES
def test_a_summer_time_receipt_prints_its_own_offset(profile: PrinterProfile) -> None:
    cest = timezone(timedelta(hours=2))
    start = datetime(2025, 7, 1, 22, 59, 58, tzinfo=UTC)  # 00:59:58 on 2 July in Berlin
    receipt = replace(
        receipts.signed_sale(),
        created_at=datetime(2025, 7, 2, 1, 0, 3, tzinfo=cest),
        fiscal=tse_marks.signed(start=start),
    )
    lines = texts(rendered(receipt, profile))
    assert value_of(lines, "TSE-Start") == "02.07.2025 00:59:58"
    assert value_of(lines, "TSE-Stop") == "02.07.2025 01:00:02"
    assert "Zeiten: Ortszeit (UTC+02:00)" in lines


def test_times_and_offsets_as_printed() -> None:
    assert tse_time(datetime(2025, 2, 10, 9, 3, 7, tzinfo=UTC)) == "10.02.2025 09:03:07"
    assert utc_offset(datetime(2025, 2, 10, tzinfo=UTC)) == "UTC"
    assert utc_offset(datetime(2025, 2, 10, tzinfo=timezone(timedelta(hours=1)))) == "UTC+01:00"
    assert utc_offset(datetime(2025, 2, 10, tzinfo=timezone(-timedelta(hours=3, minutes=30)))) == "UTC-03:30"


@PROFILES
def test_a_qr_payload_too_long_for_the_paper_is_said_not_printed(profile: PrinterProfile) -> None:
    signature = tse_marks.signature()
    huge = replace(signature, qr_code_data=signature.qr_code_data + ";" + "x" * 3000)
    receipt = replace(receipts.signed_sale(), fiscal=FiscalMark(signature=huge))
    items = rendered(receipt, profile)
    assert not qr_codes(items)
    assert printable(QR_TOO_LONG) in texts(items)
    assert value_of(texts(items), "TSE-Signatur") == signature.signature  # the text block stands


def test_the_decoded_text_shows_the_qr_data() -> None:
    receipt = receipts.signed_sale()
    assert receipt.fiscal is not None
    assert receipt.fiscal.signature is not None
    text = plain_text(render_receipt(receipt, PAPER_58MM), 32)
    assert f"[QR {receipt.fiscal.signature.qr_code_data}]" in text.splitlines()


def test_the_test_signatures_are_real_p256_signatures() -> None:
    signature = tse_marks.signature()
    tse_marks.verify(signature)
    assert len(signature.signature) == 88
    assert len(signature.public_key) == 88
    assert len(signature.tss_serial) == 64


# --- whatever the TSE sends, the block prints within the paper and nothing is cut ------------

identifiers = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=150)


@settings(max_examples=60, deadline=None)
@given(
    client=identifiers,
    serial=identifiers,
    value=identifiers,
    algorithm=identifiers,
    profile=st.sampled_from([PAPER_80MM, PAPER_58MM]),
)
def test_any_tse_text_fits_the_paper_and_is_printed_whole(
    client: str, serial: str, value: str, algorithm: str, profile: PrinterProfile
) -> None:
    signature = replace(
        tse_marks.signature(), client_serial=client, tss_serial=serial, signature=value, algorithm=algorithm
    )
    receipt = replace(receipts.signed_sale(), fiscal=FiscalMark(signature=signature))
    items = rendered(receipt, profile)
    printed = "".join("".join(line.split()) for line in texts(items))
    for text in (client, serial, value, algorithm):
        assert "".join(printable(text).split()) in printed
    [qr] = qr_codes(items)
    assert qr.payload == signature.qr_code_data.encode("utf-8")


@settings(max_examples=30, deadline=None)
@given(reason=st.text(max_size=200), profile=st.sampled_from([PAPER_80MM, PAPER_58MM]))
def test_any_failure_reason_fits_the_paper(reason: str, profile: PrinterProfile) -> None:
    receipt = replace(receipts.unsigned_sale(), fiscal=FiscalMark(failure=reason))
    items = rendered(receipt, profile)
    assert TSE_FAILED in texts(items)
    assert not qr_codes(items)


@PROFILES
def test_the_merchant_copy_of_a_direct_debit_carries_the_block_under_the_signature(
    profile: PrinterProfile,
) -> None:
    receipt = replace(merchant_copy_of(receipts.sepa_sale()), environment="live", fiscal=tse_marks.signed())
    items = rendered(receipt, profile)
    lines = texts(items)
    signature_line = lines.index(SIGNATURE_LABEL)
    block = _block_start(lines)
    assert signature_line < block
    assert set(lines[block - 1]) == {"-"}  # a rule parts the signature from the block
    assert len(qr_codes(items)) == 1


def test_the_sample_receipt_carries_a_training_block_whose_signature_verifies() -> None:
    receipt = sample_sale()
    assert receipt.fiscal == FiscalMark(signature=SAMPLE_TSE, training=True)
    tse_marks.verify(SAMPLE_TSE)  # made with the test key over the QR code's fields
    lines = texts(rendered(receipt, PAPER_58MM))
    assert TRAINING_MARK in lines
