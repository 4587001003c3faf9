"""Everything printed that is not a receipt: Z report, balance slip, test page, drawer kick."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from cashier.domain.money import Money
from cashier.domain.receipt import TenderKind
from cashier.domain.report_lines import ZLine, ZReportLine, z_report_lines
from cashier.domain.reports import BalanceSlip, OfflineBooking, OpenKind, ZReport
from cashier.printing.escpos_builder import BOLD, CENTER, EMPHASIS, NORMAL, SMALL, Style, TicketBuilder
from cashier.printing.profile import DrawerPulse, PrinterProfile
from cashier.printing.receipt_layout import TENDER_LABELS
from cashier.printing.sections import (
    amount_pair,
    card_line,
    copy_banner,
    date_time,
    headline,
    pair,
    shop_header,
    training_banner,
    vat_table,
)
from cashier.printing.server_lines import render_server_lines
from cashier.printing.text import euro

TEST_BARCODE: Final = "CASHIER-TEST"


def render_z_report(report: ZReport, profile: PrinterProfile, *, reprint: bool = False) -> bytes:
    builder = TicketBuilder(profile)
    training_banner(builder, report.environment)
    if reprint:
        copy_banner(builder)
    shop_header(builder, report.header)
    builder.blank()
    headline(builder, "Z-BERICHT")
    pair(builder, "Geschäftstag", report.business_day.strftime("%d.%m.%Y"))
    pair(builder, "Kasse", report.till_id)
    pair(builder, "Erstellt", date_time(report.created_at))
    for section in z_report_lines(report):
        builder.rule()
        for line in section:
            _z_line(builder, line)
    builder.rule()
    if report.vat_summary:
        vat_table(builder, report.vat_summary)
        builder.rule()
    _open_sales(builder, report)
    _offline_sales(builder, report)
    training_banner(builder, report.environment)
    builder.cut()
    return builder.output


Z_LABELS: Final = {
    ZLine.CLOSING: "Kassenabschluss Nr.",
    ZLine.SALES: "Anzahl Verkäufe",
    ZLine.REVENUE: "Umsatz",
    ZLine.TENDERS: "Zahlungsarten",
    ZLine.CARD_BALANCE: TENDER_LABELS[TenderKind.CARD_CASH_BALANCE],
    ZLine.CASH: TENDER_LABELS[TenderKind.CASH],
    ZLine.TERMINAL: TENDER_LABELS[TenderKind.TERMINAL],
    ZLine.SEPA: TENDER_LABELS[TenderKind.SEPA],
    ZLine.TAKEN: "Gesamt",
    ZLine.PENDING: "davon in Bearbeitung",
    ZLine.CARD_LOADS: "Kartenaufladungen",
    ZLine.BONUS_GRANTED: "Bonus vergeben",
    ZLine.BONUS_SPENT: "Bonus eingelöst",
    ZLine.CANCELLATIONS: "Stornos",
    ZLine.OFFLINE: "Offline-Verkäufe",
    ZLine.TO_BOOK: "noch zu buchen",
    ZLine.BOOKED_LATE: "nachgebucht",
    ZLine.WITHOUT_CARD: "davon ohne Karte",
    ZLine.TSE: "TSE",
    ZLine.TSE_UNSIGNED: "ohne TSE-Signatur",
    ZLine.TSE_OUTAGES: "TSE-Ausfälle",
}
"""The Z report's words on paper (German); the end-of-day screen says the same in German."""


def z_label(line: ZReportLine) -> str:
    """A line's label as printed: ``Bar (3)`` when the line counts something."""
    label = Z_LABELS[line.line]
    return label if line.count is None else f"{label} ({line.count})"


def _z_line(builder: TicketBuilder, line: ZReportLine) -> None:
    style, indent = (BOLD if line.strong else NORMAL), (2 if line.indent else 0)
    if line.amount is not None:
        amount_pair(builder, z_label(line), line.amount, style, indent=indent)
    elif line.number is not None:
        pair(builder, z_label(line), str(line.number), style, indent=indent)
    else:
        builder.line(z_label(line), style)


_OPEN_WORDS: Final = {OpenKind.PAYMENT: "Zahlung unklar", OpenKind.CANCELLATION: "Storno unklar"}


def _open_sales(builder: TicketBuilder, report: ZReport) -> None:
    """Sales whose payment (not counted above) or cancellation (not yet given back) is
    unconfirmed, each by number, time and amount — to be settled in the journal (F9)."""
    if not report.open_sales:
        return
    builder.line(f"Offene Vorgänge ({len(report.open_sales)})", BOLD)
    for sale in report.open_sales:
        at = sale.at.astimezone()
        when = (
            at.strftime("%H:%M") if sale.business_day == report.business_day else at.strftime("%d.%m. %H:%M")
        )
        amount_pair(builder, f"Nr. {sale.number} {when}", sale.amount, indent=2)
        builder.line(f"    {_OPEN_WORDS[sale.what]}")
    builder.rule()


