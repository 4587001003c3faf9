"""The Z report names the sales it cannot count yet — number, time, amount — on paper."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from cashier.domain.money import Money
from cashier.domain.reports import OpenKind, OpenSale
from cashier.printing.escpos_decode import plain_text
from cashier.printing.profile import PAPER_58MM, PAPER_80MM, PrinterProfile
from cashier.printing.report_layout import render_z_report
from tests.helpers import receipts


@pytest.mark.parametrize("profile", [PAPER_80MM, PAPER_58MM], ids=["80mm", "58mm"])
def test_open_sales_are_named_by_number_time_and_amount(profile: PrinterProfile) -> None:
    report = receipts.z_report()
    at = datetime(2025, 2, 10, 13, 5, tzinfo=UTC)
    earlier = datetime(2025, 2, 9, 17, 45, tzinfo=UTC)
    open_sales = (
        OpenSale(3, date(2025, 2, 9), earlier, Money(1250), OpenKind.PAYMENT),
        OpenSale(7, report.business_day, at, Money(500), OpenKind.CANCELLATION),
    )
    text = plain_text(render_z_report(replace(report, open_sales=open_sales), profile), profile.columns)
    lines = [line.strip() for line in text.splitlines()]
    assert "Offene Vorgänge (2)" in lines
    local, day_before = at.astimezone().strftime("%H:%M"), earlier.astimezone().strftime("%d.%m. %H:%M")
    assert any(line.startswith(f"Nr. 3 {day_before}") and line.endswith("12,50 €") for line in lines)
    assert any(line.startswith(f"Nr. 7 {local}") and line.endswith("5,00 €") for line in lines)
    assert lines.count("Zahlung unklar") == 1
    assert lines.count("Storno unklar") == 1
    assert max(len(line) for line in text.splitlines()) <= profile.columns


def test_a_report_without_open_sales_says_nothing_of_them() -> None:
    text = plain_text(render_z_report(receipts.z_report(), PAPER_80MM), 48)
    assert "Offene Vorgänge" not in text
