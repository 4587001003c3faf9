"""One big button per article of the catalogue: name, price and its key; a press adds one to the basket.

The first ten keys answer Alt+1 … Alt+9, Alt+0 and the next ten Ctrl+1 … Ctrl+0 (row by row,
as laid out), so that they meet neither the till's F-keys, Enter and Esc nor the digits of the
amount and card fields; the key is written on the button. A digit or decimal mark typed while
a quick key has the focus is not lost on the button: it goes out as ``typed`` (to the free
price amount).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from cashier.ui.catalog import Article
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.style import key_text, touch_button

COLUMNS = 4
_AMOUNT_KEYS = frozenset("0123456789,.")
_CHORD = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


def quick_key_sequence(index: int) -> QKeySequence | None:
    """The key of the ``index``-th quick key (from 0): Alt+1 … Alt+0, Ctrl+1 … Ctrl+0, then none."""
    if index >= 20:
        return None
    modifier = "Alt" if index < 10 else "Ctrl"
    return QKeySequence(f"{modifier}+{(index % 10 + 1) % 10}")


class QuickKeysView(QWidget):
    article_chosen = Signal(object)  # Article
    typed = Signal(str)  # a digit or decimal mark typed on a quick key

    def __init__(self, articles: tuple[Article, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self.buttons: list[tuple[Article, QPushButton]] = []
        self.keys: dict[str, QKeySequence] = {}  # article number → its key
        self.set_articles(articles)

    def set_articles(self, articles: tuple[Article, ...]) -> None:
        """Another catalogue's keys (the settings replaced it); call :meth:`show_prices` next."""
        for _, old in self.buttons:
            self._grid.removeWidget(old)
            old.deleteLater()  # its shortcut with it
        self.buttons, self.keys = [], {}
        for index, article in enumerate(articles):
            button = touch_button(parent=self, name="quickKey")
            button.setMinimumHeight(54)
            button.clicked.connect(lambda _=False, a=article: self.article_chosen.emit(a))
            button.installEventFilter(self)
            sequence = quick_key_sequence(index)
            if sequence is not None:
                QShortcut(sequence, button, button.click, Qt.ShortcutContext.WindowShortcut)
                self.keys[article.article_number] = sequence
            self._grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons.append((article, button))

    def button_for(self, article_number: str) -> QPushButton:
        return next(button for article, button in self.buttons if article.article_number == article_number)

    def show_prices(self, money: MoneyFormat) -> None:
        for article, button in self.buttons:
            price = money.amount(article.price)
            key = self.keys.get(article.article_number)
            button.setText(
                f"{article.name}\n{price} · {key_text(key)}" if key else f"{article.name}\n{price}"
            )
            button.setToolTip(f"{article.article_number} · {money.percent(article.vat.percent)}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.text() in _AMOUNT_KEYS
            and event.text()
            and not event.modifiers() & _CHORD
        ):
            self.typed.emit(event.text())
            return True
        return super().eventFilter(watched, event)
