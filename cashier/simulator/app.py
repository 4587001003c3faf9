"""The simulator as one ASGI application: the same object embedded and served.

Layers, outside in: fault injection (``/simulator/…`` exempt) → crash guard (a bug answers
500 in the envelope instead of killing the connection) → path normaliser (action segments are
case-insensitive, ids are not) → Starlette routes. Handlers live in ``oauth``, ``cards``,
``card_groups``, ``transactions``, ``containers`` and ``controls``; each module offers ``routes(ctx)``.
The work a ``late_commit``/``slow_commit`` fault detaches skips the crash guard: a bug there is
logged once, by the fault table.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from cashier.simulator import card_groups, cards, containers, controls, seed, transactions
from cashier.simulator.config import SimulatorConfig
from cashier.simulator.context import SimulatorContext
from cashier.simulator.crash_guard import CrashGuard
from cashier.simulator.errors import ApiError, OAuthError, internal, not_found
from cashier.simulator.faults import FaultInjector
from cashier.simulator.store import SimulatorStore
from cashier.simulator.wire import API

log = logging.getLogger(__name__)


_ID_SEGMENT = re.compile(r"^[A-Za-z]{3}_[A-Za-z0-9]+$")


class PathNormaliser:
    """Lower-cases every path segment that is not an object id, so routes match any casing.

    It copies the scope with every key (the caller a fault checked on arrival among them)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            segments = scope["path"].split("/")
            path = "/".join(s if _ID_SEGMENT.match(s) else s.lower() for s in segments)
            scope = {**scope, "path": path, "raw_path": path.encode()}
        await self.app(scope, receive, send)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError | OAuthError)
    return exc.response()


async def _bug(request: Request, exc: Exception) -> Response:
    # Starlette answers with this and re-raises; CrashGuard logs the traceback once.
    return internal("Internal error (simulator bug, see its log)").response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return not_found("Resource", request.url.path).response()
    details = f"{request.method} {request.url.path}: {exc.detail}"
    return ApiError(exc.status_code, "ProductFormatException", 1001, details).response()


def _merchant_routes(ctx: SimulatorContext) -> list[Route]:
    async def merchant(request: Request) -> Response:
        ctx.authenticate(request)
        merchant_id = request.path_params["merchant_id"]
        doc = ctx.store.get(
            "general.merchants", seed.MERCHANT_ID if merchant_id.lower() == "me" else merchant_id
        )
        if doc is None:
            raise not_found("Merchant", merchant_id)
        return JSONResponse(doc)

    return [Route(f"{API}/general/merchants/{{merchant_id}}", merchant, methods=["GET"])]


def create_app(
    store: SimulatorStore | None = None,
    config: SimulatorConfig | None = None,
    *,
    db_path: Path | str | None = None,
) -> SimulatorApp:
    """A ready simulator: an empty store gets the demo seed."""
    if store is None:
        store = SimulatorStore(db_path if db_path is not None else ":memory:")
    ctx = SimulatorContext(store=store, config=config or SimulatorConfig())
    if store.is_empty:
        seed.apply_seed(store)

    async def token(request: Request) -> Response:
        return await ctx.tokens.handle(request)

    routes = [
        Route("/oauth/token", token, methods=["POST"]),
        *_merchant_routes(ctx),
        *cards.routes(ctx),
        *card_groups.routes(ctx),
        *transactions.routes(ctx),
        *containers.routes(ctx),
        *controls.routes(ctx),
    ]
    starlette = Starlette(
        routes=routes,
        exception_handlers={
            ApiError: _api_error,
            OAuthError: _api_error,
            HTTPException: _http_error,
            Exception: _bug,
        },
    )
    routed = PathNormaliser(starlette)
    injector = FaultInjector(
        CrashGuard(
            routed,
            answer=lambda: internal("Internal error (simulator bug, see its log)").response(),
            name="simulator",
        ),
        ctx.faults,
        commit_app=routed,
        admit=ctx.tokens.admit,
        oauth_bodies=ctx.config.vendor_shapes,
    )
    return SimulatorApp(ctx, injector)


class SimulatorApp:
    """The ASGI callable plus its context (tests and the CLI reach the store through it)."""

    def __init__(self, ctx: SimulatorContext, app: ASGIApp) -> None:
        self.ctx = ctx
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)
