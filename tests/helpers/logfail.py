"""A pytest plugin: an ERROR or CRITICAL log record nobody expected fails the test (as qutebrowser does).

STYLE.md habit 13; loaded suite-wide by ``tests/conftest.py``. One handler on the root logger
collects every record at ERROR or above, from any thread, while a test's fixtures are set up, the
test runs and its fixtures are torn down; the test then fails with the records. A test that
expects an error in the log says so with ``@pytest.mark.expected_errors`` (any logger) or
``@pytest.mark.expected_errors("cashier.api.http", ...)`` (those loggers and their children).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Generator

import pytest

MARKER = "expected_errors"
MARKER_HELP = (
    f"{MARKER}(*loggers): the test expects ERROR/CRITICAL log records "
    "(from these loggers and their children; from any logger when none is named)"
)


class LogFailHandler(logging.Handler):
    """Keeps every record at ERROR or above; the fixture decides whether one was expected."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self._lock_records = threading.Lock()
        self._records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock_records:
            self._records.append(record)

    def take(self) -> list[logging.LogRecord]:
        with self._lock_records:
            records, self._records = self._records, []
        return records


def _from(record: logging.LogRecord, logger: str) -> bool:
    return record.name == logger or record.name.startswith(f"{logger}.")


def unexpected(records: list[logging.LogRecord], marker: pytest.Mark | None) -> list[logging.LogRecord]:
    """The records that ``marker`` (the test's ``expected_errors``, if any) does not allow."""
    if marker is None:
        return records
    if not marker.args:
        return []
    loggers = [str(name) for name in marker.args]
    return [record for record in records if not any(_from(record, name) for name in loggers)]


def describe(records: list[logging.LogRecord]) -> str:
    formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
    lines = [formatter.format(record) for record in records]
    return (
        f"{len(records)} unexpected ERROR log record(s) (mark the test "
        f"@pytest.mark.{MARKER}(...) if they are intended):\n" + "\n".join(lines)
    )


HANDLER = pytest.StashKey[LogFailHandler]()


def _check(item: pytest.Item) -> None:
    records = unexpected(item.config.stash[HANDLER].take(), item.get_closest_marker(MARKER))
    if records:
        pytest.fail(describe(records), pytrace=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)
    handler = config.stash[HANDLER] = LogFailHandler()
    logging.getLogger().addHandler(handler)


def pytest_unconfigure(config: pytest.Config) -> None:
    logging.getLogger().removeHandler(config.stash[HANDLER])


def pytest_runtest_setup(item: pytest.Item) -> None:
    item.config.stash[HANDLER].take()  # whatever came before this test is not its doing


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Records from the fixtures' set-up and the test fail the test itself."""
    try:
        result = yield
    except BaseException:
        item.config.stash[HANDLER].take()  # the test failed already; its log is in the report
        raise
    _check(item)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    """Records from the fixtures' tear-down are an error of the test's tear-down."""
    result = yield
    _check(item)
    return result
