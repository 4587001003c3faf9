"""A :class:`~cashier.domain.receipt.Receipt` as JSON and back, for the journal.

The print queue stores the receipt document before it prints it, so that a failed print can
be retried and any receipt reprinted later from the journal exactly as it was. The codec is
exact: ``receipt_from_json(receipt_to_json(r)) == r`` for every receipt (Hypothesis-tested).

Format: a JSON object with ``"version": 1``; amounts are integer cents, VAT rates integer
percent, times ISO 8601 with their offset, the server's lines in their wire shape
(docs/secuconnect.md §5.2), the TSE's mark as ``"fiscal"``: ``null`` or
``{"signature": <signature_to_dict> | null, "failure": text | null, "training": bool}``.
Receipts written before the till had a TSE have no ``"fiscal"`` and read back without a mark.
A document that does not read back raises
:class:`~cashier.domain.document_fields.DocumentFormatError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from typing import Final

from cashier.domain import document_fields as f
from cashier.domain.document_fields import DocumentFormatError
from cashier.domain.fiscal import FiscalMark, TseSignature, signature_from_dict, signature_to_dict
from cashier.domain.receipt import (
    ENVIRONMENTS,
    Environment,
    Receipt,
    ReceiptError,
    ReceiptItem,
    ReceiptKind,
    ServerLine,
    ShopHeader,
    TenderKind,
    TenderLine,
    server_receipt_from_json,
    server_receipt_to_json,
)
from cashier.domain.vat import VatError, VatRate, VatRow

FORMAT_VERSION: Final = 1


# --- writing ---------------------------------------------------------------------------------


def header_to_json(header: ShopHeader) -> dict[str, object]:
    return {
        "name": header.name,
        "address_lines": list(header.address_lines),
        "vat_id": header.vat_id,
        "phone": header.phone,
    }


def _item_to_json(item: ReceiptItem) -> dict[str, object]:
    return {
        "description": item.description,
        "quantity": item.quantity,
        "unit_price": item.unit_price.cents,
        "total": item.total.cents,
        "vat": item.vat.percent,
        "article_number": item.article_number,
        "is_bonus": item.is_bonus,
    }


def vat_row_to_json(row: VatRow) -> dict[str, object]:
    return {"rate": row.rate.percent, "net": row.net.cents, "tax": row.tax.cents, "gross": row.gross.cents}


def _tender_to_json(tender: TenderLine) -> dict[str, object]:
    return {
        "kind": tender.kind.value,
        "amount": tender.amount.cents,
        "given": None if tender.given is None else tender.given.cents,
        "change": None if tender.change is None else tender.change.cents,
        "reference": tender.reference,
    }


def fiscal_to_json(mark: FiscalMark | None) -> dict[str, object] | None:
    if mark is None:
        return None
    return {
        "signature": None if mark.signature is None else signature_to_dict(mark.signature),
        "failure": mark.failure,
        "training": mark.training,
        "client_serial": mark.client_serial,
    }


def receipt_to_json(receipt: Receipt) -> dict[str, object]:
    """The receipt as a JSON-ready object (only dicts, lists, str, int, bool and None)."""
    return {
        "version": FORMAT_VERSION,
        "kind": receipt.kind.value,
        "header": header_to_json(receipt.header),
        "till_id": receipt.till_id,
        "sale_number": receipt.sale_number,
        "created_at": receipt.created_at.isoformat(),
        "environment": receipt.environment,
        "total": receipt.total.cents,
        "items": [_item_to_json(item) for item in receipt.items],
        "vat_summary": [vat_row_to_json(row) for row in receipt.vat_summary],
        "tenders": [_tender_to_json(tender) for tender in receipt.tenders],
        "server_lines": server_receipt_to_json(receipt.server_lines),
        "card_number_masked": receipt.card_number_masked,
        "footer_lines": list(receipt.footer_lines),
        "barcode": receipt.barcode,
        "reprint": receipt.reprint,
        "merchant_copy": receipt.merchant_copy,
        "signature_required": receipt.signature_required,
        "fiscal": fiscal_to_json(receipt.fiscal),
    }


def dumps_receipt(receipt: Receipt) -> str:
    """The receipt as JSON text (UTF-8 friendly: umlauts stay readable in the journal)."""
    return json.dumps(receipt_to_json(receipt), ensure_ascii=False, sort_keys=True)


# --- reading ---------------------------------------------------------------------------------


def header_from_json(raw: object, where: str = "header") -> ShopHeader:
    data = f.as_object(raw, where)
    try:
        return ShopHeader(
            name=f.text(data, "name", where),
            address_lines=f.text_tuple(data, "address_lines", where),
            vat_id=f.optional_text(data, "vat_id", where),
            phone=f.optional_text(data, "phone", where),
        )
    except (TypeError, ValueError) as exc:
        raise _invalid(where, exc) from exc


def vat_rate_from_json(data: Mapping[str, object], key: str, where: str) -> VatRate:
    try:
        return VatRate.from_percent(f.integer(data, key, where))
    except VatError as exc:
        raise DocumentFormatError(f"{where}.{key}: {exc.message}") from exc


def _item_from_json(raw: object, where: str) -> ReceiptItem:
    data = f.as_object(raw, where)
    try:
        return ReceiptItem(
            description=f.text(data, "description", where),
            quantity=f.integer(data, "quantity", where),
            unit_price=f.money(data, "unit_price", where),
            total=f.money(data, "total", where),
            vat=vat_rate_from_json(data, "vat", where),
            article_number=f.optional_text(data, "article_number", where),
            is_bonus=f.boolean(data, "is_bonus", where),
        )
    except DocumentFormatError:
        raise
    except (TypeError, ValueError) as exc:
        raise _invalid(where, exc) from exc


def vat_row_from_json(raw: object, where: str) -> VatRow:
    data = f.as_object(raw, where)
    try:
        return VatRow(
            rate=vat_rate_from_json(data, "rate", where),
            net=f.money(data, "net", where),
            tax=f.money(data, "tax", where),
            gross=f.money(data, "gross", where),
        )
    except DocumentFormatError:
        raise
    except ValueError as exc:
        raise _invalid(where, exc) from exc


def tender_kind_from_json(data: Mapping[str, object], key: str, where: str) -> TenderKind:
    raw = f.text(data, key, where)
    try:
        return TenderKind(raw)
    except ValueError as exc:
        raise DocumentFormatError(f"{where}.{key}: unknown tender kind {raw!r}") from exc


def _tender_from_json(raw: object, where: str) -> TenderLine:
    data = f.as_object(raw, where)
    try:
        return TenderLine(
            kind=tender_kind_from_json(data, "kind", where),
            amount=f.money(data, "amount", where),
            given=f.optional_money(data, "given", where),
            change=f.optional_money(data, "change", where),
            reference=f.optional_text(data, "reference", where),
        )
    except DocumentFormatError:
        raise
    except ValueError as exc:
        raise _invalid(where, exc) from exc


def server_lines_from_json(data: Mapping[str, object], key: str, where: str) -> tuple[ServerLine, ...]:
    """The server's lines as written by :func:`server_receipt_to_json`; a stored line that does
    not read back is an error, not skipped."""
    raw = f.as_list(f.field(data, key, where), f"{where}.{key}")
    try:
        return server_receipt_from_json(raw)
    except ReceiptError as exc:
        raise DocumentFormatError(f"{where}.{key}: {exc.message}") from exc


def environment_from_json(data: Mapping[str, object], where: str) -> Environment:
    raw = f.text(data, "environment", where)
    if raw not in ENVIRONMENTS:
        raise DocumentFormatError(f"{where}.environment: unknown environment {raw!r}")
    return raw


_SIGNATURE_TEXTS: Final = tuple(
    spec.name for spec in fields(TseSignature) if spec.type in ("str", "datetime")
)
"""The signature's fields stored as text (its times as ISO 8601): checked here, because
:func:`signature_from_dict` would take a number for a serial."""


def fiscal_from_json(raw: object, where: str = "fiscal") -> FiscalMark | None:
    """The mark written by :func:`fiscal_to_json`; ``None`` for ``null``."""
    if raw is None:
        return None
    data = f.as_object(raw, where)
    signature: TseSignature | None = None
    stored = f.field(data, "signature", where)
    if stored is not None:
        sig_where = f"{where}.signature"
        sig_data = f.as_object(stored, sig_where)
        for name in _SIGNATURE_TEXTS:
            f.text(sig_data, name, sig_where)
        try:
            signature = signature_from_dict(dict(sig_data))
        except KeyError as exc:
            raise DocumentFormatError(f"{sig_where}: missing field {exc.args[0]!r}") from exc
        except (TypeError, ValueError) as exc:
            raise _invalid(sig_where, exc) from exc
    try:
        return FiscalMark(
            signature=signature,
            failure=f.optional_text(data, "failure", where),
            training=f.boolean(data, "training", where),
            client_serial=f.optional_text(data, "client_serial", where) if "client_serial" in data else None,
        )
    except DocumentFormatError:
        raise
    except ValueError as exc:
        raise _invalid(where, exc) from exc


def receipt_from_json(raw: object) -> Receipt:
    """The receipt written by :func:`receipt_to_json` (raises :class:`DocumentFormatError`)."""
    where = "receipt"
    data = f.as_object(raw, where)
    f.check_version(data, FORMAT_VERSION, where)
    kind_text = f.text(data, "kind", where)
    try:
        kind = ReceiptKind(kind_text)
    except ValueError as exc:
        raise DocumentFormatError(f"{where}.kind: unknown receipt kind {kind_text!r}") from exc

    def listed(key: str) -> list[object]:
        return f.as_list(f.field(data, key, where), f"{where}.{key}")

    items = tuple(_item_from_json(item, f"{where}.items[{i}]") for i, item in enumerate(listed("items")))
    rows = tuple(
        vat_row_from_json(row, f"{where}.vat_summary[{i}]") for i, row in enumerate(listed("vat_summary"))
    )
    tenders = tuple(_tender_from_json(t, f"{where}.tenders[{i}]") for i, t in enumerate(listed("tenders")))
    try:
        return Receipt(
            kind=kind,
            header=header_from_json(f.field(data, "header", where), f"{where}.header"),
            till_id=f.text(data, "till_id", where),
            sale_number=f.text(data, "sale_number", where),
            created_at=f.aware_datetime(data, "created_at", where),
            environment=environment_from_json(data, where),
            total=f.money(data, "total", where),
            items=items,
            vat_summary=rows,
            tenders=tenders,
            server_lines=server_lines_from_json(data, "server_lines", where),
            card_number_masked=f.optional_text(data, "card_number_masked", where),
            footer_lines=f.text_tuple(data, "footer_lines", where),
            barcode=f.optional_text(data, "barcode", where),
            reprint=f.boolean(data, "reprint", where),
            merchant_copy=f.boolean(data, "merchant_copy", where),
            signature_required=f.boolean(data, "signature_required", where),
            fiscal=fiscal_from_json(data.get("fiscal"), f"{where}.fiscal"),
        )
    except DocumentFormatError:
        raise
    except (TypeError, ValueError) as exc:
        raise _invalid(where, exc) from exc


def loads_receipt(text: str) -> Receipt:
    """The receipt from :func:`dumps_receipt` text."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentFormatError(f"receipt: not JSON ({exc.msg} at {exc.pos})") from exc
    return receipt_from_json(raw)


def _invalid(where: str, exc: Exception) -> DocumentFormatError:
    return DocumentFormatError(f"{where}: {exc}")
