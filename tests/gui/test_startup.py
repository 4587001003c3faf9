"""A till that cannot start says why in its window, in the cashier's language."""

from __future__ import annotations

from tests.gui.xtill import Screen, wait_for


def test_a_german_till_without_its_client_id_says_so_in_german(screen: Screen) -> None:
    till = screen.till()
    till.set("environment", '"testing"')  # testing without the vendor's client id: no request is made
    till.start(ready=False)
    try:
        wait_for("the start-up page's Start again", lambda: till.button("Neu starten"))  # the start failed
        text = wait_for(
            "the reason on the start-up page",
            lambda: next((label for label in till.labels("Cashier") if "Client-ID" in label), None),
        )
        assert text.startswith("Die Kasse konnte nicht starten.")
        assert (
            "Für diese Umgebung fehlt die Client-ID oder das Client-Secret aus dem secucard-Vertrag" in text
        )
        assert "environment needs" not in text  # the English line is the log's
        assert "environment needs the vendor's client id" in till.log()
    finally:
        till.quit()
