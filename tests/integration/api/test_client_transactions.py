"""Smart transaction operations of SecuconnectClient against the simulator: state rules as typed errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cashier.api.errors import InvalidRequest, NotFound
from cashier.api.transactions import (
    BasketItem,
    IdentDraft,
    SmartTransactionDraft,
    StartMethod,
    TransactionStatus,
)
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import till_session

ERIKA = "9276004400000011"  # 2000 cash + 350 bonus
PIN_CARD = "9276004400000029"  # 500 cash, passcode 2 (PIN before a discharge), PIN 4711
GIFT = "9276004400000053"  # 5000 cash, no bonus


def sale(*prices: int, card: str | None = None, ref: str | None = None) -> SmartTransactionDraft:
    items = [
        BasketItem(id=n, desc=f"Artikel {n}", quantity=1, price_one=p, tax=19)
        for n, p in enumerate(prices, 1)
    ]
    return SmartTransactionDraft.for_items(
        items, idents=None if card is None else [IdentDraft.card(card)], transaction_ref=ref
    )


async def test_update_replaces_the_basket_and_drops_the_pre_transaction(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale(500, card=ERIKA))
        priced = await client.pre_transaction(created.id)
        updated = await client.update_transaction(created.id, sale(500, 300, card=ERIKA))
        again = await client.pre_transaction(created.id)
        read = await client.get_transaction(created.id)
    assert priced.bonus_spent == 350
    assert updated.status == TransactionStatus.CREATED
    assert updated.basket is not None
    assert [line.price_one for line in updated.basket.products] == [500, 300], "bonus lines dropped"
    assert updated.missing_sum is None
    assert (again.missing_sum, again.bonus_spent) == (0, 350)
    assert read.status == TransactionStatus.PROCESSING
    assert read.basket_info is not None
    assert (read.basket_info.sum, read.basket_info.missing_sum) == (800, 0)


async def test_an_unknown_transaction_is_not_found(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        with pytest.raises(NotFound) as caught:
            await till.client.get_transaction("STX_NOSUCHTRANSACTION000000000000")
    assert (caught.value.status, caught.value.code, caught.value.error) == (
        404,
        3001,
        "ProductNotFoundException",
    )


async def test_a_second_start_is_the_typed_wrong_state_error_and_books_nothing(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale(400, card=ERIKA))
        await client.pre_transaction(created.id)
        first = await client.start(created.id, StartMethod.CASH)
        after_first = await client.find_card(ERIKA)
        with pytest.raises(InvalidRequest) as caught:
            await client.start(created.id, "cash")
        after_second = await client.find_card(ERIKA)
        starts = [r for r in till.transport.api_requests() if "/start/" in r.path]
    assert first.status == TransactionStatus.OK
    assert (caught.value.status, caught.value.code) == (400, 1010)
    assert after_first is not None
    assert after_second == after_first
    assert len(starts) == 2, "each start sent exactly once"


async def test_start_loyalty_with_something_missing_is_the_typed_error_1011(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale(3000, card=ERIKA))
        priced = await client.pre_transaction(created.id)
        with pytest.raises(InvalidRequest) as caught:
            await client.start(created.id, "loyalty")
        unchanged = await client.get_transaction(created.id)
    assert priced.missing_sum == 3000 - 2350
    assert (caught.value.status, caught.value.code) == (400, 1011)
    assert unchanged.status == TransactionStatus.PROCESSING


async def test_the_card_pays_everything_with_start_loyalty(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale(1000, card=GIFT))
        priced = await client.pre_transaction(created.id)
        done = await client.start(created.id, "loyalty")
        card = await client.find_card(GIFT)
    assert (priced.missing_sum, priced.bonus_spent) == (0, 0)
    assert (done.status, done.payment_method) == (TransactionStatus.OK, "loyalty")
    assert card is not None
    assert card.cash_balance == 4000


async def test_a_passcode_card_needs_its_pin_before_it_pays(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale(300, card=PIN_CARD))
        await client.pre_transaction(created.id)
        ident = (await client.get_transaction(created.id)).card_ident
        with pytest.raises(InvalidRequest) as caught:
            await client.start(created.id, "loyalty")
        assert ident is not None
        assert ident.merchantcard is not None
        assert ident.merchantcard.id is not None
        assert await client.check_passcode(ident.merchantcard.id, PIN_CARD, "4711")
        done = await client.start(created.id, "loyalty")
    assert ident is not None
    assert ident.merchantcard is not None
    assert ident.merchantcard.needs_passcode
    assert caught.value.code == 1016
    assert done.status == TransactionStatus.OK


async def test_abort_and_the_states_it_leaves(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale(250))
        aborted = await client.abort(created.id)
        with pytest.raises(InvalidRequest) as again:
            await client.abort(created.id)
        with pytest.raises(InvalidRequest) as start:
            await client.start(created.id, "cash")
    assert aborted.status == TransactionStatus.ABORTED
    assert again.value.code == 1010
    assert start.value.code == 1010


async def test_cancel_only_what_is_done(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_transaction(sale(250, card=ERIKA))
        with pytest.raises(InvalidRequest) as too_early:
            await client.cancel(created.id)
        await client.start(created.id, "cash")
        cancelled = await client.cancel(created.id)
    assert too_early.value.code == 1010
    assert cancelled.is_cancelled
    assert cancelled.known_status is TransactionStatus.CANCELLED


async def test_listing_and_finding_by_reference(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        first = await client.create_transaction(sale(100, ref="Bon 2026-000001"))
        second = await client.create_transaction(sale(200, ref="Bon 2026-000002"))
        await client.create_transaction(sale(300, ref="Bon 2026-000001 Nachtrag"))
        exact = await client.find_transactions("Bon 2026-000001")
        newest = await client.list_transactions(q="transactionRef:Bon*", count=2, sort="created:desc")
        paged = await client.list_transactions(count=1, offset=1)
        nothing = await client.find_transactions("Bon 1999-999999")
        with pytest.raises(ValueError, match="without"):
            await client.find_transactions('Bon "1"')
    assert [stx.id for stx in exact] == [first.id]
    assert newest.count == 3
    assert len(newest.data) == 2
    assert newest.data[1].id == second.id
    assert (paged.count, [stx.id for stx in paged.data]) == (3, [second.id])
    assert nothing == []
