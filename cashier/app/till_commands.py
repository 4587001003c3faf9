"""The command line's till commands — ``sale``, ``sync``, ``journal``, ``cancel``, ``day``,
``reconcile`` — as argparse sees them.

Only the parsers live here: each command's code (``cashier.app.sale_cli``,
``cashier.app.sync_cli``, ``cashier.app.journal_cli``) is imported when that command runs.
Those modules import the API
client, the services and the printing; the parser is built for every command, ``cashier run``
too, where importing them first would hold back the window's first paint by ~0.7 s.
"""

from __future__ import annotations

import argparse
import importlib
import os
from collections.abc import Callable
from datetime import date

from cashier.domain.settings import ENVIRONMENTS

MAX_CENTS = 100_000_000  # 1,000,000.00 €: the most any amount in settings.toml may be
MAX_RECEIPT_NUMBER = 2**63 - 1  # what SQLite and secuconnect can hold


def cents(text: str) -> int:
    """An amount in cents on the command line: a whole number from 0 to :data:`MAX_CENTS`."""
    value = int(text) if text.strip().isdecimal() else -1
    if not 0 <= value <= MAX_CENTS:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of cents from 0 to {MAX_CENTS}, not {text!r}"
        )
    return value


def business_day(text: str) -> str:
    """A business day ``YYYY-MM-DD`` that exists (not 2026-02-30), kept as that text."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date YYYY-MM-DD that exists, not {text!r}") from None


def receipt_number(text: str) -> int:
    value = int(text) if text.strip().isdecimal() else 0
    if not 1 <= value <= MAX_RECEIPT_NUMBER:
        raise argparse.ArgumentTypeError(f"must be a receipt number (a whole number from 1), not {text!r}")
    return value


def _later(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        handler: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module(f"cashier.app.{module}"), name
        )
        return handler(args)

    return run


def add_till_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_sale_command(commands)
    add_sync_command(commands)
    add_journal_commands(commands)


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--env",
        choices=ENVIRONMENTS,
        help="environment (default: the settings', else simulator; custom when --base-url is given)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="a secuconnect server's base URL: means --env custom (refused with another --env)",
    )
    parser.add_argument("--client-id", default=os.environ.get("CASHIER_CLIENT_ID"), help="vendor client id")
    parser.add_argument(
        "--client-secret", default=os.environ.get("CASHIER_CLIENT_SECRET"), help="vendor client secret"
    )
    parser.add_argument(
        "--vendor",
        default=os.environ.get("CASHIER_VENDOR"),
        metavar="NAME",
        help="the vendor name secupay gave with the client id (env CASHIER_VENDOR; letters, digits, _ "
        "and -): the device uuid's /vendor/NAME/… segment; needed to register in testing and live",
    )
    parser.add_argument(
        "--device-uuid",
        default=os.environ.get("CASHIER_DEVICE_UUID"),
        metavar="UUID",
        help="/vendor/<vendor>/<key>/<value> (env CASHIER_DEVICE_UUID; default: made once and kept)",
    )
    parser.add_argument("--printer", help="printer URI (default: the settings')")


def add_sale_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sale = commands.add_parser(
        "sale",
        help="run one sale headless (on the same services as the till)",
        description="Run one sale: basket, card, payment, receipt. Sales made offline are booked first. "
        'Without secuconnect a cash sale is made offline (exit 0, "booked": false in --json) and booked '
        "later. Exit codes: 0 done, 2 input error, 3 refused (card, CSC/PIN, declined, cash, an offline "
        "sale beyond the shop's limits), 4 outcome unknown, backend unavailable or not possible offline.",
    )
    add_connection_options(sale)
    sale.add_argument(
        "--item",
        action="append",
        default=[],
        metavar="DESC;PRICE_CENTS;VAT;QTY",
        help="a basket line, e.g. 'Brötchen;45;7;4' (QTY defaults to 1); repeatable",
    )
    sale.add_argument(
        "--scan",
        action="append",
        default=[],
        metavar="CODE",
        help="a scanned code, routed as the till routes a scan: an article's EAN or number, an in-store "
        "price or weight label (by the settings' catalogue), or the customer card; repeatable",
    )
    sale.add_argument("--load", type=cents, metavar="CENTS", help="load the card's cash balance by this much")
    sale.add_argument("--card", metavar="NUMBER", help="the loyalty card's number")
    sale.add_argument("--csc", metavar="CODE", help="the card's security code (needed to pay with the card)")
    sale.add_argument("--pin", metavar="PIN", help="the card's PIN, if it asks for one")
    sale.add_argument("--create-card", metavar="CRG_ID", help="create a new card of this card group")
    sale.add_argument("--use-balance", action="store_true", help="pay with the card's balance and bonus")
    sale.add_argument("--pay", choices=("cash", "terminal", "sepa"), help="how the rest is paid")
    sale.add_argument(
        "--given", type=cents, metavar="CENTS", help="cash handed over (default: the exact amount)"
    )
    sale.add_argument("--iban", help="IBAN for --pay sepa")
    sale.add_argument("--holder", help="account holder for --pay sepa")
    sale.add_argument("--email", help="the account holder's e-mail for the mandate information (--pay sepa)")
    sale.add_argument(
        "--offline-confirmed",
        action="store_true",
        help="a manager confirmed an offline sale beyond the shop's limits ([offline] max_sale_cents, "
        "max_hours in settings.toml); the audit trail records it",
    )
    sale.add_argument("--json", action="store_true", help="print a JSON summary instead of the receipt")
    sale.set_defaults(handler=_later("sale_cli", "run_sale"))


def add_sync_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = commands.add_parser(
        "sync",
        help="book the sales made offline with secuconnect",
        description="Ask whether secuconnect answers, then book the sales made offline, oldest first, "
        "each exactly once. Exit 0 when none is left to book, 4 while some must still wait (the reason "
        "is printed).",
    )
    add_connection_options(sync)
    sync.add_argument("--json", action="store_true", help="print the result per sale as JSON")
    sync.set_defaults(handler=_later("sync_cli", "sync"))


def add_journal_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    journal = commands.add_parser("journal", help="the till's journal: list, show and reprint sales")
    sub = journal.add_subparsers(dest="journal_command", metavar="COMMAND", required=True)
    listing = sub.add_parser("list", help="the sales of a business day (default today)")
    listing.add_argument("--day", type=business_day, metavar="YYYY-MM-DD", help="business day")
    listing.add_argument(
        "--search", metavar="TEXT", help="sale id or number, card number (or its end), receipt no."
    )
    listing.add_argument(
        "--to-book",
        action="store_true",
        help="the sales made offline that secuconnect does not have yet (every day, oldest first)",
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_later("journal_cli", "journal_list"))
    show = sub.add_parser("show", help="one sale with every step")
    show.add_argument("sale_id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_later("journal_cli", "journal_show"))
    reprint = sub.add_parser("reprint", help="print a sale's receipt again (marked KOPIE)")
    reprint.add_argument("sale_id")
    add_connection_options(reprint)
    reprint.set_defaults(handler=_later("journal_cli", "journal_reprint"))

    cancel = commands.add_parser("cancel", help="cancel a former sale (or reverse its terminal payment)")
    cancel.add_argument("sale_id", nargs="?", help="the sale to cancel")
    cancel.add_argument(
        "--receipt-number", type=receipt_number, help="reverse the terminal payment with this receipt number"
    )
    add_connection_options(cancel)
    cancel.set_defaults(handler=_later("journal_cli", "cancel"))

    day = commands.add_parser(
        "day", help="end of day: Z report, DSFinV-K export, terminal end of day, diagnosis"
    )
    day_sub = day.add_subparsers(dest="day_command", metavar="COMMAND", required=True)
    close = day_sub.add_parser("close", help="print the till's Z report (and run the terminal's end of day)")
    close.add_argument("--day", type=business_day, metavar="YYYY-MM-DD", help="business day (default today)")
    close.add_argument("--terminal", action="store_true", help="also run the card terminal's end of day")
    close.add_argument("--json", action="store_true")
    add_connection_options(close)
    close.set_defaults(handler=_later("journal_cli", "day_close"))
    export = day_sub.add_parser(
        "export",
        help="write the DSFinV-K export of the Kassenabschlüsse of a date range (a ZIP)",
        description="Write the DSFinV-K export (docs/dsfinvk.md) of every Kassenabschluss (printed Z report) "
        "of the business days FROM to TO. Only reads the journal. Exit codes: 0 written, 1 a file that "
        "cannot be used, 2 a wrong argument or an existing file without --force, 3 nothing to export or a "
        "day with sales but no Kassenabschluss.",
    )
    export.add_argument("--from", dest="first", type=business_day, required=True, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="last", type=business_day, required=True, metavar="YYYY-MM-DD")
    export.add_argument("--out", required=True, metavar="FILE.zip", help="where to write the ZIP")
    export.add_argument("--journal", metavar="PATH", help="the journal to read (default: the till's)")
    export.add_argument("--force", action="store_true", help="replace FILE.zip if it exists")
    export.add_argument("--json", action="store_true", help="print a JSON summary")
    export.set_defaults(handler=_later("day_cli", "day_export"))
    diagnosis = day_sub.add_parser("diagnosis", help="run the card terminal's diagnosis")
    add_connection_options(diagnosis)
    diagnosis.set_defaults(handler=_later("journal_cli", "day_diagnosis"))

    reconcile = commands.add_parser(
        "reconcile",
        help="settle sales whose payment or cancellation outcome is unknown",
        description="Ask secuconnect what became of every payment and cancellation whose answer was "
        "lost. Exit 0 when nothing blocks new sales, 4 while a payment's outcome is still unknown.",
    )
    add_connection_options(reconcile)
    reconcile.add_argument(
        "--list", action="store_true", help="list what is still open, of every environment"
    )
    reconcile.add_argument("--json", action="store_true", help="with --list: as JSON")
    reconcile.add_argument("--settle", metavar="SALE_ID", help="ask secuconnect about this one sale now")
    reconcile.add_argument(
        "--set-aside",
        metavar="SALE_ID",
        help="stop a payment of unknown outcome from blocking the till (e.g. of another environment); "
        "it is still rechecked, and completed if the service booked it",
    )
    reconcile.set_defaults(handler=_later("journal_cli", "reconcile"))
