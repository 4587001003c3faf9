"""A bug in a simulator's handler: logged once with its traceback, answered with the service's
own "internal error" when no answer has started (both simulators, secuconnect and fiskaly)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cashier.simulator.faults import ConnectionDropped

log = logging.getLogger("cashier.simulator.app")


class CrashGuard:
    def __init__(self, app: ASGIApp, *, answer: Callable[[], Response], name: str = "simulator") -> None:
        self.app = app
        self.answer = answer
        self.name = name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except ConnectionDropped:
            raise
        except Exception:
            log.exception("%s bug on %s %s", self.name, scope.get("method"), scope.get("path"))
            if not started:
                await self.answer()(scope, receive, send)
