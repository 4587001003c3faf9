"""The bearer token: ``POST /auth`` with the API key and secret, renewed with the refresh token.

:class:`TokenKeeper` hands out a token that is valid for a while yet: it renews it ahead of its
expiry (the last tenth of its life, at most 60 s before), with the refresh token while that is
valid, else with key and secret again; a refused refresh falls back to key and secret. One
renewal at a time (an asyncio lock), whatever the number of callers. Key, secret and tokens
never reach a ``repr`` or the log.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from cashier.fiskaly.errors import FiskalyRefused
from cashier.fiskaly.wire import AuthAnswer

log = logging.getLogger(__name__)

DEFAULT_LIFETIME = 600.0
"""Seconds a token is taken to live when the answer says nothing about it."""


@dataclass(frozen=True, slots=True)
class FiskalyCredentials:
    api_key: str
    api_secret: str = field(repr=False)

    def __post_init__(self) -> None:
        if not self.api_key or not self.api_secret:
            raise ValueError("a fiskaly API key and secret are both needed")


AuthCall = Callable[[Mapping[str, str]], Awaitable[AuthAnswer]]


class TokenKeeper:
    def __init__(
        self,
        credentials: FiskalyCredentials,
        call: AuthCall,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._credentials = credentials
        self._call = call
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = asyncio.Lock()
        self._access: str | None = None
        self._access_until = 0.0
        self._access_renew_at = 0.0
        self._refresh: str | None = None
        self._refresh_until = 0.0

    def __repr__(self) -> str:
        return f"TokenKeeper(api_key={self._credentials.api_key!r}, has_token={self._access is not None})"

    async def access_token(self) -> str:
        async with self._lock:
            if self._access is not None and self._clock() < self._access_renew_at:
                return self._access
            return await self._renew()

    async def renew(self, rejected: str | None) -> str:
        """A new token because fiskaly refused ``rejected`` (a token renewed meanwhile is kept)."""
        async with self._lock:
            if (
                self._access is not None
                and self._access != rejected
                and self._clock() < self._access_renew_at
            ):
                return self._access
            self._access = None
            return await self._renew()

    def forget(self) -> None:
        self._access = self._refresh = None

    async def _renew(self) -> str:
        answer: AuthAnswer | None = None
        if self._refresh is not None and self._clock() < self._refresh_until:
            try:
                answer = await self._call({"refresh_token": self._refresh})
                log.info("fiskaly access token refreshed")
            except FiskalyRefused as refused:
                log.info("fiskaly refused the refresh token (%s); authenticating with the API key", refused)
                self._refresh = None
        if answer is None:
            answer = await self._call(
                {"api_key": self._credentials.api_key, "api_secret": self._credentials.api_secret}
            )
            log.info("fiskaly: authenticated with API key %s", self._credentials.api_key)
        self._store(answer)
        assert self._access is not None
        return self._access

    def _store(self, answer: AuthAnswer) -> None:
        now = self._clock()
        access_life = self._lifetime(answer.access_token_expires_in, answer.access_token_expires_at)
        self._access = answer.access_token
        self._access_until = now + access_life
        self._access_renew_at = self._access_until - min(60.0, access_life / 10)
        if answer.refresh_token:
            refresh_life = self._lifetime(answer.refresh_token_expires_in, answer.refresh_token_expires_at)
            self._refresh = answer.refresh_token
            self._refresh_until = now + refresh_life - min(60.0, refresh_life / 10)

    def _lifetime(self, expires_in: float | None, expires_at: float | None) -> float:
        if expires_in is not None and expires_in > 0:
            return float(expires_in)
        if expires_at is not None:
            left = expires_at - self._wall_clock()
            if left > 0:
                return left
        return DEFAULT_LIFETIME