def _offline_sales(builder: TicketBuilder, report: ZReport) -> None:
    """The sales made offline (paid in cash, counted above), each by number, time and amount:
    still to book, or booked late (when) — without its card: refused, so no bonus."""
    if not report.offline_sales:
        return
    builder.line(f"Offline-Verkäufe ({len(report.offline_sales)})", BOLD)
    for sale in report.offline_sales:
        amount_pair(builder, f"Nr. {sale.number} {_when(sale.at, report)}", sale.amount, indent=2)
        booked = (
            "noch zu buchen" if sale.booked_at is None else f"nachgebucht {_when(sale.booked_at, report)}"
        )
        builder.line(f"    {booked}")
        if sale.booking is OfflineBooking.BOOKED_WITHOUT_CARD:
            builder.line("    Karte abgelehnt: kein Bonus")
    builder.rule()


def _when(moment: datetime, report: ZReport) -> str:
    """The time on the report's own day, else the day too."""
    at = moment.astimezone()
    return at.strftime("%H:%M") if at.date() == report.business_day else at.strftime("%d.%m. %H:%M")


def render_balance_slip(slip: BalanceSlip, profile: PrinterProfile, *, reprint: bool = False) -> bytes:
    builder = TicketBuilder(profile)
    training_banner(builder, slip.environment)
    if reprint:
        copy_banner(builder)
    shop_header(builder, slip.header)
    builder.blank()
    headline(builder, "Kontostand")
    pair(builder, date_time(slip.created_at), f"Kasse {slip.till_id}")
    builder.rule()
    card_line(builder, slip.card_number_masked)
    if slip.holder:
        pair(builder, "Inhaber", slip.holder)
    if slip.card_group:
        pair(builder, "Kartengruppe", slip.card_group)
    builder.rule()
    amount_pair(builder, "Kartenguthaben", slip.cash_balance)
    amount_pair(builder, "Bonus", slip.bonus_balance)
    amount_pair(builder, "Gesamt", slip.total_balance, BOLD)
    if slip.points is not None:
        pair(builder, "Punkte", str(slip.points))
    builder.rule()
    if slip.server_lines:
        render_server_lines(builder, slip.server_lines)
        builder.rule()
    training_banner(builder, slip.environment)
    builder.cut()
    return builder.output


def render_test_page(profile: PrinterProfile, *, printer: str = "") -> bytes:
    """What a shop owner prints to check a new printer: code page, widths, fonts, barcode."""
    builder = TicketBuilder(profile)
    headline(builder, "Testdruck")
    builder.paragraph("Cashier – Kassenbelege auf ESC/POS", CENTER)
    builder.rule()
    if printer:
        pair(builder, "Drucker", printer)
    pair(builder, "Papier", f"{profile.paper_mm} mm, {profile.columns} Zeichen")
    builder.line(_ruler(builder.columns()))
    builder.rule()
    builder.line("Umlaute: ä ö ü Ä Ö Ü ß")
    builder.line(f"Euro: {euro(Money(1250))}")
    builder.line("Sonderzeichen: § ° µ ½ « » @ # &")
    builder.line("Fett gedruckt", BOLD)
    builder.line("Doppelt hoch", EMPHASIS)
    builder.line("Doppelt breit", Style(width=2))
    builder.line("Links", NORMAL)
    builder.line("Mitte", CENTER)
    builder.line("Rechts", Style(align="right"))
    builder.rule()
    builder.line(f"Schrift B: {builder.columns(SMALL)} Zeichen pro Zeile", SMALL)
    builder.line(_ruler(builder.columns(SMALL)), SMALL)
    builder.line("Grüße aus der Bäckerei – 12,50 €", SMALL)
    builder.rule()
    builder.barcode128(TEST_BARCODE)
    builder.blank()
    builder.paragraph(
        "Wenn alle Zeilen vollständig sind und € und Umlaute stimmen, passt der Drucker.", CENTER
    )
    builder.cut()
    return builder.output


def render_drawer_kick(profile: PrinterProfile, pulse: DrawerPulse | None = None) -> bytes:
    """Only the cash-drawer kick (the "drawer" button), after a reset; nothing is printed."""
    builder = TicketBuilder(profile)
    builder.drawer(pulse or profile.drawer)
    return builder.output


def _ruler(width: int) -> str:
    return "".join(str(i % 10) for i in range(1, width + 1))
