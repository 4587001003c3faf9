"""Figure 5, journal: one ``SaleJournal.step`` on a journal file as the till opens it.

The file is opened by :func:`cashier.journal.schema.open_journal` (WAL, ``synchronous=FULL``:
each step is on disk when it returns — the write-ahead rule of a sale needs that), in the work
folder, i.e. on the disk the till's data folder would use. Each timed sale writes the steps of
a card sale as the engine does — card attached, CSC checked, priced, starting, completed (with
a transaction and a receipt document of a real sale's size) — and every step is one sample.

Figures: ``journal.step.median|p95`` (ms), ``journal.step.samples`` (count).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from benchmarks.context import RunContext
from benchmarks.figures import Figure, summarise
from benchmarks.headless import BenchmarkError
from cashier.journal.sales import SaleJournal
from cashier.journal.schema import open_journal

_TRANSACTION = json.dumps({"id": "STX_" + "A" * 30, "status": "ok", "basket": {"products": ["x" * 60] * 40}})
_RECEIPT = json.dumps({"kind": "sale", "items": ["y" * 60] * 30})

STEPS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("editing", "card_attached", "card", {"card_number": "9276004400000011", "card_id": "MCD_" + "B" * 30}),
    ("card_attached", "csc_ok", "csc_ok", {}),
    ("csc_ok", "priced", "preTransaction", {"total": 2856, "bonus_used": 350, "cash_balance_used": 2000}),
    ("priced", "starting", "start/cash", {"tender": "cash", "cash_given": 1000}),
    ("starting", "completed", "completed", {"transaction_json": _TRANSACTION, "receipt_json": _RECEIPT}),
)


def run(ctx: RunContext) -> Iterator[Figure]:
    db = open_journal(ctx.folder("journal") / "journal.sqlite")
    try:
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        synchronous = db.execute("PRAGMA synchronous").fetchone()[0]
        if (mode, synchronous) != ("wal", 2):
            raise BenchmarkError(f"the journal is not WAL with synchronous=FULL ({mode}, {synchronous})")
        journal = SaleJournal(db)
        warmup, sales = ctx.count(5, 1), ctx.count(200, 3)
        samples = []
        for index in range(warmup + sales):
            at = datetime.now().astimezone()
            sale_id = f"BENCH-{index:06d}"
            journal.open_sale(
                sale_id=sale_id,
                till_id="BENCH",
                business_day=at.date().isoformat(),
                kind="sale",
                state="editing",
                environment="simulator",
                at=at,
            )
            for from_state, to_state, action, columns in STEPS:
                started = time.perf_counter()
                journal.step(
                    sale_id,
                    from_state=from_state,
                    to_state=to_state,
                    action=action,
                    at=at,
                    details={"bench": index},
                    **columns,
                )
                if index >= warmup:
                    samples.append((time.perf_counter() - started) * 1000)
    finally:
        db.close()
    yield from summarise("journal.step", samples)
    yield Figure("journal.step.samples", len(samples), "count")
