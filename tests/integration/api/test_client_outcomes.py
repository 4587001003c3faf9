"""Lost answers through SecuconnectClient: payments are sent once and end in OutcomeUnknown with the
smart transaction id; reading the transaction tells what really happened. Reads are retried."""

from __future__ import annotations

from pathlib import Path

import pytest

from cashier.api.errors import ConnectionFailed, OutcomeUnknown, RequestTimeout
from cashier.api.transactions import BasketItem, IdentDraft, SmartTransactionDraft, TransactionStatus
from cashier.simulator import seed
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import TillSession, add_fault, till_session

# The faults are the point here; each lost answer logs its unknown outcome as an error.
pytestmark = pytest.mark.expected_errors("cashier.api.http")

ERIKA = "9276004400000011"
START_GLOB = "POST /api/v2/Smart/Transactions/*/start/*"


def sale(ref: str | None = None) -> SmartTransactionDraft:
    return SmartTransactionDraft.for_items(
        [BasketItem(id=1, desc="Kaffee", quantity=2, price_one=250, tax=19)],
        idents=[IdentDraft.card(ERIKA)],
        transaction_ref=ref,
    )


def sent(till: TillSession, method: str, fragment: str) -> int:
    return sum(1 for r in till.transport.api_requests() if r.method == method and fragment in r.path)


@pytest.mark.parametrize(
    ("mode", "cause", "status_after"),
    [
        ("drop_after_commit", ConnectionFailed, TransactionStatus.OK),
        ("drop_before_commit", ConnectionFailed, TransactionStatus.PROCESSING),
        ("hang", RequestTimeout, TransactionStatus.PROCESSING),
    ],
)
async def test_a_lost_start_is_unknown_carries_the_id_and_is_resolved_by_reading(
    sim: SimulatorHandle, tmp_path: Path, mode: str, cause: type[Exception], status_after: str
) -> None:
    async with till_session(sim, tmp_path, read_timeout=0.3) as till:
        client = till.client
        created = await client.create_transaction(sale())
        await client.pre_transaction(created.id)
        before = await client.find_card(ERIKA)
        await add_fault(sim, match=START_GLOB, mode=mode)
        with pytest.raises(OutcomeUnknown) as caught:
            await client.start(created.id, "cash")
        starts = sent(till, "POST", "/start/")
        resolved = await client.get_transaction(created.id)
        after = await client.find_card(ERIKA)
    unknown = caught.value
    assert unknown.smart_transaction_id == created.id
    assert unknown.operation == "start/cash"
    assert isinstance(unknown.cause, cause)
    assert starts == 1, "a payment is never sent twice by the client"
    assert till.sleep.slept == []
    assert resolved.status == status_after
    assert before is not None
    assert after is not None
    assert (after.cash_balance < before.cash_balance) is (status_after == TransactionStatus.OK)


async def test_a_hanging_terminal_payment_is_unknown_after_the_terminal_timeout(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    # read 15 s but terminal 0.3 s: the hang ends quickly only because start/cashless uses the terminal timeout.
    async with till_session(sim, tmp_path, read_timeout=15.0, terminal_timeout=0.3) as till:
        created = await till.client.create_transaction(sale())
        await add_fault(sim, match="POST /api/v2/Smart/Transactions/*/start/cashless", mode="hang")
        with pytest.raises(OutcomeUnknown) as caught:
            await till.client.start(created.id, "cashless")
        resolved = await till.client.get_transaction(created.id)
    assert caught.value.smart_transaction_id == created.id
    assert isinstance(caught.value.cause, RequestTimeout)
    assert resolved.status == TransactionStatus.CREATED


async def test_a_lost_create_has_no_id_and_is_found_by_its_reference(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with till_session(sim, tmp_path) as till:
        await add_fault(sim, match="POST /api/v2/Smart/Transactions", mode="drop_after_commit")
        with pytest.raises(OutcomeUnknown) as caught:
            await till.client.create_transaction(sale(ref="Bon 2026-000042"))
        found = await till.client.find_transactions("Bon 2026-000042")
        creates = sent(till, "POST", "/Smart/Transactions")
    assert caught.value.smart_transaction_id is None
    assert caught.value.operation == "create smart transaction"
    assert creates == 1
    assert len(found) == 1
    assert found[0].status == TransactionStatus.CREATED


@pytest.mark.parametrize("operation", ["prepare/debit", "cancel", "abort"])
async def test_other_money_moves_are_sent_once_too(
    sim: SimulatorHandle, tmp_path: Path, operation: str
) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale())
        if operation == "cancel":
            await client.start(created.id, "cash")
        container = await client.create_bank_account("Erika Musterfrau", "DE89370400440532013000")
        await add_fault(
            sim, match=f"POST /api/v2/Smart/Transactions/*/{operation}", mode="drop_before_commit"
        )
        calls = {
            "prepare/debit": lambda: client.prepare_debit(created.id, container.id),
            "cancel": lambda: client.cancel(created.id),
            "abort": lambda: client.abort(created.id),
        }
        with pytest.raises(OutcomeUnknown) as caught:
            await calls[operation]()
        count = sent(till, "POST", f"/{operation}")
    assert caught.value.smart_transaction_id == created.id
    assert count == 1


async def test_card_creation_is_sent_once(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        await add_fault(
            sim, match="POST /api/v2/Loyalty/MerchantCards/*/createMerchantcards/*", mode="drop_after_commit"
        )
        with pytest.raises(OutcomeUnknown) as caught:
            await till.client.create_cards(seed.MERCHANT_ID, "CRG_DEMO00000000000000000000000001")
        count = sent(till, "POST", "createMerchantcards")
    assert caught.value.smart_transaction_id is None
    assert count == 1


@pytest.mark.parametrize("mode", ["http_500", "drop_before_commit", "drop_after_commit"])
async def test_reads_are_retried(sim: SimulatorHandle, tmp_path: Path, mode: str) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale())
        await add_fault(sim, match="GET /api/v2/Smart/Transactions/*", mode=mode)
        read = await client.get_transaction(created.id)
        await add_fault(sim, match="POST /api/v2/Smart/Transactions/*/preTransaction", mode=mode)
        priced = await client.pre_transaction(created.id)
        await add_fault(sim, match="POST /api/v2/Loyalty/MerchantCards/*/validateMerchantcard", mode=mode)
        validation = await client.validate_card(ERIKA)
        await add_fault(sim, match="GET /api/v2/Loyalty/MerchantCards", mode=mode)
        card = await client.find_card(ERIKA)
        counts = [
            sent(till, "GET", created.id),
            sent(till, "POST", "preTransaction"),
            sent(till, "POST", "validateMerchantcard"),
            sum(1 for r in till.transport.api_requests() if r.query.startswith("q=card")),
        ]
    assert read.id == created.id
    assert priced.missing_sum == 0
    assert validation.is_valid
    assert card is not None
    assert counts == [2, 2, 2, 2]
    assert till.sleep.slept == [0.5, 0.5, 0.5, 0.5]
