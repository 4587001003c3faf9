"""Figure 4: the longest the Qt event loop is blocked during a sale and during a printer timeout.

One Qt worker process per simulator mode builds the till's window as ``cashier run`` does
(:mod:`benchmarks.gui_till`) and starts a heartbeat: a precise 5 ms ``QTimer`` whose lateness
is how long the loop could not run it (:class:`~benchmarks.gui_till.QtLoopWatch`). Then it
sells as a cashier does, by the window only — five quick keys and a free price of 10,00 €
typed on the keypad (27,40 €), the card scanned (sixteen keys 5 ms apart and Enter), "Pay with
card" (F8), the CSC typed on the dialog's keypad, the card's bonus and cash balance applied
(23,50 €), "Cash" (F5), "Exact", "Paid", the result dialog closed, the receipts printed
(they print behind the result dialog). Each sale's figure is its worst block. Before every
sale the simulator is reset to its seed and the till registered again (outside the watched
part), as in :mod:`benchmarks.sale`.

The first sale of the process is reported on its own (``first``: the first dialogs, the first
receipt, python-escpos loaded by the print thread), then the timed sales. Then the till's
printer is switched to ``tcp://127.0.0.1:PORT?timeout=T`` where a :class:`SilentPrinter`
accepts the connection and never reads or answers: the receipt's status query gets no answer,
the print job fails after ``T`` seconds with a timeout, the sale stays complete and the cashier
is told that the receipt was not printed — meanwhile the loop must keep running.

Figures (``M`` = ``embedded`` or ``served``), ms: ``eventloop.M.sale.first``,
``eventloop.M.sale.median|p95|max`` (of the timed sales' worst blocks),
``eventloop.M.printer_timeout.max`` and ``eventloop.M.printer_timeout.sale_time`` (median time
from "Paid" to the result dialog while the printer times out: the dialog does not wait for the
printer); ``eventloop.M.sales`` and
``eventloop.M.printer_timeout.sales`` (count).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from benchmarks.context import RunContext
from benchmarks.figures import Figure, summarise
from benchmarks.gui_till import (
    PAUSE,
    GuiTill,
    QtLoopWatch,
    act,
    card_shown,
    click,
    fill_basket,
    gui_till,
    run_on_qt,
    scan,
    type_on,
)
from benchmarks.headless import CARD, CSC, Backend, BenchmarkError
from cashier.services.sale import SaleState
from cashier.ui.till.till_state import PaymentSummary

log = logging.getLogger(__name__)


def run(ctx: RunContext) -> Iterator[Figure]:
    for mode in ctx.gui_modes():
        backend = ctx.backend(mode)
        params = {
            "mode": mode,
            "url": backend.url,
            "warmup": ctx.count(3, 0),
            "sales": ctx.count(30, 1),
            "printer_sales": ctx.count(3, 1),
            "printer_timeout": 0.2 if ctx.quick else 1.0,
        }  # fmt: skip
        yield from ctx.run_worker("eventloop", params)


def work(params: dict[str, Any]) -> list[Figure]:
    return run_on_qt(lambda loop: _watched_sales(params, loop))


async def _watched_sales(params: dict[str, Any], loop: asyncio.AbstractEventLoop) -> list[Figure]:
    mode, warmup, count = params["mode"], int(params["warmup"]), int(params["sales"])
    timeout = float(params["printer_timeout"])
    blocked: list[float] = []
    printer_blocked: list[float] = []
    printer_waits: list[float] = []
    async with gui_till(Backend(mode, params["url"]), Path(params["home"]) / "till", loop=loop) as gui:
        watch = QtLoopWatch(parent=gui.window)
        watch.start()
        for number in range(warmup + count):
            await gui.bench.fresh_start()
            watch.take()
            summary, worst, _ = await gui_sale(gui, watch, f"sale {number + 1}")
            blocked.append(worst)
            if not summary.printed:
                raise BenchmarkError("the receipt of a sale on the preview printer was not printed")
        with SilentPrinter() as printer:
            gui.bench.till.printer.use_printer(f"tcp://127.0.0.1:{printer.port}?timeout={timeout:g}")
            for number in range(int(params["printer_sales"])):
                await gui.bench.fresh_start()
                watch.take()
                summary, worst, waited = await gui_sale(gui, watch, f"printer-timeout sale {number + 1}")
                printer_blocked.append(worst)
                printer_waits.append(waited * 1000)
                _check_timed_out(gui, summary)
            gui.bench.till.printer.use_printer("preview")
        watch.stop()
    name = f"eventloop.{mode}"
    timed = blocked[warmup:]
    return [
        Figure(f"{name}.sale.first", blocked[0], "ms"),
        *summarise(f"{name}.sale", timed),
        Figure(f"{name}.sale.max", max(timed), "ms"),
        Figure(f"{name}.sales", len(timed), "count"),
        Figure(f"{name}.printer_timeout.max", max(printer_blocked), "ms"),
        Figure(f"{name}.printer_timeout.sale_time", statistics.median(printer_waits), "ms"),
        Figure(f"{name}.printer_timeout.sales", len(printer_blocked), "count"),
    ]


async def gui_sale(gui: GuiTill, watch: QtLoopWatch, label: str) -> tuple[PaymentSummary, float, float]:
    """One sale by the window only: the summary the result dialog showed, the sale's worst block
    (ms) and the seconds from "Paid" to the result dialog. Each action is followed by
    :data:`PAUSE`. Logs the worst block of each step (the worker's ``cashier.log``)."""
    view, model = gui.view, gui.model
    steps: dict[str, float] = {}
    await fill_basket(gui)
    steps["basket"] = watch.take()

    shown = asyncio.ensure_future(gui.wait(lambda: card_shown(gui), model.sale_changed, what="the card"))
    await scan(CARD)
    await shown
    await asyncio.sleep(PAUSE)
    steps["scan"] = watch.take()

    await act(click, view.tenders.buttons["card"])
    if not view.csc_dialog.isVisible():
        raise BenchmarkError("Pay with card did not ask for the CSC")
    await type_on(view.csc_dialog.keypad, CSC)
    click(view.csc_dialog.ok_button)

    def priced() -> bool:
        sale = model.sale
        return sale is not None and sale.state is SaleState.PRICED and not model.busy

    await gui.wait(priced, model.sale_changed, model.busy_changed, what="the card to be applied")
    await asyncio.sleep(PAUSE)
    steps["card"] = watch.take()

    await act(click, view.tenders.buttons["cash"])
    dialog = view.cash_dialog
    if not dialog.isVisible():
        raise BenchmarkError("Cash did not open the cash dialog")
    await act(click, dialog.exact)
    paid: list[PaymentSummary] = []
    printed: list[PaymentSummary] = []
    model.payments.payment_completed.connect(paid.append)
    model.payments.receipt_printed.connect(printed.append)
    try:
        started = time.perf_counter()
        click(dialog.ok_button)
        finished = await gui.wait(lambda: bool(paid), model.payments.payment_completed, what="the payment")
        await asyncio.sleep(PAUSE)
        if not view.result_dialog.isVisible():
            raise BenchmarkError("the result dialog did not open")
        await act(click, view.result_dialog.buttons.buttons()[0])
        await gui.activate()  # the cashier's next keys (and scans) go to the till's window again
        # The receipts print behind the result dialog: the sale's watch runs until they are out.
        await gui.wait(lambda: bool(printed), model.payments.receipt_printed, what="the receipt")
    finally:
        model.payments.payment_completed.disconnect(paid.append)
        model.payments.receipt_printed.disconnect(printed.append)
    steps["paid"] = watch.take()
    worst = max(steps, key=lambda step: steps[step])
    log.info("%s: worst block %.1f ms (%s)", label, steps[worst], _steps_text(steps))
    return printed[0], steps[worst], finished - started


def _steps_text(steps: dict[str, float]) -> str:
    return ", ".join(f"{step} {ms:.1f}" for step, ms in steps.items())


def _check_timed_out(gui: GuiTill, summary: PaymentSummary) -> None:
    if summary.printed:
        raise BenchmarkError("a receipt reached the silent printer")
    failed = gui.bench.till.printer.failed()
    reason = (failed[-1].last_error or "") if failed else ""
    if not reason.startswith("timeout"):
        raise BenchmarkError(f"the receipt failed otherwise than by a timeout: {reason!r}")


class SilentPrinter:
    """A "printer" on 127.0.0.1 that accepts connections and then never reads or answers.

    The till's network sink connects, sends its paper-status query and waits for the answer
    that never comes: its I/O timeout ends the job. Connections are held until :meth:`close`.
    """

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self.port: int = self._server.getsockname()[1]
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="silent-printer", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(connection)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()
        for connection in self._held:
            connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
