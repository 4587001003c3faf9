"""``cashier sale``: one sale from the command line, on the very services the GUI uses.

For integrators, smoke tests and benchmarks. Prints the customer receipt as text (and sends
it to ``--printer``), or with ``--json`` a summary. Exit codes: 0 done (also a cash sale made
offline: ``"booked": false``, booked later by ``cashier sync`` or the next sale); 2 usage or
input error; 3 refused (unknown or locked card, wrong CSC/PIN, declined, insufficient cash, an
offline sale beyond the shop's limits without ``--offline-confirmed``); 4 outcome unknown or
backend unavailable (also what cannot be done offline); 1 a file the till cannot use (the
journal, the registration, the simulator's state) or the till open in another process — one
line that names it, never a traceback.

Before a new sale the sales made offline are booked, oldest first (docs/offline.md, "Booking"):
here and not in ``open_till``, which every till command runs — reading the journal, printing
the Z report or reprinting must not send payments — and the window has its own worker.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import replace
from typing import Any

from cashier.api.auth import DeviceRegistration
from cashier.api.errors import ApiError, InvalidClient, InvalidDevice
from cashier.app.catalog_file import read_catalog
from cashier.app.composition import Credentials, Till, open_till, with_overrides
from cashier.app.file_problems import EXIT_FILE_PROBLEM, file_trouble
from cashier.app.paths import resolve_paths
from cashier.app.settings import load_or_create_settings
from cashier.domain.barcodes import ScanTarget
from cashier.domain.basket import BasketLine
from cashier.domain.cards import mask_card_numbers
from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.domain.settings import Settings, SettingsError, is_device_uuid, vendor_of
from cashier.domain.vat import VatRate
from cashier.printing.escpos_decode import plain_text
from cashier.printing.receipt_layout import render_receipt
from cashier.services.errors import NotPossibleOffline, OfflineConfirmationNeeded, SaleError
from cashier.services.fiscal.status import mark_json
from cashier.services.offline_booking import BookingResult
from cashier.services.payment import PaymentResult
from cashier.services.sale import Sale, SaleState, Tender
from cashier.ui.catalog import CatalogError

EXIT_OK, EXIT_USAGE, EXIT_REFUSED, EXIT_UNKNOWN = 0, 2, 3, 4


def parse_item(text: str) -> BasketLine:
    parts = [part.strip() for part in text.split(";")]
    if len(parts) not in (3, 4):
        raise ValueError(f"--item {text!r}: expected DESC;PRICE_CENTS;VAT;QTY")
    description, price, vat = parts[:3]
    quantity = parts[3] if len(parts) == 4 else "1"
    if not price.lstrip("-").isdigit() or not vat.isdigit() or not quantity.isdigit():
        raise ValueError(f"--item {text!r}: price, VAT and quantity are whole numbers")
    return BasketLine(description, Money(int(price)), int(quantity), VatRate.from_percent(int(vat)))


def settings_for(args: argparse.Namespace) -> Settings:
    """The settings file with the command line's connection options; raises SettingsError for
    options that contradict each other (exit 2)."""
    environment = environment_of(args.env, args.base_url)
    paths = resolve_paths()
    settings = load_or_create_settings(paths)
    device_uuid = args.device_uuid
    vendor = args.vendor
    if device_uuid:  # a device uuid names its vendor; --vendor (or the file's) must agree with it
        if not is_device_uuid(device_uuid):
            raise SettingsError(
                f"--device-uuid {device_uuid!r} is not of the form /vendor/<vendor>/<key>/<value>"
            )
        settings = replace(settings, vendor=vendor or vendor_of(device_uuid), device_uuid=device_uuid)
    elif vendor:
        settings = settings.with_vendor(vendor)
    return with_overrides(
        settings,
        environment=environment,
        base_url=args.base_url,
        printer_uri=args.printer,
    )


def environment_of(env: str | None, base_url: str | None) -> str | None:
    """``--env`` as given; ``--base-url`` means ``custom`` (an integrator who names a server
    must never sell on the embedded simulator instead) and contradicts any other ``--env``."""
    if base_url is None:
        return env
    if env not in (None, "custom"):
        raise SettingsError(
            f"--base-url is for --env custom, not --env {env}: leave out --base-url to use {env}, "
            "or --env to sell on that server"
        )
    return "custom"


def credentials_for(args: argparse.Namespace) -> Credentials | None:
    return Credentials(args.client_id, args.client_secret) if args.client_id else None


def announce_registration(registration: DeviceRegistration) -> None:
    print(
        f"Register this till: enter the code {registration.user_code} at {registration.verification_url} "
        f"(valid until {registration.expires_at:%H:%M}).",
        file=sys.stderr,
    )


def scanned(args: argparse.Namespace, settings: Settings) -> tuple[list[BasketLine], str | None]:
    """The ``--scan`` codes by the till's rules, on the settings' catalogue: its lines and card.

    Raises the domain's :class:`~cashier.domain.barcodes.BarcodeError` for an unknown code,
    ValueError for a second card, OSError or CatalogError for a catalogue it cannot read.
    """
    catalog = read_catalog(settings)
    lines, card = [], args.card
    for code in args.scan:
        result = catalog.barcodes.route(code)
        article = catalog.article(result.article_number or "")
        if result.target is ScanTarget.CARD:
            if card and card != result.code:
                raise ValueError(f"--scan {mask_card_numbers(code)}: a second card in one sale")
            card = result.code
        elif result.target is ScanTarget.ARTICLE and article is not None:
            lines.append(article.scanned_line(result))
        else:
            raise result.error()
    return lines, card


def run_sale(args: argparse.Namespace) -> int:
    try:
        lines = [parse_item(item) for item in args.item]
        settings = settings_for(args)
    except (ValueError, InputError, SettingsError) as error:
        print(f"cashier sale: {getattr(error, 'message', error)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.scan:
            more, args.card = scanned(args, settings)
            lines += more
    except (ValueError, InputError) as error:
        print(f"cashier sale: {getattr(error, 'message', error)}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, CatalogError) as error:
        print(f"cashier sale: the catalogue cannot be used: {error}", file=sys.stderr)
        return EXIT_FILE_PROBLEM
    if not lines and args.load is None:
        print("cashier sale: nothing to sell: give --item, --scan and/or --load", file=sys.stderr)
        return EXIT_USAGE
    return asyncio.run(_sale(args, settings, lines))


async def _sale(args: argparse.Namespace, settings: Settings, lines: list[BasketLine]) -> int:
    try:
        async with open_till(
            settings,
            resolve_paths(),
            credentials=credentials_for(args),
            on_registration=announce_registration,
        ) as till:
            unsettled = [r.sale_id for r in till.reconciled if r.outcome.blocks_sales]
            if unsettled:
                message = (
                    f"the payment outcome of sale {', '.join(unsettled)} is still unknown; "
                    "no new sale until it is settled (cashier reconcile)"
                )
                _fail(args, message, EXIT_UNKNOWN)
                return EXIT_UNKNOWN
            return await _sell(args, till, lines)
    except SaleError as error:
        _fail(args, error.message, error.exit_code, **_offline_details(error))
        return error.exit_code
    except (ValueError, InputError) as error:
        _fail(args, str(getattr(error, "message", error)), EXIT_USAGE)
        return EXIT_USAGE
    except ApiError as error:  # e.g. while registering: report it, never a traceback
        message, code = api_failure(error, settings)
        _fail(args, message, code)
        return code
    except Exception as error:  # an unusable journal, registration file, simulator state; the lock
        trouble = file_trouble(error)
        if trouble is None:
            raise
        _fail(args, trouble.message, EXIT_FILE_PROBLEM)
        return EXIT_FILE_PROBLEM


def api_failure(error: ApiError, settings: Settings | None = None) -> tuple[str, int]:
    """The line and exit code of an API error outside a sale's own steps (opening the till)."""
    if isinstance(error, InvalidDevice):  # our settings, not the network
        return device_not_configured(settings), EXIT_USAGE
    if isinstance(error, InvalidClient):
        return f"secuconnect refused this till: {error.message}", EXIT_USAGE
    return f"secuconnect cannot be reached: {error.message}", EXIT_UNKNOWN


