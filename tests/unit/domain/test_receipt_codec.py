from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.document_fields import DocumentFormatError
from cashier.domain.fiscal import FiscalMark, TseSignature
from cashier.domain.money import Money
from cashier.domain.receipt import (
    Decoration,
    NameValueLine,
    Receipt,
    ReceiptItem,
    ReceiptKind,
    SeparatorLine,
    ServerLine,
    ShopHeader,
    SpaceLine,
    TenderKind,
    TenderLine,
    TextLine,
)
from cashier.domain.receipt_codec import dumps_receipt, loads_receipt, receipt_from_json, receipt_to_json
from cashier.domain.vat import VatRate, vat_summary
from tests.helpers import receipts, tse_marks

SAMPLES = {**receipts.all_receipts()}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_receipt_reads_back_exactly(name: str) -> None:
    receipt = SAMPLES[name]
    assert loads_receipt(dumps_receipt(receipt)) == receipt
    assert receipt_from_json(json.loads(json.dumps(receipt_to_json(receipt)))) == receipt


def test_the_json_is_plain_and_readable() -> None:
    receipt = receipts.sale_with_card_bonus_and_cash()
    data = receipt_to_json(receipt)
    assert data["version"] == 1
    assert data["total"] == 756
    assert data["created_at"] == "2025-02-10T09:13:05+01:00"
    assert data["tenders"][1] == {
        "kind": "cash",
        "amount": 276,
        "given": 500,
        "change": 224,
        "reference": None,
    }
    assert data["server_lines"][0] == {"type": "separator", "value": {"caption": "Kundenkarte"}}
    assert "Bäckerei" in dumps_receipt(receipt)  # umlauts stay readable in the journal


def test_a_reprint_flag_survives() -> None:
    receipt = receipts.sepa_sale().as_reprint()
    assert loads_receipt(dumps_receipt(receipt)).reprint is True


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(version=2), "format 2"),
        (lambda d: d.pop("till_id"), "missing field 'till_id'"),
        (lambda d: d.update(total="7,56"), "receipt.total: expected a whole number"),
        (lambda d: d.update(kind="gift"), "unknown receipt kind"),
        (lambda d: d.update(environment="prod"), "unknown environment"),
        (lambda d: d.update(created_at="2025-02-10T09:13:05"), "has no time zone"),
        (lambda d: d["items"][0].update(vat=16), "16 is not a VAT rate"),
        (lambda d: d["tenders"][0].update(kind="voucher"), "unknown tender kind"),
        (lambda d: d.update(total=1), "items add up to"),
        (lambda d: d["server_lines"].append({"type": "hologram"}), "does not read back"),
        (lambda d: d.update(items={}), "expected a list"),
        (lambda d: d["header"].update(name=" "), "the shop header needs a name"),
    ],
)
def test_a_damaged_document_is_refused_with_the_field(mutate: object, message: str) -> None:
    data = receipt_to_json(receipts.sale_with_card_bonus_and_cash())
    mutate(data)  # type: ignore[operator]
    with pytest.raises(DocumentFormatError, match=message):
        receipt_from_json(data)


def test_the_fiscal_mark_is_plain_json_and_reads_back() -> None:
    receipt = receipts.signed_sale()
    assert receipt.fiscal is not None
    assert receipt.fiscal.signature is not None
    data = json.loads(dumps_receipt(receipt))
    fiscal = data["fiscal"]
    assert set(fiscal) == {"signature", "failure", "training", "client_serial"}
    assert fiscal["failure"] is None
    assert fiscal["training"] is False
    assert fiscal["signature"]["time_start"] == "2025-02-10T08:13:01+00:00"
    assert fiscal["signature"]["qr_code_data"] == receipt.fiscal.signature.qr_code_data
    assert receipt_from_json(data) == receipt
    unsigned = receipt_to_json(receipts.unsigned_sale())["fiscal"]
    assert unsigned == {
        "signature": None,
        "failure": tse_marks.FAILURE,
        "training": False,
        "client_serial": None,
    }
    assert receipt_to_json(receipts.sepa_sale())["fiscal"] is None


@pytest.mark.parametrize("name", ["sale-tse", "sale-tse-failed", "sale-tse-training", "cancellation-tse"])
def test_a_reprint_carries_the_same_mark(name: str) -> None:
    receipt = SAMPLES[name]
    reprint = loads_receipt(dumps_receipt(receipt.as_reprint()))
    assert reprint.fiscal == receipt.fiscal
    assert reprint.fiscal is not None


def test_a_receipt_written_before_the_tse_reads_back_without_a_mark() -> None:
    data = receipt_to_json(receipts.sale_with_card_bonus_and_cash())
    del data["fiscal"]  # as every receipt in a journal from before issue #20
    receipt = receipt_from_json(data)
    assert receipt.fiscal is None
    assert receipt == receipts.sale_with_card_bonus_and_cash()


