"""The GUI acceptance suite: the real till in Xvfb, driven with real X events (xdotool).

Every test runs twice: on an X server without a window manager (a kiosk till) and with
openbox. ``./run-tests`` installs Xvfb, xdotool and openbox through the bootstrap (as root,
like Qt's libraries); without them these tests are skipped with the reason, except under CI,
where a missing tool is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gui.xtill import Screen, XTill, missing_tools, x_screen

MISSING = missing_tools()


@pytest.fixture(params=["no-wm", "openbox"])
def screen(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Screen]:
    if MISSING:
        if os.environ.get("CI"):
            pytest.fail(
                f"the GUI acceptance tests need {', '.join(MISSING)} (scripts/bootstrap.sh installs them)"
            )
        pytest.skip(f"not installed: {', '.join(MISSING)} (scripts/bootstrap.sh installs them as root)")
    yield from x_screen(tmp_path, window_manager=request.param == "openbox")


@pytest.fixture
def till(screen: Screen, request: pytest.FixtureRequest) -> Iterator[XTill]:
    till = screen.till().start()
    yield till
    failed = getattr(request.node, "failed_call", False)
    if failed:
        till.screenshot(screen.folder / "failure.png")
    till.quit()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if call.when == "call" and report.failed:  # type: ignore[attr-defined]
        item.failed_call = True  # type: ignore[attr-defined]
    return report
