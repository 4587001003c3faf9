"""The card's balances after a sale, as the service answered them, on the result window.

The answer reaches the window as a typed value (issue 17 point 1): the figure shown must be the
one the journal recorded from the same answer (the completed step's ``card_after``).
"""

from __future__ import annotations

import json
import re
import sqlite3

from tests.gui.xtill import XTill, wait_for


def card_after(till: XTill, sale_id: str) -> dict[str, int]:
    with sqlite3.connect(f"file:{till.home / 'journal.sqlite'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT details FROM sale_steps WHERE sale_id = ? AND action = 'completed'", (sale_id,)
        ).fetchall()
    assert len(rows) == 1, rows
    after: dict[str, int] = json.loads(rows[0][0])["card_after"]
    return after


def shows_amount(labels: list[str], cents: int) -> bool:
    return any("€" in text and re.sub(r"\D", "", text) == str(cents) for text in labels)


def test_a_card_sale_shows_the_balances_the_service_answered(till: XTill) -> None:
    till.wait_active()
    till.key("alt+1")  # the first quick key: Kaffee, 2,50 €
    wait_for("Kaffee in the basket", lambda: "Kaffee" in json.dumps(till.window("Cashier")))
    till.scan("9276004400000011")  # Erika's card
    wait_for("the card holder shown", lambda: any("Musterfrau" in text for text in till.labels("Cashier")))
    till.key("F5")
    till.wait_window("Bar")
    till.key("Return")
    sale = till.wait_sale()
    assert sale["card_number"] == "9276004400000011"
    after = card_after(till, sale["sale_id"])
    assert after["cash_balance"] is not None
    assert after["bonus_balance"] is not None
    till.wait_window("Bezahlt")
    labels = till.labels("Bezahlt")
    assert any("Kartenguthaben jetzt" in text for text in labels), labels
    assert shows_amount(labels, after["cash_balance"]), (after, labels)
    assert any("Bonus jetzt" in text for text in labels), labels
    assert shows_amount(labels, after["bonus_balance"]), (after, labels)
