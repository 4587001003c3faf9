"""The base of every wire model, the shared small shapes, and the models of ``POST /oauth/token``.

Two bases (docs/secuconnect.md §1.4, §2):

* :class:`WireModel` for what we **receive**: unknown keys are kept (the API grows), and values
  are read as leniently as the vendor's own SDK reads them (see below); a model is frozen.
* :class:`RequestModel` for what we **send**: unknown keys are refused (a typo must not reach
  the wire), and :meth:`RequestModel.to_wire` gives the JSON body — camelCase keys where the API
  has them, ``None`` values left out. Request fields stay strict: we send only what the SDK defines.

**Reading as the SDK does.** The vendor's SDKs (PHP ``ObjectSerializer``, Java Gson) accept every
field as optional, ``null`` for anything, and a PHP empty array ``[]`` where an object is meant;
a completed payment must never become unreadable because its answer had such a shape (a
non-idempotent call would end as ``AnswerLost`` and the read-back would fail the same way).
So :class:`WireModel` applies one set of rules, by the kind of each field's type, before
validation (:func:`_as_the_sdk_reads_it`):

=================  ======================================================================
every field        ``null`` is an absent key (contract rule 1): the field takes its default
text (``str``)     a JSON number is kept as its text (``"articleNumber": 30037`` → ``"30037"``);
                   an array or object (PHP's way of saying "nothing") is absent
list               ``{}`` is an empty list; an object with the keys ``"0"``, ``"1"``, … (PHP's
                   array with gaps) is the list of its values; ``null`` items are left out
object             ``[]`` (PHP's empty array for an empty object) is absent
other scalars      ``""``, an array or an object is absent (ints read ``"5"`` and ``5.0`` as 5)
=================  ======================================================================

and a model given ``[]`` itself (an empty object inside a list) reads it as ``{}``.

Money is integer cents. In answers :data:`AnswerCents` also reads a numeric string
(``"1234"`` → 1234, as the SDKs do) but refuses a float and a fraction (``12.5``, ``"12.5"``,
``12.0``) and a bool: no float ever holds an amount, and a float would hide whether cents or
euros were meant. In bodies :data:`Cents` is a plain ``int``, nothing else. Card numbers are
strings. Python names are snake_case; the few camelCase keys of the API (``priceOne``,
``articleNumber``, ``transactionRef``, ``isValid``, …) are mapped by :func:`wire_alias`, so code
writes ``price_one=…`` and the wire reads ``"priceOne"``. Secret fields are ``SecretStr`` (or
``repr=False``): they never show in a ``repr`` or a log.
"""

from __future__ import annotations

import re
import types
from enum import Enum
from typing import Annotated, Any, Final, Generic, TypeVar, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    RootModel,
    SecretStr,
    StrictBool,
    StrictInt,
    Tag,
    model_validator,
)

Cents = StrictInt
"""An amount of money in cents in a body we send: an ``int``, never a float, a string or a bool."""

_INTEGER_TEXT: Final = re.compile(r"[+-]?[0-9]+")


def _cents_from_text(value: Any) -> Any:
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
        return int(value)
    return value


AnswerCents = Annotated[StrictInt, BeforeValidator(_cents_from_text)]
"""An amount of money in cents in an answer: an ``int`` or its digits as a string (``"-150"``);
a float, a fraction or a bool fails validation."""

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


# --- reading as the SDK does -------------------------------------------------------------------------
class _Kind(Enum):
    TEXT = "text"
    LIST = "list"
    OBJECT = "object"
    SCALAR = "scalar"
    ANY = "any"


_ABSENT: Final = object()
_LISTS: Final = (list, tuple, set, frozenset)
_SCALARS: Final = (int, float, bool)


