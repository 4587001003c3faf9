"""Reading typed fields out of decoded JSON, for the document codecs.

The journal stores receipts and reports as JSON written by our own codecs, so anything that
does not read back is a damaged journal, not user input: every helper here raises
:class:`DocumentFormatError` naming the field, and never guesses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from cashier.domain.money import Money


class DocumentFormatError(ValueError):
    """A stored document that does not have the shape its codec writes."""


def as_object(raw: object, where: str) -> Mapping[str, object]:
    if not isinstance(raw, dict) or not all(isinstance(key, str) for key in raw):
        raise DocumentFormatError(f"{where}: expected an object, got {type(raw).__name__}")
    return raw


def as_list(raw: object, where: str) -> list[object]:
    if not isinstance(raw, list):
        raise DocumentFormatError(f"{where}: expected a list, got {type(raw).__name__}")
    return raw


def field(data: Mapping[str, object], key: str, where: str) -> object:
    if key not in data:
        raise DocumentFormatError(f"{where}: missing field {key!r}")
    return data[key]


def text(data: Mapping[str, object], key: str, where: str) -> str:
    value = field(data, key, where)
    if not isinstance(value, str):
        raise DocumentFormatError(f"{where}.{key}: expected text, got {type(value).__name__}")
    return value


def optional_text(data: Mapping[str, object], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise DocumentFormatError(f"{where}.{key}: expected text or null, got {type(value).__name__}")
    return value


def integer(data: Mapping[str, object], key: str, where: str) -> int:
    value = field(data, key, where)
    if isinstance(value, bool) or not isinstance(value, int):
        raise DocumentFormatError(f"{where}.{key}: expected a whole number, got {type(value).__name__}")
    return value


def optional_integer(data: Mapping[str, object], key: str, where: str) -> int | None:
    if data.get(key) is None:
        return None
    return integer(data, key, where)


def boolean(data: Mapping[str, object], key: str, where: str) -> bool:
    value = field(data, key, where)
    if not isinstance(value, bool):
        raise DocumentFormatError(f"{where}.{key}: expected true or false, got {type(value).__name__}")
    return value


def money(data: Mapping[str, object], key: str, where: str) -> Money:
    """An amount stored as integer cents."""
    return Money(integer(data, key, where))


def optional_money(data: Mapping[str, object], key: str, where: str) -> Money | None:
    cents = optional_integer(data, key, where)
    return None if cents is None else Money(cents)


def aware_datetime(data: Mapping[str, object], key: str, where: str) -> datetime:
    raw = text(data, key, where)
    try:
        value = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise DocumentFormatError(f"{where}.{key}: {raw!r} is not an ISO 8601 time") from exc
    if value.tzinfo is None:
        raise DocumentFormatError(f"{where}.{key}: {raw!r} has no time zone")
    return value


def calendar_date(data: Mapping[str, object], key: str, where: str) -> date:
    raw = text(data, key, where)
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise DocumentFormatError(f"{where}.{key}: {raw!r} is not a date (YYYY-MM-DD)") from exc


def text_tuple(data: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    values = as_list(field(data, key, where), f"{where}.{key}")
    if not all(isinstance(value, str) for value in values):
        raise DocumentFormatError(f"{where}.{key}: expected a list of texts")
    return tuple(str(value) for value in values)


def check_version(data: Mapping[str, object], expected: int, where: str) -> None:
    version = integer(data, "version", where)
    if version != expected:
        raise DocumentFormatError(
            f"{where}: written in format {version}; this Cashier reads format {expected} (update Cashier)"
        )
