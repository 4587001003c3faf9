"""fiskaly SIGN DE v2 answers as tolerant pydantic models.

What we receive is read leniently: unknown keys are ignored (the API grows), every field we do
not strictly need is optional, ``null`` is as good as absent, a number may come where text is
meant (kept as its text) and numeric text where a number is meant (``"42"`` → 42). The field
names are fiskaly's; ``_id``, ``_type`` and ``_env`` are read into ``id``, ``type`` and ``env``.
Sources: docs/fiskaly-simulator.md and the reference notes it cites (fiscal-de.md §4).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class FiskalyModel(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, coerce_numbers_to_str=True, frozen=True)


class ErrorBody(FiskalyModel):
    """``{status_code, error, code, message}``; any of them may be missing."""

    status_code: int | None = None
    error: str | None = None
    code: str | None = None
    message: str | None = None


class AuthAnswer(FiskalyModel):
    access_token: str = Field(repr=False)
    access_token_expires_in: float | None = None
    access_token_expires_at: float | None = None
    refresh_token: str | None = Field(default=None, repr=False)
    refresh_token_expires_in: float | None = None
    refresh_token_expires_at: float | None = None


class Empty(FiskalyModel):
    """An answer whose body we do not need (may be empty)."""


class Tss(FiskalyModel):
    id: str | None = Field(default=None, alias="_id")
    env: str | None = Field(default=None, alias="_env")
    state: str
    serial_number: str | None = None
    public_key: str | None = None
    certificate: str | None = None
    signature_algorithm: str | None = None
    signature_timestamp_format: str | None = None
    transaction_data_encoding: str | None = None
    signature_counter: int | None = None
    transaction_counter: int | None = None
    number_registered_clients: int | None = None
    max_number_registered_clients: int | None = None
    number_active_transactions: int | None = None
    max_number_active_transactions: int | None = None
    admin_puk: str | None = Field(default=None, repr=False)  # only in the answer to PUT /tss/{id}


class TssClient(FiskalyModel):
    id: str | None = Field(default=None, alias="_id")
    state: str | None = None
    serial_number: str | None = None
    tss_id: str | None = None


class Signature(FiskalyModel):
    value: str | None = None
    algorithm: str | None = None
    counter: int | None = None
    public_key: str | None = None


class Log(FiskalyModel):
    operation: str | None = None
    timestamp: float | None = None
    timestamp_format: str | None = None


class RawSchema(FiskalyModel):
    process_type: str | None = None
    process_data: str | None = None  # base64

    @property
    def process_data_text(self) -> str | None:
        """``process_data`` decoded (UTF-8), None when absent or not base64."""
        if self.process_data is None:
            return None
        try:
            return base64.b64decode(self.process_data, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return None


class TransactionSchema(FiskalyModel):
    raw: RawSchema | None = None
    standard_v1: dict[str, Any] | None = None


class Transaction(FiskalyModel):
    id: str | None = Field(default=None, alias="_id")
    env: str | None = Field(default=None, alias="_env")
    state: str
    number: int | None = None
    revision: int | None = None
    latest_revision: int | None = None
    time_start: float | None = None
    time_end: float | None = None
    tss_id: str | None = None
    tss_serial_number: str | None = None
    client_id: str | None = None
    client_serial_number: str | None = None
    schema_: TransactionSchema | None = Field(default=None, alias="schema")
    signature: Signature | None = None
    log: Log | None = None
    qr_code_data: str | None = None

    @field_validator("schema_", "signature", "log", mode="before")
    @classmethod
    def _empty_list_is_absent(cls, value: Any) -> Any:
        return None if value == [] else value

    @property
    def revision_now(self) -> int:
        """The transaction's latest revision (``latest_revision``, else ``revision``, else 1)."""
        return self.latest_revision or self.revision or 1
