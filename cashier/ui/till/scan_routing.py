"""Where a scan goes: the customer card, an article into the basket, or a message with its digits.

The rules are the domain's (:meth:`cashier.domain.barcodes.BarcodeIndex.route`, on the
catalogue's codes); this part of the till's view-model carries them out. A number typed into
the card field goes the same way when it is an article's code (a damaged label, typed), and
otherwise to the card check as before — a typed number of another issuer's card still reaches
secuconnect, while a scanned one that is no secucard number is an unknown barcode.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from cashier.domain.barcodes import ScanResult, ScanTarget
from cashier.domain.basket import BasketLine
from cashier.domain.errors import InputError
from cashier.ui.catalog import Catalog
from cashier.ui.kit.message_bridge import MessageBridge

log = logging.getLogger(__name__)


class ScanRouting(QObject):
    def __init__(
        self,
        add_line: Callable[[BasketLine], bool],
        enter_card: Callable[[str], None],
        bridge: MessageBridge,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._add_line, self._enter_card, self._bridge = add_line, enter_card, bridge
        self.catalog = Catalog("")

    def set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def scan(self, code: str) -> ScanTarget:
        """A scanner's code: to the card check, into the basket, or a message naming its digits."""
        result = self.catalog.barcodes.route(code)
        log.info("scan routed to %s", result.target.value)
        if result.target is ScanTarget.CARD:
            self._enter_card(result.code)
        elif result.target is ScanTarget.ARTICLE:
            self._add(result)
        else:
            self._bridge.report(result.error())
        return result.target

    def typed(self, text: str) -> bool:
        """A number typed into the card field: True when it was an article's code (now in the basket)."""
        result = self.catalog.barcodes.route(text)
        if result.target is ScanTarget.ARTICLE:
            self._add(result)
            return True
        self._enter_card(text)
        return False

    def refuse(self, code: str) -> None:
        """A scan while a window is open over the till: nothing is added (its total is on show)."""
        self._bridge.warning(
            self.tr("Scan {code} not used — finish the open window first, then scan again.").format(code=code)
        )

    def _add(self, result: ScanResult) -> None:
        article = self.catalog.article(result.article_number or "")
        if article is None:  # a bug: the index is built from the same catalogue
            self._bridge.report(
                LookupError(f"article {result.article_number} is indexed but not in the catalogue")
            )
            return
        try:
            line = article.scanned_line(result)
        except InputError as error:
            self._bridge.report(error)
            return
        self._add_line(line)
