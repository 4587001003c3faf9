"""`cashier simulator serve` as an integrator runs it: a child process on a free port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from cashier.simulator import seed

CASHIER = Path(sys.executable).with_name("cashier")
CREDENTIALS = {"client_id": seed.CLIENT_ID, "client_secret": seed.CLIENT_SECRET}


@contextmanager
def served(*args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [str(CASHIER), "simulator", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until the server announces itself
        assert line.startswith("secuconnect simulator listening on http://127.0.0.1:"), line
        yield process, line.split()[-1]
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def stop(process: subprocess.Popen[str], how: signal.Signals) -> str:
    process.send_signal(how)
    out, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    return out


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_its_url_answers_and_stops_cleanly(tmp_path: Path, how: signal.Signals) -> None:
    with served() as (process, url):
        response = httpx.post(f"{url}/oauth/token", json={"grant_type": "client_credentials", **CREDENTIALS})
        assert response.status_code == 200
        assert "secuconnect simulator stopped" in stop(process, how)


def test_state_survives_a_restart_with_the_same_db(tmp_path: Path) -> None:
    db = tmp_path / "simulator.sqlite"
    with served("--db", str(db), "--confirm-after", "0") as (process, url):
        registered = httpx.post(
            f"{url}/oauth/token", json={"grant_type": "device", "uuid": "/vendor/t/till/1", **CREDENTIALS}
        ).json()
        tokens = httpx.post(
            f"{url}/oauth/token",
            json={"grant_type": "device", "code": registered["device_code"], **CREDENTIALS},
        ).json()
        stop(process, signal.SIGTERM)
    with served("--db", str(db)) as (process, url):
        refreshed = httpx.post(
            f"{url}/oauth/token",
            json={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], **CREDENTIALS},
        )
        assert refreshed.status_code == 200, refreshed.text
        stop(process, signal.SIGTERM)


def test_a_taken_port_fails_with_a_message() -> None:
    with served() as (process, url):
        port = url.rsplit(":", 1)[1]
        second = subprocess.run(
            [str(CASHIER), "simulator", "serve", "--port", port],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert second.returncode == 1
        assert "address already in use" in second.stderr.lower()
        stop(process, signal.SIGTERM)


@pytest.mark.parametrize(
    "args", [["--confirm-after", "-1"], ["--token-ttl", "0"], ["--terminal-delay", "nan"], ["--port", "x"]]
)
def test_bad_options_are_refused(args: list[str]) -> None:
    result = subprocess.run(
        [str(CASHIER), "simulator", "serve", *args], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 2
    assert "usage: cashier simulator serve" in result.stderr


def test_seed_show_prints_the_demo_shop() -> None:
    result = subprocess.run(
        [str(CASHIER), "simulator", "seed", "--show"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for expected in ("Café Sonnenschein", "CRG_DEMO00000000000000000000000001", "9276004400000029", "4711"):
        assert expected in result.stdout
    assert len([line for line in result.stdout.splitlines() if line.strip().startswith("9276")]) == len(
        seed.CARDS
    )


def test_seed_db_resets_a_state_file(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite"
    result = subprocess.run(
        [str(CASHIER), "simulator", "seed", "--db", str(db)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert db.exists()
