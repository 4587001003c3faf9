"""The TSE recorder: every call written ahead, a lost answer settled by asking, never signed twice."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cashier.domain.fiscal import FiscalPayment, FiscalReceipt, FiscalReceiptType, FiscalVat
from cashier.domain.money import Money
from cashier.journal.fiscal import FiscalJournal, FiscalPurpose, FiscalState
from cashier.journal.schema import open_journal
from cashier.services.fiscal.recorder import UNREACHABLE, FiscalRecorder, OutageNotice
from tests.helpers.fake_tse import FAULTS, FakeTse

RECEIPT = FiscalReceipt(
    FiscalReceiptType.RECEIPT,
    ((FiscalVat.NORMAL, Money(250)),),
    ((FiscalPayment.CASH, Money(250)),),
)


class Fates:
    def __init__(self) -> None:
        self.open: set[str] = set()
        self.paid: dict[str, FiscalReceipt] = {}

    def is_open(self, sale_id: str) -> bool:
        return sale_id in self.open

    def completed_receipt(self, sale_id: str) -> FiscalReceipt | None:
        return self.paid.get(sale_id)


def now() -> datetime:
    return datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


@pytest.fixture
def journal(tmp_path: Path) -> FiscalJournal:
    return FiscalJournal(open_journal(tmp_path / "journal.sqlite"))


def recorder(tse: FakeTse, journal: FiscalJournal, fates: Fates | None = None) -> FiscalRecorder:
    return FiscalRecorder(tse, journal, now=now, fates=fates or Fates())


async def test_a_sale_is_started_at_payment_and_finished_with_its_amounts(journal: FiscalJournal) -> None:
    tse = FakeTse()
    fiscal = recorder(tse, journal)
    fiscal.begin("S1")
    mark = await fiscal.sign("S1", RECEIPT)
    assert mark.signature is not None
    assert mark.failure is None
    assert [call[0] for call in tse.calls] == ["start", "finish"]
    record = journal.find("S1", FiscalPurpose.SALE)
    assert record is not None
    assert record.state == FiscalState.FINISHED
    assert record.revision == 2
    assert record.receipt_data == {
        "receipt_type": "RECEIPT",
        "amounts_per_vat": [["NORMAL", 250]],
        "amounts_per_payment": [["CASH", 250]],
    }
    assert fiscal.mark_of("S1") == mark


async def test_signing_again_returns_the_same_signature_without_a_call(journal: FiscalJournal) -> None:
    tse = FakeTse()
    fiscal = recorder(tse, journal)
    first = await fiscal.sign("S1", RECEIPT)
    calls = len(tse.calls)
    assert await fiscal.sign("S1", RECEIPT) == first
    assert len(tse.calls) == calls
    assert tse.signed[journal.find("S1", FiscalPurpose.SALE).tx_id] == 1  # type: ignore[union-attr]


async def test_a_tse_down_leaves_the_sale_unsigned_and_tells_once(journal: FiscalJournal) -> None:
    tse = FakeTse()
    tse.fail("start", "unreachable", "unreachable", "unreachable")
    fiscal = recorder(tse, journal)
    told: list[OutageNotice] = []
    fiscal.observers.append(told.append)
    marks = [await fiscal.sign(f"S{n}", RECEIPT) for n in range(3)]
    assert all(mark.failure == UNREACHABLE and mark.signature is None for mark in marks)
    assert [notice.out for notice in told] == [True]
    assert fiscal.out
    outage = journal.open_outage()
    assert outage is not None
    assert outage.reason == UNREACHABLE
    # The TSE is back: the next sale is signed, the outage ends and that is told once too.
    mark = await fiscal.sign("S9", RECEIPT)
    assert mark.signature is not None
    assert [notice.out for notice in told] == [True, False]
    assert journal.open_outage() is None
    assert journal.outages()[0].ended_at is not None


async def test_an_abandoned_basket_is_started_and_cancelled(journal: FiscalJournal) -> None:
    tse = FakeTse()
    fiscal = recorder(tse, journal)
    fiscal.abandon("S1")
    await fiscal.drain()
    record = journal.find("S1", FiscalPurpose.ABORT)
    assert record is not None
    assert record.state == FiscalState.CANCELLED
    assert [call[0] for call in tse.calls] == ["start", "cancel"]


async def test_a_sale_abandoned_after_a_payment_attempt_cancels_its_own_transaction(
    journal: FiscalJournal,
) -> None:
    tse = FakeTse()
    fiscal = recorder(tse, journal)
    fiscal.begin("S1")
    fiscal.abandon("S1")
    await fiscal.drain()
    assert journal.find("S1", FiscalPurpose.ABORT) is None
    record = journal.find("S1", FiscalPurpose.SALE)
    assert record is not None
    assert record.state == FiscalState.CANCELLED
    assert tse.open_transactions() == []


async def test_a_cancellation_of_a_former_sale_is_a_transaction_of_its_own(journal: FiscalJournal) -> None:
    tse = FakeTse()
    fiscal = recorder(tse, journal)
    sold = await fiscal.sign("S1", RECEIPT)
    storno = await fiscal.sign_cancellation("S1", RECEIPT.negated())
    assert sold.signature is not None
    assert storno.signature is not None
    assert sold.signature.tx_id != storno.signature.tx_id
    record = journal.find("S1", FiscalPurpose.CANCELLATION)
    assert record is not None
    assert record.receipt_data is not None
    assert record.receipt_data["amounts_per_vat"] == [["NORMAL", -250]]


# --- every fault on every call ------------------------------------------------------------------
CALLS = ("start", "finish", "lookup")


@pytest.mark.parametrize(("call", "fault"), list(itertools.product(CALLS, FAULTS)))
async def test_every_fault_on_every_call_ends_signed_once_or_unsigned(
    journal: FiscalJournal, call: str, fault: str
) -> None:
    tse = FakeTse()
    tse.fail(call, fault)
    fates = Fates()
    fiscal = recorder(tse, journal, fates)
    fiscal.begin("S1")
    mark = await fiscal.sign("S1", RECEIPT)
    record = journal.find("S1", FiscalPurpose.SALE)
    assert record is not None
    assert all(count == 1 for count in tse.signed.values())
    if mark.signature is None:
        assert record.state == FiscalState.UNSIGNED
        assert mark.failure
    else:
        assert record.state == FiscalState.FINISHED
        assert tse.signed[record.tx_id] == 1
    # Later, with the TSE healthy, the recovery closes what may be open; nothing is signed twice.
    fates.paid["S1"] = RECEIPT
    await fiscal.recover()
    await fiscal.recover()
    record = journal.get(record.tx_id)
    assert all(count == 1 for count in tse.signed.values())
    assert tse.open_transactions() == []
    if record.state == FiscalState.FINISHED:
        assert tse.signed[record.tx_id] == 1
    else:
        assert record.state == FiscalState.UNSIGNED
        assert record.tx_id not in tse.transactions  # never reached the TSE: unsigned for good


@pytest.mark.parametrize("fault", FAULTS)
async def test_every_fault_on_the_cancel_of_a_basket_ends_cancelled_or_recovered(
    journal: FiscalJournal, fault: str
) -> None:
    tse = FakeTse()
    tse.fail("cancel", fault)
    fiscal = recorder(tse, journal)
    fiscal.abandon("S1")
    await fiscal.drain()
    await fiscal.recover()
    record = journal.find("S1", FiscalPurpose.ABORT)
    assert record is not None
    assert record.state in (FiscalState.CANCELLED, FiscalState.UNSIGNED)
    assert tse.open_transactions() == []
    assert all(count == 1 for count in tse.signed.values())


async def test_a_crash_after_the_finish_was_written_ahead_is_settled_by_a_lookup(
    journal: FiscalJournal,
) -> None:
    tse = FakeTse()
    fiscal = recorder(tse, journal)
    fiscal.begin("S1")
    tse.fail("finish", "lost_after")
    tse.fail("lookup", "unreachable")  # the till cannot even ask: it prints unsigned
    mark = await fiscal.sign("S1", RECEIPT)
    assert mark.signature is None
    # A new process (a new recorder on the same journal) asks the TSE and takes its signature.
    again = recorder(tse, journal)
    recovered = await again.recover()
    assert recovered.signed_late == 1
    record = journal.find("S1", FiscalPurpose.SALE)
    assert record is not None
    assert record.state == FiscalState.FINISHED
    assert record.signed_late == 1
    assert tse.signed[record.tx_id] == 1


async def test_an_open_sale_keeps_its_transaction_through_a_recovery(journal: FiscalJournal) -> None:
    tse = FakeTse()
    fates = Fates()
    fates.open.add("S1")
    fiscal = recorder(tse, journal, fates)
    fiscal.begin("S1")
    await fiscal.drain()
    assert (await fiscal.recover()).still_open == 1
    assert tse.open_transactions() != []
    fates.open.clear()  # given up while the till was down: cancelled by the next recovery
    assert (await fiscal.recover()).cancelled == 1
    assert tse.open_transactions() == []


async def test_a_recovery_stops_at_the_first_sign_that_the_tse_is_still_out(journal: FiscalJournal) -> None:
    tse = FakeTse()
    fates = Fates()
    fiscal = recorder(tse, journal, fates)
    for sale in ("S1", "S2", "S3"):
        fates.paid[sale] = RECEIPT
        tse.fail("finish", "unreachable")
        await fiscal.sign(sale, RECEIPT)  # started, not finished: unsigned, open on the TSE
    calls = len(tse.calls)
    tse.fail("lookup", "unreachable")
    recovered = await fiscal.recover()
    assert recovered.still_open == 1
    assert len(tse.calls) == calls + 1  # one lookup, not one per transaction
    recovered = await fiscal.recover()  # the TSE is back: all three are finished late
    assert recovered.signed_late == 3
    assert tse.open_transactions() == []
