"""Receipt lines as secuconnect sends them (docs/secuconnect.md §5.2), for transactions and cards.

Four line types::

    {"type": "separator",  "value": {"caption": "Kundenkarte"}}     caption optional ("value": {})
    {"type": "textline",   "value": {"text": "…", "decoration": []}}
    {"type": "name-value", "value": {"name": "…", "value": "…", "decoration": []}}
    {"type": "space"}                                                no "value"

:data:`ReceiptLine` is the union of :class:`SeparatorLine`, :class:`TextLine`,
:class:`NameValueLine` and :class:`SpaceLine`, chosen by ``type``; a line of a type we do not
know becomes an :class:`OtherLine` instead of failing the whole answer — a receipt detail must
never make a payment's answer unreadable (a non-idempotent call would then end in
``AnswerLost``). For the same reason every part is read as the vendor's SDK reads it
(:mod:`cashier.api.wire`): a number for a text is kept as its text, ``null`` is an absent
value (an empty text, no decoration), ``[]`` for ``value`` is an empty value.

Decorations are strings: ``important``, ``align-left``, ``align-center``, ``align-right``; the
legacy spellings ``align_left``/``align_right`` are read as the new ones by :attr:`alignment`;
a ``type`` is read in any case and with ``_`` for ``-`` (``name_value`` is a ``name-value``).

This is the till's one reader of the service's receipt lines: the services convert these models
to the domain's lines once (:func:`cashier.services.transaction_answers.server_lines`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, TypeAdapter, ValidationError, field_validator

from cashier.api.wire import WireModel


class Decoration(StrEnum):
    IMPORTANT = "important"
    ALIGN_LEFT = "align-left"
    ALIGN_CENTER = "align-center"
    ALIGN_RIGHT = "align-right"


class _Decorated(WireModel):
    decoration: list[str] = Field(default_factory=list)

    @field_validator("decoration", mode="before")
    @classmethod
    def _one_decoration(cls, raw: Any) -> Any:
        """A single decoration sent as a string reads as a list of one; what is not a string
        (a number, ``null``) is no decoration."""
        if isinstance(raw, str):
            return [raw]
        return [item for item in raw if isinstance(item, str)] if isinstance(raw, list) else raw

    @property
    def important(self) -> bool:
        return Decoration.IMPORTANT in self.decoration

    @property
    def alignment(self) -> Decoration | None:
        """The alignment asked for (legacy underscore spellings read as the new ones), if any."""
        for item in self.decoration:
            normalised = item.replace("_", "-").lower()
            if normalised in (Decoration.ALIGN_LEFT, Decoration.ALIGN_CENTER, Decoration.ALIGN_RIGHT):
                return Decoration(normalised)
        return None


class SeparatorValue(WireModel):
    caption: str | None = None


class TextValue(_Decorated):
    text: str = ""


class NameValue(_Decorated):
    name: str = ""
    value: str = ""


def _spelled(kind: Any) -> Any:
    """A line's ``type`` as we name it: ``name_value``, ``TextLine`` and `` space `` read as
    ``name-value``, ``textline`` and ``space``."""
    return kind.strip().lower().replace("_", "-") if isinstance(kind, str) else kind


class _Typed(WireModel):
    @field_validator("type", mode="before", check_fields=False)
    @classmethod
    def _type_spelled(cls, kind: Any) -> Any:
        return _spelled(kind)


class SeparatorLine(_Typed):
    """Starts a (sub-)receipt; printed like a headline, a rule when it has no caption."""

    type: Literal["separator"] = "separator"
    value: SeparatorValue = Field(default_factory=SeparatorValue)
    """``{}``, ``[]``, ``null`` or no ``value`` at all: a separator without caption."""

    @property
    def caption(self) -> str | None:
        return self.value.caption or None


class TextLine(_Typed):
    type: Literal["textline"] = "textline"
    value: TextValue = Field(default_factory=TextValue)


class NameValueLine(_Typed):
    """Name on the left, value on the right."""

    type: Literal["name-value"] = "name-value"
    value: NameValue = Field(default_factory=NameValue)


class SpaceLine(_Typed):
    """One empty line."""

    type: Literal["space"] = "space"


class OtherLine(WireModel):
    """A line type secuconnect may add later; kept, not interpreted."""

    type: str
    value: Any = None


_KNOWN: Final = frozenset({"separator", "textline", "name-value", "space"})


def _line_tag(raw: Any) -> str:
    kind = _spelled(raw.get("type") if isinstance(raw, dict) else getattr(raw, "type", None))
    return kind if isinstance(kind, str) and kind in _KNOWN else "other"


ReceiptLine = Annotated[
    Annotated[SeparatorLine, Tag("separator")]
    | Annotated[TextLine, Tag("textline")]
    | Annotated[NameValueLine, Tag("name-value")]
    | Annotated[SpaceLine, Tag("space")]
    | Annotated[OtherLine, Tag("other")],
    Discriminator(_line_tag),
]
"""One receipt line, typed by its ``type``."""


_ONE_LINE: Final = TypeAdapter(ReceiptLine)
UNREADABLE: Final = "unreadable"
"""The :attr:`OtherLine.type` of a line that did not read; its ``value`` is the line as sent."""


def _line_or_other(raw: Any) -> Any:
    """One line as :data:`ReceiptLine`; one that does not read (not an object, no ``type``, a
    text that is an object or a boolean) is kept as an :class:`OtherLine`, not interpreted."""
    try:
        return _ONE_LINE.validate_python(raw)
    except ValidationError:
        return OtherLine(type=UNREADABLE, value=raw)


def _readable_lines(raw: Any) -> Any:
    return [_line_or_other(line) for line in raw] if isinstance(raw, list) else raw


ReceiptLines = Annotated[list[ReceiptLine], BeforeValidator(_readable_lines)]
"""A ``receipt`` array: no single line makes the answer that carries it unreadable."""