def device_not_configured(settings: Settings | None) -> str:
    """secuconnect's ``invalid_device`` in words: what is not configured, and what to check."""
    if settings is None or not settings.device_uuid:
        device, vendor = "this till's device", "the vendor name"
    else:
        device = f"the device {settings.device_uuid}"
        vendor = f"the vendor name {settings.vendor_name!r}"
    return (
        f"secuconnect does not know {device} (invalid_device): {vendor} or the device is not configured "
        "at secupay for this client id. Check the vendor name secupay gave with the client id "
        "(--vendor, CASHIER_VENDOR or vendor in settings.toml; the device uuid is /vendor/<vendor name>/…), "
        "or ask secupay to configure it"
    )


async def book_pending(till: Till) -> list[BookingResult]:
    """Book the sales made offline, oldest first, before anything new is sent (one round: a
    till that cannot reach secuconnect finds out here and sells offline at once)."""
    if not till.booker.pending():
        return []
    results = await till.booker.book_all()
    for result in results:
        if not result.booked:
            print(
                f"cashier sale: the offline sale {result.sale_id} is not booked yet: {result.reason}",
                file=sys.stderr,
            )
    return results


async def _sell(args: argparse.Namespace, till: Till, lines: list[BasketLine]) -> int:
    booked_before = sum(result.booked for result in await book_pending(till))
    sales = till.sales
    sale = sales.new_sale()
    before: dict[str, int] | None = None
    try:
        for line in lines:
            sales.add_line(sale, line)
        if args.card:
            card = await sales.attach_card(sale, args.card)
            if card.verified:  # offline the number only: no balances to report
                before = {"cash_balance": card.cash_balance.cents, "bonus_balance": card.bonus_balance.cents}
            if args.csc:
                await sales.check_csc(sale, args.csc)
            if args.pin:
                await sales.check_pin(sale, args.pin)
        if args.create_card:
            sales.create_card(sale, args.create_card)
        if args.load is not None:
            sales.add_card_load(sale, Money(args.load))
        if args.use_balance:
            await sales.apply_card(sale)
        tender = _tender(args, sale)
        given = Money(args.given) if args.given is not None else sale.amount_due
        result = await till.payments.pay(
            sale,
            tender,
            given=given,
            iban=args.iban,
            holder=args.holder,
            email=args.email,
            offline_confirmed=args.offline_confirmed,
        )
    except SaleError as error:
        if sale.state.is_open:
            await sales.abort(sale)
        raise error from None
    _report(args, till, result, before, booked_before)
    return EXIT_OK


