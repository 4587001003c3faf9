"""``POST /oauth/token`` and the bearer-token check of every API call (docs/secuconnect.md §2).

Grants: ``device`` with ``uuid`` (register: device code + user code), ``device`` with ``code``
(401 ``authorization_pending`` until confirmed, then access + refresh token), ``refresh_token``
(new access token, same refresh token) and ``client_credentials``. One access token is valid
per session: issuing a new one revokes the previous one. A device is confirmed automatically
``confirm_after`` seconds after registration (0 = at the first poll) or through
``POST /simulator/devices/confirm``.

Vendors: a device uuid is ``/vendor/<vendor>/<key>/<value>…``. Told which vendors exist
(``SimulatorConfig.vendors``, ``--vendors``; with ``vendor_shapes`` and none told: ``cashier``),
the simulator refuses a uuid of another vendor with 401 ``invalid_device`` "device with given
uuid not configured", as the service does for a uuid it was not configured for. Otherwise any
vendor is accepted.

The bearer check reads the token when the handler runs — unless a fault held the request: then
the token was checked on arrival (:meth:`TokenService.admit`) and its caller rides in the scope
under :data:`PRINCIPAL_SCOPE_KEY`, which :meth:`TokenService.authenticate` trusts, as a server
that authenticated the request when it came in would (a token revoked meanwhile does not matter).
"""

from __future__ import annotations

import json
import math
import secrets
import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import Scope

from cashier.simulator import seed
from cashier.simulator.config import SimulatorConfig
from cashier.simulator.errors import OAuthError, token_required
from cashier.simulator.store import SimulatorStore, new_token

_USER_CODE_ALPHABET = string.ascii_lowercase + string.digits

UNCONFIGURED_DEVICE = "device with given uuid not configured"
"""The service's words for an unknown device uuid (``API-Reference/API-Credentials/DeviceCredentials.html``)."""

PRINCIPAL_SCOPE_KEY = "cashier.principal"
"""ASGI scope key of the caller of a request whose token was checked on arrival."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a confirmed device (till) or a client with client credentials."""

    client_id: str
    device_code: str | None


async def read_token_request(request: Request) -> dict[str, str]:
    """The token request's fields, from a JSON or a form body (both are in use)."""
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fields: dict[str, Any]
    if content_type == "application/x-www-form-urlencoded":
        fields = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    else:
        try:
            fields = json.loads(raw) if raw.strip() else {}
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise OAuthError(400, "invalid_request", "The request body is not valid JSON") from None
        if not isinstance(fields, dict):
            raise OAuthError(400, "invalid_request", "The request body must be a JSON object")
    return {key: str(value) for key, value in fields.items() if value is not None}


