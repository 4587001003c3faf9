"""What the till view-model's parts need of the sale at the counter.

:class:`SaleDesk` is the narrow side of :class:`~cashier.ui.till.till_model.TillModel` that its
parts (:mod:`~cashier.ui.till.payment_flow`, :mod:`~cashier.ui.till.open_payment_watch`,
:mod:`~cashier.ui.till.card_sales`) are given, so that none of them imports the till model that
composes them.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance

from cashier.services.sale import Sale
from cashier.services.sale_session import SaleSession


class SaleDesk(Protocol):
    @property
    def session(self) -> SaleSession:
        """The sale in progress and its rules."""
        ...

    @property
    def sale_changed(self) -> SignalInstance:
        """Emit it when the sale, or what may be done with it, changed."""
        ...

    def idle(self, *, while_paying: bool = False, quiet: bool = False) -> bool:
        """Whether the sale may be worked on now; if not, the cashier has been told why
        (``quiet``: a background check, which tells nobody)."""
        ...

    def close_sale(self) -> Sale | None:
        """The sale is over (paid, cancelled or settled); returns it."""
        ...

    def service_error(self, error: Exception) -> bool:
        """A remote call failed: the connection follows; False (the bridge words the error)."""
        ...
