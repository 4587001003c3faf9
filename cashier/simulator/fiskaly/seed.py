"""The fiskaly simulator's seed: one INITIALIZED TSS with one registered client, and an API key.

Fixed ids so that a till set up against the simulator keeps working after a reset; the TSS's key
is derived from its id (:func:`~cashier.simulator.fiskaly.signing.fixed_private_key`), so its
public key and serial number stay the same too. ``cashier simulator seed --show`` prints this.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from cashier.simulator.fiskaly import records, signing
from cashier.simulator.store import SimulatorStore

API_KEY: Final = "test_cashier_simulator_api_key"
API_SECRET: Final = "cashier-simulator-api-secret"
TSS_ID: Final = "5b1f3c2e-7d4a-4e8b-9c6f-2a1d0e3f4b5c"
ADMIN_PUK: Final = "SIMPUK1234"
ADMIN_PIN: Final = "24681357"
CLIENT_ID: Final = "c0ffee00-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
CLIENT_SERIAL: Final = f"ERS {CLIENT_ID}"
CREATED_AT: Final = int(datetime(2026, 1, 2, 8, 0, tzinfo=UTC).timestamp())


def apply_seed(store: SimulatorStore) -> None:
    """Write the seed into the store (existing objects with these ids are overwritten)."""
    key = signing.fixed_private_key(TSS_ID)
    with store.transaction():
        doc = records.new_tss(TSS_ID, key, admin_puk=ADMIN_PUK, now=CREATED_AT)
        doc.update(state="INITIALIZED", time_uninit=CREATED_AT, time_init=CREATED_AT, x_admin_pin=ADMIN_PIN)
        records.save_tss(store, doc)
        records.save_client(store, records.new_client(TSS_ID, CLIENT_ID, CLIENT_SERIAL, now=CREATED_AT))


def describe() -> str:
    """The seed as text, for ``cashier simulator seed --show``."""
    key = signing.fixed_private_key(TSS_ID)
    return "\n".join(
        [
            "fiskaly SIGN DE simulator (served under /fiskaly/api/v2; embedded at http://fiskaly.invalid/api/v2)",
            f"  API key      {API_KEY}",
            f"  API secret   {API_SECRET}",
            f"  TSS          {TSS_ID}  INITIALIZED, {signing.ALGORITHM}, {signing.TIME_FORMAT}",
            f"  TSS serial   {signing.serial_number(key)}",
            f"  public key   {signing.public_key_b64(key)}",
            f"  admin PIN    {ADMIN_PIN}   admin PUK {ADMIN_PUK}",
            f"  client       {CLIENT_ID}  REGISTERED, serial {CLIENT_SERIAL!r}",
        ]
    )