def _signature_data(data: dict[str, object]) -> dict[str, object]:
    fiscal = data["fiscal"]
    assert isinstance(fiscal, dict)
    return fiscal["signature"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(fiscal=[]), r"receipt.fiscal: expected an object"),
        (lambda d: d["fiscal"].pop("signature"), r"receipt.fiscal: missing field 'signature'"),
        (lambda d: d["fiscal"].update(training="no"), r"receipt.fiscal.training: expected true or false"),
        (lambda d: d["fiscal"].update(failure="TSE down"), "either signed or says why not"),
        (lambda d: d["fiscal"].update(signature=None), "either signed or says why not"),
        (
            lambda d: _signature_data(d).pop("signature_counter"),
            r"signature: a TSE signature needs signature_counter",
        ),
        (lambda d: _signature_data(d).update(number="17"), "number must be an int"),
        (lambda d: _signature_data(d).update(tss_serial=4711), r"signature.tss_serial: expected text"),
        (lambda d: _signature_data(d).update(time_end="2025-02-10T08:13:05"), "must carry a time zone"),
        (lambda d: _signature_data(d).update(time_start="yesterday"), r"receipt.fiscal.signature: Invalid"),
    ],
)
def test_a_damaged_fiscal_mark_is_refused_with_the_field(mutate: object, message: str) -> None:
    data = receipt_to_json(receipts.signed_sale())
    mutate(data)  # type: ignore[operator]
    with pytest.raises(DocumentFormatError, match=message):
        receipt_from_json(data)


def test_text_that_is_not_json_is_refused() -> None:
    with pytest.raises(DocumentFormatError, match="not JSON"):
        loads_receipt("{broken")


# --- Hypothesis: any receipt the domain accepts reads back exactly ------------------------------

texts = st.text(max_size=30)
decorations = st.frozensets(st.sampled_from(list(Decoration)))
server_lines: st.SearchStrategy[ServerLine] = st.one_of(
    st.builds(SeparatorLine, st.none() | texts),
    st.builds(TextLine, texts, decorations),
    st.builds(NameValueLine, texts, texts, decorations),
    st.just(SpaceLine()),
)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(
        min_value=datetime.fromisoformat("2000-01-01"), max_value=datetime.fromisoformat("2100-01-01")
    ),
    offsets,
)
items = st.builds(
    lambda description, quantity, cents, vat, article: ReceiptItem(
        description, quantity, Money(cents), Money(cents * quantity), vat, article
    ),
    texts,
    st.integers(1, 99),
    st.integers(0, 100_000),
    st.sampled_from(list(VatRate)),
    st.none() | texts,
)


signatures = st.builds(
    lambda text, numbers, start, seconds: TseSignature(
        *text[:2], numbers[0], start, start + timedelta(seconds=seconds), numbers[1], *text[2:]
    ),
    st.lists(texts, min_size=11, max_size=11),
    st.tuples(st.integers(0, 2**63), st.integers(0, 2**63)),
    moments,
    st.integers(0, 3600),
)
marks = st.one_of(
    st.none(),
    st.builds(FiscalMark, signature=signatures, training=st.booleans()),
    st.builds(FiscalMark, failure=texts, training=st.booleans()),
)


@st.composite
def paid_receipts(draw: st.DrawFn) -> Receipt:
    chosen = tuple(draw(st.lists(items, max_size=5)))
    total = Money.sum(item.total for item in chosen)
    card_part = Money(draw(st.integers(0, total.cents)))
    rest = total - card_part
    tender_kind = draw(st.sampled_from([TenderKind.CASH, TenderKind.TERMINAL, TenderKind.SEPA]))
    if tender_kind is TenderKind.CASH:
        last = TenderLine.cash(rest, rest + Money(draw(st.integers(0, 5000))))
    else:
        last = TenderLine(tender_kind, rest, reference=draw(st.none() | texts))
    return Receipt(
        kind=draw(st.sampled_from([ReceiptKind.SALE, ReceiptKind.CARD_LOAD, ReceiptKind.NEW_CARD])),
        header=ShopHeader(
            draw(texts.filter(str.strip)),
            tuple(draw(st.lists(texts, max_size=3))),
            draw(st.none() | texts),
            draw(st.none() | texts),
        ),
        till_id=draw(texts),
        sale_number=draw(texts),
        created_at=draw(moments),
        environment=draw(st.sampled_from(["simulator", "testing", "live", "custom"])),
        total=total,
        items=chosen,
        vat_summary=vat_summary((item.vat, item.total) for item in chosen),
        tenders=(TenderLine(TenderKind.CARD_CASH_BALANCE, card_part), last),
        server_lines=tuple(draw(st.lists(server_lines, max_size=8))),
        card_number_masked=draw(st.none() | texts),
        footer_lines=tuple(draw(st.lists(texts, max_size=3))),
        barcode=draw(st.none() | texts),
        reprint=draw(st.booleans()),
        merchant_copy=draw(st.booleans()),
        signature_required=draw(st.booleans()),
        fiscal=draw(marks),
    )


@given(paid_receipts())
def test_round_trip_is_exact(receipt: Receipt) -> None:
    assert loads_receipt(dumps_receipt(receipt)) == receipt
