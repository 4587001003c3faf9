"""The suite's log-fail plugin (tests/helpers/logfail.py): an unexpected ERROR log fails a test.

Each case runs a tiny test file in its own pytest process: an ERROR logged here would fail this
very test through the same plugin.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

CASES = """
import logging
import threading

import pytest

log = logging.getLogger("cashier.api.http")


def test_an_error_fails():
    log.error("the outcome is unknown")


def test_a_critical_from_a_thread_fails():
    worker = threading.Thread(target=lambda: logging.getLogger("cashier.printing").critical("gone"))
    worker.start()
    worker.join()


def test_a_warning_is_left_alone():
    log.warning("retrying")


@pytest.fixture
def noisy_teardown():
    yield
    log.error("while closing")


def test_an_error_in_a_fixtures_teardown_fails(noisy_teardown):
    pass


@pytest.mark.expected_errors
def test_any_expected_error_passes():
    logging.getLogger("elsewhere").error("expected")


@pytest.mark.expected_errors("cashier.api")
def test_an_error_of_a_named_logger_or_its_children_passes():
    log.error("expected")


@pytest.mark.expected_errors("cashier.services")
def test_an_error_of_another_logger_still_fails():
    log.error("not this one")
"""


def run_cases(tmp_path: Path) -> str:
    (tmp_path / "test_cases.py").write_text(CASES, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.helpers.logfail",
            "-p",
            "no:cacheprovider",
            "-rA",
            "-q",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout


@pytest.fixture(scope="module")
def said(tmp_path_factory: pytest.TempPathFactory) -> str:
    return run_cases(tmp_path_factory.mktemp("log_fail"))


@pytest.fixture
def verdicts(said: str) -> dict[str, set[str]]:
    """Each case's verdicts from the summary: a test that passed and failed its tear-down has two."""
    found: dict[str, set[str]] = {}
    for line in said.splitlines():
        verdict, _, rest = line.partition(" test_cases.py::")
        if rest:
            found.setdefault(rest.split(" ")[0], set()).add(verdict)
    return found


@pytest.mark.parametrize(
    ("test", "verdict"),
    [
        ("test_an_error_fails", {"FAILED"}),
        ("test_a_critical_from_a_thread_fails", {"FAILED"}),
        ("test_a_warning_is_left_alone", {"PASSED"}),
        ("test_an_error_in_a_fixtures_teardown_fails", {"PASSED", "ERROR"}),
        ("test_any_expected_error_passes", {"PASSED"}),
        ("test_an_error_of_a_named_logger_or_its_children_passes", {"PASSED"}),
        ("test_an_error_of_another_logger_still_fails", {"FAILED"}),
    ],
)
def test_unexpected_error_logs_fail_and_expected_ones_pass(
    verdicts: dict[str, set[str]], test: str, verdict: set[str]
) -> None:
    assert verdicts[test] == verdict


def test_the_failure_names_the_record(said: str) -> None:
    assert "ERROR cashier.api.http: the outcome is unknown" in said
    assert "@pytest.mark.expected_errors" in said
