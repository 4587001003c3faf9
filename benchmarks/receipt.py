"""Figure 5, receipts: rendering the customer receipt to ESC/POS bytes, 80 mm and 58 mm paper.

The receipt is the one of the benchmark's sale (:mod:`benchmarks.sale`: five lines, card with
bonus and cash balance, cash given and change, the server's card lines, barcode), made once
on the embedded simulator; then :func:`~cashier.printing.receipt_layout.render_receipt` runs
``runs`` times per paper width after a few warm-up renders (the first render in a process
also loads python-escpos' capability data; :mod:`benchmarks.sale` reports that as part of
``sale.M.first``).

Figures: ``receipt.render_80mm.median|p95`` and ``receipt.render_58mm.median|p95`` (ms),
``receipt.bytes_80mm`` (B).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

from benchmarks.context import RunContext
from benchmarks.figures import Figure, summarise
from benchmarks.headless import EMBEDDED, Backend, card_sale, headless_till
from cashier.domain.receipt import Receipt
from cashier.printing.profile import PrinterProfile
from cashier.printing.receipt_layout import render_receipt

PAPERS = (("80mm", 48), ("58mm", 32))


def run(ctx: RunContext) -> Iterator[Figure]:
    receipt = asyncio.run(_sale_receipt(ctx))
    warmup, runs = ctx.count(20, 1), ctx.count(500, 3)
    for paper, columns in PAPERS:
        profile = PrinterProfile.for_columns(columns)
        samples = []
        for index in range(warmup + runs):
            started = time.perf_counter()
            data = render_receipt(receipt, profile)
            if index >= warmup:
                samples.append((time.perf_counter() - started) * 1000)
        yield from summarise(f"receipt.render_{paper}", samples)
        if paper == "80mm":
            yield Figure("receipt.bytes_80mm", len(data), "B")


async def _sale_receipt(ctx: RunContext) -> Receipt:
    async with headless_till(Backend(EMBEDDED), ctx.folder("receipt") / "till") as bench:
        await bench.fresh_start()
        return (await card_sale(bench)).receipt
