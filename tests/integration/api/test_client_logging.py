"""The client's log never holds a CSC, a PIN, an IBAN, a full card number, a token or the client secret.

A whole day's worth of calls — card checks, a card search (the number is in its URL), a sale,
new cards with their security codes, a SEPA account, refused calls whose server text names a
card, a lost payment answer — runs with every logger at DEBUG. Then:

* what ``cashier.api`` logged is clean as written (the client redacts itself);
* everything the till's process logged (also httpx and httpcore, which print request URLs) is
  clean after :class:`~cashier.api.redaction.RedactingFilter`, which the app attaches to its
  handlers. The simulator's and uvicorn's own records are the server's, not the till's.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from cashier.api.errors import InvalidRequest, NotFound, OutcomeUnknown
from cashier.api.redaction import RedactingFilter
from cashier.api.secret_store import SecretName
from cashier.api.transactions import BasketItem, IdentDraft, SmartTransactionDraft
from cashier.simulator import seed
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import add_fault, till_session

ERIKA, ERIKA_CSC = "9276004400000011", "1234"
PIN_CARD, PIN = "9276004400000029", "4711"
LOCKED = "9276004400000037"
UNKNOWN = "9276004499999999"
IBAN = "DE89370400440532013000"
IBAN_SPACED = "DE89 3704 0044 0532 0130 00"
SERVER_LOGGERS = ("cashier.simulator", "uvicorn")


def sale(card: str) -> SmartTransactionDraft:
    items = [BasketItem(id=1, desc="Kaffee", quantity=2, price_one=250, tax=19)]
    return SmartTransactionDraft.for_items(items, idents=[IdentDraft.card(card)], transaction_ref="Bon log-1")


def leaks(text: str, secrets: list[str], codes: list[str]) -> list[str]:
    """Secrets found in ``text``: exact values, and security codes standing as a word of their own
    or next to their key."""
    found = [secret for secret in secrets if secret in text]
    for code in codes:
        if re.search(rf"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])", text) or re.search(
            rf"(csc|pin|passcode)\W{{0,4}}{code}", text, re.IGNORECASE
        ):
            found.append(code)
    return found


def record_text(record: logging.LogRecord) -> str:
    text = record.getMessage()
    if record.exc_info:
        text += "\n" + logging.Formatter().formatException(record.exc_info)
    return text + (record.exc_text or "") + (record.stack_info or "")


@pytest.mark.expected_errors("cashier.api.http")
async def test_a_days_calls_leave_no_secret_in_the_log(
    sim: SimulatorHandle, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with till_session(sim, tmp_path) as till:
        client = till.client
        assert await client.check_csc(seed.demo_card_id(ERIKA), ERIKA, ERIKA_CSC)
        assert await client.check_passcode(seed.demo_card_id(PIN_CARD), PIN_CARD, PIN)
        assert (await client.validate_card(ERIKA)).is_valid
        assert await client.find_card(ERIKA) is not None
        await client.card_balance_receipt(seed.demo_card_id(ERIKA), ERIKA)
        created = await client.create_transaction(sale(ERIKA))
        await client.pre_transaction(created.id)
        await client.start(created.id, "cash")
        new_cards = await client.create_cards(seed.MERCHANT_ID, seed.LOYALTY_GROUP_ID, amount=2)
        on_the_fly = await client.create_transaction(
            SmartTransactionDraft.for_items(
                [BasketItem(id=1, desc="Tee", quantity=1, price_one=200, tax=7)],
                idents=[IdentDraft.create_card(seed.LOYALTY_GROUP_ID)],
            )
        )
        started = await client.start(on_the_fly.id, "cash")
        await client.create_bank_account("Erika Musterfrau", IBAN_SPACED)
        with pytest.raises(InvalidRequest):
            await client.create_transaction(sale(LOCKED))  # the server's text names the card
        with pytest.raises(NotFound):
            await client.check_csc(seed.demo_card_id(UNKNOWN), UNKNOWN, ERIKA_CSC)
        with pytest.raises(InvalidRequest):
            await client.create_bank_account("Erika Musterfrau", "DE00370400440532013000")
        lost = await client.create_transaction(sale(ERIKA))
        await add_fault(sim, match="POST /api/v2/Smart/Transactions/*/start/*", mode="drop_after_commit")
        with pytest.raises(OutcomeUnknown):
            await client.start(lost.id, "cash")
        refresh_token = till.session.secrets.get(SecretName.REFRESH_TOKEN)
        access_tokens = {r.authorization.split()[-1] for r in till.transport.requests if r.authorization}

    new_numbers = [card.cardnumber or "" for card in new_cards]
    new_cscs = [card.csc.get_secret_value() for card in new_cards if card.csc]
    ident = started.card_ident
    assert ident is not None
    assert ident.merchantcard is not None
    assert ident.merchantcard.csc is not None
    new_numbers.append(ident.value)
    new_cscs.append(ident.merchantcard.csc.get_secret_value())
    assert refresh_token
    assert access_tokens
    secrets = [
        ERIKA,
        PIN_CARD,
        LOCKED,
        UNKNOWN,
        *new_numbers,
        IBAN,
        IBAN_SPACED,
        IBAN[4:],
        seed.CLIENT_SECRET,
        refresh_token,
        *access_tokens,
    ]
    fixed_codes = [ERIKA_CSC, PIN]

    till_records = [r for r in caplog.records if not r.name.startswith(SERVER_LOGGERS)]
    client_records = [r for r in till_records if r.name.startswith("cashier.api")]
    assert len(client_records) > 20, "the calls were logged"
    assert any("supportId=" in r.getMessage() for r in client_records), (
        "errors are logged with their supportId"
    )
    assert [
        (r.name, found)
        for r in client_records
        if (found := leaks(record_text(r), secrets, fixed_codes) + keyed(record_text(r), new_cscs))
    ] == []

    redacting = RedactingFilter()
    for record in till_records:
        redacting.filter(record)
    assert [
        (r.name, found)
        for r in till_records
        if (found := leaks(record_text(r), secrets, fixed_codes) + keyed(record_text(r), new_cscs))
    ] == []


def keyed(text: str, codes: list[str]) -> list[str]:
    """Random security codes may collide with a number of the log by chance; look for them by key."""
    return [code for code in codes if re.search(rf"(csc|pin)\W{{0,4}}{code}", text, re.IGNORECASE)]
