"""The till's connection state on its own: what each setter does, and when ``changed`` fires.

A reachability monitor (issue #18) will call ``set_online``/``set_offline``; these tests pin what
that may rely on: a payment being checked is not ended by the server answering, offline is.
"""

from __future__ import annotations

from cashier.services.errors import BackendUnavailable, SaleError
from cashier.ui.till.connection_state import Connection, ConnectionState


def recorded(connection: Connection) -> list[ConnectionState]:
    seen: list[ConnectionState] = []
    connection.changed.connect(seen.append)
    return seen


def test_offline_and_back_online_each_say_so_once() -> None:
    connection = Connection()
    seen = recorded(connection)
    connection.set_online()  # already online: nothing to say
    connection.set_offline()
    connection.set_offline()
    connection.set_online()
    assert seen == [ConnectionState.OFFLINE, ConnectionState.ONLINE]
    assert connection.state is ConnectionState.ONLINE


def test_only_an_unreachable_service_makes_the_till_offline() -> None:
    connection = Connection()
    seen = recorded(connection)
    connection.failed(SaleError("the sale is in the wrong state"))
    assert seen == []
    connection.failed(BackendUnavailable("no answer"))
    assert connection.state is ConnectionState.OFFLINE


def test_an_answer_does_not_end_the_check_of_a_payment_but_its_settling_does() -> None:
    connection = Connection()
    seen = recorded(connection)
    connection.start_checking()
    connection.set_online()  # secuconnect answered something else meanwhile
    assert connection.state is ConnectionState.CHECKING
    connection.set_offline()  # unreachable while checking: offline is what the cashier must see
    connection.end_checking()
    assert seen == [ConnectionState.CHECKING, ConnectionState.OFFLINE, ConnectionState.ONLINE]
