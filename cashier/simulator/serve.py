"""``cashier simulator serve``: the simulator over TCP (uvicorn), for several tills and tests.

One port serves both simulators: secuconnect at the root, the fiskaly SIGN DE simulator under
``/fiskaly`` (its API at ``/fiskaly/api/v2``, its controls at ``/fiskaly/simulator/…``; see
:class:`MountedApps`). Prints the base URLs once it listens, stops cleanly on Ctrl-C or SIGTERM
(uvicorn handles both), and keeps its state in ``--db`` (fiskaly's beside it,
``<name>-fiskaly.sqlite``) so a restart continues where it stopped. Commits that
``late_commit``/``slow_commit`` faults still hold are cancelled first, as on a server that dies
(logged at INFO; a client still waiting for one sees its connection dropped), so that stopping
neither waits for them nor logs an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from cashier.simulator.app import SimulatorApp, create_app
from cashier.simulator.config import SimulatorConfig
from cashier.simulator.faults import DropLogFilter
from cashier.simulator.fiskaly.app import FiskalySimulatorApp, create_fiskaly_app, state_path

log = logging.getLogger(__name__)

FISKALY_PREFIX = "/fiskaly"


class MountedApps:
    """secuconnect at ``/``, fiskaly under :data:`FISKALY_PREFIX` (the prefix is cut off, so the
    fiskaly simulator sees the same paths served as embedded, and fault rules match both)."""

    def __init__(self, secuconnect: ASGIApp, fiskaly: ASGIApp) -> None:
        self.secuconnect = secuconnect
        self.fiskaly = fiskaly

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == FISKALY_PREFIX or path.startswith(FISKALY_PREFIX + "/")):
            inner = path[len(FISKALY_PREFIX) :] or "/"
            await self.fiskaly({**scope, "path": inner, "raw_path": inner.encode()}, receive, send)
        else:
            await self.secuconnect(scope, receive, send)


class _Server(uvicorn.Server):
    """uvicorn, minus its own signal handling: :func:`serve_async` stops it on SIGINT/SIGTERM
    and the process exits 0 (uvicorn would re-raise the signal after shutting down).
    ``before_shutdown`` runs before uvicorn waits for open connections."""

    def __init__(
        self, config: uvicorn.Config, before_shutdown: Callable[[], Awaitable[object]] | None
    ) -> None:
        super().__init__(config)
        self._before_shutdown = before_shutdown

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self._before_shutdown is not None:
            await self._before_shutdown()
        await super().shutdown(sockets)


def build_server(
    app: SimulatorApp | MountedApps | FiskalySimulatorApp,
    host: str,
    port: int,
    *,
    before_shutdown: Callable[[], Awaitable[object]] | None = None,
) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="off",
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=5,
    )
    logging.getLogger("uvicorn.error").addFilter(DropLogFilter())
    return _Server(config, before_shutdown)


def bound_url(server: uvicorn.Server) -> str:
    """The http:// URL the started server listens on (the real port when 0 was asked for)."""
    sockets = [sock for srv in server.servers for sock in srv.sockets]
    host, port = sockets[0].getsockname()[:2]
    return f"http://{host}:{port}"


def _stop_on_signals(server: uvicorn.Server) -> None:
    def stop(*_: object) -> None:
        if server.should_exit:  # a second Ctrl-C: do not wait for open connections
            server.force_exit = True
        server.should_exit = True

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop)
        except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
            with contextlib.suppress(ValueError):
                signal.signal(sig, stop)


async def serve_async(
    server: uvicorn.Server, announce: Callable[[str], None], *, handle_signals: bool = True
) -> None:
    if handle_signals:
        _stop_on_signals(server)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():  # e.g. the port is taken: uvicorn logged why and gave up
            await task
            raise SystemExit(1)
        await asyncio.sleep(0.02)
    announce(bound_url(server))
    await task


def serve(
    *,
    host: str,
    port: int,
    db: Path | None,
    config: SimulatorConfig,
    announce: Callable[[str], None] | None = None,
) -> int:
    say = announce or (lambda text: print(text, flush=True))
    if not logging.getLogger().handlers:  # run on its own (the CLI configures logging first)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(config=config, db_path=db if db is not None else ":memory:")
    try:
        fiskaly = create_fiskaly_app(db_path=state_path(db) if db is not None else ":memory:")
    except BaseException:
        app.ctx.store.close()
        raise

    async def forget_held_commits() -> None:
        cancelled = await app.ctx.faults.cancel_pending()
        if cancelled:
            log.info("stopping: %d held commit(s) cancelled", cancelled)

    def announce_both(url: str) -> None:
        say(f"secuconnect simulator listening on {url}")
        say(f"fiskaly simulator listening on {url}{FISKALY_PREFIX}/api/v2")

    server = build_server(MountedApps(app, fiskaly), host, port, before_shutdown=forget_held_commits)
    try:
        asyncio.run(serve_async(server, announce_both))
    except SystemExit:  # uvicorn could not start (it logged why, e.g. the port is taken)
        log.error("the simulator could not listen on %s:%s", host, port)
        return 1
    finally:
        app.ctx.store.close()
        fiskaly.ctx.store.close()
    if server.started:
        say("secuconnect simulator stopped")
        return 0
    return 1
