"""The layer rule of docs/architecture.md, as import-linter contracts, checked inside the test run."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

EXPECTED_CONTRACTS = {
    "layers",
    "qt-only-in-ui-and-app",
    "ui-goes-through-services",
    "simulator-only-from-app",
    "simulator-imports-api-and-domain-only",
    "domain-is-pure",
    "api-is-standalone",
    "fiskaly-is-standalone",
    "acyclic-siblings",
}


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        # Wide enough that no contract's name and verdict are wrapped onto two lines.
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_layer_contract_is_configured() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ids = {contract["id"] for contract in config["tool"]["importlinter"]["contracts"]}
    assert ids == EXPECTED_CONTRACTS


def test_the_code_keeps_every_layer_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(EXPECTED_CONTRACTS)} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract_name"),
    [
        ("domain/money.py", "import httpx", "domain imports no third-party package"),
        ("domain/money.py", "import cashier.services", "Layers"),
        ("services/__init__.py", "import PySide6.QtCore", "Only ui and app import Qt and qasync"),
        ("ui/__init__.py", "import cashier.printing", "ui never talks to api, printing, httpx or escpos"),
        ("journal/__init__.py", "import cashier.simulator", "Only app (and tests) import the simulator"),
        ("simulator/__init__.py", "import cashier.journal", "The simulator builds on api wire models"),
        ("api/__init__.py", "import cashier.domain", "api imports nothing else from cashier"),
        ("fiskaly/client.py", "import cashier.domain", "fiskaly (the TSE client) imports nothing else"),
        ("fiskaly/wire.py", "import cashier.api.wire", "fiskaly (the TSE client) imports nothing else"),
        ("fiskaly/client.py", "import cashier.services", "Layers"),
        ("simulator/fiskaly/app.py", "import cashier.services", "The simulator builds on api wire models"),
        ("devices/__init__.py", "import PySide6.QtCore", "Only ui and app import Qt and qasync"),
        ("devices/serial_port.py", "import cashier.printing", "Layers"),
        ("devices/serial_port.py", "import cashier.services", "Layers"),
        (
            "ui/kit/messages.py",
            "import cashier.ui.till.till_model",
            "No import cycles between sibling modules",
        ),
        (
            "ui/till/card_sales.py",
            "import cashier.ui.till.till_model",
            "No import cycles between sibling modules",
        ),
        ("app/exit_codes.py", "import cashier.app.gui", "No import cycles between sibling modules"),
        ("simulator/context.py", "import cashier.simulator.app", "No import cycles between sibling modules"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(
    tmp_path: Path, module: str, line: str, contract_name: str
) -> None:
    shutil.copytree(ROOT / "cashier", tmp_path / "cashier", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "cashier" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")

    result = lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    broken = [text for text in result.stdout.splitlines() if text.endswith("BROKEN")]
    assert any(text.startswith(contract_name) for text in broken), result.stdout
