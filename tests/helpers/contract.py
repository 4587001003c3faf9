"""Check JSON payloads against the vendor SDK's field lists (tests/contract/secuconnect/).

The data files are the wire contract (derived from secuconnect's PHP SDK 2.63.0, cross-checked
with the Java SDK 4.3.0): facts only; where they come from and how to read them is in
docs/secuconnect.md §9. Rules: every field is optional, ``None`` is like absent; what we
*send* must use known keys only (``strict_keys=True``); for what we *receive* (or the
simulator emits) unknown keys are tolerated and only known keys' JSON types are checked.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

CONTRACT_DIR = Path(__file__).resolve().parents[1] / "contract" / "secuconnect"

# Where the SDK's types and the documented wire disagree, the docs win: the error envelope's
# `code` is an int in the documented example (2003) but typed string in the SDK model.
KNOWN_DISCREPANCIES = {("ProductExceptionPayload", "code")}

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,),
    "string": (str,),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "number": (int, float),
}


@cache
def models() -> dict[str, Any]:
    data = json.loads((CONTRACT_DIR / "secuconnect-models.json").read_text(encoding="utf-8"))
    return dict(data["models"])


@cache
def operations() -> list[dict[str, Any]]:
    data = json.loads((CONTRACT_DIR / "secuconnect-paths.json").read_text(encoding="utf-8"))
    return [operation for group in data["apis"].values() for operation in group]


def _type_ok(value: Any, json_type: str) -> bool:
    if json_type == "integer" and isinstance(value, bool):
        return False
    expected = _PY_TYPES.get(json_type)
    return expected is None or isinstance(value, expected)


def check(model_name: str, payload: Any, *, strict_keys: bool, path: str = "") -> list[str]:
    """Problems of ``payload`` against ``model_name`` (an empty list means it conforms)."""
    if model_name.endswith("[]"):
        if not isinstance(payload, list):
            return [f"{path or '<root>'}: expected a list of {model_name[:-2]}"]
        problems: list[str] = []
        for index, element in enumerate(payload):
            problems += check(model_name[:-2], element, strict_keys=strict_keys, path=f"{path}[{index}]")
        return problems
    entry = models().get(model_name)
    if entry is None:
        raise KeyError(f"unknown contract model {model_name!r}")
    if entry.get("kind") == "interface (oneOf)":
        attempts = [check(member, payload, strict_keys=strict_keys, path=path) for member in entry["one_of"]]
        return [] if any(not attempt for attempt in attempts) else attempts[0]
    if not isinstance(payload, dict):
        return [f"{path or '<root>'}: expected an object ({model_name})"]
    problems = []
    fields = entry["fields"]
    for key, value in payload.items():
        where = f"{path}.{key}" if path else key
        field = fields.get(key)
        if field is None:
            if strict_keys:
                problems.append(f"{where}: unknown key for {model_name}")
            continue
        if value is None or (model_name, key) in KNOWN_DISCREPANCIES:
            continue
        if not _type_ok(value, field["json_type"]):
            problems.append(f"{where}: {type(value).__name__} is not {field['json_type']}")
            continue
        if field["json_type"] == "array":
            items = field.get("items", {})
            for index, element in enumerate(value):
                if element is None:
                    continue
                if "ref" in items:
                    problems += check(
                        items["ref"], element, strict_keys=strict_keys, path=f"{where}[{index}]"
                    )
                elif "json_type" in items and not _type_ok(element, items["json_type"]):
                    problems.append(f"{where}[{index}]: {type(element).__name__} is not {items['json_type']}")
        elif "ref" in field:
            problems += check(field["ref"], value, strict_keys=strict_keys, path=where)
    return problems


def operation_for(method: str, path: str) -> dict[str, Any]:
    """The contract operation for a concrete request path (``/api/v2`` prefix optional)."""
    concrete = path.split("?", maxsplit=1)[0].removeprefix("/api/v2").rstrip("/").lower()
    for operation in operations():
        if operation["http_method"] != method.upper():
            continue
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(operation["path"].lower())) + "$"
        if re.match(pattern, concrete):
            return operation
    raise KeyError(f"no contract operation for {method} {path}")


def check_response(method: str, path: str, status: int, body: Any) -> list[str]:
    """Check a response body against the operation's return model (or its error model)."""
    operation = operation_for(method, path)
    model = operation["returns"] if status < 400 else operation["error_model"]
    return check(model, body, strict_keys=False)


def check_request(method: str, path: str, body: Any) -> list[str]:
    """Check a request body we send: known keys only, right types."""
    operation = operation_for(method, path)
    if operation.get("body_model") is None:
        return [] if not body else [f"{method} {path} takes no body"]
    return check(operation["body_model"], body, strict_keys=True)
