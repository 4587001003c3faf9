"""The sale engine wired as the composition root wires it, against one test's simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.receipt import ShopHeader
from cashier.domain.vat import VatRate
from cashier.journal.audit import AuditTrail
from cashier.journal.database import JournalDatabase
from cashier.journal.sales import SaleJournal
from cashier.journal.schema import open_journal
from cashier.services.after_sale import AfterSaleService
from cashier.services.clock import TillContext
from cashier.services.connection import Connection
from cashier.services.offline import OfflineLimits
from cashier.services.offline_booking import OfflineBooker
from cashier.services.payment import PaymentService
from cashier.services.receipt_factory import ReceiptFactory, ReceiptSettings
from cashier.services.reconcile import Reconciler
from cashier.services.sale_service import SaleService
from tests.helpers.clock import FakeClock
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import CountingTransport, till_session

HEADER = ShopHeader("Café Sonnenschein", ("Sonnenallee 1", "12345 Musterstadt"), "DE123456789", None)

# docs/secuconnect.md §6.1: 7,96 € in three lines at 7 % and 19 %.
SANDWICH = BasketLine("Sandwich Romano", Money(349), 1, VatRate.REDUCED, article_number="30037")
FRUIT = BasketLine("Obstsalat klein", Money(249), 1, VatRate.REDUCED, article_number="30200")
WATER = BasketLine("Wasser 0,25 l", Money(99), 2, VatRate.STANDARD, article_number="51", ean="4999012345678")

ERIKA = "9276004400000011"  # 20,00 € cash balance, 3,50 € bonus, CSC 1234
PIN_CARD = "9276004400000029"  # passcode 2, PIN 4711, CSC 2345
LOCKED = "9276004400000037"
EMPTY = "9276004400000045"  # CSC 4567
GIFT = "9276004400000053"  # 50,00 €, CSC 5678


@dataclass
class Engine:
    sales: SaleService
    payments: PaymentService
    reconciler: Reconciler
    journal: SaleJournal
    audit: AuditTrail
    db: JournalDatabase
    transport: CountingTransport
    sim: SimulatorHandle
    after_sale: AfterSaleService
    booker: OfflineBooker
    connection: Connection

    def unplug(self) -> None:
        """The shop's line goes down: every request fails to connect."""
        self.transport.unplugged = True

    def plug_in(self) -> None:
        self.transport.unplugged = False

    def card_balances(self, number: str) -> tuple[int, int, int]:
        row = self.sim.store.execute(
            "SELECT id FROM merchant_cards WHERE cardnumber = ?", (number,)
        ).fetchone()
        card: Any = self.sim.store.get("loyalty.merchantcards", row["id"])
        return card["cash_balance"], card["bonus_balance"], card["points"]

    def ledger_rows(self, stx_id: str) -> int:
        count: int = self.sim.store.execute(
            "SELECT COUNT(*) FROM ledger WHERE smart_transaction_id = ?", (stx_id,)
        ).fetchone()[0]
        return count


@asynccontextmanager
async def engine_for(
    sim: SimulatorHandle,
    tmp_path: Path,
    *,
    clock: FakeClock | None = None,
    offline_limits: OfflineLimits | None = None,
    **session: Any,
) -> AsyncIterator[Engine]:
    db = open_journal(tmp_path / "journal.sqlite")
    context = TillContext(till_id="T1", environment="simulator", now=(clock or FakeClock()).datetime)
    journal, audit = SaleJournal(db), AuditTrail(db)
    async with till_session(sim, tmp_path, **session) as registered:
        # A lost create is looked up again at once (the pauses are for a real server's latency).
        connection = Connection(registered.client, now=context.now, pauses=(0.0,))
        sales = SaleService(
            registered.client, journal, audit, context, lookup_pauses=(0.0, 0.0), connection=connection
        )
        receipts = ReceiptFactory(
            ReceiptSettings(HEADER, ("Danke für Ihren Einkauf!",)), till_id="T1", environment="simulator"
        )
        payments = PaymentService(
            registered.client,
            journal,
            audit,
            context,
            sync=sales.sync,
            receipts=receipts,
            connection=connection,
            offline_limits=offline_limits,
        )
        after_sale = AfterSaleService(registered.client, journal, audit, context, HEADER)
        yield Engine(
            sales,
            payments,
            Reconciler(registered.client, journal, context, payments, after_sale),
            journal,
            audit,
            db,
            registered.transport,
            sim,
            after_sale,
            OfflineBooker(registered.client, journal, audit, context, sync=sales.sync, connection=connection),
            connection,
        )
    db.close()
