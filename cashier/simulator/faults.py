"""Fault injection: make the simulator slow, broken or silent on purpose.

Why: docs/architecture.md, "The simulator", and docs/exactly-once.md.

A fault matches ``"<METHOD> <path glob>"`` (case-insensitive, ``*`` matches across ``/``) and
applies ``times`` times (default 1; 0 = until removed); :class:`FaultMode` lists what it does.
Waits are wall-clock (``asyncio.sleep``), not the simulator's clock: they are about the
client's timeouts.

**Authentication at arrival.** An API request (``/api/…``) that ``delay``, ``late_commit`` or
``slow_commit`` holds has its bearer token checked when it arrives, before the wait: an invalid
token is answered 403 / code 2003 at once, nothing runs and the fault is not used up. A valid
token's caller travels with the request (``scope["cashier.principal"]``, see
:mod:`cashier.simulator.oauth`), so a token revoked or expired while the request waited (a till
that crashed, restarted and renewed its token) does not stop the work — as on a server that
authenticated the request when it came in. ``/oauth/token`` is held without a check.

**Detached commits.** The work of ``late_commit`` and ``slow_commit`` runs in an asyncio task of
its own, so it commits even when the client timed out, went away or was killed. The
:class:`FaultTable` counts each such request from its arrival until its work has finished
(``pending_commits`` in ``GET /simulator/faults``); ``await table.drain()`` (in-process) or
``POST /simulator/faults/drain`` (served) returns once none is left. An exception in the work is
logged once, at WARNING, with the request line (a slow client then gets the 500 envelope).

* ``DELETE /simulator/faults`` removes the rules only: requests already held go on and commit as
  planned (the server has read them);
* ``POST /simulator/reset`` forgets them: pending commits are cancelled (and waited for) before the
  state is reset, so none lands in the fresh state; a client still waiting for one, or for a
  ``delay``, sees its connection dropped;
* ``cashier simulator serve`` cancels pending commits when it stops, like a server that dies
  (logged at INFO).

A "dropped" connection: the middleware raises :class:`ConnectionDropped` after sending the
status line with a body that never comes. uvicorn then closes the socket (the client sees the
peer disconnect); in-process, :class:`~cashier.simulator.transport.EmbeddedTransport` turns it
into the ``httpx.RemoteProtocolError`` a client would see over TCP.
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging
import threading
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cashier.simulator.errors import CODE_INTERNAL, ApiError, OAuthError, internal

log = logging.getLogger(__name__)


class FaultMode(StrEnum):
    """What a matching request suffers.

    * ``delay`` — wait ``delay_ms``, then answer normally. The work runs in the request's own
      task: served, it still runs when the client has gone; embedded, a client whose read timeout
      passes cancels it (``slow_commit`` does the work whatever the client does);
    * ``http_500`` — answer 500 ``ProductInternalException`` without touching any state
      (``status``: another 5xx); on ``/oauth/token`` with ``vendor_shapes`` the body is OAuth's
      ``{"error": "server_error"|"temporarily_unavailable" (503), "error_description": …}``;
    * ``hang`` — never answer (until the client gives up and disconnects);
    * ``drop_before_commit`` — close the connection without a response, no state changed;
    * ``drop_after_commit`` — do the work (the change is committed), then close without a response;
    * ``late_commit`` — read the whole request, answer nothing; once the client has given up
      (closed the connection; embedded: its read timeout passed or its task was cancelled) wait
      ``delay_ms`` more (default 0), then do the work, whose response nobody reads. The work
      always commits after the client stopped waiting. Embedded, a client without a read timeout
      waits for ever;
    * ``slow_commit`` — read the whole request; do the work ``delay_ms`` after it arrived, whatever
      the client does meanwhile; send its response ``answer_ms`` after arrival (default
      ``delay_ms``, never less, and never before the work is done) if the client is still there.
      A client whose read timeout is shorter than ``answer_ms`` times out although the work
      committed (or will).
    """

    DELAY = "delay"
    HTTP_500 = "http_500"
    HANG = "hang"
    DROP_BEFORE_COMMIT = "drop_before_commit"
    DROP_AFTER_COMMIT = "drop_after_commit"
    LATE_COMMIT = "late_commit"
    SLOW_COMMIT = "slow_commit"


HOLDING_MODES = frozenset({FaultMode.DELAY, FaultMode.LATE_COMMIT, FaultMode.SLOW_COMMIT})
"""Modes that hold a request before its work: its token is checked when it arrives."""


class ConnectionDropped(Exception):
    """Raised to make the server close the connection without a complete response."""


@dataclass(slots=True)
class Fault:
    method: str
    path_glob: str
    mode: FaultMode
    delay_ms: int = 0
    times: int = 1  # 0 = unlimited
    answer_ms: int | None = None  # slow_commit only; None = delay_ms
    status: int = 500  # http_500 only: the 5xx status answered

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Fault:
        """Read a ``POST /simulator/faults`` body; raises ValueError with a reason."""
        match = raw.get("match")
        if not isinstance(match, str) or len(match.split(maxsplit=1)) != 2:
            raise ValueError(
                "match must be '<METHOD> <path glob>', e.g. 'POST /api/v2/Smart/Transactions/*/start/*'"
            )
        method, glob = match.split(maxsplit=1)
        try:
            mode = FaultMode(str(raw.get("mode")))
        except ValueError:
            raise ValueError(f"mode must be one of {', '.join(m.value for m in FaultMode)}") from None
        delay_ms = raw.get("delay_ms", 0)
        times = raw.get("times", 1)
        answer_ms = raw.get("answer_ms")
        for name, value in (("delay_ms", delay_ms), ("times", times), ("answer_ms", answer_ms)):
            if value is None and name == "answer_ms":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer")
        if answer_ms is not None:
            if mode is not FaultMode.SLOW_COMMIT:
                raise ValueError("answer_ms is for mode slow_commit only")
            if answer_ms < delay_ms:
                raise ValueError("answer_ms must not be less than delay_ms (no answer before the work)")
        status = raw.get("status", 500)
        if isinstance(status, bool) or not isinstance(status, int) or not 500 <= status <= 599:
            raise ValueError("status must be an HTTP status from 500 to 599")
        if status != 500 and mode is not FaultMode.HTTP_500:
            raise ValueError("status is for mode http_500 only")
        return cls(method.upper(), glob, mode, delay_ms, times, answer_ms, status)

    @property
    def answer_after_ms(self) -> int:
        return self.delay_ms if self.answer_ms is None else self.answer_ms

    def matches(self, method: str, path: str) -> bool:
        method_matches = self.method in ("*", method.upper())
        return method_matches and fnmatch.fnmatchcase(path.lower(), self.path_glob.lower())

    def describe(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "match": f"{self.method} {self.path_glob}",
            "mode": self.mode.value,
            "delay_ms": self.delay_ms,
            "times": self.times,
        }
        if self.mode is FaultMode.SLOW_COMMIT:
            described["answer_ms"] = self.answer_after_ms
        if self.status != 500:
            described["status"] = self.status
        return described


class Rule(Protocol):
    """A fault rule as :class:`FaultRules` keeps it (this module's :class:`Fault`, the fiskaly
    simulator's too)."""

    times: int

    def matches(self, method: str, path: str) -> bool: ...
    def describe(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=Rule)


class FaultRules(Generic[R]):
    """The fault rules in force, first match wins, each used up after ``times`` applications
    (0: until removed). Thread-safe: a served simulator runs in another thread than a test."""

    def __init__(self) -> None:
        self._faults: list[R] = []
        self._lock = threading.Lock()

    def add(self, fault: R) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._faults.clear()

    def listing(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.describe() for fault in self._faults]

    def peek(self, method: str, path: str) -> R | None:
        """The fault that :meth:`take` would apply, without using it up."""
        with self._lock:
            return next((fault for fault in self._faults if fault.matches(method, path)), None)

    def take(self, method: str, path: str) -> R | None:
        """The first fault matching this request, used up by one application."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    if fault.times == 1:
                        self._faults.remove(fault)
                    elif fault.times > 1:
                        fault.times -= 1
                    return fault
        return None


class FaultTable(FaultRules[Fault]):
    """The faults in force and the commits they hold; shared by the controls and the middleware.

    Thread-safe: the served simulator in a test runs in another thread than the test, and
    :meth:`drain` and :meth:`cancel_pending` wait for tasks of whichever event loop runs them.
    Requests already held go on when the rules are cleared (see the module docstring).
    """

    def __init__(self) -> None:
        super().__init__()
        self._pending: set[asyncio.Task[None]] = set()
        self._generation = 0  # counts resets: a request held across one never runs

    # --- detached commits ---------------------------------------------------------------------
    @property
    def generation(self) -> int:
        return self._generation

    @property
    def pending_commits(self) -> int:
        """Requests held by ``late_commit``/``slow_commit`` whose work has not finished yet."""
        with self._lock:
            return len(self._pending)

    def detach(self, work: Callable[[], Awaitable[None]], request_line: str) -> asyncio.Task[None]:
        """Run ``work`` in a task of its own, counted until it ends; never raises into the loop."""

        async def guarded() -> None:
            try:
                await work()
            except asyncio.CancelledError:
                log.info("the held %s was cancelled before it committed", request_line)
                raise
            except Exception:
                log.warning("the detached commit of %s failed", request_line, exc_info=True)

        task = asyncio.get_running_loop().create_task(guarded(), name=f"commit {request_line}")
        with self._lock:
            self._pending.add(task)
        task.add_done_callback(self._forget)
        return task

    def _forget(self, task: asyncio.Task[None]) -> None:
        with self._lock:
            self._pending.discard(task)

    async def drain(self) -> None:
        """Return once no held request is left uncommitted (also those that came meanwhile).

        A ``late_commit`` request counts from its arrival, so this also waits for its client to
        give up. Bound it with ``asyncio.timeout`` if the client might never do so.
        """
        while True:
            with self._lock:
                tasks = list(self._pending)
            if not tasks:
                return
            await _wait_all(tasks)

    async def cancel_pending(self) -> int:
        """Forget every held request (reset, shutdown): cancel their work and wait until it ended.

        Returns how many there were. A request arriving while this runs is forgotten too.
        """
        with self._lock:
            self._generation += 1
            tasks = list(self._pending)
        here = asyncio.get_running_loop()
        for task in tasks:
            loop = task.get_loop()
            if loop is here:
                task.cancel()
            elif not loop.is_closed():
                loop.call_soon_threadsafe(task.cancel)
        await _wait_all(tasks)
        return len(tasks)


async def _wait_all(tasks: Iterable[asyncio.Task[Any]]) -> None:
    """Wait until these tasks are done, whichever event loop (thread) runs them."""
    here = asyncio.get_running_loop()
    by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Task[Any]]] = {}
    for task in tasks:
        by_loop.setdefault(task.get_loop(), []).append(task)
    waits: list[Awaitable[Any]] = []
    for loop, group in by_loop.items():
        if loop is here:
            waits.append(asyncio.wait(group))
        elif not loop.is_closed():
            elsewhere = asyncio.wait(group)
            try:
                waits.append(asyncio.wrap_future(asyncio.run_coroutine_threadsafe(elsewhere, loop)))
            except RuntimeError:  # that loop closed meanwhile: its tasks are gone
                elsewhere.close()
    if waits:
        await asyncio.gather(*waits)


class FaultInjector:
    """ASGI middleware in front of the whole simulator (controls under /simulator/ are exempt).

    ``commit_app`` runs the detached work (the app without its crash guard, so that a bug there
    is logged once, by :meth:`FaultTable.detach`); ``admit`` checks a held API request's token
    on arrival and returns the scope with its caller, or raises the 403 :class:`ApiError`.
    """

    def __init__(
        self,
        app: ASGIApp,
        faults: FaultTable,
        *,
        commit_app: ASGIApp | None = None,
        admit: Callable[[Scope], Scope] | None = None,
        oauth_bodies: bool = False,
    ) -> None:
        self.app = app
        self.faults = faults
        self.commit_app = commit_app or app
        self.admit = admit
        self.oauth_bodies = oauth_bodies

    def _server_error(self, path: str, status: int) -> ASGIApp:
        """The answer of an ``http_500`` fault: the API envelope, or on the token endpoint (with
        ``oauth_bodies``) an OAuth error body — ``server_error``, ``temporarily_unavailable`` for 503."""
        if self.oauth_bodies and path.lower() == "/oauth/token":
            error = "temporarily_unavailable" if status == 503 else "server_error"
            return OAuthError(status, error, "Injected fault: the token service failed").response()
        return ApiError(
            status, "ProductInternalException", CODE_INTERNAL, "Injected fault: internal error"
        ).response()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/simulator/"):
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        held = self.faults.peek(method, path)
        if (
            held is not None
            and held.mode in HOLDING_MODES
            and self.admit
            and path.lower().startswith("/api/")
        ):
            try:
                scope = self.admit(scope)
            except ApiError as refused:  # answered at once; the fault waits for a valid request
                await refused.response()(scope, receive, send)
                return
        fault = self.faults.take(method, path)
        if fault is None:
            await self.app(scope, receive, send)
            return
        log.info("fault %s on %s %s", fault.mode.value, method, path)
        generation = self.faults.generation
        if fault.mode is FaultMode.DELAY:
            # A slow server has the whole request before it is slow: read the body first, so
            # that the work is done even if the client gives up (or dies) meanwhile.
            body = await _read_body(receive)
            if body is None:
                return
            await asyncio.sleep(fault.delay_ms / 1000)
            if self.faults.generation != generation:  # the simulator was reset meanwhile
                await _drop(send)
            await self.app(scope, _replayed(body, then=receive), send)
        elif fault.mode is FaultMode.HTTP_500:
            await self._server_error(path, fault.status)(scope, receive, send)
        elif fault.mode is FaultMode.HANG:
            await _wait_for_disconnect(receive)
        elif fault.mode is FaultMode.DROP_BEFORE_COMMIT:
            await _drop(send)
        elif fault.mode is FaultMode.DROP_AFTER_COMMIT:
            await self.app(scope, receive, _discard)
            await _drop(send)
        elif fault.mode is FaultMode.LATE_COMMIT:
            await self._late_commit(scope, receive, send, fault, generation)
        else:
            await self._slow_commit(scope, receive, send, fault, generation)

    async def _late_commit(
        self, scope: Scope, receive: Receive, send: Send, fault: Fault, generation: int
    ) -> None:
        body = await _read_body(receive)
        if body is None:  # the client left before its request was complete: nothing to do
            return
        client_gone = asyncio.Event()

        async def work() -> None:
            await client_gone.wait()
            await asyncio.sleep(fault.delay_ms / 1000)
            status = await self._commit(scope, body, _discard, generation)
            log.info("late_commit: %s committed after its client left (HTTP %s)", _line(scope), status)

        commit = self.faults.detach(work, _line(scope))
        try:
            # Served, the client's disconnect ends this wait; embedded, the cancellation
            # EmbeddedTransport sends at the read timeout does (and goes on up).
            left = await _client_leaves(receive, commit, until=None)
        finally:
            client_gone.set()
        if not left:  # the work was cancelled (reset, shutdown) while the client waited
            await _drop(send)

    async def _slow_commit(
        self, scope: Scope, receive: Receive, send: Send, fault: Fault, generation: int
    ) -> None:
        loop = asyncio.get_running_loop()
        arrived = loop.time()
        body = await _read_body(receive)
        if body is None:
            return
        answer: list[Message] = []

        async def capture(message: Message) -> None:
            answer.append(message)

        async def work() -> None:
            await asyncio.sleep(max(0.0, arrived + fault.delay_ms / 1000 - loop.time()))
            status = await self._commit(scope, body, capture, generation)
            log.info("slow_commit: %s committed (HTTP %s)", _line(scope), status)

        commit = self.faults.detach(work, _line(scope))
        if await _client_leaves(receive, commit, until=arrived + fault.answer_after_ms / 1000):
            return  # nobody to answer; the work goes on
        if commit.cancelled():
            await _drop(send)
        await _answer(answer, scope, receive, send)

    async def _commit(self, scope: Scope, body: list[Message], send: Send, generation: int) -> int | None:
        """Run a held request's work; its HTTP status (None when it sent no response)."""
        if self.faults.generation != generation:  # reset between arrival and now: forgotten
            raise asyncio.CancelledError
        status: int | None = None

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.commit_app(scope, _replayed(body), noting_status)
        return status


async def _client_leaves(receive: Receive, commit: asyncio.Task[None], *, until: float | None) -> bool:
    """Hold the request until the client leaves (True), or (False) until the work was cancelled
    or — with ``until``, a ``loop.time()`` — until that moment has come and the work is done."""
    loop = asyncio.get_running_loop()
    watcher = asyncio.ensure_future(_wait_for_disconnect(receive))
    try:
        while not watcher.done() and not commit.cancelled():
            remaining = None if until is None else until - loop.time()
            if remaining is not None and remaining <= 0 and commit.done():
                break
            waiting = {watcher} if commit.done() else {watcher, commit}
            timeout = remaining if remaining is not None and remaining > 0 else None
            await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        return watcher.done()
    finally:
        watcher.cancel()
        await asyncio.wait({watcher})
        if not watcher.cancelled():
            watcher.exception()  # retrieved: a failing receive has nobody else to tell


async def _answer(messages: list[Message], scope: Scope, receive: Receive, send: Send) -> None:
    """Send the response the detached work produced (a 500 when it produced none)."""
    complete = bool(messages) and messages[-1]["type"] == "http.response.body"
    complete = complete and not messages[-1].get("more_body", False)
    if complete:
        for message in messages:
            await send(message)
    elif any(message["type"] == "http.response.start" for message in messages):
        await _drop(send)
    else:
        await internal("Internal error (simulator bug, see its log)").response()(scope, receive, send)


def _line(scope: Scope) -> str:
    return f"{scope['method']} {scope['path']}"


async def _read_body(receive: Receive) -> list[Message] | None:
    """The whole request as ASGI messages, or None if the client left before it was complete."""
    messages: list[Message] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        messages.append(message)
        if not message.get("more_body", False):
            return messages


def _replayed(messages: list[Message], *, then: Receive | None = None) -> Receive:
    """A ``receive`` that hands out the request read earlier, then goes on with ``then`` — or,
    for detached work, answers that the client has gone."""
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        return await then() if then is not None else {"type": "http.disconnect"}

    return receive


async def _discard(message: Message) -> None:
    return None


async def _drop(send: Send) -> None:
    # Promise a body, then vanish: over TCP the client sees the peer close mid-response.
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})
    raise ConnectionDropped("injected fault: connection dropped")


async def _wait_for_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


class DropLogFilter(logging.Filter):
    """Keeps uvicorn from logging an injected drop as an application crash."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)
