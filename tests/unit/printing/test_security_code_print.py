"""A new card's security code on paper: on the customer's first print only.

The code is handed to :func:`render_receipt` beside the stored document (never inside it); a
new-card receipt rendered without it says the code is not printed again; no other receipt
and no merchant copy ever shows it.
"""

from __future__ import annotations

import pytest

from cashier.domain.receipt_codec import dumps_receipt
from cashier.printing.escpos_decode import lines_of, plain_text
from cashier.printing.profile import PrinterProfile
from cashier.printing.receipt_layout import (
    SECURITY_CODE_LABEL,
    SECURITY_CODE_NOT_REPRINTED,
    merchant_copy_of,
    render_receipt,
)
from tests.helpers.receipts import card_load, new_card

CODE = "4821"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("columns", [48, 32])
def test_the_first_print_shows_the_code_large_under_the_card_number(columns: int) -> None:
    profile = PrinterProfile.for_columns(columns)
    receipt = new_card()
    data = render_receipt(receipt, profile, security_code=CODE)
    text = plain_text(data, columns)
    assert SECURITY_CODE_LABEL in text
    assert text.index(str(receipt.card_number_masked)) < text.index(SECURITY_CODE_LABEL) < text.index(CODE)
    assert SECURITY_CODE_NOT_REPRINTED not in flat(text)
    [code_line] = [line for line in lines_of(data) if line.text.strip() == CODE]
    [span] = [span for span in code_line.spans if span.text.strip()]
    assert (span.style.width, span.style.height, span.style.bold, code_line.align) == (2, 2, True, "center")
    assert CODE not in dumps_receipt(receipt)  # the document that is stored has no code


@pytest.mark.parametrize("columns", [48, 32])
def test_without_the_code_a_new_card_receipt_says_it_is_not_printed_again(columns: int) -> None:
    profile = PrinterProfile.for_columns(columns)
    for receipt in (new_card(), new_card().as_reprint()):
        text = flat(plain_text(render_receipt(receipt, profile), columns))
        assert SECURITY_CODE_NOT_REPRINTED in text
        assert SECURITY_CODE_LABEL + " " not in text.replace(SECURITY_CODE_NOT_REPRINTED, "")


def test_no_merchant_copy_and_no_other_receipt_prints_the_code() -> None:
    profile = PrinterProfile.for_columns(48)
    merchant = plain_text(render_receipt(merchant_copy_of(new_card()), profile, security_code=CODE), 48)
    load = plain_text(render_receipt(card_load(), profile, security_code=CODE), 48)
    for text in (merchant, load):
        assert CODE not in text
        assert "Sicherheitscode" not in text
