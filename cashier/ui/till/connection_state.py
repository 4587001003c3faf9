"""Whether the till reaches secuconnect, as the status bar shows it.

:class:`Connection` is one small part of the till's view-model (:attr:`TillModel.connection
<cashier.ui.till.till_model.TillModel.connection>`) with one signal, :attr:`Connection.changed`.
Today the till's own remote calls feed it — one that answers is :meth:`Connection.set_online`,
one that fails with :class:`~cashier.services.errors.BackendUnavailable` is
:meth:`Connection.set_offline` — and so does the wait for payments of unknown outcome
(:meth:`Connection.start_checking` / :meth:`Connection.end_checking`).

On a real till it follows the services' own judgement (:meth:`~Connection.follow`;
:class:`~cashier.ui.ports.ServiceConnection`, docs/offline.md): their reachability calls
:meth:`~Connection.set_offline` / :meth:`~Connection.set_online` as it changes, and while it says
offline a remote call that answered (an offline sale, a card attached by its number only) does
not make the till look online.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum

import shiboken6
from PySide6.QtCore import QObject, Signal

from cashier.services.errors import BackendUnavailable
from cashier.ui.ports import ServiceConnection

log = logging.getLogger(__name__)


class ConnectionState(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    CHECKING = "checking"  # a payment's outcome is being checked


class Connection(QObject):
    """The till's connection state (see the module's doc); starts online."""

    changed = Signal(object)  # the new ConnectionState

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = ConnectionState.ONLINE
        self._source: ServiceConnection | None = None
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def offline(self) -> bool:
        return self._state is ConnectionState.OFFLINE

    def follow(self, source: ServiceConnection) -> None:
        """Show what the services judge (their reachability), from now until :meth:`stop`."""
        self._source = source
        self._unsubscribe = source.subscribe(self._heard)
        if source.offline:
            self.set_offline()

    def stop(self) -> None:
        """The till closes: the services' changes are no longer shown."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _heard(self, online: bool) -> None:
        if not shiboken6.isValid(self):  # the screen went, the services stayed a moment longer
            return
        log.info("secuconnect is %s", "reachable again" if online else "unreachable: the till works offline")
        if online:
            self.set_online()
        else:
            self.set_offline()

    def set_online(self) -> None:
        """secuconnect answered: offline is over (a payment being checked stays "checking") —
        unless the services still judge it unreachable (an offline sale answered locally)."""
        if self._state is ConnectionState.OFFLINE and not self._source_offline():
            self._set(ConnectionState.ONLINE)

    def set_offline(self) -> None:
        """secuconnect cannot be reached."""
        self._set(ConnectionState.OFFLINE)

    def failed(self, error: Exception) -> None:
        """A remote call failed: offline when the service could not be reached, else unchanged."""
        if isinstance(error, BackendUnavailable):
            self.set_offline()

    def start_checking(self) -> None:
        """The till waits for a payment of unknown outcome (selling waits with it)."""
        self._set(ConnectionState.CHECKING)

    def end_checking(self) -> None:
        """Every payment of unknown outcome has its answer: secuconnect answered, so online."""
        self._set(ConnectionState.OFFLINE if self._source_offline() else ConnectionState.ONLINE)

    def _source_offline(self) -> bool:
        return self._source is not None and self._source.offline

    def _set(self, state: ConnectionState) -> None:
        if state is not self._state:
            self._state = state
            self.changed.emit(state)
