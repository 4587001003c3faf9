"""Bearer tokens for the client: the OAuth device flow and client credentials (docs/secuconnect.md §2).

:class:`DeviceAuthenticator` — the till's way in:

1. :meth:`~DeviceAuthenticator.register` (``grant_type=device`` + ``uuid``) keeps the device
   code in the secret store and returns a :class:`DeviceRegistration` (user code, verification
   URL, expiry, poll interval) for the screen;
   A server that answers the registration with a token at once (the PHP SDK accepts that: a
   device already configured) starts the session there; the registration is then ``confirmed``;
2. :meth:`~DeviceAuthenticator.wait_for_confirmation` waits ``interval`` seconds before each
   poll (``grant_type=device`` + ``code``), as both SDKs do, polls again while the answer is
   ``authorization_pending`` and gives up with :class:`~cashier.api.errors.DeviceCodeExpired`
   when ``expires_in`` has passed; on success the refresh token goes to the secret store;
3. afterwards the access token lives in memory only, and is renewed with
   ``grant_type=refresh_token`` ``refresh_margin`` seconds before it expires, and once when the
   server refuses it (the base client asks). Only a refresh token the server declares dead —
   ``invalid_grant`` — or a device it no longer knows — ``invalid_device`` — ends the stored
   session: it is forgotten and :class:`~cashier.api.errors.DeviceRegistrationRequired` (for
   ``invalid_device``: ``InvalidDevice``) is raised; the till never registers again by itself,
   because that needs the merchant to confirm a new code. Every other failure keeps the refresh
   token and the device code, as the vendor's SDKs do, and is raised as it is: a 5xx (whatever
   its body) or a lost connection after the base client's retries, another OAuth error
   (``invalid_request``, ``temporarily_unavailable``, …) — the next call tries again. (A refused
   *client secret* is raised as ``InvalidClient``: registering again would not help.)

:class:`ClientCredentialsAuthenticator` — ``grant_type=client_credentials`` (no refresh token).

Token calls are idempotent (the base client retries them). One lock per authenticator: calls
that need a token at the same moment cause one token call. Secret-store calls run in a worker
thread (a keyring may block). Tokens, codes and secrets are never logged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final, TypeVar

from pydantic import BaseModel

from cashier.api.errors import (
    ApiError,
    AuthorizationPending,
    CredentialsMissing,
    DeviceCodeExpired,
    DeviceRegistrationRequired,
    InvalidDevice,
    InvalidGrant,
    SlowDown,
)
from cashier.api.http import BaseClient
from cashier.api.secret_store import ScopedSecrets, SecretName
from cashier.api.wire import RegistrationAnswer, TokenAnswer

log = logging.getLogger(__name__)

TOKEN_PATH: Final = "/oauth/token"
DEFAULT_REFRESH_MARGIN: Final = 60.0
SLOW_DOWN_STEP: Final = 5
USE_MARGIN: Final = 10.0
"""A token is not sent in its last seconds (at most a quarter of its lifetime): it must arrive valid."""
RENEWAL_RETRY: Final = 15.0
"""Seconds after a failed background renewal before the next attempt."""

A = TypeVar("A", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class DeviceRegistration:
    """What the merchant needs to confirm the till: show ``user_code`` and ``verification_url``."""

    user_code: str
    verification_url: str
    expires_at: datetime
    """When the code expires (UTC)."""
    expires_in: int
    interval: int
    """Seconds between polls."""
    deadline: float = field(repr=False)
    """``expires_at`` on the authenticator's clock."""
    confirmed: bool = False
    """The server answered the registration with a token: nothing to show, nothing to wait for."""


@dataclass(frozen=True, slots=True)
class _AccessToken:
    value: str = field(repr=False)
    renew_at: float
    """From here on it is renewed in the background, and used meanwhile."""
    usable_until: float
    """From here on a caller waits for a new one (a till idle past it, or a renewal that failed)."""


