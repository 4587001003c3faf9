"""Z reports and balance slips as JSON and back, for the print queue (exact round trip).

Same conventions as :mod:`cashier.domain.receipt_codec`: ``"version": 1``, integer cents,
ISO 8601 times with offset, dates as ``YYYY-MM-DD``, the server's lines in wire shape.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Final

from cashier.domain import document_fields as f
from cashier.domain.document_fields import DocumentFormatError
from cashier.domain.receipt import server_receipt_to_json
from cashier.domain.receipt_codec import (
    environment_from_json,
    header_from_json,
    header_to_json,
    server_lines_from_json,
    tender_kind_from_json,
    vat_row_from_json,
    vat_row_to_json,
)
from cashier.domain.reports import (
    BalanceSlip,
    OfflineBooking,
    OfflineSale,
    OpenKind,
    OpenSale,
    Tally,
    TenderTotal,
    ZReport,
)

FORMAT_VERSION: Final = 1


def _tally_to_json(tally: Tally) -> dict[str, object]:
    return {"count": tally.count, "amount": tally.amount.cents}


def _tally_of(data: Mapping[str, object], where: str) -> Tally:
    try:
        return Tally(f.integer(data, "count", where), f.money(data, "amount", where))
    except DocumentFormatError:
        raise
    except ValueError as exc:
        raise DocumentFormatError(f"{where}: {exc}") from exc


def _tally_from_json(data: Mapping[str, object], key: str, where: str) -> Tally:
    inner = f"{where}.{key}"
    return _tally_of(f.as_object(f.field(data, key, where), inner), inner)


def z_report_to_json(report: ZReport) -> dict[str, object]:
    return {
        "version": FORMAT_VERSION,
        "header": header_to_json(report.header),
        "business_day": report.business_day.isoformat(),
        "till_id": report.till_id,
        "created_at": report.created_at.isoformat(),
        "environment": report.environment,
        "sales": _tally_to_json(report.sales),
        "tenders": [{"kind": row.kind.value, **_tally_to_json(row.tally)} for row in report.tenders],
        "card_loads": _tally_to_json(report.card_loads),
        "bonus_granted": report.bonus_granted.cents,
        "bonus_spent": report.bonus_spent.cents,
        "cancellations": _tally_to_json(report.cancellations),
        "pending": _tally_to_json(report.pending),
        "vat_summary": [vat_row_to_json(row) for row in report.vat_summary],
        "open_sales": [_open_sale_to_json(sale) for sale in report.open_sales],
        "offline_sales": [_offline_sale_to_json(sale) for sale in report.offline_sales],
        "closing_number": report.closing_number,
        "tse_unsigned": _tally_to_json(report.tse_unsigned),
        "tse_outages": report.tse_outages,
    }


def _open_sale_to_json(sale: OpenSale) -> dict[str, object]:
    return {
        "number": sale.number,
        "business_day": sale.business_day.isoformat(),
        "at": sale.at.isoformat(),
        "amount": sale.amount.cents,
        "what": sale.what.value,
    }


def _open_sales_from_json(data: Mapping[str, object], where: str) -> tuple[OpenSale, ...]:
    if "open_sales" not in data:  # stored before open sales were named
        return ()
    sales = []
    for i, entry in enumerate(f.as_list(f.field(data, "open_sales", where), f"{where}.open_sales")):
        inner = f"{where}.open_sales[{i}]"
        row = f.as_object(entry, inner)
        what = f.text(row, "what", inner)
        if what not in {kind.value for kind in OpenKind}:
            raise DocumentFormatError(f"{inner}.what: unknown kind {what!r}")
        sales.append(
            OpenSale(
                number=f.integer(row, "number", inner),
                business_day=f.calendar_date(row, "business_day", inner),
                at=f.aware_datetime(row, "at", inner),
                amount=f.money(row, "amount", inner),
                what=OpenKind(what),
            )
        )
    return tuple(sales)


def _offline_sale_to_json(sale: OfflineSale) -> dict[str, object]:
    return {
        "number": sale.number,
        "business_day": sale.business_day.isoformat(),
        "at": sale.at.isoformat(),
        "amount": sale.amount.cents,
        "booking": sale.booking.value,
        "booked_at": None if sale.booked_at is None else sale.booked_at.isoformat(),
        "reason": sale.reason,
    }


def _offline_sales_from_json(data: Mapping[str, object], where: str) -> tuple[OfflineSale, ...]:
    if "offline_sales" not in data:  # stored before offline sales were listed
        return ()
    sales = []
    for i, entry in enumerate(f.as_list(f.field(data, "offline_sales", where), f"{where}.offline_sales")):
        inner = f"{where}.offline_sales[{i}]"
        row = f.as_object(entry, inner)
        booking = f.text(row, "booking", inner)
        if booking not in {kind.value for kind in OfflineBooking}:
            raise DocumentFormatError(f"{inner}.booking: unknown booking {booking!r}")
        booked_at = None if row.get("booked_at") is None else f.aware_datetime(row, "booked_at", inner)
        sales.append(
            OfflineSale(
                number=f.integer(row, "number", inner),
                business_day=f.calendar_date(row, "business_day", inner),
                at=f.aware_datetime(row, "at", inner),
                amount=f.money(row, "amount", inner),
                booking=OfflineBooking(booking),
                booked_at=booked_at,
                reason=f.optional_text(row, "reason", inner),
            )
        )
    return tuple(sales)


def z_report_from_json(raw: object) -> ZReport:
    where = "z_report"
    data = f.as_object(raw, where)
    f.check_version(data, FORMAT_VERSION, where)
    tenders = []
    for i, entry in enumerate(f.as_list(f.field(data, "tenders", where), f"{where}.tenders")):
        row_where = f"{where}.tenders[{i}]"
        row = f.as_object(entry, row_where)
        tenders.append(TenderTotal(tender_kind_from_json(row, "kind", row_where), _tally_of(row, row_where)))
    rows = f.as_list(f.field(data, "vat_summary", where), f"{where}.vat_summary")
    try:
        return ZReport(
            header=header_from_json(f.field(data, "header", where), f"{where}.header"),
            business_day=f.calendar_date(data, "business_day", where),
            till_id=f.text(data, "till_id", where),
            created_at=f.aware_datetime(data, "created_at", where),
            environment=environment_from_json(data, where),
            sales=_tally_from_json(data, "sales", where),
            tenders=tuple(tenders),
            card_loads=_tally_from_json(data, "card_loads", where),
            bonus_granted=f.money(data, "bonus_granted", where),
            bonus_spent=f.money(data, "bonus_spent", where),
            cancellations=_tally_from_json(data, "cancellations", where),
            pending=_tally_from_json(data, "pending", where) if "pending" in data else Tally(),
            vat_summary=tuple(
                vat_row_from_json(row, f"{where}.vat_summary[{i}]") for i, row in enumerate(rows)
            ),
            open_sales=_open_sales_from_json(data, where),
            offline_sales=_offline_sales_from_json(data, where),
            closing_number=f.optional_integer(data, "closing_number", where),
            tse_unsigned=_tally_from_json(data, "tse_unsigned", where) if "tse_unsigned" in data else Tally(),
            tse_outages=f.optional_integer(data, "tse_outages", where) or 0,
        )
    except DocumentFormatError:
        raise
    except (TypeError, ValueError) as exc:
        raise DocumentFormatError(f"{where}: {exc}") from exc


def balance_slip_to_json(slip: BalanceSlip) -> dict[str, object]:
    return {
        "version": FORMAT_VERSION,
        "header": header_to_json(slip.header),
        "till_id": slip.till_id,
        "created_at": slip.created_at.isoformat(),
        "environment": slip.environment,
        "card_number_masked": slip.card_number_masked,
        "cash_balance": slip.cash_balance.cents,
        "bonus_balance": slip.bonus_balance.cents,
        "holder": slip.holder,
        "card_group": slip.card_group,
        "points": slip.points,
        "server_lines": server_receipt_to_json(slip.server_lines),
    }


def balance_slip_from_json(raw: object) -> BalanceSlip:
    where = "balance_slip"
    data = f.as_object(raw, where)
    f.check_version(data, FORMAT_VERSION, where)
    try:
        return BalanceSlip(
            header=header_from_json(f.field(data, "header", where), f"{where}.header"),
            till_id=f.text(data, "till_id", where),
            created_at=f.aware_datetime(data, "created_at", where),
            environment=environment_from_json(data, where),
            card_number_masked=f.text(data, "card_number_masked", where),
            cash_balance=f.money(data, "cash_balance", where),
            bonus_balance=f.money(data, "bonus_balance", where),
            holder=f.optional_text(data, "holder", where),
            card_group=f.optional_text(data, "card_group", where),
            points=f.optional_integer(data, "points", where),
            server_lines=server_lines_from_json(data, "server_lines", where),
        )
    except DocumentFormatError:
        raise
    except (TypeError, ValueError) as exc:
        raise DocumentFormatError(f"{where}: {exc}") from exc


def dumps_document(document: ZReport | BalanceSlip) -> str:
    data = z_report_to_json(document) if isinstance(document, ZReport) else balance_slip_to_json(document)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _load(text: str, where: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentFormatError(f"{where}: not JSON ({exc.msg} at {exc.pos})") from exc


def loads_z_report(text: str) -> ZReport:
    return z_report_from_json(_load(text, "z_report"))


def loads_balance_slip(text: str) -> BalanceSlip:
    return balance_slip_from_json(_load(text, "balance_slip"))
