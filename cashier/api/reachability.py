"""Whether secuconnect can be reached, judged from the client's own requests (docs/offline.md).

Every exchange of :class:`~cashier.api.http.BaseClient` reports here: any HTTP answer below 500
— a success, a refusal, a token error — proves the service is there; a failure to connect, a
timeout or a 5xx (from the service or a proxy in front of it) counts against it. One such failure
counts against it. A connection that cannot even be made (refused, no route, no name, connect
timeout: the classic signature of a line that is down) takes the till **offline** at once; a
request that was sent but failed (a read timeout, a dropped connection, a 5xx) does so when it is
the second in a row without an answer between — one slow or failed request is a fault, not an
outage. While offline the client sends with short timeouts and without retries
(:data:`OFFLINE_TIMEOUTS`), so that a probe or a read fails fast; the first answer takes the till
online again.

Listeners (the GUI's status bar, the booking worker) are called with the new state on every
change, never for a repeat. Nothing here talks to the network: the probe that brings a till back
is the services' (:mod:`cashier.services.connection`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final

from cashier.api.environments import Timeouts

log = logging.getLogger(__name__)

OFFLINE_TIMEOUTS: Final = Timeouts(connect=2.0, read=4.0, terminal=4.0)
"""Timeouts while offline: a request that would have waited 15 s fails in at most a few."""

FAILURES_FOR_OFFLINE: Final = 2
"""Failed requests in a row (each sent, none answered) that take the till offline."""

Listener = Callable[[bool], None]


class Reachability:
    """The way to secuconnect as the last exchange found it (``online`` True at start)."""

    def __init__(self, *, now: Callable[[], datetime] | None = None, judging: bool = True) -> None:
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(UTC))
        """The clock that dates going offline (the services set theirs)."""
        self.online = True
        self.since: datetime | None = None
        """When the till went offline (None while online)."""
        self.problem: str | None = None
        """The failure that took the till offline (short English, no secrets)."""
        self._listeners: list[Listener] = []
        self._failures = 0
        self.judging = judging
        """False: never goes offline (a client whose retries are the point, in the api's unit tests)."""

    @property
    def offline(self) -> bool:
        return not self.online

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(online)`` on every change; returns the unsubscribe function."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def answered(self) -> None:
        """secuconnect answered (any status below 500)."""
        self._failures = 0
        if self.online:
            return
        log.warning("secuconnect answers again (offline since %s)", self.since)
        self.online, self.since, self.problem = True, None, None
        self._tell()

    def failed(self, problem: str, *, connect: bool = False) -> None:
        """No answer, or a 5xx. ``connect``: no connection could be made at all."""
        self._failures += 1
        if not self.judging:
            return
        if self.offline:
            self.problem = problem
            return
        if not connect and self._failures < FAILURES_FOR_OFFLINE:
            log.info("secuconnect failed once (%s); still online", problem)
            return
        log.warning("secuconnect cannot be reached (%s): the till works offline", problem)
        self.online, self.since, self.problem = False, self.now(), problem
        self._tell()

    def _tell(self) -> None:
        for listener in tuple(self._listeners):
            try:
                listener(self.online)
            except Exception:  # a listener's bug never breaks a request
                log.exception("a reachability listener failed")
