"""Every fault on every TSE call, through the recorder, the fiskaly adapter and the simulator.

A sale's TSE transaction is started at its payment (``begin``) and finished with its receipt
(``sign``); one call of that chain fails one way — the start's PUT, the finish's PUT, the token
(``POST /auth``), or the lookup that settles a lost finish. The sale then ends **signed once**
(its QR code verifies against the TSS's key) or **unsigned** (with the reason), never signed
twice; after a recovery with the TSE healthy again nothing is left ACTIVE on the TSE and a
transaction the TSE finished is in the journal with the TSE's own signature. Served, a request
the TSE finishes after the till gave up (``delay`` beyond the till's timeout) is covered too.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cashier.domain.fiscal import (
    FiscalPayment,
    FiscalReceipt,
    FiscalReceiptType,
    FiscalVat,
    signature_from_dict,
)
from cashier.domain.money import Money
from cashier.journal.fiscal import FiscalJournal, FiscalPurpose, FiscalState
from cashier.journal.schema import open_journal
from cashier.services.fiscal.fiskaly_tse import FiskalyTse
from cashier.services.fiscal.recorder import FiscalRecorder
from cashier.simulator.fiskaly import seed
from tests.helpers.fiskaly import QUICK, FiskalySim, ServedFiskaly, fiskaly_for, served_fiskaly_session
from tests.helpers.tse_verify import verify_qr

TX = "/api/v2/tss/*/tx/*"
SALE = FiscalReceipt(
    FiscalReceiptType.TRAINING, ((FiscalVat.NORMAL, Money(250)),), ((FiscalPayment.CASH, Money(250)),)
)
MODES = ("http_500", "hang", "drop_before_commit", "drop_after_commit", "down")


class Paid:
    """Every sale of these tests was paid: a recovery finishes what is left open."""

    def is_open(self, sale_id: str) -> bool:
        return False

    def completed_receipt(self, sale_id: str) -> FiscalReceipt | None:
        return SALE


@pytest.fixture(scope="module")
def served_fiskaly() -> Iterator[ServedFiskaly]:
    yield from served_fiskaly_session()


@pytest.fixture(params=["embedded", "served"])
async def fsim(request: pytest.FixtureRequest, served_fiskaly: ServedFiskaly) -> AsyncIterator[FiskalySim]:
    async with fiskaly_for(request.param, served_fiskaly if request.param == "served" else None) as sim:
        yield sim


def now() -> datetime:
    return datetime.now(UTC)


def recorder(fsim: FiskalySim, tmp_path: Path) -> tuple[FiscalRecorder, FiscalJournal]:
    journal = FiscalJournal(open_journal(tmp_path / "journal.sqlite"))
    tse = FiskalyTse(fsim.client(timeouts=QUICK), seed.TSS_ID, seed.CLIENT_ID, "simulator")
    return FiscalRecorder(tse, journal, now=now, fates=Paid()), journal


async def tse_transactions(fsim: FiskalySim) -> dict[str, dict[str, Any]]:
    facts = await fsim.inspect()
    return {tx["_id"]: tx for tx in facts["transactions"]}


async def settle_and_check(fsim: FiskalySim, fiscal: FiscalRecorder, journal: FiscalJournal) -> str:
    """Faults cleared, recovered twice; returns the sale's final state after every check."""
    await fsim.control().delete("/simulator/faults")
    await fiscal.drain()
    await fiscal.recover()
    await fiscal.recover()
    record = journal.find("S1", FiscalPurpose.SALE)
    assert record is not None
    on_tse = await tse_transactions(fsim)
    assert [tx_id for tx_id, tx in on_tse.items() if tx["state"] == "ACTIVE"] == []
    finished = [tx_id for tx_id, tx in on_tse.items() if tx["state"] == "FINISHED"]
    if record.state == FiscalState.FINISHED:
        assert finished == [record.tx_id]  # signed once, under the id the journal names
        signature = signature_from_dict(record.signature_data or {})
        assert verify_qr(signature.qr_code_data, (await fsim.inspect())["public_key"])
    else:
        assert record.state == FiscalState.UNSIGNED
        assert record.error
        assert finished == []
    return record.state


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("call", ["start", "finish", "auth"])
async def test_a_tse_call_failing_each_way_ends_signed_once_or_unsigned(
    fsim: FiskalySim, tmp_path: Path, call: str, mode: str
) -> None:
    fiscal, journal = recorder(fsim, tmp_path)
    if call == "auth":
        await fsim.fault(match="POST /api/v2/auth", mode=mode)
    if call == "start":
        await fiscal.status()  # authenticated: the fault meets the PUT itself
        await fsim.fault(match=f"PUT {TX}", mode=mode)
    fiscal.begin("S1")
    await fiscal.drain()
    if call == "finish":
        await fsim.fault(match=f"PUT {TX}", mode=mode)
    mark = await fiscal.sign("S1", SALE)
    assert (mark.signature is None) == (mark.failure is not None)
    state = await settle_and_check(fsim, fiscal, journal)
    if mark.signature is not None:
        assert state == FiscalState.FINISHED
    await fiscal.aclose()


@pytest.mark.parametrize("mode", MODES)
async def test_a_lost_finish_whose_lookup_fails_each_way_is_settled_by_the_recovery(
    fsim: FiskalySim, tmp_path: Path, mode: str
) -> None:
    fiscal, journal = recorder(fsim, tmp_path)
    fiscal.begin("S1")
    await fiscal.drain()
    await fsim.fault(match=f"PUT {TX}", mode="drop_after_commit")
    await fsim.fault(match=f"GET {TX}", mode=mode)
    mark = await fiscal.sign("S1", SALE)
    assert mark.signature is None  # the TSE signed, but the till could not learn it in time
    assert await settle_and_check(fsim, fiscal, journal) == FiscalState.FINISHED
    record = journal.find("S1", FiscalPurpose.SALE)
    assert record is not None
    assert record.signed_late == 1
    await fiscal.aclose()


@pytest.mark.parametrize("call", ["start", "finish"])
async def test_a_call_the_tse_finishes_after_the_till_gave_up(
    served_fiskaly: ServedFiskaly, tmp_path: Path, call: str
) -> None:
    async with fiskaly_for("served", served_fiskaly) as fsim:
        fiscal, journal = recorder(fsim, tmp_path)
        await fiscal.status()
        if call == "finish":
            fiscal.begin("S1")
            await fiscal.drain()
        await fsim.fault(match=f"PUT {TX}", mode="delay", delay_ms=1500)  # the till waits 0.5 s
        if call == "start":
            fiscal.begin("S1")
            await fiscal.drain()
        await fiscal.sign("S1", SALE)
        for _ in range(100):  # until the TSE has done the late work (it commits at 1.5 s)
            states = {tx["state"] for tx in (await tse_transactions(fsim)).values()}
            if (states and "ACTIVE" not in states) or (call == "start" and states == {"ACTIVE"}):
                break
            await asyncio.sleep(0.05)
        await settle_and_check(fsim, fiscal, journal)
        await fiscal.aclose()
        for _ in range(200):  # the late request has answered its closed connection: the TSE is idle
            if not served_fiskaly.server.server_state.tasks:
                break
            await asyncio.sleep(0.05)
