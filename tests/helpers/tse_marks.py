"""TSE marks for receipt tests, signed with a real P-256 key so that they look like fiskaly's.

The key is fixed and the signatures deterministic (RFC 6979), so golden bytes stay stable. What
is signed is the QR code's fields 2 to 10 joined by ``;`` — a real ECDSA signature of the
shape and length a TSE gives (64 bytes, ``ecdsa-plain-SHA256``), not the BSI TR-03151 log
message a real TSE signs (``tests/helpers/tse_verify.py`` checks those). The QR payload has
the 12 fields in fiskaly's order and is about 350 characters, like a real one.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from cashier.domain.fiscal import FiscalMark, TseSignature
from cashier.domain.receipt import Receipt

KEY = ec.derive_private_key(0x5EED_CA55_1E12_2025_0210_0913_0501_7, ec.SECP256R1())
PUBLIC_KEY = base64.b64encode(
    KEY.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
).decode("ascii")
TSS_SERIAL = hashlib.sha256(base64.b64decode(PUBLIC_KEY)).hexdigest()  # as a TSE derives it: 64 hex
CLIENT_SERIAL = "ERS 3fa85f64-5717-4562-b3fc-2c963f66afa6"
TSS_ID = "9c2b6a3e-0d4f-4b7e-9a51-7f1c2e8d4b60"
ALGORITHM = "ecdsa-plain-SHA256"
TIME_FORMAT = "unixTime"
START = datetime(2025, 2, 10, 8, 13, 1, tzinfo=UTC)  # 09:13:01 in Berlin (CET)
FAILURE = "TSE nicht erreichbar"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def plain_signature(message: bytes) -> str:
    """``ecdsa-plain-SHA256``: r and s, 32 bytes each, base64 (88 characters)."""
    der = KEY.sign(message, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    return base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode("ascii")


def verify(signature: TseSignature) -> None:
    """Raises ``InvalidSignature`` unless ``signature`` was made here over its QR fields."""
    raw = base64.b64decode(signature.signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    KEY.public_key().verify(der, _signed_fields(signature.qr_code_data), ec.ECDSA(hashes.SHA256()))


def _signed_fields(qr: str) -> bytes:
    return ";".join(qr.split(";")[1:10]).encode("utf-8")


def signature(
    *,
    number: int = 17,
    counter: int = 35,
    start: datetime = START,
    seconds: int = 4,
    process_type: str = "Kassenbeleg-V1",
    process_data: str = "Beleg^2.70_3.65_0.00_0.00_-3.59^2.76:Bar",
    client_serial: str = CLIENT_SERIAL,
    tss_serial: str = TSS_SERIAL,
) -> TseSignature:
    end = start + timedelta(seconds=seconds)
    head = [client_serial, process_type, process_data, str(number), str(counter), _iso(start), _iso(end)]
    fields = [*head, ALGORITHM, TIME_FORMAT]
    value = plain_signature(";".join(fields).encode("utf-8"))
    qr = ";".join(["V0", *fields, value, PUBLIC_KEY])
    return TseSignature(
        tss_id=TSS_ID,
        tx_id=f"6f1d2c3b-4a59-4e8f-8d7c-{number:012d}",
        number=number,
        time_start=start,
        time_end=end,
        signature_counter=counter,
        signature=value,
        algorithm=ALGORITHM,
        public_key=PUBLIC_KEY,
        tss_serial=tss_serial,
        client_serial=client_serial,
        time_format=TIME_FORMAT,
        process_type=process_type,
        process_data=process_data,
        qr_code_data=qr,
    )


def signed(**fields: object) -> FiscalMark:
    return FiscalMark(signature=signature(**fields))  # type: ignore[arg-type]


def training(**fields: object) -> FiscalMark:
    fields.setdefault("process_data", "AVTraining^2.70_3.65_0.00_0.00_-3.59^2.76:Bar")
    return FiscalMark(signature=signature(**fields), training=True)  # type: ignore[arg-type]


def failed(reason: str = FAILURE) -> FiscalMark:
    return FiscalMark(failure=reason)


def with_mark(receipt: Receipt, mark: FiscalMark | None) -> Receipt:
    return replace(receipt, fiscal=mark)