def _tender(args: argparse.Namespace, sale: Sale) -> Tender:
    if args.pay is None:
        if sale.pricing is not None and sale.pricing.missing_sum.is_zero:
            return Tender.CARD
        return Tender.CASH
    return {"cash": Tender.CASH, "terminal": Tender.TERMINAL, "sepa": Tender.SEPA}[args.pay]


def _report(
    args: argparse.Namespace,
    till: Till,
    result: PaymentResult,
    before: dict[str, int] | None,
    booked_before: int = 0,
) -> None:
    sale = result.sale
    if args.json:
        facts = summary(result, before)
        facts |= {
            "booked_before": booked_before,
            "to_book": len(till.booker.pending()),
            "connection": till.connection.status().as_json(),
        }
        print(json.dumps(facts, ensure_ascii=False, indent=2))
        return
    profile = till.printer.profile
    print(plain_text(render_receipt(result.receipts.customer, profile, drawer=False), profile.columns))
    if sale.new_card_number:
        print(f"New card: {sale.new_card_number}   CSC: {sale.new_card_csc}", file=sys.stderr)
    if result.print_error:
        print(f"cashier sale: the receipt did not print: {result.print_error}", file=sys.stderr)
    if booked_before:
        print(f"cashier sale: {booked_before} sale(s) made offline booked first", file=sys.stderr)
    if not booked(result):
        print(
            "cashier sale: secuconnect cannot be reached: the sale was made offline (cash) and is booked "
            "when the till is online again (`cashier sync`, or before the next sale).",
            file=sys.stderr,
        )
    if sale.state is SaleState.PENDING:
        print(
            "cashier sale: secuconnect has not confirmed the direct debit yet (pending); "
            "`cashier reconcile` reads it again.",
            file=sys.stderr,
        )


def summary(result: PaymentResult, before: dict[str, int] | None) -> dict[str, Any]:
    sale, transaction = result.sale, result.transaction
    pricing = sale.pricing
    after = None if transaction.card_after is None else transaction.card_after.as_details()
    return {
        "sale_id": sale.sale_id,
        "sale_number": sale.sale_number,
        "smart_transaction_id": sale.smart_transaction_id,
        "status": sale.state.value,
        "total": sale.total.cents,
        "bonus_used": pricing.bonus_used.cents if pricing else 0,
        "card_applied": pricing.cash_balance_used.cents if pricing else 0,
        "missing_sum": sale.amount_due.cents,
        "tender": sale.tender.value if sale.tender else None,
        "given": sale.cash_given.cents if sale.cash_given is not None else None,
        "change": sale.change.cents if sale.change is not None else None,
        "receipt_number": transaction.receipt_number,
        "card_before": before,
        "card_after": after,
        "new_card_number": sale.new_card_number,
        "printed": result.printed,
        "booked": booked(result),
        "tse": mark_json(result.receipts.customer.fiscal),
    }


def booked(result: PaymentResult) -> bool:
    """Whether secuconnect has the sale (False: made offline, booked later)."""
    return result.transaction.status != "offline"


def _offline_details(error: SaleError) -> dict[str, str]:
    """What an offline refusal adds to the JSON error: the operation refused, or the limit."""
    if isinstance(error, NotPossibleOffline):
        return {"not_possible_offline": error.what}
    if isinstance(error, OfflineConfirmationNeeded):
        return {"confirmation_needed": error.reason}
    return {}


def _fail(args: argparse.Namespace, message: str, code: int, **details: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps({"error": message, "exit_code": code, **details}, ensure_ascii=False))
    print(f"cashier: {message}", file=sys.stderr)
