from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.document_fields import DocumentFormatError
from cashier.domain.money import Money
from cashier.domain.receipt import TenderKind
from cashier.domain.report_codec import (
    balance_slip_from_json,
    balance_slip_to_json,
    dumps_document,
    loads_balance_slip,
    loads_z_report,
    z_report_from_json,
    z_report_to_json,
)
from cashier.domain.reports import BalanceSlip, OfflineBooking, OpenKind, OpenSale, Tally, TenderTotal
from tests.helpers import receipts


def test_z_report_sums_what_the_tenders_took() -> None:
    report = receipts.z_report()
    assert report.taken == Money(14610)
    assert report.tender(TenderKind.CASH) == Tally(6, Money(4060))
    assert report.is_training


def test_a_tender_kind_not_used_counts_zero() -> None:
    report = replace(receipts.z_report(), tenders=())
    assert report.tender(TenderKind.SEPA) == Tally()
    assert report.taken == Money(0)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            {"business_day": datetime(2025, 2, 10, tzinfo=UTC)},
            TypeError,
            "business_day must be a date",
        ),
        ({"created_at": datetime.fromisoformat("2025-02-10T22:00")}, ValueError, "timezone-aware"),
        ({"environment": "prod"}, ValueError, "unknown environment"),
        ({"till_id": " "}, ValueError, "till id"),
        ({"bonus_spent": Money(-1)}, ValueError, "cannot be negative"),
        (
            {"tenders": (TenderTotal(TenderKind.CASH, Tally()), TenderTotal(TenderKind.CASH, Tally()))},
            ValueError,
            "twice",
        ),
        ({"tenders": [TenderTotal(TenderKind.CASH, Tally())]}, TypeError, "tuple"),
    ],
)
def test_z_report_rules(change: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        replace(receipts.z_report(), **change)


@pytest.mark.parametrize(
    ("count", "amount", "message"),
    [(-1, Money(0), "negative"), (0, Money(5), "nothing counted"), (1, Money(-5), "negative")],
)
def test_tally_rules(count: int, amount: Money, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Tally(count, amount)


def test_balance_slip() -> None:
    slip = receipts.balance_slip()
    assert slip.total_balance == Money(1571)
    assert slip.is_training
    with pytest.raises(ValueError, match="masked"):
        replace(slip, card_number_masked="")
    with pytest.raises(TypeError, match="points"):
        replace(slip, points=True)


def test_documents_read_back_exactly() -> None:
    report, slip = receipts.z_report(), receipts.balance_slip()
    assert loads_z_report(dumps_document(report)) == report
    assert loads_balance_slip(dumps_document(slip)) == slip
    assert z_report_to_json(report)["business_day"] == "2025-02-10"
    assert balance_slip_to_json(slip)["cash_balance"] == 1250


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(business_day="10.02.2025"), "not a date"),
        (lambda d: d["tenders"][0].update(kind="gold"), "unknown tender kind"),
        (lambda d: d["sales"].update(count=-2), "negative"),
        (lambda d: d.pop("cancellations"), "missing field"),
    ],
)
def test_a_damaged_z_report_is_refused(mutate: object, message: str) -> None:
    data = z_report_to_json(receipts.z_report())
    mutate(data)  # type: ignore[operator]
    with pytest.raises(DocumentFormatError, match=message):
        z_report_from_json(data)


def test_a_damaged_balance_slip_is_refused() -> None:
    data = balance_slip_to_json(receipts.balance_slip())
    data["points"] = "many"
    with pytest.raises(DocumentFormatError, match="points"):
        balance_slip_from_json(data)
    with pytest.raises(DocumentFormatError, match="not JSON"):
        loads_balance_slip("[")


amounts = st.integers(0, 10**7).map(Money)
tallies = st.integers(1, 500).flatmap(lambda n: amounts.map(lambda a: Tally(n, a))) | st.just(Tally())
moments = st.datetimes(
    min_value=datetime.fromisoformat("2000-01-01"), max_value=datetime.fromisoformat("2100-01-01")
).map(lambda d: d.replace(tzinfo=timezone(timedelta(hours=2))))


@given(
    st.fixed_dictionaries(
        {
            "sales": tallies,
            "tenders": st.dictionaries(st.sampled_from(list(TenderKind)), tallies).map(
                lambda found: tuple(TenderTotal(kind, tally) for kind, tally in found.items())
            ),
            "business_day": st.dates(min_value=date(2000, 1, 1)),
            "created_at": moments,
            "bonus_granted": amounts,
            "till_id": st.text(min_size=1).filter(str.strip),
        }
    )
)
def test_z_report_round_trip(changes: dict[str, object]) -> None:
    report = replace(receipts.z_report(), **changes)
    assert loads_z_report(dumps_document(report)) == report


@given(
    holder=st.none() | st.text(),
    cash=st.integers(-(10**6), 10**6).map(Money),
    points=st.none() | st.integers(-(10**6), 10**6),
    masked=st.text(min_size=1).filter(str.strip),
)
def test_balance_slip_round_trip(holder: str | None, cash: Money, points: int | None, masked: str) -> None:
    slip: BalanceSlip = replace(
        receipts.balance_slip(), holder=holder, cash_balance=cash, points=points, card_number_masked=masked
    )
    assert loads_balance_slip(dumps_document(slip)) == slip


def test_z_report_open_sales_round_trip() -> None:

    sale = OpenSale(
        3, date(2025, 2, 9), datetime(2025, 2, 9, 17, 45, tzinfo=UTC), Money(1250), OpenKind.PAYMENT
    )
    report = replace(receipts.z_report(), open_sales=(sale,))
    assert loads_z_report(dumps_document(report)) == report
    stored_before = z_report_to_json(receipts.z_report())
    del stored_before["open_sales"]  # a report stored before open sales were named
    assert z_report_from_json(stored_before).open_sales == ()


def test_offline_sales_are_tallied_by_booking_and_read_back_exactly() -> None:
    report = receipts.z_report_with_offline_sales()
    assert report.offline(OfflineBooking.TO_BOOK) == Tally(1, Money(730))
    assert report.offline(OfflineBooking.BOOKED, OfflineBooking.BOOKED_WITHOUT_CARD) == Tally(2, Money(1710))
    assert loads_z_report(dumps_document(report)) == report
    older = z_report_to_json(report)
    del older["offline_sales"]  # a report queued before offline sales were listed
    assert z_report_from_json(older).offline_sales == ()
    damaged = z_report_to_json(report)
    damaged["offline_sales"][0]["booking"] = "lost"  # type: ignore[index]
    with pytest.raises(DocumentFormatError, match="unknown booking"):
        z_report_from_json(damaged)


def test_an_offline_sale_has_a_booking_time_exactly_when_it_was_booked() -> None:
    sale = receipts.z_report_with_offline_sales().offline_sales[0]
    with pytest.raises(ValueError, match="booking time"):
        replace(sale, booking=OfflineBooking.BOOKED)
    with pytest.raises(ValueError, match="booking time"):
        replace(sale, booked_at=sale.at)
