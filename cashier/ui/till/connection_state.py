"""Whether the till reaches secuconnect, as the status bar shows it.

:class:`Connection` is one small part of the till's view-model (:attr:`TillModel.connection
<cashier.ui.till.till_model.TillModel.connection>`) with one signal, :attr:`Connection.changed`.
Today the till's own remote calls feed it — one that answers is :meth:`Connection.set_online`,
one that fails with :class:`~cashier.services.errors.BackendUnavailable` is
:meth:`Connection.set_offline` — and so does the wait for payments of unknown outcome
(:meth:`Connection.start_checking` / :meth:`Connection.end_checking`). A reachability monitor
can call the same two setters later without anything else changing.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from cashier.services.errors import BackendUnavailable


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

    @property
    def state(self) -> ConnectionState:
        return self._state

    def set_online(self) -> None:
        """secuconnect answered: offline is over (a payment being checked stays "checking")."""
        if self._state is ConnectionState.OFFLINE:
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
        self._set(ConnectionState.ONLINE)

    def _set(self, state: ConnectionState) -> None:
        if state is not self._state:
            self._state = state
            self.changed.emit(state)
