"""A printed Z report is a Kassenabschluss: its number on paper, on screen, in the print queue."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from cashier.domain.money import Money
from cashier.domain.receipt import ShopHeader
from cashier.domain.report_codec import dumps_document, loads_z_report
from cashier.domain.report_lines import ZLine, z_report_lines
from cashier.domain.reports import Tally, ZReport
from cashier.printing.escpos_decode import plain_text
from cashier.printing.profile import PrinterProfile
from cashier.printing.report_layout import render_z_report

REPORT = ZReport(
    header=ShopHeader("Café Sonnenschein", ("Sonnenallee 1",)),
    business_day=date(2026, 9, 21),
    till_id="KASSE-1",
    created_at=datetime(2026, 9, 21, 20, 0, tzinfo=timezone(timedelta(hours=2))),
    environment="live",
    sales=Tally(2, Money(500)),
)


def test_the_closing_number_is_printed_and_kept_in_the_queue() -> None:
    closed = replace(REPORT, closing_number=7)
    assert z_report_lines(closed)[0][0].line is ZLine.CLOSING
    assert z_report_lines(closed)[0][0].number == 7
    text = plain_text(render_z_report(closed, PrinterProfile.for_columns(48)), 48)
    [line] = [line for line in text.splitlines() if "Kassenabschluss Nr." in line]
    assert line.split()[-1] == "7"
    assert loads_z_report(dumps_document(closed)).closing_number == 7


def test_an_unprinted_report_has_no_closing_number() -> None:
    assert ZLine.CLOSING not in [line.line for section in z_report_lines(REPORT) for line in section]
    assert "Kassenabschluss" not in plain_text(render_z_report(REPORT, PrinterProfile.for_columns(48)), 48)
    with pytest.raises(ValueError, match="starts at 1"):
        replace(REPORT, closing_number=0)
