"""python-escpos' capability cache: a cut or foreign file is dropped and built anew, never loaded."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from cashier.app.escpos_cache import capability_cache, drop_unreadable_capability_cache

CASHIER = Path(sys.executable).with_name("cashier")
CAPABILITIES = {"profiles": {"default": {"name": "Default"}}, "encodings": {"CP858": {"name": "CP858"}}}


class NotPlainData:
    """Anything python-escpos would never write into its cache."""


def write_cache(folder: Path, data: object) -> Path:
    cache = capability_cache(folder)
    cache.write_bytes(pickle.dumps(data, protocol=2))
    return cache


def test_a_readable_cache_is_kept(tmp_path: Path) -> None:
    cache = write_cache(tmp_path, CAPABILITIES)
    assert drop_unreadable_capability_cache(tmp_path) is False
    assert cache.exists()


def test_no_cache_is_nothing_to_do(tmp_path: Path) -> None:
    assert drop_unreadable_capability_cache(tmp_path) is False


@pytest.mark.parametrize("keep", [0, 1, 100, -1])
def test_a_truncated_cache_is_dropped(tmp_path: Path, keep: int, caplog: pytest.LogCaptureFixture) -> None:
    cache = write_cache(tmp_path, CAPABILITIES)
    cache.write_bytes(cache.read_bytes()[:keep])
    assert drop_unreadable_capability_cache(tmp_path) is True
    assert not cache.exists()
    assert "is unreadable" in caplog.text


@pytest.mark.parametrize("data", [NotPlainData(), ["no", "profiles"], {"encodings": {}}])
def test_a_cache_that_is_not_python_escpos_data_is_dropped(tmp_path: Path, data: object) -> None:
    cache = write_cache(tmp_path, data)
    assert drop_unreadable_capability_cache(tmp_path) is True
    assert not cache.exists()


def test_printing_works_again_after_a_truncated_cache(tmp_path: Path) -> None:
    """python-escpos loads its cache at import, in a fresh process: today's failure was
    "Ran out of input" on every print, for good."""
    env = {**os.environ, "CASHIER_HOME": str(tmp_path)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    first = subprocess.run(
        [str(CASHIER), "printer", "test", "preview"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    cache = capability_cache(tmp_path / "cache")
    data = cache.read_bytes()
    cache.write_bytes(data[: len(data) // 2])
    again = subprocess.run(
        [str(CASHIER), "printer", "test", "preview"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("test page sent to preview")
    assert pickle.loads(cache.read_bytes())["profiles"]  # built anew, whole
