"""The TSE from the command line (issue #20): ``cashier sale --json`` shows what the TSE signed,
``cashier fiscal status`` what the TSE and the journal say — each a new process on one
CASHIER_HOME with the embedded simulators, as a shop owner or an integrator runs them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from tests.helpers.tse_verify import verify_qr
from tests.integration.test_cli_scenarios import CASHIER


def cashier(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASHIER_HOME": str(home), "CASHIER_SECRET_STORE": "file"}
    return subprocess.run(
        [str(CASHIER), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_sale_shows_its_tse_data_and_the_status_counts_it(tmp_path: Path) -> None:
    sale = as_json(
        cashier(tmp_path, "sale", "--item", "Kaffee;250;19", "--pay", "cash", "--given", "500", "--json")
    )
    tse = sale["tse"]
    assert tse["signed"] is True
    assert tse["training"] is True  # the simulator: training signatures
    assert tse["process_data"] == "AVTraining^2.50_0.00_0.00_0.00_0.00^2.50:Bar"
    assert tse["qr_code_data"].startswith("V0;")
    assert verify_qr(tse["qr_code_data"])  # against the public key the QR code carries
    status = as_json(cashier(tmp_path, "fiscal", "status", "--json"))
    assert status["reachable"] is True
    assert status["remote"]["tss_state"] == "INITIALIZED"
    assert status["remote"]["client_state"] == "REGISTERED"
    assert status["remote"]["signature_counter"] >= tse["signature_counter"]
    assert status["counts"] == {"finished": 1}
    assert status["outage_since"] is None
    text = cashier(tmp_path, "fiscal", "status")
    assert text.returncode == 0
    assert "INITIALIZED" in text.stdout
    assert "finished 1" in text.stdout


def test_the_status_of_a_tse_that_does_not_answer_says_so_with_exit_4(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text(
        '[fiscal]\ntse = "simulator"\nbase_url = "http://127.0.0.1:9/fiskaly/api/v2"\n', encoding="utf-8"
    )
    result = cashier(tmp_path, "fiscal", "status", "--json")
    assert result.returncode == 4, result.stderr
    facts = json.loads(result.stdout)
    assert facts["reachable"] is False
    assert facts["error"]
    assert "Traceback" not in result.stderr


def test_no_tse_outside_germany(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('[fiscal]\ntse = "off"\n', encoding="utf-8")
    assert as_json(cashier(tmp_path, "fiscal", "status", "--json")) == {"tse": "off"}
    sale = as_json(cashier(tmp_path, "sale", "--item", "Kaffee;250;19", "--pay", "cash", "--json"))
    assert sale["tse"] is None
