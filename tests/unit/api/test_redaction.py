"""Redaction of log text: tokens, secrets, CSC/PIN, IBANs and card numbers (cashier.api.redaction)."""

from __future__ import annotations

import logging

import pytest

from cashier.api.redaction import REDACTED, RedactingFilter, redact

R = REDACTED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Authorization and bearer tokens
        ("Authorization: Bearer h3k9q2v7n1c8m5t0r4b6x2z9wa", f"Authorization: {R}"),
        ("{'authorization': 'Basic Y2FzaGllcjpzZWNyZXQ='}", f"{{'authorization': '{R}'}}"),
        ("Authenticate: Bearer h3k9q2v7n1c8m5t0r4b6x2z9wa", f"Authenticate: Bearer {R}"),
        ("sent bearer abc.def-ghi_jkl== to the server", f"sent Bearer {R} to the server"),
        # token, code and secret values in JSON, reprs and forms
        (
            '{"access_token": "h3k9q2v7n1c8m5t0r4b6x2z9wa", "expires_in": 1200}',
            f'{{"access_token": "{R}", "expires_in": 1200}}',
        ),
        ('{"refresh_token":"9c4e1a7f2b8d3e6a0f5c9b2d7e1a4c8f3b6d0e2a"}', f'{{"refresh_token":"{R}"}}'),
        ("{'device_code': '5d1f0c7be2a94e36a8c0d4f19b27e6a3'}", f"{{'device_code': '{R}'}}"),
        ('{"client_secret": "we\\"ird"}', f'{{"client_secret": "{R}"}}'),
        (
            "grant_type=refresh_token&refresh_token=9c4e1a7f&client_secret=s3cr3t",
            f"grant_type=refresh_token&refresh_token={R}&client_secret={R}",
        ),
        (
            '{"grant_type": "device", "code": "5d1f0c7be2a94e36a8c0d4f19b27e6a3"}',
            f'{{"grant_type": "device", "code": "{R}"}}',
        ),
        ("code=5d1f0c7be2a94e36a8c0d4f19b27e6a3&x=1", f"code={R}&x=1"),
        # security codes
        ('{"csc": "1234", "cardnumber": "x"}', f'{{"csc": "{R}", "cardnumber": "x"}}'),
        ('{"pin": 4711}', f'{{"pin": {R}}}'),
        ('{"passcode": "0000"}', f'{{"passcode": "{R}"}}'),
        ("checkCsc?csc=1234", f"checkCsc?csc={R}"),
        # IBANs: country and last four kept
        ("IBAN DE89370400440532013000 ok", "IBAN DE** **** **** **** **30 00 ok"),
        ("IBAN DE89 3704 0044 0532 0130 00.", "IBAN DE** **** **** **** **30 00."),
        ('{"iban": "AT611904300234573201"}', '{"iban": "AT** **** **** **** 3201"}'),
        # card numbers: last four kept
        ("card 9276004424644352 ok", "card ************4352 ok"),
        ("card 9276 0044 2464 4352", "card ************4352"),
        ("card 9276-0044-2464-4352", "card ************4352"),
        ("q=card.cardnumber:9276004428481652", "q=card.cardnumber:************1652"),
        ("q=card.cardnumber%3A9276004428481652", "q=card.cardnumber%3A************1652"),
        ('{"cardnumber": "927600442848"}', '{"cardnumber": "********2848"}'),
        ("card 9276 004400 000011 seen", "card ************0011 seen"),  # other groupings too
        (
            "sale KASSE-1-20260509-0A1B2C card 9276004400000011",
            "sale KASSE-1-20260509-0A1B2C card ************0011",
        ),
    ],
)
def test_secrets_and_personal_data_are_removed(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '{"code": 2003, "supportId": "0b7e2f9c41d84a6e9f3c2d1a8b5e7c60"}',  # error code, support id
        "supportId 123456789012345678901234567890ab",  # digits inside a word are a reference, not a card
        "STX_KJXJDUN542NR3WMRHRVU5WWM6ZQEA2 and MRC_DEMO00000000000000000000000001",
        "sum 1250 cents, receipt 100023, 12 items, 2026-05-09T07:35:25+02:00",
        "GET /api/v2/General/Merchants/me -> 200 in 12 ms",
        '{"grant_type": "device", "uuid": "/vendor/cashier/till/0001"}',
        "authorization_pending: User code not confirmed yet",
        "could not authenticate: the device is unknown",
        "spin=3 pinned=yes",
        # sale ids (<till>-<day>-<6 hex>): the log must name the sale, whatever digits it has
        "sale KASSE-1-20260509-123456: receipt not printed",
        "sale KASSE-0001-20260509-004711 paid",
        "transactionRef 7-20260509-000111",
        "call 030 1234 5678",  # grouped, but too few digits for a card
    ],
)
def test_ordinary_text_stays(text: str) -> None:
    assert redact(text) == text


def test_redaction_is_idempotent() -> None:
    text = 'Bearer abc {"csc": "1234"} 9276004424644352 DE89370400440532013000 refresh_token=xyz'
    once = redact(text)
    assert redact(once) == once


def _record(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("cashier.api.test", logging.WARNING, __file__, 1, msg, args, exc_info)


def test_the_filter_redacts_message_arguments_and_tracebacks() -> None:
    try:
        raise ValueError("refresh_token=9c4e1a7f2b8d for card 9276004424644352")
    except ValueError as exc:
        record = _record("call with %s failed for %s", "Bearer h3k9q2v7", "9276004424644352", exc=exc)
    assert RedactingFilter().filter(record) is True
    formatted = logging.Formatter("%(message)s").format(record)
    assert "h3k9q2v7" not in formatted
    assert "9276004424644352" not in formatted
    assert "9c4e1a7f2b8d" not in formatted
    assert f"call with Bearer {R} failed for ************4352" in formatted
    assert "ValueError" in formatted


def test_the_filter_survives_bad_arguments() -> None:
    record = _record("%d cards for csc=%s", "not a number")
    assert RedactingFilter().filter(record) is True
    assert record.getMessage() == f"%d cards for csc={R} (arguments could not be formatted)"


def test_the_filter_works_on_a_handler(caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(RedactingFilter())
    try:
        logging.getLogger("cashier.api.test").warning("token %s", '{"access_token": "abcdef"}')
    finally:
        caplog.handler.removeFilter(caplog.handler.filters[-1])
    assert caplog.records[0].getMessage() == f'token {{"access_token": "{R}"}}'
