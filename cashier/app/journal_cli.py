"""``cashier journal list|show|reprint``, ``cashier cancel``, ``cashier day close|diagnosis``,
``cashier reconcile``: the journal and the end of the day from the command line.

``journal list`` and ``journal show`` only read: a journal that cannot be written (a read-only
file or folder, another user's) is opened read-only and still listed. The other commands
open the till. A file the till cannot use, or a till open in another process, is one line
naming it and exit 1; a sale that does not exist or has nothing to reprint is exit 2.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cashier.api.errors import ApiError
from cashier.app.composition import MissingCredentials, Till, header_of, open_till
from cashier.app.file_problems import EXIT_FILE_PROBLEM, file_trouble
from cashier.app.paths import resolve_paths
from cashier.app.sale_cli import (
    EXIT_OK,
    EXIT_UNKNOWN,
    EXIT_USAGE,
    announce_registration,
    api_failure,
    credentials_for,
    settings_for,
)
from cashier.domain.money import format_amount
from cashier.domain.receipt import server_receipt_to_json
from cashier.domain.reports import OfflineBooking
from cashier.domain.settings import SettingsError
from cashier.journal.database import JournalDatabase, JournalError, JournalProblem
from cashier.journal.print_jobs import UnknownPrintJob
from cashier.printing.escpos_decode import plain_text
from cashier.printing.receipt_layout import render_receipt
from cashier.printing.report_layout import render_z_report
from cashier.services.after_sale import AfterSaleService
from cashier.services.errors import SaleError


# --- the journal file alone (no till, no network) ----------------------------------------------
def journal_command(command: Callable[[argparse.Namespace, Any], int]) -> Callable[[argparse.Namespace], int]:
    """A command that only reads the journal (given as a ``SaleJournal``)."""

    def run(args: argparse.Namespace) -> int:
        from cashier.journal.sales import SaleJournal

        try:
            db = open_for_reading(resolve_paths().create().journal_file)
        except JournalError as error:
            print(f"cashier: {error.message}", file=sys.stderr)
            return EXIT_FILE_PROBLEM
        try:
            return command(args, SaleJournal(db))
        finally:
            db.close()

    return run


_READ_ONLY_WILL_DO = (JournalProblem.READ_ONLY, JournalProblem.UNOPENABLE, JournalProblem.DISK_FULL)


def open_for_reading(path: Path) -> JournalDatabase:
    """The journal, opened as the till opens it; if it cannot be written, read-only (listing
    needs no write: a read-only disk, another user's journal, a full disk)."""
    from cashier.journal.schema import MIGRATIONS, open_journal

    try:
        return open_journal(path)
    except JournalError as error:
        if error.problem not in _READ_ONLY_WILL_DO or not path.is_file():
            raise
        first = error
    try:
        return JournalDatabase(path, MIGRATIONS, read_only=True)
    except JournalError:
        raise first from None


def _journal_list(args: argparse.Namespace, journal: Any) -> int:
    from cashier.services.clock import local_now

    if getattr(args, "to_book", False):
        records = journal.to_book()  # every day's, oldest first (a sale may wait past midnight)
    elif args.search:
        records = journal.search(args.search)
    else:
        records = journal.of_day(args.day or local_now().date().isoformat())
    if args.json:
        print(json.dumps([_row(r) for r in records], ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in records:
        paid = format_amount(_money(r.total - r.bonus_used))
        card = f"…{r.card_number[-4:]}" if r.card_number else ""
        time, tender = r.created_at[11:19], r.tender or "-"
        line = f"{r.sale_number:>4}  {time}  {r.state:<10} {tender:<8} {paid:>10} €  {card:<6} {r.sale_id}"
        print(f"{line}  {BOOKING_WORDS.get(r.booking, r.booking)}" if r.booking else line)
    if not records:
        print("no sales to book" if getattr(args, "to_book", False) else "no sales", file=sys.stderr)
    return EXIT_OK


BOOKING_WORDS = {
    "to_book": "offline, to book",
    "starting": "offline, booking",
    "booked": "offline, booked",
    "booked_without_card": "offline, booked without card",
}
"""The ``booking`` of a sale made offline, as ``journal list`` says it (docs/offline.md)."""


def _journal_show(args: argparse.Namespace, journal: Any) -> int:
    record = journal.find(args.sale_id)
    if record is None:
        print(f"cashier journal: no sale {args.sale_id}", file=sys.stderr)
        return EXIT_USAGE
    steps = [
        {"at": s.at, "from": s.from_state, "to": s.to_state, "action": s.action, "details": dict(s.details)}
        for s in journal.steps(record.sale_id)
    ]
    if args.json:
        print(json.dumps({**_row(record), "steps": steps}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for key, value in _row(record).items():
        print(f"{key:<22} {value}")
    for step in steps:
        print(f"  {step['at'][11:19]}  {step['from']:>13} -> {step['to']:<13} {step['action']}")
    return EXIT_OK


def _row(record: Any) -> dict[str, Any]:
    keep = (
        "sale_id", "sale_number", "business_day", "kind", "state", "tender", "total", "bonus_used",
        "cash_balance_used", "amount_collected", "card_loaded", "bonus_granted", "cash_given", "change",
        "smart_transaction_id", "receipt_number", "new_card_number", "created_at", "last_error",
        "environment", "booking", "booked_at",
    )  # fmt: skip
    row = {key: getattr(record, key) for key in keep}
    row["card"] = f"************{record.card_number[-4:]}" if record.card_number else None
    return row


def _money(cents: int) -> Any:
    from cashier.domain.money import Money

    return Money(cents)


# --- the whole till ------------------------------------------------------------------------------
def till_command(
    command: Callable[[argparse.Namespace, Till], Awaitable[int]],
) -> Callable[[argparse.Namespace], int]:
    """A command on the open till: its errors become one line and an exit code."""

    def run(args: argparse.Namespace) -> int:
        try:
            settings = settings_for(args)
        except (SettingsError, ValueError) as error:
            print(f"cashier: {error}", file=sys.stderr)
            return EXIT_USAGE

        async def main() -> int:
            async with open_till(
                settings,
                resolve_paths(),
                credentials=credentials_for(args),
                on_registration=announce_registration,
            ) as till:
                return await command(args, till)

        try:
            return asyncio.run(main())
        except SaleError as error:
            print(f"cashier: {error.message}", file=sys.stderr)
            return error.exit_code
        except MissingCredentials as error:
            print(f"cashier: {error}", file=sys.stderr)
            return EXIT_USAGE
        except ApiError as error:
            message, code = api_failure(error, settings)
            print(f"cashier: {message}", file=sys.stderr)
            return code
        except Exception as error:  # an unusable file, or the till open in another process
            trouble = file_trouble(error)
            if trouble is None:
                raise
            print(f"cashier: {trouble.message}", file=sys.stderr)
            return EXIT_FILE_PROBLEM

    return run


def _after_sale(till: Till) -> AfterSaleService:
    return AfterSaleService(
        till.session.client, till.journal, till.audit, till.context, header_of(till.settings)
    )


async def _journal_reprint(args: argparse.Namespace, till: Till) -> int:
    if till.journal.find(args.sale_id) is None:
        print(f"cashier journal: no sale {args.sale_id}", file=sys.stderr)
        return EXIT_USAGE
    try:
        outcome = await till.printer.reprint(sale_id=args.sale_id)
    except UnknownPrintJob:
        print(f"cashier journal: sale {args.sale_id} has no receipt to reprint", file=sys.stderr)
        return EXIT_USAGE
    if outcome.error is not None:
        print(f"cashier: the reprint did not print: {outcome.error}", file=sys.stderr)
        return EXIT_UNKNOWN
    print(f"reprinted sale {args.sale_id} (job {outcome.job.id})")
    return EXIT_OK


async def _cancel(args: argparse.Namespace, till: Till) -> int:
    service = _after_sale(till)
    if args.receipt_number is not None:
        done = await service.reverse_terminal_payment(args.receipt_number)
    elif args.sale_id:
        done = await service.cancel_sale(args.sale_id)
    else:
        print("cashier cancel: give a SALE_ID or --receipt-number", file=sys.stderr)
        return EXIT_USAGE
    amount = format_amount(_money(done.record.total - done.record.bonus_used))
    print(f"sale {done.record.sale_id} cancelled ({amount} €)")
    if done.receipt is not None:
        profile = till.printer.profile
        print(plain_text(render_receipt(done.receipt, profile, drawer=False), profile.columns))
    if done.print_error:
        print(f"cashier: the cancellation receipt did not print: {done.print_error}", file=sys.stderr)
    return EXIT_OK


async def _day_close(args: argparse.Namespace, till: Till) -> int:
    service = _after_sale(till)
    if args.terminal:
        terminal = await service.terminal_end_of_day()
        print(f"terminal end of day: {terminal.status}", file=sys.stderr)
    report = service.close_day(service.z_report(args.day))
    if args.json:
        from cashier.domain.report_codec import dumps_document

        print(dumps_document(report))
    else:
        profile = till.printer.profile
        print(plain_text(render_z_report(report, profile), profile.columns))
    outcome = await till.printer.print_z_report(report)
    if outcome.error is not None:
        print(f"cashier: the Z report did not print: {outcome.error}", file=sys.stderr)
    waiting = report.offline(OfflineBooking.TO_BOOK).count
    if waiting:
        print(f"cashier: {waiting} sale(s) made offline still to book (cashier sync)", file=sys.stderr)
    return EXIT_OK


async def _diagnosis(args: argparse.Namespace, till: Till) -> int:
    result = await _after_sale(till).terminal_diagnosis()
    print(
        json.dumps(
            {"status": result.status, "receipt": server_receipt_to_json(result.receipt)},
            ensure_ascii=False,
            indent=2,
        )
    )
    return EXIT_OK


async def _reconcile(args: argparse.Namespace, till: Till) -> int:
    """Settle what is open (done by opening the till); ``--list`` shows what is left,
    ``--settle`` asks the service about one sale now, ``--set-aside`` unblocks the till from a
    payment whose outcome cannot be settled here (it stays rechecked)."""
    reconciler = till.reconciler
    if args.set_aside:
        result = reconciler.set_aside(args.set_aside)
        print(f"sale {result.sale_id}: set aside; its transaction is rechecked for 30 days")
        return EXIT_OK
    if args.settle:
        result = await reconciler.settle(args.settle)
        print(f"sale {result.sale_id}: {result.outcome.value} {result.detail}".rstrip())
        return EXIT_UNKNOWN if result.blocking else EXIT_OK
    for result in till.reconciled:
        print(f"sale {result.sale_id}: {result.outcome.value} {result.detail}".rstrip())
    items = reconciler.open_items()
    if args.list:
        if args.json:
            print(json.dumps([asdict(item) for item in items], ensure_ascii=False, indent=2))
        for item in items:
            flag = "BLOCKS SALES" if item.blocking else ""
            print(
                f"{item.sale_id}  {item.what:<18} {item.state:<11} {item.environment:<9} "
                f"{item.smart_transaction_id or '-'}  {flag}  {item.last_error or ''}".rstrip(),
                file=sys.stderr if args.json else sys.stdout,
            )
    elif not till.reconciled:
        print("nothing to reconcile")
    return EXIT_UNKNOWN if any(item.blocking for item in items) else EXIT_OK


# --- what ``cashier.app.till_commands`` runs (imported only when one of these commands runs) -----
journal_list = journal_command(_journal_list)
journal_show = journal_command(_journal_show)
journal_reprint = till_command(_journal_reprint)
cancel = till_command(_cancel)
day_close = till_command(_day_close)
day_diagnosis = till_command(_diagnosis)
reconcile = till_command(_reconcile)
