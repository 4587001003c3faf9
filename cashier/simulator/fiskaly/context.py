"""What every handler of the fiskaly simulator receives: store, settings, fault rules, tokens."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from cashier.simulator.fiskaly import seed
from cashier.simulator.fiskaly.config import FiskalySimConfig
from cashier.simulator.fiskaly.errors import FiskalyApiError
from cashier.simulator.fiskaly.faults import FiskalyFaults
from cashier.simulator.store import SimulatorStore

TOKEN = "fiskaly.token"


def unauthorized(message: str, code: str | None = "E_UNAUTHORIZED") -> FiskalyApiError:
    return FiskalyApiError(401, code, message)


@dataclass(slots=True)
class FiskalyContext:
    store: SimulatorStore
    config: FiskalySimConfig
    faults: FiskalyFaults = field(default_factory=FiskalyFaults)

    def now(self) -> int:
        return int(self.config.clock())

    def reset(self) -> None:
        self.store.reset()
        self.faults.clear()
        seed.apply_seed(self.store)

    # --- tokens ------------------------------------------------------------------------------
    def issue_tokens(self) -> dict[str, Any]:
        now = self.now()
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.store.transaction():
            self.store.put(TOKEN, access, {"kind": "access", "expires": now + self.config.token_ttl})
            self.store.put(TOKEN, refresh, {"kind": "refresh", "expires": now + self.config.refresh_ttl})
        return {
            "access_token": access,
            "access_token_claims": {"env": "TEST", "organization_id": "cashier-simulator"},
            "access_token_expires_in": self.config.token_ttl,
            "access_token_expires_at": now + self.config.token_ttl,
            "refresh_token": refresh,
            "refresh_token_expires_in": self.config.refresh_ttl,
            "refresh_token_expires_at": now + self.config.refresh_ttl,
        }

    def use_refresh_token(self, token: str) -> bool:
        """True once for a valid refresh token (it is used up)."""
        doc = self.store.get(TOKEN, token)
        if doc is None or doc["kind"] != "refresh" or doc["expires"] <= self.now():
            return False
        self.store.execute("DELETE FROM objects WHERE kind = ? AND id = ?", (TOKEN, token))
        return True

    def authenticate(self, request: Request) -> None:
        """Raise 401 unless the request carries a valid access token."""
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise unauthorized("missing bearer token")
        doc = self.store.get(TOKEN, token.strip())
        if doc is None or doc["kind"] != "access":
            raise unauthorized("invalid access token")
        if doc["expires"] <= self.now():
            raise unauthorized("access token expired")

    def revoke_tokens(self, *, refresh: bool = False) -> int:
        """Forget every access token (and refresh token): the next call is answered 401."""
        kinds = ("access", "refresh") if refresh else ("access",)
        revoked = 0
        with self.store.transaction():
            for row in self.store.execute("SELECT id, doc FROM objects WHERE kind = ?", (TOKEN,)).fetchall():
                if json.loads(row["doc"])["kind"] in kinds:
                    self.store.execute("DELETE FROM objects WHERE kind = ? AND id = ?", (TOKEN, row["id"]))
                    revoked += 1
        return revoked
