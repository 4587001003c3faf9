"""The TSE block of a German receipt (§ 6 KassenSichV): what the TSE signed, and its QR code.

The block follows the rule that ends the receipt's part before it and ends in a rule itself.
A signed receipt prints, with the labels fiskaly's receipt guide and the tills in use print
(docs/fiscal-receipt.md):

* TSE-Transaktion (``number``) and TSE-Signaturzähler (``signature.counter``);
* TSE-Start and TSE-Stop: the TSE's times (UTC instants) **in the till's local time**, with
  date and seconds, and one line naming the offset (``Zeiten: Ortszeit (UTC+01:00)``). The
  customer reads them next to the receipt's own date and time, which are local; tills that
  print the raw UTC times have to explain to their customers why the receipt is an hour or
  two off (enfore's help pages do). Nothing is lost: the conversion is exact, the offset is
  printed, and the QR code carries the TSE's UTC times verbatim for verifiers;
* Kassen-Seriennummer (``client_serial_number``, the till's ERS serial), TSE-Seriennummer
  (``tss_serial_number``) and TSE-Signatur (``signature.value``, base64): on their own lines
  under the label when they do not fit beside it, wrapped, never cut;
* TSE-Zeitformat (``log.timestamp_format``) and TSE-Hashalgorithmus (``signature.algorithm``);
* the QR code of ``qr_code_data`` exactly as the TSE gave it (the public key, the process
  type and data are in it; § 6 does not ask for them in text).

A receipt the TSE could not sign says "TSE ausgefallen" in large letters and, under it, why
(AEAO zu § 146a, Nr. 7.2: a clear mark, no transaction number); its date and time are the
till's own, already in the receipt's header (Nr. 7.3). No QR code then.
A training receipt says "TRAININGSBELEG" at the head of the block.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Final

from cashier.domain.fiscal import FiscalMark, TseSignature
from cashier.printing.escpos_builder import CENTER, NORMAL, TicketBuilder
from cashier.printing.sections import BANNER, headline, pair
from cashier.printing.text import printable, wrap

TSE_FAILED: Final = "TSE ausgefallen"
TRAINING_MARK: Final = "TRAININGSBELEG"
QR_TOO_LONG: Final = "QR-Code passt nicht aufs Papier."

TRANSACTION: Final = "TSE-Transaktion"
COUNTER: Final = "TSE-Signaturzähler"
START: Final = "TSE-Start"
STOP: Final = "TSE-Stop"
CLIENT_SERIAL: Final = "Kassen-Seriennummer"
TSS_SERIAL: Final = "TSE-Seriennummer"
SIGNATURE: Final = "TSE-Signatur"
TIME_FORMAT: Final = "TSE-Zeitformat"
ALGORITHM: Final = "TSE-Hashalgorithmus"


def fiscal_block(builder: TicketBuilder, mark: FiscalMark, *, local: tzinfo | None, training: bool) -> None:
    """The block for ``mark``, ending in a rule; TSE times are shown in ``local`` (the zone the
    receipt's own time was recorded in; UTC if ``None``)."""
    if training:
        headline(builder, TRAINING_MARK)
    if mark.signature is None:
        builder.paragraph(TSE_FAILED, BANNER)
        builder.paragraph(mark.failure or "", CENTER)
        if mark.client_serial:  # § 6 Nr. 6: the till's serial number, signed or not
            long_value(builder, CLIENT_SERIAL, mark.client_serial)
        builder.rule()
        return
    _signed(builder, mark.signature, local)
    builder.rule()


def _signed(builder: TicketBuilder, signature: TseSignature, local: tzinfo | None) -> None:
    pair(builder, TRANSACTION, str(signature.number))
    pair(builder, COUNTER, str(signature.signature_counter))
    start = signature.time_start.astimezone(local or UTC)
    pair(builder, START, tse_time(start))
    pair(builder, STOP, tse_time(signature.time_end.astimezone(local or UTC)))
    builder.paragraph(f"Zeiten: Ortszeit ({utc_offset(start)})")
    long_value(builder, CLIENT_SERIAL, signature.client_serial)
    long_value(builder, TSS_SERIAL, signature.tss_serial)
    long_value(builder, SIGNATURE, signature.signature)
    pair(builder, TIME_FORMAT, signature.time_format)
    pair(builder, ALGORITHM, signature.algorithm)
    builder.blank()
    if builder.qr(signature.qr_code_data):
        builder.blank()
    else:
        builder.paragraph(QR_TOO_LONG)


def tse_time(moment: datetime) -> str:
    """``10.02.2025 09:13:05``: date and time to the second, in the moment's own offset."""
    return moment.strftime("%d.%m.%Y %H:%M:%S")


def utc_offset(moment: datetime) -> str:
    """``UTC+01:00``, ``UTC-03:30``, or ``UTC`` for no offset."""
    offset = moment.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(abs(offset).total_seconds()) // 60
    sign = "-" if offset < timedelta(0) else "+"
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def long_value(builder: TicketBuilder, label: str, value: str) -> None:
    """``label`` and ``value`` on one line if they fit; else the label, and under it the value
    wrapped to the paper (at its blanks, and anywhere in a run longer than a line)."""
    value = printable(value).strip()
    width = builder.columns()
    if len(label) + 1 + len(value) <= width:
        pair(builder, label, value)
        return
    builder.line(label, NORMAL)
    for part in wrap(value, width):
        builder.line(part, NORMAL)