class _TokenKeeper:
    """The access token in memory, renewed ahead of expiry; one token call at a time."""

    def __init__(
        self,
        http: BaseClient,
        *,
        client_id: str,
        secrets: ScopedSecrets,
        clock: Callable[[], float] = time.time,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
    ) -> None:
        self._http = http
        self._client_id = client_id
        self._secrets = secrets
        self._clock = clock
        self._refresh_margin = refresh_margin
        self._token: _AccessToken | None = None
        self._lock = asyncio.Lock()
        self._renewal: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._not_before = 0.0
        """No background renewal before this (a failed one waits :data:`RENEWAL_RETRY`)."""

    async def access_token(self) -> str:
        """A token that is valid for a while yet. From ``refresh_margin`` seconds before its
        expiry it is renewed in the background — at that moment, and on any call after it —
        and used until the new one is there, so no call waits for a token call; only a token
        in its last :data:`USE_MARGIN` seconds (a till idle past it, or renewals that keep
        failing) makes the caller wait for a new one."""
        token = self._token
        if token is not None and self._clock() < token.usable_until:
            if self._clock() >= token.renew_at:
                self._renew_in_background()
            return token.value
        async with self._lock:
            token = self._token
            if token is None or self._clock() >= token.usable_until:
                token = await self._use(await self._obtain())
            return token.value

    async def renew(self, rejected: str) -> str:
        """A new token because the server refused ``rejected``; a renewal already done by a
        concurrent caller counts (no second token call)."""
        async with self._lock:
            token = self._token
            if token is None or token.value == rejected or self._clock() >= token.usable_until:
                token = await self._use(await self._obtain())
            return token.value

    def forget_access_token(self) -> None:
        self._token = None
        self._cancel_timer()

    async def settled(self) -> None:
        """Wait for a background renewal under way, if any (its failure is logged, not raised)."""
        if self._renewal is not None:
            await asyncio.gather(self._renewal, return_exceptions=True)

    async def close(self) -> None:
        """Stop renewing in the background (the session is closing)."""
        self._cancel_timer()
        renewal, self._renewal = self._renewal, None
        if renewal is not None and not renewal.done():
            renewal.cancel()
            await asyncio.gather(renewal, return_exceptions=True)

    # --- renewing ahead of expiry ---------------------------------------------------------------
    async def _use(self, token: _AccessToken) -> _AccessToken:
        """Keep ``token`` and wake up to renew it at its ``renew_at`` (a till that is idle then
        has a fresh token when the next customer comes)."""
        self._token = token
        self._schedule(token.renew_at - self._clock())
        return token

    def _schedule(self, delay: float) -> None:
        self._cancel_timer()
        self._timer = asyncio.get_running_loop().call_later(max(delay, 0.0), self._renew_in_background)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _renew_in_background(self) -> None:
        if self._lock.locked() or (self._renewal is not None and not self._renewal.done()):
            return  # a token call is under way already
        if self._clock() < self._not_before:
            return  # the last one failed a moment ago
        self._renewal = asyncio.get_running_loop().create_task(self._renew_ahead(), name="token renewal")

    async def _renew_ahead(self) -> None:
        async with self._lock:
            token = self._token
            if token is None or self._clock() < token.renew_at:
                return  # renewed meanwhile, or forgotten
            try:
                await self._use(await self._obtain())
            except Exception as error:
                # The current token stays in use; a call after a pause (or the timer) tries again.
                if isinstance(error, ApiError):
                    log.warning("renewing the access token ahead of its expiry failed: %s", error.message)
                else:
                    log.exception("renewing the access token ahead of its expiry failed")
                self._not_before = self._clock() + RENEWAL_RETRY
                if self._token is token:
                    self._schedule(RENEWAL_RETRY)

    async def _obtain(self) -> _AccessToken:
        raise NotImplementedError

    # --- helpers for subclasses -------------------------------------------------------------------
    def _keep(self, answer: TokenAnswer) -> _AccessToken:
        lifetime = float(answer.expires_in)
        # Renew refresh_margin before expiry, but never later than half-way for short tokens.
        ahead = min(self._refresh_margin, lifetime / 2)
        now = self._clock()
        return _AccessToken(
            answer.access_token.get_secret_value(),
            now + lifetime - ahead,
            now + lifetime - min(USE_MARGIN, lifetime / 4),
        )

    async def _secret(self, name: SecretName) -> str | None:
        return await asyncio.to_thread(self._secrets.get, name)

    async def _store(self, name: SecretName, value: str) -> None:
        await asyncio.to_thread(self._secrets.set, name, value)

    async def _delete(self, name: SecretName) -> None:
        await asyncio.to_thread(self._secrets.delete, name)

    async def _token_call(self, model: type[A], grant: str, fields: Mapping[str, str]) -> A:
        client_secret = await self._secret(SecretName.CLIENT_SECRET)
        if not client_secret:
            raise CredentialsMissing(
                "No client secret is stored for this environment; enter the client credentials in the settings."
            )
        body = {"grant_type": grant, "client_id": self._client_id, "client_secret": client_secret, **fields}
        return await self._http.request(
            "POST",
            TOKEN_PATH,
            model=model,
            json=body,
            idempotent=True,
            authenticated=False,
            operation=f"token call ({grant})",
        )


