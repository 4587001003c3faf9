"""What the simulated TSE signs, and how: BSI TR-03151 transaction log messages, P-256, plain ECDSA.

Each signed revision of a transaction is one log message, the DER encodings of these values
concatenated (TR-03151's ``TransactionLogMessage`` without its outer SEQUENCE and without the
signature itself; the order and tags as StuStaPay's verifier rebuilds them from a QR code):

====================  ===========================================  =================================
version               INTEGER 2
certifiedDataType     OBJECT IDENTIFIER 0.4.0.127.0.7.3.7.1.1      bsi-de transaction log
operationType         [0] IMPLICIT PrintableString                 StartTransaction, UpdateTransaction,
                                                                   FinishTransaction
clientId              [1] IMPLICIT PrintableString                 the client's serial number (ERS)
processData           [2] IMPLICIT OCTET STRING                    e.g. ``Beleg^2.50_0.00_…^2.50:Bar``
processType           [3] IMPLICIT PrintableString                 e.g. ``Kassenbeleg-V1``
transactionNumber     [5] IMPLICIT INTEGER
serialNumber          OCTET STRING                                 SHA-256 of the public key
signatureAlgorithm    SEQUENCE { OBJECT IDENTIFIER }               0.4.0.127.0.7.1.1.4.1.3 =
                                                                   ecdsa-plain-SHA256 (BSI TR-03111)
signatureCounter      INTEGER
logTime               INTEGER                                      unixTime: seconds since 1970, UTC
====================  ===========================================  =================================

The signature is ECDSA over P-256 with SHA-256 of that message, written "plain": r and s as two
32-byte big-endian numbers (64 bytes), base64. The public key is the uncompressed point
(``04 || X || Y``, 65 bytes) in base64, as fiskaly gives it; the TSS serial number is the
SHA-256 of those 65 bytes in hex (TR-03153). A finished transaction's QR code (fields 1–11 of
fiscal-de.md §3) holds everything a verifier needs to rebuild the message: see
``tests/helpers/tse_verify.py``.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

ALGORITHM = "ecdsa-plain-SHA256"
TIME_FORMAT = "unixTime"
TRANSACTION_LOG_OID = "0.4.0.127.0.7.3.7.1.1"
ECDSA_PLAIN_SHA256_OID = "0.4.0.127.0.7.1.1.4.1.3"


# --- DER, just what the log message needs ----------------------------------------------------
def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    octets = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(octets)]) + octets


def _tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + _length(len(content)) + content


def _integer_content(value: int) -> bytes:
    return value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True)


def _oid_content(dotted: str) -> bytes:
    parts = [int(part) for part in dotted.split(".")]
    out = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        rest = part >> 7
        while rest:
            chunk.append(0x80 | (rest & 0x7F))
            rest >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


@dataclass(frozen=True, slots=True)
class LogMessage:
    operation: str  # StartTransaction, UpdateTransaction, FinishTransaction
    client_serial: str
    process_type: str
    process_data: str
    transaction_number: int
    signature_counter: int
    log_time: int  # unix seconds

    def der(self, public_key: bytes) -> bytes:
        algorithm = _tlv(0x30, _tlv(0x06, _oid_content(ECDSA_PLAIN_SHA256_OID)))
        return b"".join(
            (
                _tlv(0x02, _integer_content(2)),
                _tlv(0x06, _oid_content(TRANSACTION_LOG_OID)),
                _tlv(0x80, self.operation.encode("ascii")),
                _tlv(0x81, self.client_serial.encode("ascii")),
                _tlv(0x82, self.process_data.encode("utf-8")),
                _tlv(0x83, self.process_type.encode("ascii")),
                _tlv(0x85, _integer_content(self.transaction_number)),
                _tlv(0x04, hashlib.sha256(public_key).digest()),
                algorithm,
                _tlv(0x02, _integer_content(self.signature_counter)),
                _tlv(0x02, _integer_content(self.log_time)),
            )
        )


# --- keys ------------------------------------------------------------------------------------
def new_private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def fixed_private_key(name: str) -> ec.EllipticCurvePrivateKey:
    """A key derived from ``name``: the seed's TSS has the same key after every reset."""
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    scalar = int.from_bytes(hashlib.sha256(name.encode()).digest(), "big") % (order - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def private_key_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def load_private_key(pem: str) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def public_point(key: ec.EllipticCurvePrivateKey) -> bytes:
    """The uncompressed public point, 65 bytes."""
    return key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def public_key_b64(key: ec.EllipticCurvePrivateKey) -> str:
    return base64.b64encode(public_point(key)).decode("ascii")


def serial_number(key: ec.EllipticCurvePrivateKey) -> str:
    return hashlib.sha256(public_point(key)).hexdigest()


def certificate_pem(key: ec.EllipticCurvePrivateKey, *, now: datetime) -> str:
    """A self-signed certificate for the key (a real TSE's is issued by its vendor's CA)."""
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, serial_number(key)),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cashier fiskaly simulator (not a certified TSE)"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(int(serial_number(key)[:16], 16))
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * 8))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def sign(key: ec.EllipticCurvePrivateKey, message: LogMessage) -> str:
    """The plain signature (r || s, 64 bytes) of ``message``, base64."""
    der_signature = key.sign(message.der(public_point(key)), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der_signature)
    return base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode("ascii")


# --- the QR code -----------------------------------------------------------------------------
def qr_time(epoch: int) -> str:
    """``2023-01-20T18:27:22.000Z``: ISO 8601, UTC, milliseconds, as fiskaly prints them."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def qr_code_data(message: LogMessage, *, time_start: int, signature: str, public_key: str) -> str:
    """``V0;client;processType;processData;number;counter;start;end;algorithm;format;sig;key``."""
    fields = (
        "V0",
        message.client_serial,
        message.process_type,
        message.process_data,
        str(message.transaction_number),
        str(message.signature_counter),
        qr_time(time_start),
        qr_time(message.log_time),
        ALGORITHM,
        TIME_FORMAT,
        signature,
        public_key,
    )
    return ";".join(fields)


def public_key_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
