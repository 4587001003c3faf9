"""Every TSE call failing every way, and the port error the till gets for it.

A write (start, finish, cancel) that was sent and got no usable answer is ``TseOutcomeUnknown``
— whether the simulator committed it (``drop_after_commit``) or not (``hang``, ``drop_before_commit``,
``http_500``) cannot be told from the client's side; ``lookup`` tells. A read (lookup, status)
without an answer, and any call whose connection could not be made (``down``), is ``TseUnreachable``.
"""

from __future__ import annotations

import uuid

import pytest

from cashier.domain.fiscal import FiscalPayment, FiscalReceipt, FiscalReceiptType, FiscalVat
from cashier.domain.money import Money
from cashier.services.fiscal.fiskaly_tse import FiskalyTse
from cashier.services.fiscal.port import TseError, TseOutcomeUnknown, TseUnreachable
from cashier.simulator.fiskaly import seed
from tests.helpers.fiskaly import QUICK, FiskalySim

TX = "/api/v2/tss/*/tx/*"
SALE = FiscalReceipt(
    FiscalReceiptType.RECEIPT, ((FiscalVat.NORMAL, Money(250)),), ((FiscalPayment.CASH, Money(250)),)
)
WRITE_FAULTS = {
    "http_500": (TseOutcomeUnknown, None),
    "hang": (TseOutcomeUnknown, None),
    "drop_before_commit": (TseOutcomeUnknown, None),
    "drop_after_commit": (TseOutcomeUnknown, "ACTIVE"),
    "down": (TseUnreachable, None),
}


@pytest.fixture
def quick_tse(fsim: FiskalySim) -> FiskalyTse:
    return FiskalyTse(fsim.client(timeouts=QUICK), seed.TSS_ID, seed.CLIENT_ID, "simulator")


@pytest.mark.parametrize("mode", list(WRITE_FAULTS))
async def test_a_start_failing_each_way(fsim: FiskalySim, quick_tse: FiskalyTse, mode: str) -> None:
    error, committed = WRITE_FAULTS[mode]
    await quick_tse.status()  # authenticated: the fault meets the PUT itself
    await fsim.fault(match=f"PUT {TX}", mode=mode)
    tx = str(uuid.uuid4())
    with pytest.raises(error):
        await quick_tse.start(tx)
    found = await quick_tse.lookup(tx)
    assert (found.state if found else None) == committed


@pytest.mark.parametrize("mode", list(WRITE_FAULTS))
async def test_a_finish_failing_each_way(fsim: FiskalySim, quick_tse: FiskalyTse, mode: str) -> None:
    error, committed = WRITE_FAULTS[mode]
    tx = str(uuid.uuid4())
    await quick_tse.start(tx)
    await fsim.fault(match=f"PUT {TX}", mode=mode)
    with pytest.raises(error):
        await quick_tse.finish(tx, 2, SALE)
    found = await quick_tse.lookup(tx)
    assert found is not None
    assert found.state == ("FINISHED" if committed else "ACTIVE")
    if not committed:  # nothing happened: the same revision may be sent again
        assert (await quick_tse.finish(tx, 2, SALE)).state == "FINISHED"


@pytest.mark.parametrize("mode", list(WRITE_FAULTS))
async def test_a_cancel_failing_each_way(fsim: FiskalySim, quick_tse: FiskalyTse, mode: str) -> None:
    error, _ = WRITE_FAULTS[mode]
    tx = str(uuid.uuid4())
    await quick_tse.start(tx)
    await fsim.fault(match=f"PUT {TX}", mode=mode)
    with pytest.raises(error):
        await quick_tse.cancel(tx, 2)


@pytest.mark.parametrize("mode", list(WRITE_FAULTS))
async def test_reads_failing_each_way_are_unreachable(
    fsim: FiskalySim, quick_tse: FiskalyTse, mode: str
) -> None:
    tx = str(uuid.uuid4())
    await quick_tse.start(tx)
    await fsim.fault(match="GET /api/v2/tss/*", mode=mode, times=2)
    with pytest.raises(TseUnreachable):
        await quick_tse.lookup(tx)
    with pytest.raises(TseUnreachable):
        await quick_tse.status()


@pytest.mark.parametrize("mode", ["http_500", "hang", "drop_before_commit", "drop_after_commit", "down"])
async def test_authentication_failing_is_unreachable_and_sends_nothing(
    fsim: FiskalySim, quick_tse: FiskalyTse, mode: str
) -> None:
    await fsim.fault(match="POST /api/v2/auth", mode=mode)
    tx = str(uuid.uuid4())
    with pytest.raises(TseUnreachable):
        await quick_tse.start(tx)
    assert await quick_tse.lookup(tx) is None


async def test_a_delay_within_the_timeout_is_only_slow(fsim: FiskalySim, quick_tse: FiskalyTse) -> None:
    await fsim.fault(match=f"PUT {TX}", mode="delay", delay_ms=50)
    assert (await quick_tse.start(str(uuid.uuid4()))).state == "ACTIVE"


async def test_a_delay_beyond_the_timeout_is_an_unknown_outcome(
    fsim: FiskalySim, quick_tse: FiskalyTse
) -> None:
    await quick_tse.status()
    await fsim.fault(match=f"PUT {TX}", mode="delay", delay_ms=2000)
    with pytest.raises(TseOutcomeUnknown):
        await quick_tse.start(str(uuid.uuid4()))


async def test_a_tse_down_for_good_fails_every_call_until_the_fault_is_removed(
    fsim: FiskalySim, quick_tse: FiskalyTse
) -> None:
    await fsim.fault(match="* /api/v2/*", mode="down", times=0)
    tx = str(uuid.uuid4())
    for call in (quick_tse.start(tx), quick_tse.lookup(tx), quick_tse.status()):
        with pytest.raises(TseUnreachable):
            await call
    assert (await fsim.control().delete("/simulator/faults")).status_code == 200
    assert (await quick_tse.start(tx)).state == "ACTIVE"


async def test_every_port_error_says_what_happened_in_words(fsim: FiskalySim, quick_tse: FiskalyTse) -> None:
    await fsim.fault(match="POST /api/v2/auth", mode="down")
    with pytest.raises(TseError) as failed:
        await quick_tse.status()
    assert "fiskaly" in str(failed.value)
    assert "cannot be reached" in str(failed.value)


@pytest.mark.parametrize(
    "rule",
    [
        {"match": "PUT", "mode": "hang"},
        {"match": "PUT /x", "mode": "explode"},
        {"match": "PUT /x", "mode": "hang", "times": -1},
        {"match": "PUT /x", "mode": "http_500", "status": 404},
    ],
)
async def test_a_bad_fault_rule_is_refused(fsim: FiskalySim, rule: dict[str, object]) -> None:
    response = await fsim.control().post("/simulator/faults", json=rule)
    assert response.status_code == 400
    assert response.json()["code"] == "E_BAD_REQUEST"