class DeviceAuthenticator(_TokenKeeper):
    """The OAuth device flow of a till (see the module docstring)."""

    def __init__(
        self,
        http: BaseClient,
        *,
        client_id: str,
        secrets: ScopedSecrets,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
    ) -> None:
        super().__init__(
            http, client_id=client_id, secrets=secrets, clock=clock, refresh_margin=refresh_margin
        )
        self._sleep = sleep
        self.registration: DeviceRegistration | None = None
        """The registration waiting for confirmation, if any."""

    async def is_registered(self) -> bool:
        """Whether a device session (a refresh token) is stored."""
        return bool(await self._secret(SecretName.REFRESH_TOKEN))

    async def register(self, uuid: str) -> DeviceRegistration:
        """Ask for a new registration of the device ``uuid`` (``/vendor/<vendor>/<key>/<value>…``).

        The current session (if any) stays in use until the new one is confirmed. A token in
        the answer instead of a device code starts the session at once (``confirmed``).
        """
        registered = await self._token_call(RegistrationAnswer, "device", {"uuid": uuid})
        now = self._clock()
        answer = registered.root
        if isinstance(answer, TokenAnswer):
            await self._start_session(answer)
            self.registration = None
            log.info("device registration answered with a session at once: nothing to confirm")
            return DeviceRegistration(
                user_code="",
                verification_url="",
                expires_at=datetime.fromtimestamp(now, UTC),
                expires_in=0,
                interval=0,
                deadline=now,
                confirmed=True,
            )
        await self._store(SecretName.DEVICE_CODE, answer.device_code.get_secret_value())
        self.registration = DeviceRegistration(
            user_code=answer.user_code,
            verification_url=answer.verification_url,
            expires_at=datetime.fromtimestamp(now + answer.expires_in, UTC),
            expires_in=answer.expires_in,
            interval=answer.interval,
            deadline=now + answer.expires_in,
        )
        log.info("device registration requested: waiting up to %d s for confirmation", answer.expires_in)
        return self.registration

    async def wait_for_confirmation(self, registration: DeviceRegistration | None = None) -> None:
        """Poll until the user code is confirmed; then the till has a session.

        Waits ``interval`` before every poll, the first included (the first not at all when the
        service asks for 0; later ones at least 1 s). Raises ``DeviceCodeExpired``
        once the registration's ``expires_in`` has passed.
        """
        registration = registration or self.registration
        if registration is not None and registration.confirmed:
            return
        device_code = await self._secret(SecretName.DEVICE_CODE)
        if registration is None or not device_code:
            raise DeviceRegistrationRequired(
                "No registration is waiting for confirmation; register the till first."
            )
        interval = max(registration.interval, 1)
        polls = 0
        while True:
            # The first wait is what the service asked for — none when it says 0 (a simulator
            # that confirms at once); later ones at least a second, so a 0 never hammers it.
            await self._sleep(max(registration.interval, 0) if polls == 0 else interval)
            if self._clock() >= registration.deadline:
                log.warning("device registration expired after %d polls", polls)
                raise DeviceCodeExpired(
                    status=400,
                    error="expired_token",
                    error_description=f"not confirmed within {registration.expires_in} s",
                )
            polls += 1
            try:
                answer = await self._token_call(TokenAnswer, "device", {"code": device_code})
            except AuthorizationPending:
                pass
            except SlowDown:
                interval += SLOW_DOWN_STEP
            else:
                await self._start_session(answer)
                self.registration = None
                log.info("device registration confirmed after %d polls", polls)
                return

    async def forget(self) -> None:
        """Drop the stored session and device code (e.g. before registering as another device)."""
        self.forget_access_token()
        self.registration = None
        await self._delete(SecretName.REFRESH_TOKEN)
        await self._delete(SecretName.DEVICE_CODE)

    async def _start_session(self, answer: TokenAnswer) -> None:
        if answer.refresh_token is None:
            raise DeviceRegistrationRequired(
                "The device session started without a refresh token; register the till again."
            )
        await self._store(SecretName.REFRESH_TOKEN, answer.refresh_token.get_secret_value())
        await self._use(self._keep(answer))

    async def _obtain(self) -> _AccessToken:
        refresh_token = await self._secret(SecretName.REFRESH_TOKEN)
        if not refresh_token:
            raise DeviceRegistrationRequired(
                "This till is not registered with secuconnect: register it and have the merchant confirm the code."
            )
        try:
            answer = await self._token_call(TokenAnswer, "refresh_token", {"refresh_token": refresh_token})
        except InvalidDevice as exc:
            log.warning("the device is no longer known (%s): the till must be registered again", exc.error)
            await self.forget()
            raise
        except InvalidGrant as exc:
            log.warning("the refresh token was refused (%s): the till must be registered again", exc.error)
            await self.forget()
            raise DeviceRegistrationRequired(
                "secuconnect no longer accepts this till's session (refresh token refused): "
                "register the till again and have the merchant confirm the new code."
            ) from exc
        if answer.refresh_token is not None:
            await self._store(SecretName.REFRESH_TOKEN, answer.refresh_token.get_secret_value())
        log.info("access token renewed (valid for %d s)", answer.expires_in)
        return self._keep(answer)


class ClientCredentialsAuthenticator(_TokenKeeper):
    """``grant_type=client_credentials``: a new access token whenever one is needed."""

    async def _obtain(self) -> _AccessToken:
        answer = await self._token_call(TokenAnswer, "client_credentials", {})
        log.info("access token obtained with client credentials (valid for %d s)", answer.expires_in)
        return self._keep(answer)