class TokenService:
    def __init__(self, store: SimulatorStore, config: SimulatorConfig) -> None:
        self.store = store
        self.config = config

    async def handle(self, request: Request) -> JSONResponse:
        fields = await read_token_request(request)
        grant = fields.get("grant_type")
        if not grant:
            raise OAuthError(400, "invalid_request", "grant_type is missing")
        if grant not in ("device", "refresh_token", "client_credentials"):
            raise OAuthError(400, "unsupported_grant_type", f"Grant type {grant} is not supported")
        if fields.get("client_id") != seed.CLIENT_ID or not secrets.compare_digest(
            fields.get("client_secret", ""), seed.CLIENT_SECRET
        ):
            raise OAuthError(400, "invalid_client", "Client credentials are not valid")
        if grant == "client_credentials":
            return JSONResponse(self._issue(session=f"client:{seed.CLIENT_ID}", device_code=None))
        if grant == "refresh_token":
            return JSONResponse(self._refresh(fields.get("refresh_token", "")))
        if fields.get("uuid"):
            return JSONResponse(self._register(fields["uuid"]))
        if fields.get("code"):
            return JSONResponse(self._poll(fields["code"]))
        raise OAuthError(400, "invalid_request", "Either uuid or code is required for grant_type device")

    # --- grants ---------------------------------------------------------------------------
    def _register(self, uuid: str) -> dict[str, Any]:
        parts = uuid.strip("/").split("/")
        vendors = self.config.known_vendors
        if not uuid.startswith("/vendor/") or len(parts) < 3 or any(not part for part in parts):
            raise OAuthError(
                401,
                "invalid_device",
                UNCONFIGURED_DEVICE
                if self.config.vendor_shapes
                else "The device uuid is not configured for this vendor",
            )
        if vendors is not None and parts[1] not in vendors:
            raise OAuthError(401, "invalid_device", UNCONFIGURED_DEVICE)
        device_code = secrets.token_hex(16)
        user_code = "".join(secrets.choice(_USER_CODE_ALPHABET) for _ in range(8))
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO devices (device_code, uuid, client_id, user_code, registered) VALUES (?, ?, ?, ?, ?)",
                (device_code, uuid, seed.CLIENT_ID, user_code, self.config.clock()),
            )
        return {
            "device_code": device_code,
            "user_code": user_code,
            "verification_url": self.config.verification_url,
            "expires_in": self.config.device_code_ttl,
            # Never ask a device to wait longer than the confirmation takes here (0: confirmed at
            # once, poll at once).
            "interval": max(0, min(self.config.poll_interval, math.ceil(self.config.confirm_after))),
        }

    def _poll(self, device_code: str) -> dict[str, Any]:
        now = self.config.clock()
        with self.store.transaction() as db:
            row = db.execute("SELECT * FROM devices WHERE device_code = ?", (device_code,)).fetchone()
            if row is None:
                raise OAuthError(400, "invalid_grant", "Unknown device code")
            elapsed = now - row["registered"]
            if not row["confirmed"] and elapsed > self.config.device_code_ttl:
                raise OAuthError(400, "expired_token", "The device code has expired")
            if not row["confirmed"] and elapsed < self.config.confirm_after:
                raise OAuthError(401, "authorization_pending", "User code not confirmed yet")
            refresh_token = row["refresh_token"] or secrets.token_hex(20)
            db.execute(
                "UPDATE devices SET confirmed = 1, refresh_token = ? WHERE device_code = ?",
                (refresh_token, device_code),
            )
            token = self._issue(session=f"device:{device_code}", device_code=device_code)
        return {**token, "refresh_token": refresh_token}

    def _refresh(self, refresh_token: str) -> dict[str, Any]:
        row = self.store.execute(
            "SELECT device_code FROM devices WHERE refresh_token = ? AND confirmed = 1", (refresh_token,)
        ).fetchone()
        if not refresh_token or row is None:
            raise OAuthError(400, "invalid_grant", "The refresh token is not valid")
        return self._issue(session=f"device:{row['device_code']}", device_code=row["device_code"])

    def _issue(self, *, session: str, device_code: str | None) -> dict[str, Any]:
        access_token = new_token(26)
        with self.store.transaction() as db:
            db.execute("DELETE FROM tokens WHERE session = ?", (session,))  # one valid token per session
            db.execute(
                "INSERT INTO tokens (access_token, session, client_id, device_code, expires) VALUES (?, ?, ?, ?, ?)",
                (
                    access_token,
                    session,
                    seed.CLIENT_ID,
                    device_code,
                    self.config.clock() + self.config.token_ttl,
                ),
            )
        scope = None if device_code else "https://scope.secucard.com/e/api"
        return {
            "access_token": access_token,
            "expires_in": self.config.token_ttl,
            "token_type": "bearer",
            "scope": scope,
        }

    # --- confirmation and the bearer check --------------------------------------------------
    def confirm(self, user_code: str) -> bool:
        with self.store.transaction() as db:
            cursor = db.execute(
                "UPDATE devices SET confirmed = 1 WHERE user_code = ?", (user_code.strip().lower(),)
            )
            return cursor.rowcount > 0

    def authenticate(self, request: Request) -> Principal:
        """The caller of an API request, or the 403/2003 error secuconnect gives."""
        checked_on_arrival = request.scope.get(PRINCIPAL_SCOPE_KEY)
        if isinstance(checked_on_arrival, Principal):
            return checked_on_arrival
        return self.check_token(request.headers)

    def admit(self, scope: Scope) -> Scope:
        """A request's scope with its caller, checked now (on arrival); raises the 403/2003 error."""
        return {**scope, PRINCIPAL_SCOPE_KEY: self.check_token(Headers(scope=scope))}

    def check_token(self, headers: Headers) -> Principal:
        header = headers.get("authorization") or headers.get("authenticate") or ""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise token_required()
        row = self.store.execute(
            "SELECT client_id, device_code, expires FROM tokens WHERE access_token = ?", (token.strip(),)
        ).fetchone()
        if row is None or row["expires"] <= self.config.clock():
            raise token_required()
        return Principal(client_id=row["client_id"], device_code=row["device_code"])
