"""The fiskaly simulator's objects in the store, in their wire shape.

TSS, clients, transactions and each transaction revision are JSON documents in the simulator
store's ``objects`` table (kinds ``fiskaly.tss``, ``fiskaly.client``, ``fiskaly.tx``,
``fiskaly.txrev``); keys that start with ``x_`` (the TSS's private key, admin PUK and PIN, its
admin session) are the simulator's own and never answered. Counters per TSS live in the store's
``counters`` table: ``<tss>:tx`` (transaction numbers) and ``<tss>:sig`` (signature counter).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from cashier.simulator.fiskaly import signing
from cashier.simulator.store import SimulatorStore

ENV = "TEST"
VERSION = "2.0-cashier-simulator"
TSS = "fiskaly.tss"
CLIENT = "fiskaly.client"
TX = "fiskaly.tx"
TX_REVISION = "fiskaly.txrev"


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as fiskaly would answer it: without the simulator's ``x_`` keys."""
    return {key: value for key, value in doc.items() if not key.startswith("x_")}


# --- TSS -------------------------------------------------------------------------------------
def new_tss(tss_id: str, key: ec.EllipticCurvePrivateKey, *, admin_puk: str, now: int) -> dict[str, Any]:
    return {
        "_id": tss_id,
        "_type": "TSS",
        "_env": ENV,
        "_version": VERSION,
        "state": "CREATED",
        "description": "Cashier fiskaly simulator",
        "serial_number": signing.serial_number(key),
        "public_key": signing.public_key_b64(key),
        "certificate": signing.certificate_pem(key, now=datetime.fromtimestamp(now, UTC)),
        "signature_algorithm": signing.ALGORITHM,
        "signature_timestamp_format": signing.TIME_FORMAT,
        "transaction_data_encoding": "UTF-8",
        "max_number_registered_clients": 199,
        "max_number_active_transactions": 2000,
        "time_creation": now,
        "metadata": {},
        "x_private_key": signing.private_key_pem(key),
        "x_admin_puk": admin_puk,
        "x_admin_pin": None,
        "x_admin_session": False,
    }


def load_tss(store: SimulatorStore, tss_id: str) -> dict[str, Any] | None:
    return store.get(TSS, tss_id)


def save_tss(store: SimulatorStore, doc: dict[str, Any]) -> None:
    store.put(TSS, doc["_id"], doc)


def counter(store: SimulatorStore, tss_id: str, name: str) -> int:
    row = store.execute("SELECT value FROM counters WHERE name = ?", (f"{tss_id}:{name}",)).fetchone()
    return 0 if row is None else int(row["value"])


def tss_answer(store: SimulatorStore, doc: dict[str, Any]) -> dict[str, Any]:
    """The TSS with its live counts. Counters are sent as strings (the simulator's choice: the
    real type is unverified; the client reads either)."""
    tss_id = doc["_id"]
    answer = public(doc)
    answer["signature_counter"] = str(counter(store, tss_id, "sig"))
    answer["transaction_counter"] = str(counter(store, tss_id, "tx"))
    answer["number_registered_clients"] = sum(
        1 for client in clients(store, tss_id) if client["state"] == "REGISTERED"
    )
    answer["number_active_transactions"] = sum(
        1 for tx in transactions(store, tss_id) if tx["state"] == "ACTIVE"
    )
    return answer


# --- clients ---------------------------------------------------------------------------------
def new_client(tss_id: str, client_id: str, serial: str, *, now: int) -> dict[str, Any]:
    return {
        "_id": client_id,
        "_type": "CLIENT",
        "_env": ENV,
        "_version": VERSION,
        "state": "REGISTERED",
        "serial_number": serial,
        "tss_id": tss_id,
        "time_creation": now,
        "metadata": {},
    }


def load_client(store: SimulatorStore, tss_id: str, client_id: str) -> dict[str, Any] | None:
    return store.get(CLIENT, f"{tss_id}/{client_id}")


def save_client(store: SimulatorStore, doc: dict[str, Any]) -> None:
    store.put(CLIENT, f"{doc['tss_id']}/{doc['_id']}", doc)


def clients(store: SimulatorStore, tss_id: str) -> list[dict[str, Any]]:
    return [doc for doc in store.all(CLIENT) if doc["tss_id"] == tss_id]


# --- transactions ----------------------------------------------------------------------------
def load_tx(
    store: SimulatorStore, tss_id: str, tx_id: str, revision: int | None = None
) -> dict[str, Any] | None:
    latest = store.get(TX, f"{tss_id}/{tx_id}")
    if latest is None or revision is None or revision == latest["latest_revision"]:
        return latest
    old = store.get(TX_REVISION, f"{tss_id}/{tx_id}/{revision}")
    if old is not None:
        old["latest_revision"] = latest["latest_revision"]
    return old


def save_tx(store: SimulatorStore, doc: dict[str, Any]) -> None:
    key = f"{doc['tss_id']}/{doc['_id']}"
    with store.transaction():
        store.put(TX, key, doc)
        store.put(TX_REVISION, f"{key}/{doc['revision']}", doc)


def transactions(store: SimulatorStore, tss_id: str) -> list[dict[str, Any]]:
    return [doc for doc in store.all(TX) if doc["tss_id"] == tss_id]
