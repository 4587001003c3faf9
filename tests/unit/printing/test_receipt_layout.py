"""The layout read back through the decoder, line by line, as a customer would read it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cashier.domain.money import Money
from cashier.domain.receipt import ReceiptKind, TenderKind, TenderLine
from cashier.printing.escpos_decode import (
    Barcode,
    CodePage,
    Cut,
    Decoded,
    DrawerKick,
    Line,
    Reset,
    decode,
    lines_of,
    plain_text,
)
from cashier.printing.profile import PAPER_58MM, PAPER_80MM, DrawerPulse, PrinterProfile
from cashier.printing.receipt_layout import (
    merchant_copy_of,
    needs_merchant_copy,
    opens_drawer,
    render_receipt,
)
from tests.helpers import receipts
from tests.helpers.receipts import rendered_documents

PROFILES = [PAPER_80MM, PAPER_58MM]
DOCUMENTS = rendered_documents()

SALE_48 = """\
[drawer pin 2, 100/500 ms]
************************************************
          TRAINING - KEIN ECHTER BELEG
              Umgebung: Simulator
************************************************
       Bäckerei Beispiel
                 Hauptstraße 1
               12345 Musterstadt
                Tel. 030 1234567
             USt-IdNr. DE123456789

10.02.2025 09:13                  Kasse KASSE-01
Beleg-Nr.                            2025-000123
------------------------------------------------
Brötchen
  4 x 0,45 €                            1,80 € B
Kaffee to go                            2,80 € A
Süßes Teilchen                          1,95 € B
Zeitung                                 1,21 € C
Bonus 19 %                             -0,10 € A
Bonus 7 %                              -0,10 € B
------------------------------------------------
SUMME             7,56 €
================================================
Satz           Netto          MwSt        Brutto
A 19 %          2,27          0,43          2,70
B  7 %          3,41          0,24          3,65
C  0 %          1,21          0,00          1,21
Summe           6,89          0,67          7,56
------------------------------------------------
Kundenkarte ************7730
  Bonus (Rabatt)                          0,20 €
  Kartenguthaben                          4,80 €
Bar                                       2,76 €
  Gegeben                                 5,00 €
  Rückgeld                                2,24 €
------------------------------------------------

             Kundenkarte

Kartennummer:                   ************7730
TA Code:                                41822907

Zahlung über:
4,80 EUR

Umsatz erfasst:
7,76 EUR

Aktuelles Guthaben
0,00 EUR
------------------------------------------------
         Vielen Dank für Ihren Einkauf!
************************************************
          TRAINING - KEIN ECHTER BELEG
              Umgebung: Simulator
************************************************

[barcode 2025-000123]






