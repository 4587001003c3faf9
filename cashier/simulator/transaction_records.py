"""Smart transactions in the store: load, save, the public view, and the list query.

Documents are kept as kind ``smart.transactions`` in the wire shape plus simulator-only keys
starting with ``x_`` (the card plan of ``preTransaction``, the applied card, the end-of-day
period, …), which :func:`public` removes. Each save also updates the ``transactions`` table
(``receipt_number`` → id for ``cancelTrx``).

List query (``GET /Smart/Transactions``), the simulator's subset of the query language:
``q`` is one or more ``field:value`` terms joined by `` AND ``; fields ``transactionRef``,
``merchantRef``, ``status``, ``payment_method`` and ``id``; the value may be in double quotes
and may use the wildcards ``*`` and ``?``. ``sort`` is ``created:asc`` (default) or
``created:desc``; ``offset`` (default 0) and ``count`` (default 100, at most 1000) page the
result. The answer's ``count`` is the number of all matches, ``data`` the page.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from cashier.simulator.errors import invalid, not_found
from cashier.simulator.store import SimulatorStore

KIND = "smart.transactions"
QUERY_FIELDS = ("transactionRef", "merchantRef", "status", "payment_method", "id")
DEFAULT_COUNT = 100
MAX_COUNT = 1000


def load(store: SimulatorStore, stx_id: str) -> dict[str, Any]:
    """The stored document, or the 404 ``ProductNotFoundException``."""
    doc = store.get(KIND, stx_id)
    if doc is None:
        raise not_found("Smart transaction", stx_id)
    return doc


def save(store: SimulatorStore, doc: dict[str, Any]) -> None:
    with store.transaction() as db:
        store.put(KIND, doc["id"], doc)
        db.execute(
            "INSERT INTO transactions (id, receipt_number, created) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET receipt_number = excluded.receipt_number",
            (doc["id"], doc.get("receipt_number"), doc["x_created"]),
        )


def find_by_receipt_number(store: SimulatorStore, receipt_number: int) -> dict[str, Any] | None:
    row = store.execute("SELECT id FROM transactions WHERE receipt_number = ?", (receipt_number,)).fetchone()
    return None if row is None else store.get(KIND, row["id"])


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as the API returns it (simulator-only ``x_`` keys removed)."""
    return {key: value for key, value in doc.items() if not key.startswith("x_")}


# --- list -----------------------------------------------------------------------------------
def _int_param(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(name, "must be an int") from None
    if not low <= value <= high:
        raise invalid(name, f"must be between {low} and {high}")
    return value


def _terms(q: str) -> list[tuple[str, str]]:
    terms = []
    for part in q.split(" AND "):
        field, colon, value = part.strip().partition(":")
        if not colon or field not in QUERY_FIELDS:
            raise invalid("q", f"{part.strip()!r}: use field:value with a field of {', '.join(QUERY_FIELDS)}")
        value = value.strip()
        if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
            value = value[1:-1]
        terms.append((field, value))
    return terms


def query(store: SimulatorStore, params: dict[str, str]) -> tuple[int, list[dict[str, Any]]]:
    """All matches' count and the requested page, public views."""
    count = _int_param(params, "count", DEFAULT_COUNT, 0, MAX_COUNT)
    offset = _int_param(params, "offset", 0, 0, 10**9)
    q = params.get("q", "").strip()
    terms = _terms(q) if q else []
    sort = params.get("sort", "created:asc").strip() or "created:asc"
    if sort not in ("created:asc", "created:desc", "created"):
        raise invalid("sort", "only created:asc and created:desc are supported")
    docs = [
        doc
        for doc in store.all(KIND)
        if all(
            isinstance(doc.get(field), str) and fnmatchcase(doc[field], pattern) for field, pattern in terms
        )
    ]
    # Ties (same second) keep the order of creation, in both directions.
    ordered = sorted(enumerate(docs), key=lambda pair: (pair[1]["x_created"], pair[0]))
    if sort == "created:desc":
        ordered.reverse()
    return len(ordered), [public(doc) for _, doc in ordered[offset : offset + count]]
