"""The receipts the simulator writes, in the line shapes of docs/secuconnect.md §5.2.

Four line types: ``separator`` (``value.caption``, or ``value: {}``), ``textline``
(``text`` + ``decoration``), ``name-value`` (``name``, ``value``, ``decoration``) and ``space``
(no ``value``). Amounts read ``12,34 EUR`` (``important``) in loyalty lines and ``12,50`` after
a ``Betrag EUR`` label on terminal receipts; dates ``dd.mm.yyyy hh:mm:ss`` (local time).

Choices where secuconnect shows no example:

* Loyalty section (§5.3, order as listed there): separator ``Kundenkarte`` — ``Kundenkarte
  Aufladung`` when the basket holds only card loads — then ``Terminal-ID:``, ``Datum:``,
  ``Kartennummer:``, ``TA Code:``; then, each after a space and only when not zero:
  ``Zahlung über:`` (cash balance the card paid), ``Folgender Betrag`` / ``wurde aufgeladen:``
  (load), ``Umsatz erfasst:`` (eligible revenue after bonus), ``Bonus:`` (bonus granted),
  ``Aktuelle Punkte:`` (when the card has points); always ``Aktuelles Guthaben`` last.
* Declined terminal payment: the customer copy of §6.4 without ``Beleg-Nr.``, ending in
  ``Karte abgelehnt`` and ``Zahlung nicht erfolgt``; no merchant copy.
* Merchant copy of a terminal payment of 100,00 EUR or more ends with a space, a line of
  underscores and ``Unterschrift`` (centred) — the copy must be printed and signed.
* Direct debit: separator ``Lastschrift`` with ``IBAN:`` (masked), ``Kontoinhaber:``,
  ``Mandatsreferenz:``, ``Gläubiger-ID:`` and ``Betrag EUR``.
* Storno: the PHP demo's ``sample.json`` shape; ``TA Code:`` and ``Datum:`` are those of the
  cancelled start, ``Stornierter Betrag:`` is the cancelled basket sum, ``Stornierte Punkte:``
  the points taken back (its value line is always present).
* End of day: separator ``Kassenschnitt``, ``Terminal-ID:``, ``Datum:``, ``Anzahl
  Kartenzahlungen:``, ``Summe Kartenzahlungen:``, then ``Kassenschnitt erfolgreich``.
  Diagnosis: separator ``Terminal-Diagnose``, ``Terminal-ID:``, ``Datum:``, ``Status:`` ``OK``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cashier.domain.money import Money, format_amount
from cashier.simulator import seed
from cashier.simulator.loyalty import Bookings

Line = dict[str, Any]


# --- line shapes ------------------------------------------------------------------------------
def separator(caption: str | None = None) -> Line:
    return {"type": "separator", "value": {} if caption is None else {"caption": caption}}


def textline(text: str, *decoration: str) -> Line:
    return {"type": "textline", "value": {"text": text, "decoration": list(decoration)}}


def name_value(name: str, value: str, *decoration: str) -> Line:
    return {"type": "name-value", "value": {"name": name, "value": value, "decoration": list(decoration)}}


def space() -> Line:
    return {"type": "space"}


def amount(cents: int) -> str:
    """``1234`` → ``"12,34 EUR"``."""
    return f"{format_amount(Money(cents))} EUR"


def _local(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp).astimezone()


def date_time(timestamp: float) -> str:
    return _local(timestamp).strftime("%d.%m.%Y %H:%M:%S")


# --- loyalty ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LoyaltyFacts:
    """What the loyalty section of a receipt reports."""

    cardnumber: str
    trans_id: int
    when: float
    bookings: Bookings
    card_after: dict[str, Any]
    load_only: bool


def loyalty_section(facts: LoyaltyFacts) -> list[Line]:
    b = facts.bookings
    lines = [
        separator("Kundenkarte Aufladung" if facts.load_only else "Kundenkarte"),
        name_value("Terminal-ID:", seed.TERMINAL_ID),
        name_value("Datum:", date_time(facts.when)),
        name_value("Kartennummer:", facts.cardnumber),
        name_value("TA Code:", f"{facts.trans_id:08d}"),
    ]
    if b.cash_used:
        lines += [space(), textline("Zahlung über:"), textline(amount(b.cash_used), "important")]
    if b.charge:
        lines += [
            space(),
            textline("Folgender Betrag"),
            textline("wurde aufgeladen:"),
            textline(amount(b.charge), "important"),
        ]
    if b.revenue:
        lines += [space(), textline("Umsatz erfasst:"), textline(amount(b.revenue), "important")]
    if b.bonus_granted:
        lines += [space(), textline("Bonus:"), textline(amount(b.bonus_granted), "important")]
    if facts.card_after["points"]:
        lines += [
            space(),
            textline("Aktuelle Punkte:"),
            textline(str(facts.card_after["points"]), "important"),
        ]
    lines += [
        space(),
        textline("Aktuelles Guthaben"),
        textline(amount(facts.card_after["balance"]), "important"),
    ]
    return lines


# --- terminal ---------------------------------------------------------------------------------
SIGNATURE_FROM = 10_000
"""From this amount (100,00 EUR) the merchant copy must be printed and signed."""


@dataclass(frozen=True, slots=True)
class TerminalFacts:
    amount: int
    when: float
    trace_number: int
    receipt_number: int | None


def _terminal_amount(cents: int) -> str:
    return format_amount(Money(cents))


def card_payment_receipt(facts: TerminalFacts) -> list[Line]:
    """The customer copy (§6.4); ``Beleg-Nr.`` only when the payment got a receipt number."""
    local = _local(facts.when)
    lines = [
        separator("Kartenzahlung"),
        textline("* * Kundenbeleg * *"),
        textline(seed.MERCHANT_NAME.upper()),
        space(),
        name_value("Datum:", local.strftime("%d.%m.%Y")),
        name_value("Uhrzeit:", local.strftime("%H:%M:%S Uhr")),
    ]
    if facts.receipt_number is not None:
        lines.append(name_value("Beleg-Nr.", f"{facts.receipt_number:04d}"))
    lines += [
        name_value("Trace-Nr.", f"{facts.trace_number:06d}"),
        name_value("Terminal-ID", seed.TERMINAL_ID),
        space(),
        name_value("Betrag EUR", _terminal_amount(facts.amount), "important"),
        space(),
    ]
    if facts.receipt_number is None:
        lines += [
            textline("Karte abgelehnt", "align-center", "important"),
            textline("Zahlung nicht erfolgt", "align-center"),
        ]
    else:
        lines.append(textline("Karte akzeptiert", "align-center", "important"))
    return lines


def merchant_receipt(facts: TerminalFacts) -> list[Line]:
    """The merchant copy (§6.4), with a signature line from :data:`SIGNATURE_FROM`."""
    assert facts.receipt_number is not None
    lines = [
        separator("Kartenzahlung"),
        textline("* * Händlerbeleg * *"),
        name_value("Beleg-Nr.", f"{facts.receipt_number:04d}"),
        name_value("Betrag EUR", _terminal_amount(facts.amount)),
        separator(),
        textline("Karte akzeptiert", "align-center", "important"),
    ]
    if needs_signature(facts.amount):
        lines += [space(), textline("_" * 24, "align-center"), textline("Unterschrift", "align-center")]
    return lines


def needs_signature(cents: int) -> bool:
    return cents >= SIGNATURE_FROM


# --- direct debit -----------------------------------------------------------------------------
CREDITOR_ID = "DE98ZZZ09999999999"
"""The Bundesbank's documented test creditor identifier (no real creditor)."""


