"""Keys reach the till from the start and after every dialog, with and without a window manager."""

from __future__ import annotations

from tests.gui.xtill import XTill, wait_for

DIALOGS = [
    ("F4", "Einstellungen"),
    ("F2", "Journal"),
    ("F3", "Tagesabschluss"),
    ("F10", "Neue Karte"),
]


def test_function_keys_work_from_the_start_and_after_each_dialog(till: XTill) -> None:
    till.wait_active()  # without a window manager nobody but the till itself gives it the keyboard
    for key, title in [*DIALOGS, DIALOGS[0]]:
        till.key(key)
        till.wait_window(title)
        till.key("Escape")
        till.wait_gone(title)
        till.wait_active()
    assert till.only_main_window()


def test_a_dialog_cancelled_with_its_button_hands_the_keyboard_back(till: XTill) -> None:
    till.key("F4")
    till.wait_window("Einstellungen")
    till.click("Abbrechen Esc", window="Einstellungen")
    till.wait_gone("Einstellungen")
    till.wait_active()
    till.key("F2")  # and the F-keys work again without a click on the till
    till.wait_window("Journal")


def test_the_window_and_its_status_bar_fit_the_screen(till: XTill) -> None:
    till.wait_window("Cashier")
    seen: list[object] = []

    def settled_inside() -> bool:
        """Under openbox the window is maximised after it shows, and the till screen replaces the
        early one: the layout is judged once it has settled, and must settle inside the screen."""
        window = till.window("Cashier")
        if window is None:
            return False
        x, y, w, h = window["frame"]  # title bar and border included, where a window manager draws them
        bx, by, bw, bh = window["status_bar"]  # the SIMULATOR badge, the printer, the till id
        seen[:] = [window["frame"], window["status_bar"]]
        return min(x, y) >= 0 and x + w <= 1024 and y + h <= 768 and by + bh <= 768 and bx + bw <= 1024

    try:
        wait_for("the window and its status bar inside 1024×768", settled_inside)
    except AssertionError as outside:
        raise AssertionError(f"{outside}; last frame and status bar: {seen}") from None


def test_function_keys_work_after_the_sale_dialogs(till: XTill) -> None:
    """The dialogs of a card: load (F9) on a card without articles, then the
    card's code (F8) and SEPA (F7) on a sale."""
    till.wait_active()
    till.scan("9276004400000011")
    wait_for("the card", lambda: any("Musterfrau" in text for text in till.labels("Cashier")))

    def open_and_close(key: str) -> None:
        till.key(key)
        wait_for(f"the dialog of {key}", lambda: not till.only_main_window())
        till.key("Escape")
        wait_for(f"the dialog of {key} to close", till.only_main_window)
        till.wait_active()

    for key in ("F9", "F9"):
        open_and_close(key)
    till.type("3,00")
    till.key("Return")
    for key in ("F8", "F7", "F8"):
        open_and_close(key)
    till.key("F5")  # and a payment still starts from the keyboard
    till.wait_window("Bar")
