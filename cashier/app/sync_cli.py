"""``cashier sync``: book the sales made offline with secuconnect (docs/offline.md).

One cheap read first (:meth:`~cashier.services.connection.Connection.probe`); while secuconnect
answers, the till's booker books what is pending — oldest first, each exactly once, the code the
window's background worker runs — and each sale is reported: booked, booked without its card
(and why: the card was unknown or locked when it was booked, so no bonus), or still to book (and
why). Exit 0 when nothing is left to book, 4 while some sale must wait.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cashier.app.composition import Till
from cashier.app.journal_cli import till_command
from cashier.app.sale_cli import EXIT_OK, EXIT_UNKNOWN
from cashier.domain.money import Money, format_amount
from cashier.journal.sales import SaleRecord
from cashier.services.offline_booking import BookingOutcome, BookingResult

NOT_TRIED = "not tried: the sale made before it must be booked first"


async def _sync(args: argparse.Namespace, till: Till) -> int:
    pending = till.booker.pending()
    online = await till.connection.probe()
    results = await till.booker.book_all() if online and pending else []
    status = till.connection.status()
    unreachable = f"secuconnect cannot be reached: {status.problem or 'no answer'}"
    done = {result.sale_id: result for result in results}
    rows = [
        _row(record, done.get(record.sale_id), NOT_TRIED if online else unreachable) for record in pending
    ]
    left = len(till.booker.pending())
    if args.json:
        facts = {
            "connection": status.as_json(),
            "booked": sum(row["outcome"] != BookingOutcome.WAITING for row in rows),
            "to_book": left,
            "sales": rows,
        }
        print(json.dumps(facts, ensure_ascii=False, indent=2))
    else:
        _print(rows, left, online, unreachable)
    return EXIT_UNKNOWN if left else EXIT_OK


def _row(record: SaleRecord, result: BookingResult | None, waiting: str) -> dict[str, Any]:
    outcome = BookingOutcome.WAITING if result is None else result.outcome
    return {
        "sale_id": record.sale_id,
        "sale_number": record.sale_number,
        "business_day": record.business_day,
        "created_at": record.created_at,
        "total": record.total,
        "card": f"************{record.card_number[-4:]}" if record.card_number else None,
        "outcome": outcome.value,
        "smart_transaction_id": None if result is None else result.smart_transaction_id,
        "reason": waiting if result is None else _reason(result),
    }


def _reason(result: BookingResult) -> str | None:
    if result.outcome is BookingOutcome.BOOKED:
        return None
    if result.outcome is BookingOutcome.BOOKED_WITHOUT_CARD:
        why = result.reason or "the card was refused"
        return f"{why}; no bonus credited"
    return result.reason


_WORDS = {
    BookingOutcome.BOOKED.value: "booked",
    BookingOutcome.BOOKED_WITHOUT_CARD.value: "booked without card",
    BookingOutcome.WAITING.value: "still to book",
}


def _print(rows: list[dict[str, Any]], left: int, online: bool, unreachable: str) -> None:
    if not rows:
        print("nothing to book" if online else f"nothing to book ({unreachable})")
        return
    for row in rows:
        amount = format_amount(Money(row["total"]))
        when = f"{row['business_day']} {row['created_at'][11:16]}"
        line = f"sale {row['sale_number']:>3} {when}  {amount:>9} €  {_WORDS[row['outcome']]}"
        reference = row["smart_transaction_id"] if row["outcome"] != BookingOutcome.WAITING else None
        details = "  ".join(part for part in (reference, row["reason"]) if part)
        print(f"{line}  {row['sale_id']}" + (f"  {details}" if details else ""))
    booked = len(rows) - left
    if left:
        print(f"cashier sync: {booked} booked, {left} still to book; run it again later", file=sys.stderr)


# --- what ``cashier.app.till_commands`` runs ---------------------------------------------------
sync = till_command(_sync)
