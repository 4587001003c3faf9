"""The fiskaly SIGN DE v2 simulator as one ASGI application, embedded and served alike.

Layers, outside in: fault injection (``/simulator/…`` exempt) → crash guard (a bug answers 500
in fiskaly's error shape and is logged) → Starlette routes (``controls``, ``tss``,
``transactions``). Paths are ``/api/v2/…`` and ``/simulator/…``; served, ``cashier simulator
serve`` mounts the app under ``/fiskaly`` (:mod:`cashier.simulator.serve`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from cashier.simulator.crash_guard import CrashGuard
from cashier.simulator.fiskaly import controls, seed, transactions, tss
from cashier.simulator.fiskaly.config import FiskalySimConfig
from cashier.simulator.fiskaly.context import FiskalyContext
from cashier.simulator.fiskaly.errors import FiskalyApiError, internal
from cashier.simulator.fiskaly.faults import FaultInjector
from cashier.simulator.store import SimulatorStore

log = logging.getLogger(__name__)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FiskalyApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = "E_NOT_FOUND" if exc.status_code == 404 else "E_BAD_REQUEST"
    return FiskalyApiError(
        exc.status_code, code, f"{request.method} {request.url.path}: {exc.detail}"
    ).response()


async def _bug(request: Request, exc: Exception) -> Response:
    return internal().response()  # Starlette re-raises; CrashGuard logs it once


class FiskalySimulatorApp:
    """The ASGI callable plus its context (tests and the CLI reach the store through it)."""

    def __init__(self, ctx: FiskalyContext, app: ASGIApp) -> None:
        self.ctx = ctx
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


def create_fiskaly_app(
    store: SimulatorStore | None = None,
    config: FiskalySimConfig | None = None,
    *,
    db_path: Path | str | None = None,
) -> FiskalySimulatorApp:
    """A ready fiskaly simulator; an empty store gets the seed."""
    if store is None:
        store = SimulatorStore(db_path if db_path is not None else ":memory:")
    ctx = FiskalyContext(store=store, config=config or FiskalySimConfig())
    if store.is_empty:
        seed.apply_seed(store)
    starlette = Starlette(
        routes=[*controls.routes(ctx), *tss.routes(ctx), *transactions.routes(ctx)],
        exception_handlers={FiskalyApiError: _api_error, HTTPException: _http_error, Exception: _bug},
    )
    return FiskalySimulatorApp(
        ctx,
        FaultInjector(
            CrashGuard(starlette, answer=lambda: internal().response(), name="fiskaly simulator"), ctx.faults
        ),
    )


def state_path(secuconnect_db: Path) -> Path:
    """Where ``cashier simulator serve --db X`` keeps the fiskaly simulator's state: beside X."""
    return secuconnect_db.with_name(f"{secuconnect_db.stem}-fiskaly{secuconnect_db.suffix or '.sqlite'}")
