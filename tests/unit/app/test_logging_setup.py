from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cashier.app.logging_setup import PrivateRotatingFileHandler, configure_logging


@pytest.fixture
def clean_root() -> Iterator[None]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logging.captureWarnings(False)
    for name in ("httpx", "httpcore", "uvicorn.access", "keyring"):
        logging.getLogger(name).setLevel(logging.NOTSET)


@pytest.mark.usefixtures("clean_root")
def test_secrets_never_reach_the_log_file(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    log = logging.getLogger("cashier.test")
    log.info("card 9276004400000011 csc=1234 Authorization: Bearer abcdefghijklmnopqrstuvwxyz")
    log.info('{"pin": 4711, "iban": "DE89370400440532013000", "refresh_token": "9c4e1a7f2b8d3e6a0f5c"}')
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    for secret in (
        "9276004400000011",
        "1234",
        "abcdefghijklmnopqrstuvwxyz",
        "4711",
        "0532013000",
        "9c4e1a7f",
    ):
        assert secret not in text
    assert "************0011" in text
    assert "cashier.test" in text


@pytest.mark.usefixtures("clean_root")
def test_httpx_urls_are_not_logged_at_info(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    logging.getLogger("httpx").info("HTTP Request: GET /api/v2/Loyalty/MerchantCards?q=card.cardnumber:9276")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "HTTP Request" not in path.read_text(encoding="utf-8")


@pytest.mark.usefixtures("clean_root")
def test_configuring_twice_keeps_one_set_of_handlers(tmp_path: Path) -> None:
    configure_logging(tmp_path / "logs")
    configure_logging(tmp_path / "logs", console_level=logging.WARNING)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_cashier", False)]
    assert len(ours) == 2  # file + console, not file + file + console


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.usefixtures("clean_root")
def test_the_log_is_for_this_user_only_also_after_rotation(tmp_path: Path) -> None:
    """The log names customers: folder 0700, files 0600 — also one an older Cashier left open."""
    log_dir = tmp_path / "logs"
    log_dir.mkdir(mode=0o755)
    log_dir.chmod(0o755)
    (log_dir / "cashier.log.1").write_text("older\n", encoding="utf-8")
    (log_dir / "cashier.log.1").chmod(0o644)
    path = configure_logging(log_dir)
    logging.getLogger("cashier.test").info("card …0011")
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((log_dir / "cashier.log.1").stat().st_mode) == 0o600
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, PrivateRotatingFileHandler))
    handler.doRollover()
    logging.getLogger("cashier.test").info("after the rollover")
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in log_dir.iterdir()} == {
        "cashier.log": 0o600,
        "cashier.log.1": 0o600,
        "cashier.log.2": 0o600,
    }
