"""Flows against answers the real service may give (issue 14): a cancellation answered without
"cancelled", a direct debit answered ``pending`` and settled later, a prepare that captured."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest

from cashier.api.transactions import SmartTransaction
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.errors import CancellationRefused, InvalidInput, PaymentDeclined
from cashier.services.receipt_factory import PENDING_MARK
from cashier.services.sale import SaleState, Tender
from tests.helpers.engine import WATER, engine_for
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import add_fault


async def test_a_cancellation_answered_without_cancelled_keeps_the_sale(
    sim: SimulatorHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        await engine.payments.pay(sale, Tender.CASH, given=Money(500))
        client = engine.after_sale.client
        read = await client.get_transaction(sale.smart_transaction_id or "")

        async def answered_ok(stx: str) -> SmartTransaction:  # HTTP 200, but still "ok"
            return read

        monkeypatch.setattr(client, "cancel", answered_ok)
        with pytest.raises(CancellationRefused, match="not cancelled"):
            await engine.after_sale.cancel_sale(sale.sale_id)
        record = engine.journal.get(sale.sale_id)
        assert record.state == SaleState.COMPLETED.value  # the sale stands
        assert "cancellation refused" in (record.last_error or "")
        assert engine.after_sale.z_report(sale.business_day).cancellations.count == 0


def _as(status: str, transaction: SmartTransaction) -> SmartTransaction:
    data: dict[str, Any] = transaction.model_dump(mode="json", by_alias=True)
    data["status"] = status
    return SmartTransaction.model_validate(data)


TEA = BasketLine("Tee groß", Money(237), 1, VatRate.STANDARD)  # a debit ending in 37 cents: pending
IBAN, HOLDER = "DE89 3704 0044 0532 0130 00", "Erika Musterfrau"


async def _settle(sim: SimulatorHandle, stx: str, status: str) -> None:
    async with sim.client() as control:
        response = await control.post(f"/simulator/transactions/{stx}/settle", json={"status": status})
        assert response.status_code == 200, response.text


async def test_a_pending_debit_is_paid_in_progress_then_confirmed(
    make_sim: Callable[..., AbstractAsyncContextManager[SimulatorHandle]], tmp_path: Path
) -> None:
    async with (
        make_sim(vendor_shapes=True, pending_debit_reads=0) as sim,
        engine_for(sim, tmp_path) as engine,
    ):
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, TEA)
        result = await engine.payments.pay(sale, Tender.SEPA, iban=IBAN, holder=HOLDER)
        assert sale.state is SaleState.PENDING  # never "not carried out", never editable again
        assert result.receipts.customer.footer_lines[:2] == PENDING_MARK
        assert engine.journal.get(sale.sale_id).state == "pending"
        report = engine.after_sale.z_report(sale.business_day)
        assert (report.sales.count, report.pending.count, report.pending.amount) == (1, 1, Money(237))
        assert await engine.reconciler.reconcile() == []  # still pending: nothing to say, nothing blocks
        assert engine.reconciler.pending() == []

        await _settle(sim, sale.smart_transaction_id or "", "ok")
        assert [r.outcome for r in await engine.reconciler.reconcile()] == ["confirmed"]
        assert engine.journal.get(sale.sale_id).state == "completed"  # no printer in this engine
        assert engine.after_sale.z_report(sale.business_day).pending.count == 0


@pytest.mark.expected_errors("cashier.api.http", "cashier.services.reconcile")
async def test_a_pending_debit_that_fails_later_is_marked_failed(
    make_sim: Callable[..., AbstractAsyncContextManager[SimulatorHandle]], tmp_path: Path
) -> None:
    async with (
        make_sim(vendor_shapes=True, pending_debit_reads=0) as sim,
        engine_for(sim, tmp_path) as engine,
    ):
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, TEA)
        await engine.payments.pay(sale, Tender.SEPA, iban=IBAN, holder=HOLDER)
        await _settle(sim, sale.smart_transaction_id or "", "failed")
        [result] = await engine.reconciler.reconcile()
        assert result.outcome == "debit_failed"
        record = engine.journal.get(sale.sale_id)
        assert record.state == "failed"
        assert "money did not come" in (record.last_error or "")
        assert engine.after_sale.z_report(sale.business_day).sales.count == 0
        assert [e.kind for e in engine.audit.events(sale_id=sale.sale_id)] == ["debit_failed"]


@pytest.mark.expected_errors("cashier.api.http")
async def test_a_lost_start_that_reads_pending_is_never_undone(
    make_sim: Callable[..., AbstractAsyncContextManager[SimulatorHandle]], tmp_path: Path
) -> None:
    async with (
        make_sim(vendor_shapes=True, pending_debit_reads=0) as sim,
        engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine,
    ):
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, TEA)
        await add_fault(sim, match="POST /api/v2/Smart/Transactions/*/start*", mode="drop_after_commit")
        await engine.payments.pay(sale, Tender.SEPA, iban=IBAN, holder=HOLDER)
        assert sale.state is SaleState.PENDING
        aborts = [r for r in engine.transport.api_requests() if r.path.endswith("/abort")]
        assert aborts == []  # a payment in progress is never aborted


@pytest.mark.parametrize("status", ["ok", "pending", "failed"])
async def test_a_prepare_that_already_captured_is_read_not_started_again(
    sim: SimulatorHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: str
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        client = engine.payments.client
        real_prepare = client.prepare_debit
        starts: list[str] = []

        async def prepared_with_auto_capture(stx: str, container: str) -> SmartTransaction:
            return _as(status, await real_prepare(stx, container))

        async def start(stx: str, method: str) -> SmartTransaction:
            starts.append(method)
            raise AssertionError("a captured debit must not be started again")

        monkeypatch.setattr(client, "prepare_debit", prepared_with_auto_capture)
        monkeypatch.setattr(client, "start", start)
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        outcome = "paid"
        try:
            await engine.payments.pay(sale, Tender.SEPA, iban=IBAN, holder=HOLDER)
        except PaymentDeclined:
            outcome = "declined"
        assert starts == []
        expected = {"ok": SaleState.COMPLETED, "pending": SaleState.PENDING, "failed": SaleState.FAILED}
        assert sale.state is expected[status]
        assert outcome == ("declined" if status == "failed" else "paid")


async def test_a_direct_debit_goes_through_a_payment_customer_as_the_vendors_sample_does(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        await engine.payments.pay(sale, Tender.SEPA, iban=IBAN, holder=HOLDER, email="erika@example.org")
        [customer] = engine.sim.store.all("payment.customers")
        assert customer["contact"] == {
            "name": "Erika Musterfrau",
            "forename": "Erika",
            "surname": "Musterfrau",
            "email": "erika@example.org",
        }
        [container] = engine.sim.store.all("payment.containers")
        assert container["customer"]["id"] == customer["id"]
        starts = [r.path for r in engine.transport.api_requests() if "/start" in r.path]
        assert [path.rsplit("/", 1)[-1] for path in starts] == ["debit"]  # start/debit, as the sample


async def test_a_wrong_email_for_the_mandate_is_refused_before_anything_is_sent(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        with pytest.raises(InvalidInput, match="e-mail"):
            await engine.payments.pay(sale, Tender.SEPA, iban=IBAN, holder=HOLDER, email="erika.example.org")
        assert engine.sim.store.all("payment.customers") == []
