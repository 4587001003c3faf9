"""``cashier day export``: the DSFinV-K export of the Kassenabschlüsse of a date range (docs/dsfinvk.md).

It only reads the journal (opened as ``journal list`` opens it) and the settings (the shop's
name, address and VAT id from the receipt header, the till id): no till is opened, nothing is
sent anywhere. Exit codes as the other commands: 0 written, 1 a file that cannot be used (the
journal, the settings, the output's folder), 2 a wrong argument or an existing output without
``--force``, 3 refused (nothing to export, or a day with sales but no Kassenabschluss).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from cashier.app.file_problems import EXIT_FILE_PROBLEM
from cashier.app.journal_cli import open_for_reading
from cashier.app.paths import resolve_paths
from cashier.app.sale_cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from cashier.app.settings import load_settings
from cashier.domain.money import Money, format_amount
from cashier.domain.settings import Settings, SettingsError
from cashier.journal.database import JournalError
from cashier.services.fiscal.dsfinvk_export import ExportError, ExportSummary, MasterData, export_dsfinvk


def day_export(args: argparse.Namespace) -> int:
    if args.first > args.last:
        return _fail(f"--from {args.first} is after --to {args.last}", EXIT_USAGE)
    out = Path(args.out)
    problem = _output_problem(out, force=args.force)
    if problem is not None:
        return _fail(*problem)
    paths = resolve_paths()
    journal = Path(args.journal) if args.journal else paths.journal_file
    if not journal.is_file():
        return _fail(f"there is no journal at {journal}", EXIT_FILE_PROBLEM)
    try:
        settings = load_settings(paths.settings_file)
    except SettingsError as error:
        return _fail(str(error), EXIT_FILE_PROBLEM)
    try:
        db = open_for_reading(journal)
    except JournalError as error:
        return _fail(error.message, EXIT_FILE_PROBLEM)
    try:
        summary = export_dsfinvk(db, master_data(settings), args.first, args.last, out)
    except ExportError as error:
        return _fail(str(error), EXIT_REFUSED)
    except OSError as error:
        return _fail(f"{out} cannot be written ({error.strerror or error})", EXIT_FILE_PROBLEM)
    finally:
        db.close()
    print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2) if args.json else _words(summary))
    return EXIT_OK


def master_data(settings: Settings) -> MasterData:
    """The business as the receipt header names it. The header's VAT id is the USt-IdNr. when it
    starts with a country code (``DE123456789``), else the Steuernummer."""
    shop = settings.shop
    vat_id = shop.vat_id.strip().replace(" ", "")
    is_vat_id = vat_id[:2].isalpha()
    return MasterData(
        shop_name=shop.name,
        address_lines=tuple(shop.address),
        till_id=settings.till_id,
        vat_id=vat_id if is_vat_id else "",
        tax_number="" if is_vat_id else vat_id,
    )


def _output_problem(out: Path, *, force: bool) -> tuple[str, int] | None:
    if out.is_dir():
        return f"{out} is a folder; give a file name for the export", EXIT_USAGE
    if out.exists() and not force:
        return f"{out} exists; give --force to replace it", EXIT_USAGE
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        return f"the folder {folder} does not exist", EXIT_FILE_PROBLEM
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} cannot be written by this user", EXIT_FILE_PROBLEM
    return None


def _words(summary: ExportSummary) -> str:
    numbers = ", ".join(str(number) for number in summary.closings)
    lines = [
        f"{summary.path}: DSFinV-K {summary.first_day} to {summary.last_day}",
        f"  Kassenabschluss Nr. {numbers}; {summary.bons} transactions, {format_amount(Money(summary.turnover))} €",
    ]
    if summary.unsigned:
        lines.append(f"  {summary.unsigned} without a TSE signature (TSE_TA_FEHLER says why)")
    return "\n".join(lines)


def _fail(message: str, code: int) -> int:
    print(f"cashier day export: {message}", file=sys.stderr)
    return code