def _members(annotation: Any) -> list[Any]:
    """The types a field accepts, ``None`` and ``Annotated`` stripped, unions flattened."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [member for arg in get_args(annotation) for member in _members(arg)]
    return [] if annotation is type(None) else [annotation]


def _kind_of(member: Any) -> _Kind:
    origin = get_origin(member)
    if origin in _LISTS or member in _LISTS:
        return _Kind.LIST
    if origin is dict or member is dict or (isinstance(member, type) and issubclass(member, BaseModel)):
        return _Kind.OBJECT
    if member is SecretStr or (isinstance(member, type) and issubclass(member, str)):
        return _Kind.TEXT
    if isinstance(member, type) and issubclass(member, _SCALARS):
        return _Kind.SCALAR
    return _Kind.ANY  # Any, a Literal, a TypeVar, …: only null is read as absent


def _field_kind(annotation: Any) -> _Kind:
    kinds = {_kind_of(member) for member in _members(annotation)}
    return kinds.pop() if len(kinds) == 1 else _Kind.ANY


def _list_of(value: dict[Any, Any]) -> Any:
    """PHP writes an array with gaps as an object keyed ``"0"``, ``"3"``, …; ``{}`` is empty."""
    if all(isinstance(key, str) and key.isascii() and key.isdigit() for key in value):
        return [value[key] for key in sorted(value, key=int)]
    return value


def _read(kind: _Kind, value: Any) -> Any:
    """One value as the SDK would read it for a field of this kind (:data:`_ABSENT`: leave it out)."""
    if value is None:
        return _ABSENT
    if kind is _Kind.TEXT:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, list | dict):
            return _ABSENT
    elif kind is _Kind.LIST:
        if isinstance(value, dict):
            value = _list_of(value)
        if isinstance(value, list):
            return [item for item in value if item is not None]
    elif kind is _Kind.OBJECT:
        if isinstance(value, list) and not value:
            return _ABSENT
    elif kind is _Kind.SCALAR and (value == "" or isinstance(value, list | dict)):
        return _ABSENT
    return value


_FIELD_KINDS: dict[type[BaseModel], dict[str, _Kind]] = {}


def _field_kinds(model: type[BaseModel]) -> dict[str, _Kind]:
    """Each field's kind, under its JSON key and its Python name (computed once per model)."""
    kinds = _FIELD_KINDS.get(model)
    if kinds is None:
        kinds = {}
        for name, field in model.model_fields.items():
            kind = _field_kind(field.annotation)
            kinds[name] = kind
            kinds[field.alias or name] = kind
        _FIELD_KINDS[model] = kinds
    return kinds


def _as_the_sdk_reads_it(model: type[BaseModel], data: Any) -> Any:
    if isinstance(data, list) and not data:
        return {}  # PHP's empty array where an object is meant
    if not isinstance(data, dict):
        return data
    kinds = _field_kinds(model)
    read = {key: _read(kinds.get(key, _Kind.ANY), value) for key, value in data.items()}
    return {key: value for key, value in read.items() if value is not _ABSENT}


class WireModel(BaseModel):
    """A JSON object of the API: unknown keys kept (``extra="allow"``), read as the SDK reads it."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True, alias_generator=wire_alias)

    @model_validator(mode="before")
    @classmethod
    def _lenient(cls, data: Any) -> Any:
        return _as_the_sdk_reads_it(cls, data)


class RequestModel(BaseModel):
    """A body we send: known keys only; :meth:`to_wire` is the JSON object."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, alias_generator=wire_alias)

    def to_wire(self) -> dict[str, Any]:
        """The body as the API wants it: API key names, ``None`` values left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


T = TypeVar("T")


class WireList(RootModel[list[T]], Generic[T]):
    """An answer that is a JSON list; ``null``, ``{}`` and PHP's gapped arrays read as lists."""

    @model_validator(mode="before")
    @classmethod
    def _lenient(cls, data: Any) -> Any:
        return _read(_Kind.LIST, data) if data is not None else []


class ObjectRef(WireModel):
    """A reference to another object: ``{"object": "general.merchants", "id": "MRC_…"}``."""

    id: str | None = None
    object: str | None = None


class Page(WireModel, Generic[T]):
    """A list answer: ``{"count": <all hits>, "data": [<this page>]}`` (§1.4)."""

    count: int = 0
    data: list[T] = Field(default_factory=list)


class ResultBoolean(WireModel):
    """``{"result": true|false}`` (checkCsc, checkPasscode, …).

    Strict on purpose: the answer to a security check is ``true`` or ``false``; anything else
    is unreadable rather than a guess either way.
    """

    result: StrictBool


class DeviceCodeAnswer(WireModel):
    """``grant_type=device`` with ``uuid``: the registration the merchant has to confirm.

    ``interval`` may be ``null`` or missing (the SDKs' token classes have it nullable): 5 s then.
    """

    device_code: SecretStr
    user_code: str
    verification_url: str
    expires_in: int = Field(gt=0)
    interval: int = Field(default=5, ge=0)


class TokenAnswer(WireModel):
    """An access token; ``refresh_token`` only when a device session starts.

    ``token_type`` may be ``null`` (bearer is the only kind secuconnect issues); ``scope`` may
    be a string or a list.
    """

    access_token: SecretStr
    expires_in: int = Field(gt=0)
    token_type: str = "bearer"
    scope: str | list[str] | None = None
    refresh_token: SecretStr | None = None


def _registration_kind(raw: Any) -> str:
    has_token = isinstance(raw, dict) and "access_token" in raw and "device_code" not in raw
    return "token" if has_token or isinstance(raw, TokenAnswer) else "device_code"


class RegistrationAnswer(
    RootModel[
        Annotated[
            Annotated[DeviceCodeAnswer, Tag("device_code")] | Annotated[TokenAnswer, Tag("token")],
            Discriminator(_registration_kind),
        ]
    ]
):
    """The answer to ``grant_type=device`` with ``uuid``: a device code to confirm, or — for a
    device the service already trusts — a token at once (the PHP SDK accepts both)."""