[cut]"""


def line_with(items: list[Decoded] | bytes, start: str) -> Line:
    found = [line for line in lines_of(items) if line.text.startswith(start)]
    assert found, f"no line starts with {start!r}"
    return found[0]


def test_the_sale_receipt_reads_right_on_80_mm() -> None:
    data = render_receipt(receipts.sale_with_card_bonus_and_cash(), PAPER_80MM)
    assert plain_text(data, 48) == SALE_48


def test_the_sale_receipt_on_58_mm_wraps_instead_of_cutting_off() -> None:
    text = plain_text(render_receipt(receipts.sale_with_card_bonus_and_cash(), PAPER_58MM), 32)
    assert "10.02.2025 09:13  Kasse KASSE-01" in text.splitlines()
    assert "Kartennummer:   ************7730" in text.splitlines()
    assert "  Rückgeld                2,24 €" in text.splitlines()
    assert "Satz       Netto    MwSt  Brutto" in text.splitlines()


def test_styles_of_totals_headings_and_important_lines() -> None:
    items = decode(render_receipt(receipts.sale_with_card_bonus_and_cash(), PAPER_80MM))
    total = line_with(items, "SUMME")
    assert (total.bold, total.width, total.height) == (True, 2, 2)
    assert total.columns() == 48  # "SUMME" left, amount flush right, in double width
    shop = line_with(items, "Bäckerei Beispiel")
    assert (shop.align, shop.width, shop.bold) == ("center", 2, True)
    caption = next(line for line in lines_of(items) if line.text == "Kundenkarte")
    assert (caption.align, caption.width, caption.bold) == ("center", 2, True)
    amount = line_with(items, "4,80 EUR")
    assert (amount.bold, amount.height, amount.width) == (True, 2, 1)
    cash = line_with(items, "Bar ")
    assert cash.bold
    assert cash.text.endswith("2,76 €")


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: f"{p.columns}")
def test_name_value_lines_put_the_value_flush_right(profile: PrinterProfile) -> None:
    _, merchant = receipts.terminal_payment()
    for receipt in (receipts.terminal_payment()[0], merchant):
        items = decode(render_receipt(receipt, profile))
        for name, value in [("Beleg-Nr.", "0017"), ("Betrag EUR", "12,50")]:
            line = next(li for li in lines_of(items) if li.text.startswith(name) and li.text.endswith(value))
            assert line.columns() == profile.columns
    betrag = line_with(decode(render_receipt(receipts.terminal_payment()[0], profile)), "Betrag EUR")
    assert betrag.bold  # decoration "important"
    accepted = line_with(decode(render_receipt(merchant, profile)), "Karte akzeptiert")
    assert (accepted.align, accepted.bold, accepted.height) == ("center", True, 2)


def test_a_separator_without_caption_is_a_rule() -> None:
    _, merchant = receipts.terminal_payment()
    texts = [line.text for line in lines_of(render_receipt(merchant, PAPER_80MM))]
    index = texts.index("Betrag EUR                                 12,50")
    assert texts[index + 1] == "-" * 48


def test_long_name_value_pairs_wrap_with_the_value_flush_right() -> None:
    from cashier.domain.receipt import NameValueLine

    receipt = replace(
        receipts.sepa_sale(),
        server_lines=(NameValueLine("Gläubiger-Identifikationsnummer:", "DE98ZZZ09999999999"),),
    )
    texts = [line.text for line in lines_of(render_receipt(receipt, PAPER_58MM))]
    index = texts.index("Gläubiger-Identifikationsnummer:")
    assert texts[index + 1] == "DE98ZZZ09999999999".rjust(32)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: f"{p.columns}")
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_document_fits_the_paper_and_keeps_its_code_page(name: str, profile: PrinterProfile) -> None:
    items = decode(DOCUMENTS[name](profile))
    for line in lines_of(items):
        assert line.dots() <= profile.dots, line.text
    resets = [i for i, item in enumerate(items) if isinstance(item, Reset)]
    assert resets == [0]
    assert items[1] == CodePage(19, "cp858")  # selected explicitly after the reset
    if name != "drawer":
        assert isinstance(items[-1], Cut)


@pytest.mark.parametrize("name", ["sale", "sepa", "card-load", "cancellation", "z-report", "balance-slip"])
def test_every_training_document_carries_the_banner_at_top_and_bottom(name: str) -> None:
    texts = [line.text for line in lines_of(DOCUMENTS[name](PAPER_58MM))]
    assert texts.count("TRAINING - KEIN ECHTER BELEG") == 2
    assert texts.index("TRAINING - KEIN ECHTER BELEG") < 4


def test_a_live_receipt_has_no_banner() -> None:
    text = plain_text(DOCUMENTS["terminal"](PAPER_80MM), 48)
    assert "TRAINING" not in text
    assert "Umgebung" not in text


def test_reprints_say_kopie_and_never_open_the_drawer() -> None:
    original = decode(DOCUMENTS["sale"](PAPER_80MM))
    reprint = decode(DOCUMENTS["sale-reprint"](PAPER_80MM))
    assert any(isinstance(item, DrawerKick) for item in original)
    assert not any(isinstance(item, DrawerKick) for item in reprint)
    kopie = line_with(reprint, "KOPIE")
    assert (kopie.align, kopie.width, kopie.bold) == ("center", 2, True)
    assert "KOPIE" not in plain_text(original, 48)


def test_the_drawer_opens_first_for_cash_only_on_the_customer_copy() -> None:
    sale = receipts.sale_with_card_bonus_and_cash()
    items = decode(render_receipt(sale, replace(PAPER_80MM, drawer=DrawerPulse(pin=5, on_ms=50, off_ms=500))))
    assert items[2] == DrawerKick(pin=5, on_ms=50, off_ms=500)
    assert opens_drawer(sale)
    assert not opens_drawer(replace(sale, merchant_copy=True))
    assert not opens_drawer(receipts.terminal_payment()[0])
    assert not opens_drawer(receipts.sepa_sale())
    assert DrawerKick(2, 100, 500) not in decode(render_receipt(sale, PAPER_80MM, drawer=False))


def test_sepa_gets_a_signed_merchant_copy() -> None:
    sepa = receipts.sepa_sale()
    assert needs_merchant_copy(sepa)
    merchant = merchant_copy_of(sepa)
    assert merchant.merchant_copy
    assert merchant.signature_required
    assert not needs_merchant_copy(merchant)
    customer_text = plain_text(render_receipt(sepa, PAPER_80MM), 48).splitlines()
    merchant_text = plain_text(render_receipt(merchant, PAPER_80MM), 48).splitlines()
    assert "  Mandatsreferenz               MNDT-2025-000125" in customer_text
    assert "Unterschrift Kontoinhaber" not in customer_text
    assert "Unterschrift Kontoinhaber" in merchant_text
    assert merchant_text[merchant_text.index("Unterschrift Kontoinhaber") - 1] == "_" * 48
    assert "                  HÄNDLERBELEG" in merchant_text


def test_the_terminal_merchant_copy_prints_the_servers_merchant_lines() -> None:
    customer, merchant = receipts.terminal_payment()
    assert "* * Kundenbeleg * *" in plain_text(render_receipt(customer, PAPER_80MM), 48)
    merchant_text = plain_text(render_receipt(merchant, PAPER_80MM), 48)
    assert "* * Händlerbeleg * *" in merchant_text
    assert "HÄNDLERBELEG" in merchant_text
    assert "  Terminal-Beleg-Nr.                        0017" in merchant_text.splitlines()


def test_cancellations_print_negative_amounts_and_refunds() -> None:
    text = plain_text(DOCUMENTS["cancellation"](PAPER_80MM), 48).splitlines()
    assert "                  STORNO" in text
    assert "  4 x 0,45 €                           -1,80 € B" in text
    assert "Rückzahlung Bar                           4,60 €" in text
    assert line_with(DOCUMENTS["cancellation"](PAPER_80MM), "STORNO-SUMME").text.endswith("-4,60 €")


def test_card_load_and_new_card_titles() -> None:
    assert "Guthaben-Aufladung" in plain_text(DOCUMENTS["card-load"](PAPER_80MM), 48)
    new_card = plain_text(DOCUMENTS["new-card"](PAPER_80MM), 48).splitlines()
    assert "        Neue Kundenkarte" in new_card
    assert "Karte                           9276004429942845" in new_card


def test_the_sale_number_barcode() -> None:
    items = decode(DOCUMENTS["sale"](PAPER_58MM))
    barcode = next(item for item in items if isinstance(item, Barcode))
    assert (barcode.symbology, barcode.data, barcode.module_width) == (73, "2025-000123", 2)
    assert barcode.text_below


def test_a_barcode_that_cannot_fit_is_left_out() -> None:
    receipt = replace(receipts.sepa_sale(), barcode="X" * 40)
    assert not any(isinstance(item, Barcode) for item in decode(render_receipt(receipt, PAPER_58MM)))
    receipt = replace(receipts.sepa_sale(), barcode="Grüße")
    assert not any(isinstance(item, Barcode) for item in decode(render_receipt(receipt, PAPER_80MM)))


def test_a_large_total_on_narrow_paper_drops_to_double_height() -> None:
    receipt = replace(
        receipts.sepa_sale(),
        items=(replace(receipts.sepa_sale().items[0], unit_price=Money(999_999), total=Money(999_999)),),
        total=Money(999_999),
        tenders=(TenderLine(TenderKind.SEPA, Money(999_999)),),
        vat_summary=(),
        kind=ReceiptKind.CANCELLATION,
    )
    total = line_with(render_receipt(receipt, PAPER_58MM), "STORNO-SUMME")
    assert (total.width, total.height) == (1, 2)
    assert total.text.endswith("-9.999,99 €")


def test_z_report_reads_right() -> None:
    text = plain_text(DOCUMENTS["z-report"](PAPER_80MM), 48).splitlines()
    for expected in [
        "               Z-BERICHT",
        "Geschäftstag                          10.02.2025",
        "Anzahl Verkäufe                               12",
        "  Bar (6)                                40,60 €",
        "  Lastschrift (1)                        89,00 €",
        "Gesamt                                  146,10 €",
        "Kartenaufladungen (2)                    30,00 €",
        "Bonus vergeben                            3,21 €",
        "Bonus eingelöst                           1,20 €",
        "Stornos (1)                              -4,60 €",
        "Summe         136,26          9,84        146,10",
    ]:
        assert expected in text


def test_balance_slip_reads_right() -> None:
    text = plain_text(DOCUMENTS["balance-slip"](PAPER_58MM), 32).splitlines()
    for expected in [
        "      Kontostand",
        "Karte           ************7730",
        "      Jürgen Müller-Lüdenscheidt",
        "Kartengruppe         Stammkunden",
        "Kartenguthaben           12,50 €",
        "Bonus                     3,21 €",
        "Gesamt                   15,71 €",
        "Punkte                       128",
        "  TRAINING - KEIN ECHTER BELEG",
        "      Umgebung: Testsystem",
    ]:
        assert expected in text


def test_the_test_page_shows_the_code_page_and_both_fonts() -> None:
    items = decode(DOCUMENTS["test-page"](PAPER_80MM))
    texts = [line.text for line in lines_of(items)]
    assert "Umlaute: ä ö ü Ä Ö Ü ß" in texts
    assert "Euro: 12,50 €" in texts
    small = [line for line in lines_of(items) if line.font == "b"]
    assert [line.columns() for line in small][1] == 64
    assert any(isinstance(item, Barcode) and item.data == "CASHIER-TEST" for item in items)


def test_the_drawer_job_only_kicks_the_drawer() -> None:
    assert decode(DOCUMENTS["drawer"](PAPER_80MM)) == [
        Reset(),
        CodePage(19, "cp858"),
        DrawerKick(2, 100, 500),
    ]