def debit_section(*, iban_masked: str, owner: str, mandate: str, cents: int) -> list[Line]:
    return [
        separator("Lastschrift"),
        name_value("IBAN:", iban_masked),
        name_value("Kontoinhaber:", owner),
        name_value("Mandatsreferenz:", mandate),
        name_value("Gläubiger-ID:", CREDITOR_ID),
        space(),
        name_value("Betrag EUR", _terminal_amount(cents), "important"),
    ]


# --- storno, end of day, diagnosis --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StornoFacts:
    caption: str
    when: float
    trans_id: int | None
    started: float | None
    cancelled_amount: int
    cancelled_points: int
    balance: int | None
    points: int | None


def storno_receipt(facts: StornoFacts) -> list[Line]:
    lines = [
        separator(facts.caption),
        space(),
        name_value("Terminal-ID:", seed.TERMINAL_ID),
        name_value("Datum:", date_time(facts.when)),
        textline("STORNO", "important", "align-center"),
        space(),
        space(),
    ]
    if facts.trans_id is not None:
        lines += [textline("TA Code:"), textline(f"{facts.trans_id:08d}")]
    if facts.started is not None:
        lines += [textline("Datum:"), textline(date_time(facts.started))]
    lines += [
        space(),
        textline("Stornierter Betrag:"),
        textline(amount(facts.cancelled_amount)),
        space(),
        textline("Stornierte Punkte:"),
        textline(str(facts.cancelled_points)),
    ]
    if facts.balance is not None and facts.points is not None:
        lines += [
            space(),
            space(),
            textline("Aktuelles Guthaben:"),
            textline(amount(facts.balance), "important"),
            space(),
            textline("Aktuelle Punkte:"),
            textline(str(facts.points), "important"),
        ]
    return lines


def end_of_day_receipt(*, when: float, payments: int, total: int) -> list[Line]:
    return [
        separator("Kassenschnitt"),
        name_value("Terminal-ID:", seed.TERMINAL_ID),
        name_value("Datum:", date_time(when)),
        space(),
        name_value("Anzahl Kartenzahlungen:", str(payments)),
        name_value("Summe Kartenzahlungen:", amount(total), "important"),
        space(),
        textline("Kassenschnitt erfolgreich", "align-center", "important"),
    ]


def diagnosis_receipt(*, when: float) -> list[Line]:
    return [
        separator("Terminal-Diagnose"),
        name_value("Terminal-ID:", seed.TERMINAL_ID),
        name_value("Datum:", date_time(when)),
        space(),
        name_value("Status:", "OK", "important"),
    ]
