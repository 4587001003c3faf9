"""Printing as the till does it: queue first, print once, retry and reprint on request.

:class:`PrintService` stores every document in the journal's print queue **before** a byte
goes to the printer, then prints it once. A failure — printer offline, paper out, a bug in a
layout — marks the job ``failed`` with the reason and comes back as a :class:`PrintOutcome`;
it is never raised into the sale, which is complete whatever the printer does (docs/exactly-once.md).
The cashier retries a failed job with :meth:`PrintService.retry` and reprints any job with
:meth:`PrintService.reprint` (marked KOPIE, recorded in the audit trail); the drawer button is
:meth:`PrintService.open_drawer` (audited too).

A job is rendered and sent on a worker thread, so the event loop never waits for either.
Only one job talks to the printer at a time. A cash receipt opens the drawer on its first
attempt only: a retry never opens it again (the drawer button does, with an audit record).

A new card's security code (CSC) is printed once and never stored: :meth:`PrintService.print_sale`
takes it beside the documents, adds it to the bytes of the customer receipt's first attempt
only, and keeps it out of the queue, the audit trail and the log. A retry, a reprint or a
preview renders the stored document, which says that the code is not printed again.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PIL import Image

from cashier.domain.receipt import Receipt
from cashier.domain.receipt_codec import dumps_receipt, loads_receipt
from cashier.domain.report_codec import dumps_document, loads_balance_slip, loads_z_report
from cashier.domain.reports import BalanceSlip, ZReport
from cashier.journal.audit import AuditTrail
from cashier.journal.database import JournalDatabase
from cashier.journal.print_jobs import PrintJob, PrintJobKind, PrintJobs, PrintJobStatus, UnknownPrintJob
from cashier.printing.errors import PrinterError
from cashier.printing.preview import PreviewFonts, render_preview
from cashier.printing.profile import DrawerPulse, PrinterProfile
from cashier.printing.receipt_layout import (
    merchant_copy_of,
    needs_merchant_copy,
    opens_drawer,
    render_receipt,
)
from cashier.printing.report_layout import (
    render_balance_slip,
    render_drawer_kick,
    render_test_page,
    render_z_report,
)
from cashier.printing.transports import ByteSink, open_sink, send

log = logging.getLogger(__name__)

AUDIT_REPRINT = "receipt_reprinted"
AUDIT_DRAWER = "drawer_opened"
AUDIT_DRAWER_FAILED = "drawer_open_failed"


class AlreadyPrinted(ValueError):
    """A retry was asked for a job that printed; reprint it instead."""


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What became of one print job. ``error`` is a :class:`PrinterError` for printer trouble
    (the UI words it by ``error.reason``); anything else is a bug, logged with its traceback."""

    job: PrintJob
    error: Exception | None = None

    @property
    def printed(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class DrawerOutcome:
    opened: bool
    error: Exception | None = None


SinkFactory = Callable[[str], ByteSink]


class PrintService:
    def __init__(
        self,
        journal: JournalDatabase,
        *,
        printer_uri: str,
        profile: PrinterProfile,
        now: Callable[[], datetime],
        sink_factory: SinkFactory = open_sink,
        logo: Image.Image | None = None,
        deadline: float | None = None,
    ) -> None:
        self.jobs = PrintJobs(journal)
        self.audit = AuditTrail(journal)
        self.printer_uri = printer_uri
        self.profile = profile
        self._now = now
        self._sink_factory = sink_factory
        self._sink: ByteSink | None = None
        self._logo = logo
        self._deadline = deadline
        self._lock = asyncio.Lock()

    # --- what the sale and the screens ask for ----------------------------------------------
    async def print_sale(
        self,
        customer: Receipt,
        merchant: Receipt | None = None,
        *,
        sale_id: str,
        security_code: str | None = None,
    ) -> list[PrintOutcome]:
        """The customer's receipt and the merchant's copy (given, or made for a SEPA debit).

        Both documents are in the journal before the first one prints. ``security_code`` (a
        new card's CSC) goes into the customer receipt's first printed bytes only.
        """
        return await self.print_queued(self.queue_sale(customer, merchant, sale_id=sale_id), security_code)

    def queue_sale(self, customer: Receipt, merchant: Receipt | None = None, *, sale_id: str) -> list[int]:
        """Put a sale's documents into the journal's print queue (printed by :meth:`print_queued`);
        their job ids, the customer's receipt first."""
        if merchant is None and needs_merchant_copy(customer):
            merchant = merchant_copy_of(customer)
        jobs = [self._enqueue_receipt(customer, sale_id)]
        if merchant is not None:
            jobs.append(self._enqueue_receipt(merchant, sale_id))
        return [job.id for job in jobs]

    async def print_queued(
        self, job_ids: Sequence[int], security_code: str | None = None
    ) -> list[PrintOutcome]:
        """Print queued jobs in order; ``security_code`` goes into the first job's first print only."""
        outcomes = []
        for index, job_id in enumerate(job_ids):
            code = security_code if index == 0 else None
            outcomes.append(await self._print(self.jobs.get(job_id), security_code=code))
        return outcomes

    async def print_receipt(self, receipt: Receipt, *, sale_id: str | None = None) -> PrintOutcome:
        return await self._print(self._enqueue_receipt(receipt, sale_id))

    async def print_z_report(self, report: ZReport) -> PrintOutcome:
        job = self.jobs.add(PrintJobKind.Z_REPORT, dumps_document(report), created_at=self._now())
        return await self._print(job)

    async def print_balance_slip(self, slip: BalanceSlip) -> PrintOutcome:
        job = self.jobs.add(PrintJobKind.BALANCE_SLIP, dumps_document(slip), created_at=self._now())
        return await self._print(job)

    async def print_test_page(self) -> PrintOutcome:
        job = self.jobs.add(PrintJobKind.TEST, json.dumps({}), created_at=self._now())
        return await self._print(job)

    async def retry(self, job_id: int) -> PrintOutcome:
        """Print a job that failed (or was interrupted) again, to the current printer."""
        job = self.jobs.get(job_id)
        if job.status is PrintJobStatus.PRINTED:
            raise AlreadyPrinted(f"print job {job_id} was printed; reprint it for a copy")
        return await self._print(job)

    async def reprint(self, *, job_id: int | None = None, sale_id: str | None = None) -> PrintOutcome:
        """A copy marked KOPIE of a job, or of a sale's customer receipt; recorded in the audit trail."""
        original = self._original(job_id, sale_id)
        document = original.document
        if original.is_receipt:
            document = dumps_receipt(loads_receipt(document).as_reprint())
        copy = self.jobs.add(
            original.kind, document, created_at=self._now(), sale_id=original.sale_id, reprint_of=original.id
        )
        self.audit.record(
            AUDIT_REPRINT,
            self._now(),
            sale_id=original.sale_id,
            details={"job_id": copy.id, "original_job_id": original.id, "kind": original.kind.value},
        )
        return await self._print(copy)

    async def open_drawer(self, *, reason: str = "manual", pulse: DrawerPulse | None = None) -> DrawerOutcome:
        """Kick the cash drawer; recorded in the audit trail before the kick goes out."""
        self.audit.record(AUDIT_DRAWER, self._now(), details={"reason": reason, "printer": self.printer_uri})
        try:
            async with self._lock:
                await send(self._get_sink(), render_drawer_kick(self.profile, pulse), deadline=self._deadline)
        except PrinterError as exc:
            self.audit.record(
                AUDIT_DRAWER_FAILED, self._now(), details={"reason": exc.reason.value, "message": exc.message}
            )
            log.warning("cash drawer did not open: %s", exc.message)
            return DrawerOutcome(opened=False, error=exc)
        return DrawerOutcome(opened=True)

    def unfinished(self) -> list[PrintJob]:
        """Jobs that did not print (failed, or queued when the till stopped)."""
        return self.jobs.unfinished()

    def failed(self) -> list[PrintJob]:
        return self.jobs.find(status=PrintJobStatus.FAILED)

    def jobs_of_sale(self, sale_id: str) -> list[PrintJob]:
        return self.jobs.find(sale_id=sale_id)

    def render(
        self, job: PrintJob, *, first_attempt: bool = False, security_code: str | None = None
    ) -> bytes:
        """The ESC/POS bytes of a stored job (what :meth:`_print` sends); ``security_code``
        only for the first attempt of a new card's customer receipt."""
        if job.is_receipt:
            receipt = loads_receipt(job.document)
            return render_receipt(
                receipt,
                self.profile,
                logo=self._logo,
                drawer=first_attempt and opens_drawer(receipt),
                security_code=security_code,
            )
        if job.kind is PrintJobKind.Z_REPORT:
            return render_z_report(loads_z_report(job.document), self.profile, reprint=job.is_reprint)
        if job.kind is PrintJobKind.BALANCE_SLIP:
            return render_balance_slip(loads_balance_slip(job.document), self.profile, reprint=job.is_reprint)
        return render_test_page(self.profile, printer=self.printer_uri)

    def preview(self, job_id: int, fonts: PreviewFonts) -> Image.Image:
        """The job as the screen shows it, drawn from the same bytes the printer gets."""
        return render_preview(self.render(self.jobs.get(job_id)), dots=self.profile.dots, fonts=fonts)

    # --- the queue ----------------------------------------------------------------------------
    def _enqueue_receipt(self, receipt: Receipt, sale_id: str | None) -> PrintJob:
        kind = PrintJobKind.MERCHANT if receipt.merchant_copy else PrintJobKind.CUSTOMER
        return self.jobs.add(kind, dumps_receipt(receipt), created_at=self._now(), sale_id=sale_id)

    def _original(self, job_id: int | None, sale_id: str | None) -> PrintJob:
        if (job_id is None) == (sale_id is None):
            raise ValueError("reprint() takes a job_id or a sale_id")
        if job_id is not None:
            return self.jobs.get(job_id)
        originals = [
            job for job in self.jobs.find(sale_id=sale_id, kind=PrintJobKind.CUSTOMER) if not job.is_reprint
        ]
        if not originals:
            raise UnknownPrintJob(f"sale {sale_id} has no receipt in the print queue")
        return originals[-1]

    def use_printer(self, uri: str, profile: PrinterProfile | None = None) -> None:
        """Print to another printer from the next job on (the settings screen, a retry elsewhere)."""
        self.printer_uri = uri
        if profile is not None:
            self.profile = profile
        self._sink = None  # sinks connect per job: nothing to close

    def use_logo(self, logo: Image.Image | None) -> None:
        """Print ``logo`` above the header of receipts from the next job on (``None``: no logo)."""
        self._logo = logo

    def _get_sink(self) -> ByteSink:
        if self._sink is None:
            self._sink = self._sink_factory(self.printer_uri)
        return self._sink

    async def _print(self, job: PrintJob, *, security_code: str | None = None) -> PrintOutcome:
        async with self._lock:
            job = self.jobs.start_attempt(job.id, self.printer_uri)
            first = job.attempts == 1
            try:
                # Rendering is pure but not free (a few ms; the first one in a process also
                # imports python-escpos, 0.1-0.3 s): like the sink, it runs off the event loop.
                data = await asyncio.to_thread(
                    self.render, job, first_attempt=first, security_code=security_code if first else None
                )
                await send(self._get_sink(), data, deadline=self._deadline)
            except PrinterError as exc:
                log.warning("print job %d (%s) failed: %s", job.id, job.kind.value, exc.message)
                failed = self.jobs.mark_failed(job.id, f"{exc.reason.value}: {exc.message}")
                return PrintOutcome(failed, exc)
            except Exception as exc:  # a bug must not reach the sale either
                log.exception("print job %d (%s) could not be printed", job.id, job.kind.value)
                failed = self.jobs.mark_failed(job.id, f"bug: {type(exc).__name__}: {exc}")
                return PrintOutcome(failed, exc)
            return PrintOutcome(self.jobs.mark_printed(job.id, self._now()))


def printed_all(outcomes: Sequence[PrintOutcome]) -> bool:
    return all(outcome.printed for outcome in outcomes)
