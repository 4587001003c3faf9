"""A TLS endpoint on loopback, to count the handshakes a till makes (issue 19: keep-alive).

:func:`tls_simulator` serves a fresh simulator over ``https://127.0.0.1:PORT`` (uvicorn in a
thread of this process) with a self-signed certificate for 127.0.0.1 made here with
``cryptography``; the caller makes the till trust it by pointing ``SSL_CERT_FILE`` at
:attr:`TlsEndpoint.cafile` — the till's own ``network_transport`` loads the default trust
store too (``load_default_certs``), so nothing in the till changes for the measurement.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cashier.simulator.app import SimulatorApp, create_app
from cashier.simulator.config import SimulatorConfig

HOST = "127.0.0.1"
SERVER_KEEPALIVE = 75.0
"""How long the server keeps an idle connection (nginx's default; uvicorn's own is 5 s)."""


@dataclass(frozen=True, slots=True)
class TlsEndpoint:
    url: str
    cafile: Path
    app: SimulatorApp


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that is its own authority, valid for a day: (cert, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "loopback-cert.pem", folder / "loopback-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


@contextmanager
def tls_simulator(folder: Path) -> Iterator[TlsEndpoint]:
    """A fresh simulator (devices confirmed at once, no terminal delay) served over https."""
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = self_signed_certificate(folder)
    app = create_app(
        config=SimulatorConfig(confirm_after=0, terminal_delay=0), db_path=folder / "simulator.sqlite"
    )
    config = uvicorn.Config(
        app,
        host=HOST,
        port=0,
        lifespan="off",
        access_log=False,
        log_config=None,
        ssl_certfile=str(cert_file),
        ssl_keyfile=str(key_file),
        timeout_keep_alive=int(SERVER_KEEPALIVE),
    )
    server = uvicorn.Server(config)
    started = threading.Event()

    def run() -> None:
        async def main() -> None:
            task = asyncio.create_task(server.serve())
            while not server.started and not task.done():
                await asyncio.sleep(0.01)
            started.set()
            await task

        asyncio.run(main())

    thread = threading.Thread(target=run, name="tls-simulator", daemon=True)
    thread.start()
    try:
        if not started.wait(timeout=30) or not server.started:
            raise RuntimeError("the TLS simulator did not start")
        port = server.servers[0].sockets[0].getsockname()[1]
        yield TlsEndpoint(f"https://{HOST}:{port}", cert_file, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.ctx.store.close()
