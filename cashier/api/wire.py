"""The base of every wire model, and the models of ``POST /oauth/token`` (secuconnect-api.md §2, §8.1).

Wire models tolerate keys they do not know (the API grows), keep money as integer cents and
card numbers as strings. Secret fields are ``SecretStr``: they never show in a ``repr`` or a log.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class WireModel(BaseModel):
    """A JSON object of the API: unknown keys kept (``extra="allow"``), values validated strictly enough."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True)


class DeviceCodeAnswer(WireModel):
    """``grant_type=device`` with ``uuid``: the registration the merchant has to confirm."""

    device_code: SecretStr
    user_code: str
    verification_url: str
    expires_in: int = Field(gt=0)
    interval: int = Field(default=5, ge=0)


class TokenAnswer(WireModel):
    """An access token; ``refresh_token`` only when a device session starts."""

    access_token: SecretStr
    expires_in: int = Field(gt=0)
    token_type: str = "bearer"
    scope: str | None = None
    refresh_token: SecretStr | None = None
