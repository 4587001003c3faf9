"""One big button per article of the catalogue: name and price; a press adds one to the basket."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from cashier.ui.catalog import Article
from cashier.ui.formatting import MoneyFormat
from cashier.ui.style import touch_button

COLUMNS = 4


class QuickKeysView(QWidget):
    article_chosen = Signal(object)  # Article

    def __init__(self, articles: tuple[Article, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self.buttons: list[tuple[Article, QPushButton]] = []
        self.set_articles(articles)

    def set_articles(self, articles: tuple[Article, ...]) -> None:
        """Another catalogue's keys (the settings replaced it); call :meth:`show_prices` next."""
        for _, old in self.buttons:
            self._grid.removeWidget(old)
            old.deleteLater()
        self.buttons = []
        for index, article in enumerate(articles):
            button = touch_button(parent=self, name="quickKey")
            button.setMinimumHeight(54)
            button.clicked.connect(lambda _=False, a=article: self.article_chosen.emit(a))
            self._grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons.append((article, button))

    def button_for(self, article_number: str) -> QPushButton:
        return next(button for article, button in self.buttons if article.article_number == article_number)

    def show_prices(self, money: MoneyFormat) -> None:
        for article, button in self.buttons:
            button.setText(f"{article.name}\n{money.amount(article.price)}")
            button.setToolTip(f"{article.article_number} · {money.percent(article.vat.percent)}")
