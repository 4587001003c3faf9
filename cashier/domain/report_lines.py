"""The Z report's figures, line by line, in the one order the paper and the screen both show.

:func:`z_report_lines` says which lines a :class:`ZReport` has and what each holds (a count,
an amount); it names each line by :class:`ZLine`, not by words. The words are the printer's
(German, ``cashier.printing.report_layout.Z_LABELS``) and the screen's (English and German
through Qt's translations, ``cashier.ui.end_of_day.end_of_day_dialog``) — both keyed by ``ZLine``, and a
test holds the screen's German to the paper's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from cashier.domain.money import Money
from cashier.domain.receipt import TenderKind
from cashier.domain.reports import OfflineBooking, ZReport


class ZLine(StrEnum):
    CLOSING = "closing"  # the Kassenabschluss number (Z_NR), once the report was printed
    SALES = "sales"  # the number of sales
    REVENUE = "revenue"
    TENDERS = "tenders"  # the heading over the tender kinds
    CARD_BALANCE = "card_balance"
    CASH = "cash"
    TERMINAL = "terminal"
    SEPA = "sepa"
    TAKEN = "taken"
    PENDING = "pending"  # of the taken: direct debits not confirmed yet
    CARD_LOADS = "card_loads"
    BONUS_GRANTED = "bonus_granted"
    BONUS_SPENT = "bonus_spent"
    CANCELLATIONS = "cancellations"
    OFFLINE = "offline"  # the heading over the sales made offline
    TO_BOOK = "to_book"  # made offline, not booked with secuconnect yet
    BOOKED_LATE = "booked_late"  # made offline, booked since
    WITHOUT_CARD = "without_card"  # of those: booked without the card they named (no bonus)
    TSE = "tse"  # the heading over the TSE's day (docs/fiscal.md)
    TSE_UNSIGNED = "tse_unsigned"  # sales the TSE did not sign
    TSE_OUTAGES = "tse_outages"  # outages recorded


TENDER_LINES: Final = {
    TenderKind.CARD_CASH_BALANCE: ZLine.CARD_BALANCE,
    TenderKind.CASH: ZLine.CASH,
    TenderKind.TERMINAL: ZLine.TERMINAL,
    TenderKind.SEPA: ZLine.SEPA,
}


@dataclass(frozen=True, slots=True)
class ZReportLine:
    """One line: its label (``line``), ``(count)`` after the label when ``count`` is set, and a
    plain number (``number``) or an amount (``amount``) on the right; neither for a heading."""

    line: ZLine
    count: int | None = None
    amount: Money | None = None
    number: int | None = None
    strong: bool = False
    indent: bool = False


def z_report_lines(report: ZReport) -> tuple[tuple[ZReportLine, ...], ...]:
    """The report's lines in sections (a rule between sections on paper)."""
    tenders = [
        ZReportLine(TENDER_LINES[kind], report.tender(kind).count, report.tender(kind).amount, indent=True)
        for kind in TenderKind
    ]
    taken = [ZReportLine(ZLine.TAKEN, amount=report.taken, strong=True)]
    if report.pending.count:
        taken.append(ZReportLine(ZLine.PENDING, report.pending.count, report.pending.amount, indent=True))
    closing = (
        () if report.closing_number is None else (ZReportLine(ZLine.CLOSING, number=report.closing_number),)
    )
    sections = (
        (
            *closing,
            ZReportLine(ZLine.SALES, number=report.sales.count),
            ZReportLine(ZLine.REVENUE, amount=report.sales.amount, strong=True),
        ),
        (ZReportLine(ZLine.TENDERS, strong=True), *tenders, *taken),
        (
            ZReportLine(ZLine.CARD_LOADS, report.card_loads.count, report.card_loads.amount),
            ZReportLine(ZLine.BONUS_GRANTED, amount=report.bonus_granted),
            ZReportLine(ZLine.BONUS_SPENT, amount=report.bonus_spent),
            ZReportLine(ZLine.CANCELLATIONS, report.cancellations.count, -report.cancellations.amount),
        ),
    )
    extra = tuple(part for part in (_offline_lines(report), _tse_lines(report)) if part)
    return (*sections, *extra)


def _tse_lines(report: ZReport) -> tuple[ZReportLine, ...]:
    """When the TSE was out on this day: the sales it did not sign and the outages recorded."""
    if not report.tse_unsigned.count and not report.tse_outages:
        return ()
    unsigned = report.tse_unsigned
    return (
        ZReportLine(ZLine.TSE, strong=True),
        ZReportLine(
            ZLine.TSE_UNSIGNED, unsigned.count, unsigned.amount, strong=unsigned.count > 0, indent=True
        ),
        ZReportLine(ZLine.TSE_OUTAGES, number=report.tse_outages, indent=True),
    )


def _offline_lines(report: ZReport) -> tuple[ZReportLine, ...]:
    """Sales made offline, when there are any: still to book, booked late (and of those, without
    their card). Counted above like any cash sale; these lines say where they stand."""
    if not report.offline_sales:
        return ()
    to_book = report.offline(OfflineBooking.TO_BOOK)
    late = report.offline(OfflineBooking.BOOKED, OfflineBooking.BOOKED_WITHOUT_CARD)
    lines = [
        ZReportLine(ZLine.OFFLINE, strong=True),
        ZReportLine(ZLine.TO_BOOK, to_book.count, to_book.amount, strong=to_book.count > 0, indent=True),
        ZReportLine(ZLine.BOOKED_LATE, late.count, late.amount, indent=True),
    ]
    without = report.offline(OfflineBooking.BOOKED_WITHOUT_CARD)
    if without.count:
        lines.append(ZReportLine(ZLine.WITHOUT_CARD, without.count, without.amount, indent=True))
    return tuple(lines)
