"""Take secrets and personal data out of log text (docs/style.md habit 13, issue 4 "Observability").

:func:`redact` removes, from any text (a log message, a URL, a JSON or form body):

* ``Authorization`` header values and ``Bearer …`` tokens (also after ``Authenticate:``);
* the values of ``access_token``, ``refresh_token``, ``device_code``, ``client_secret``,
  ``password``, ``passcode``, ``pin`` and ``csc`` — in JSON, Python reprs and ``key=value`` form
  or query text — and a long (device) ``code``;
* IBANs, keeping the country and the last four characters (``DE** **** **** **** **30 00``);
* card numbers: 12 or more digits, together or in groups of 3 to 6 digits parted by single
  spaces or dashes (``9276 0044 2464 4352``), keeping the last four (``************4352``).
  A sale id (``KASSE-1-20260509-123456``: the till, the day's eight digits, six hex digits)
  is not a card number and stays readable — the log must say which sale it speaks of.

It errs on the side of removing: an EAN or a long reference number may lose its digits in a log.
Runs of digits inside a word (a ``supportId``, an object id) are left alone, so that the help
desk references in the log stay readable. :class:`RedactingFilter` applies it to every record;
the composition root attaches it to the log handlers. ``cashier.api`` imports nothing else from
Cashier, so this module stands alone (``domain`` has its own masking for the screen).
"""

from __future__ import annotations

import logging
import re
from typing import Final

REDACTED: Final = "[redacted]"

_SECRET_KEYS: Final = (
    "access_token",
    "refresh_token",
    "device_code",
    "client_secret",
    "password",
    "passcode",
    "pin",
    "csc",
)
_KEYS: Final = "|".join(_SECRET_KEYS)

# "key": "value" / 'key': 'value' (JSON, Python repr), value with escapes.
_QUOTED_VALUE: Final = re.compile(
    rf"""(?P<head>(?P<kq>["'])(?:{_KEYS})(?P=kq)\s*:\s*)(?P<q>["'])(?:\\.|(?!(?P=q)).)*(?P=q)""",
    re.IGNORECASE,
)
# "key": 1234 (a number or a bare word in JSON).
_BARE_VALUE: Final = re.compile(
    rf"""(?P<head>["'](?:{_KEYS})["']\s*:\s*)(?P<v>[^\s"',}}\]]+)""",
    re.IGNORECASE,
)
# key=value in form bodies, query strings and plain text.
_FORM_VALUE: Final = re.compile(rf"(?P<head>(?<![A-Za-z0-9_])(?:{_KEYS})=)(?P<v>[^&\s\"',;]*)", re.IGNORECASE)
# The device code is also sent as "code"; only long values are secrets (an error "code" is short).
_DEVICE_CODE: Final = re.compile(
    r"""(?P<head>(?:["']code["']\s*:\s*["']|(?<![A-Za-z0-9_])code=))(?P<v>[A-Za-z0-9]{16,})""",
    re.IGNORECASE,
)
_AUTH_HEADER: Final = re.compile(
    r"""(?P<head>["']?\bauthorization["']?\s*[:=]\s*["']?)(?P<v>[^"'\r\n,}]+)""",
    re.IGNORECASE,
)
_BEARER: Final = re.compile(r"\bbearer\s+[A-Za-z0-9\-._~+/]+=*", re.IGNORECASE)
# Country, check digits, then 11-30 characters, together or in groups of four.
_IBAN: Final = re.compile(
    r"(?<![A-Za-z0-9_])[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)(?![A-Za-z0-9])"
)
# 12+ digits together, or groups of 3-6 digits parted by single spaces or dashes (how card
# numbers are written; a sale id's 8-digit day is no such group), not inside a word. A
# percent-encoded separator (%3A in "cardnumber%3A9276…") counts as a boundary.
_CARD_NUMBER: Final = re.compile(
    r"(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))"
    r"(?:[0-9]{12,}|[0-9]{3,6}(?:[ -][0-9]{3,6})+)(?![A-Za-z0-9])"
)
_CARD_DIGITS: Final = 12


def _mask_iban(match: re.Match[str]) -> str:
    text = match.group()
    compact = text.replace(" ", "")
    masked = compact[:2] + "*" * (len(compact) - 6) + compact[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def _mask_card_number(match: re.Match[str]) -> str:
    digits = re.sub("[ -]", "", match.group())
    if len(digits) < _CARD_DIGITS:  # grouped, but too short for a card (a phone number, a time)
        return match.group()
    return "*" * (len(digits) - 4) + digits[-4:]


def redact(text: str) -> str:
    """``text`` without tokens, secrets, security codes, IBANs and full card numbers."""
    text = _AUTH_HEADER.sub(lambda m: m.group("head") + REDACTED, text)
    text = _BEARER.sub("Bearer " + REDACTED, text)
    text = _QUOTED_VALUE.sub(lambda m: f"{m.group('head')}{m.group('q')}{REDACTED}{m.group('q')}", text)
    text = _BARE_VALUE.sub(lambda m: m.group("head") + REDACTED, text)
    text = _FORM_VALUE.sub(lambda m: m.group("head") + REDACTED, text)
    text = _DEVICE_CODE.sub(lambda m: m.group("head") + REDACTED, text)
    text = _IBAN.sub(_mask_iban, text)
    return _CARD_NUMBER.sub(_mask_card_number, text)


class RedactingFilter(logging.Filter):
    """Redacts a record's message, traceback and stack in place; never drops a record.

    Attach it to handlers (a logger's own filters do not see its children's records).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not hide the record or crash the caller
            message = f"{record.msg!s} (arguments could not be formatted)"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
