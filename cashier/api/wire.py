"""The base of every wire model, the shared small shapes, and the models of ``POST /oauth/token``.

Two bases (secuconnect-api.md §1.4, §2, §8.1):

* :class:`WireModel` for what we **receive**: unknown keys are kept (the API grows), values
  validated strictly enough; a model is frozen.
* :class:`RequestModel` for what we **send**: unknown keys are refused (a typo must not reach
  the wire), and :meth:`RequestModel.to_wire` gives the JSON body — camelCase keys where the API
  has them, ``None`` values left out.

Money is integer cents (:data:`Cents`: a float, a string or a bool fails validation); card
numbers are strings. Python names are snake_case; the few camelCase keys of the API
(``priceOne``, ``articleNumber``, ``transactionRef``, ``isValid``, …) are mapped by
:func:`wire_alias`, so code writes ``price_one=…`` and the wire reads ``"priceOne"``. Secret
fields are ``SecretStr`` (or ``repr=False``): they never show in a ``repr`` or a log.
"""

from __future__ import annotations

from typing import Any, Final, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr, StrictBool, StrictInt

Cents = StrictInt
"""An amount of money in cents: an ``int``, never a float (validation refuses one)."""

CAMEL_CASE_KEYS: Final[dict[str, str]] = {
    "price_one": "priceOne",
    "article_number": "articleNumber",
    "serial_number": "serialNumber",
    "merchant_ref": "merchantRef",
    "transaction_ref": "transactionRef",
    "is_valid": "isValid",
    "has_passcode": "hasPasscode",
    "is_locked": "isLocked",
}
"""Python field name → the API's key, where the API does not use snake_case."""


def wire_alias(name: str) -> str:
    """The JSON key of a field (its own name unless listed in :data:`CAMEL_CASE_KEYS`)."""
    return CAMEL_CASE_KEYS.get(name, name)


class WireModel(BaseModel):
    """A JSON object of the API: unknown keys kept (``extra="allow"``), values validated strictly enough."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True, alias_generator=wire_alias)


class RequestModel(BaseModel):
    """A body we send: known keys only; :meth:`to_wire` is the JSON object."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, alias_generator=wire_alias)

    def to_wire(self) -> dict[str, Any]:
        """The body as the API wants it: API key names, ``None`` values left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


T = TypeVar("T")


class ObjectRef(WireModel):
    """A reference to another object: ``{"object": "general.merchants", "id": "MRC_…"}``."""

    id: str
    object: str | None = None


class Page(WireModel, Generic[T]):
    """A list answer: ``{"count": <all hits>, "data": [<this page>]}`` (§1.4)."""

    count: int = 0
    data: list[T] = Field(default_factory=list)


class ResultBoolean(WireModel):
    """``{"result": true|false}`` (checkCsc, checkPasscode, …)."""

    result: StrictBool


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
