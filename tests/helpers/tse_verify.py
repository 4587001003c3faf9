"""An independent check of a TSE's QR code: rebuild what was signed and verify the signature.

Independent of the simulator's code (nothing is imported from it): the BSI TR-03151 transaction
log message of a finished transaction is rebuilt from the QR code's fields (as StuStaPay's
verifier does) and its plain ECDSA signature (r || s) is checked with ``cryptography`` against
the public key — the one in the QR code, or one given by the caller (e.g. read from the TSS).

QR fields: ``V0;client;processType;processData;number;counter;start;end;algorithm;format;sig;key``.
The signed message is the concatenated DER of: INTEGER 2, OID 0.4.0.127.0.7.3.7.1.1,
[0] "FinishTransaction", [1] client, [2] processData, [3] processType, [5] number,
OCTET STRING sha256(public key), SEQUENCE{OID of the algorithm}, INTEGER counter, INTEGER log time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

# BSI TR-03111 ecdsa-plain-signatures: 0.4.0.127.0.7.1.1.4.1 + .3 (SHA-256), .4 (SHA-384), .5 (SHA-512)
ALGORITHMS = {
    "ecdsa-plain-SHA256": ("0.4.0.127.0.7.1.1.4.1.3", hashes.SHA256(), ec.SECP256R1()),
    "ecdsa-plain-SHA384": ("0.4.0.127.0.7.1.1.4.1.4", hashes.SHA384(), ec.SECP384R1()),
}


@dataclass(frozen=True)
class QrCode:
    client_serial: str
    process_type: str
    process_data: str
    number: int
    signature_counter: int
    start: str
    log_time: str
    algorithm: str
    time_format: str
    signature: bytes
    public_key: bytes

    @classmethod
    def parse(cls, text: str) -> QrCode:
        fields = text.split(";")
        if len(fields) != 12 or fields[0] != "V0":
            raise ValueError("not a V0 QR code with 12 fields")
        return cls(
            fields[1],
            fields[2],
            fields[3],
            int(fields[4]),
            int(fields[5]),
            fields[6],
            fields[7],
            fields[8],
            fields[9],
            base64.b64decode(fields[10], validate=True),
            base64.b64decode(fields[11], validate=True),
        )


def _der(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 128:
        return bytes((tag, size)) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 + len(length))) + length + content


def _der_int(tag: int, value: int) -> bytes:
    content = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)
    return _der(tag, content)


def _der_oid(dotted: str) -> bytes:
    numbers = list(map(int, dotted.split(".")))
    content = bytes([numbers[0] * 40 + numbers[1]])
    for number in numbers[2:]:
        septets: list[int] = []
        left = number
        while True:
            septets.insert(0, left % 128)
            left //= 128
            if not left:
                break
        content += bytes([s | 0x80 for s in septets[:-1]] + [septets[-1]])
    return _der(0x06, content)


def log_seconds(qr_time: str) -> int:
    """``2023-01-20T18:33:07.000Z`` → POSIX seconds."""
    moment = datetime.strptime(qr_time, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return int(moment.timestamp())


def signed_message(qr: QrCode) -> bytes:
    oid = ALGORITHMS[qr.algorithm][0]
    if qr.time_format != "unixTime":
        raise ValueError(f"time format {qr.time_format} is not supported here")
    return (
        _der_int(0x02, 2)
        + _der_oid("0.4.0.127.0.7.3.7.1.1")
        + _der(0x80, b"FinishTransaction")
        + _der(0x81, qr.client_serial.encode())
        + _der(0x82, qr.process_data.encode())
        + _der(0x83, qr.process_type.encode())
        + _der_int(0x85, qr.number)
        + _der(0x04, hashlib.sha256(qr.public_key).digest())
        + _der(0x30, _der_oid(oid))
        + _der_int(0x02, qr.signature_counter)
        + _der_int(0x02, log_seconds(qr.log_time))
    )


def verify_qr(text: str, public_key: str | None = None) -> bool:
    """True when the QR code's signature is valid for what it says (with ``public_key``, base64
    of the uncompressed point, also that the QR code carries that key)."""
    try:
        qr = QrCode.parse(text)
        if public_key is not None and base64.b64decode(public_key) != qr.public_key:
            return False
        _, digest, curve = ALGORITHMS[qr.algorithm]
        key = ec.EllipticCurvePublicKey.from_encoded_point(curve, qr.public_key)
        half = len(qr.signature) // 2
        r, s = int.from_bytes(qr.signature[:half], "big"), int.from_bytes(qr.signature[half:], "big")
        key.verify(encode_dss_signature(r, s), signed_message(qr), ec.ECDSA(digest))
    except (InvalidSignature, ValueError, KeyError, binascii.Error):
        return False
    return True


def tss_serial(public_key_b64: str) -> str:
    """A TSS's serial number as TR-03153 derives it: SHA-256 of its public key, hex."""
    return hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()
