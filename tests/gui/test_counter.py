"""A cashier at the counter, in a real X server: keys, clicks and a scanner's bursts.

Each outcome is read from the journal the till wrote (money, tender, card), not from pixels.
"""

from __future__ import annotations

import json
import re

from tests.gui.xtill import XTill, wait_for

NBSP = "\xa0"


def basket(till: XTill) -> list[list[str]]:
    window = till.window("Cashier")
    assert window is not None
    return window["tables"][0] if window["tables"] else []


def add_price(till: XTill, typed: str) -> None:
    """Type a price on the keyboard and press Enter: a free-price line."""
    lines = len(basket(till))
    till.type(typed)
    till.key("Return")
    wait_for(f"the line of {typed} in the basket", lambda: len(basket(till)) == lines + 1)


def test_a_note_tapped_then_enter_pays_that_note_once(till: XTill) -> None:
    add_price(till, "7,13")
    till.key("F5")
    till.wait_window("Bar")
    till.click(f"10{NBSP}€", window="Bar")
    till.key("Return")  # the OK button says "Bezahlt ⏎": Enter confirms, it does not tap 10 € again
    sale = till.wait_sale()
    assert (sale["total"], sale["cash_given"], sale["change"]) == (713, 1000, 287)


def test_enter_with_nothing_given_is_the_exact_amount(till: XTill) -> None:
    add_price(till, "2,50")
    till.key("F5")
    till.wait_window("Bar")
    till.key("Return")
    sale = till.wait_sale()
    assert (sale["total"], sale["cash_given"], sale["change"]) == (250, 250, 0)


def test_a_sale_by_keyboard_alone(till: XTill) -> None:
    add_price(till, "2,50")
    till.key("alt+1")  # the first quick key: Kaffee, 2,50 €
    wait_for("Kaffee in the basket", lambda: any(row[0] == "Kaffee" for row in basket(till)))
    till.key("F5")
    till.wait_window("Bar")
    till.type("10")
    till.key("Return")
    till.wait_gone("Bar")
    sale = till.wait_sale()
    assert (sale["total"], sale["tender"], sale["cash_given"], sale["change"]) == (500, "cash", 1000, 500)
    till.wait_window("Bezahlt")  # the result: change, receipt printed
    till.key("Escape")  # next customer, and the keyboard is the till's again
    till.wait_gone("Bezahlt")
    till.wait_active()
    add_price(till, "1")  # the next sale starts from the keyboard too


def test_scanned_articles_then_a_scanned_card(till: XTill) -> None:
    till.wait_active()
    till.scan("4260123450014")  # Kaffee's EAN
    till.scan("2803001005009")  # a scale's label: 500 g coffee beans at 24,90 €/kg
    wait_for("two articles in the basket", lambda: len(basket(till)) == 2)
    till.scan("4000000000013")  # a valid EAN no article has
    wait_for(
        "the unknown barcode named", lambda: any("4000000000013" in text for text in till.labels("Cashier"))
    )
    assert len(basket(till)) == 2
    till.scan("9276004499999999")  # a card the shop does not know
    wait_for(
        "the unknown card said", lambda: any("unbekannt" in text.lower() for text in till.labels("Cashier"))
    )
    till.scan("9276004400000011")  # Erika's card: the card panel, not the basket
    wait_for("the card holder shown", lambda: any("Musterfrau" in text for text in till.labels("Cashier")))
    assert not any(
        "unbekannt" in text.lower() for text in till.labels("Cashier")
    )  # the old card's words went
    assert len(basket(till)) == 2
    till.key("F5")
    till.wait_window("Bar")
    till.key("Return")
    sale = till.wait_sale()
    assert sale["total"] == 250 + 1245
    assert sale["card_number"] == "9276004400000011"
    lines = {line["description"]: line for line in json.loads(sale["basket"])}
    assert lines["Kaffee"]["ean"] == "4260123450014"
    assert lines["Kaffeebohnen, lose 0,500 kg"]["unit_price"] == 1245


def test_esc_asks_before_it_empties_the_basket(till: XTill) -> None:
    add_price(till, "4,20")
    till.key("Escape")
    till.wait_window("abbrechen")
    till.key("Return")  # Enter keeps the sale: the safe choice
    till.wait_gone("abbrechen")
    assert len(basket(till)) == 1
    till.key("Escape")
    till.wait_window("abbrechen")
    till.key("j")  # "&Ja, Verkauf abbrechen"
    wait_for("an empty basket", lambda: basket(till) == [])


def test_kiosk_is_full_screen_without_a_frame_and_stays_so(till: XTill) -> None:
    till.quit()
    till.set("kiosk", "true")
    for _ in range(2):  # and again after a restart
        till.start()
        window = till.wait_window("Cashier")
        wait_for(
            "the window on the whole screen",
            lambda: till.wait_window("Cashier")["frame"] == [0, 0, 1024, 768],
        )
        assert till.wait_window("Cashier")["rect"] == [0, 0, 1024, 768]  # no title bar, no border
        till.wait_active()
        till.key("F4")
        till.wait_window("Einstellungen")
        till.key("Escape")
        till.wait_active()
        till.quit()
    assert window["status_bar"] is not None


def test_after_a_crash_during_a_terminal_payment_the_till_names_the_sale_and_keeps_the_back_office(
    till: XTill,
) -> None:
    till.quit()
    settings = till.home / "settings.toml"
    text = settings.read_text(encoding="utf-8").replace(
        "simulator_terminal_delay = 0.0", "simulator_terminal_delay = 600.0"
    )
    settings.write_text(text, encoding="utf-8")
    till.start()
    add_price(till, "5,00")
    till.key("F6")
    wait_for("the terminal payment to start", lambda: any(s["state"] == "starting" for s in till.sales()))
    till.kill()
    till.start()
    wait_for(
        "the open sale named",
        lambda: any("Verkauf 1" in t and f"5,00{NBSP}€" in t for t in till.labels("Cashier")),
    )
    assert any(re.search(r"\b\d+:\d\d\b", t) for t in till.labels("Cashier")), till.labels(
        "Cashier"
    )  # a countdown
    cash = till.button("Bar F5")
    assert cash is not None
    assert not cash.enabled  # selling waits …
    for key, title in [("F2", "Journal"), ("F3", "Tagesabschluss"), ("F4", "Einstellungen")]:
        till.key(key)  # … the back office does not
        till.wait_window(title)
        till.key("Escape")
        till.wait_gone(title)
        till.wait_active()


def test_exact_then_enter_pays_exactly(till: XTill) -> None:
    add_price(till, "3,70")
    till.key("F5")
    till.wait_window("Bar")
    till.click("Passend", window="Bar")
    till.key("Return")
    sale = till.wait_sale()
    assert (sale["total"], sale["cash_given"], sale["change"]) == (370, 370, 0)
