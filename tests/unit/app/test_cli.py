"""The command line as a shop owner or an installer script runs it: in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import cashier

CASHIER = Path(sys.executable).with_name("cashier")


def run(
    *args: str, home: Path, executable: tuple[str, ...] = (str(CASHIER),), screen: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASHIER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    if not screen:  # a headless shop server: no display, no Qt platform chosen
        for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(name, None)
    return subprocess.run(
        [*executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_version(tmp_path: Path) -> None:
    result = run("--version", home=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"cashier {cashier.__version__}"


def test_python_dash_m_is_the_same_command(tmp_path: Path) -> None:
    result = run("--version", home=tmp_path, executable=(sys.executable, "-m", "cashier"))
    assert result.stdout.strip() == f"cashier {cashier.__version__}"


def test_self_check_passes_on_this_installation(tmp_path: Path) -> None:
    result = run("self-check", "--json", home=tmp_path)
    report = json.loads(result.stdout)
    failed = [check for check in report["checks"] if not check["ok"]]
    assert failed == []
    assert result.returncode == 0
    assert report["ok"] is True
    assert [check["name"] for check in report["checks"]] == [
        "python",
        "dependencies",
        "layers",
        "files",
        "domain",
        "simulator",
        "qt",
        "translations",
        "printer-data",
        "receipt",
        "sale",
        "window",
    ]
    qt = next(check for check in report["checks"] if check["name"] == "qt")
    assert "offscreen" in qt["detail"]


def test_run_opens_the_till_and_can_quit_after_start(tmp_path: Path) -> None:
    result = run("run", "--quit-after-start", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "cashier: till ready (simulator, KASSE-1)"
    log = (tmp_path / "logs" / "cashier.log").read_text(encoding="utf-8")
    assert "till ready (simulator, KASSE-1)" in log
    assert (tmp_path / "journal.sqlite").exists()


def test_no_command_opens_the_till(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``cashier`` alone is ``cashier run`` (the README's ``./till``); the window itself is
    started in the test above, here only which command runs."""
    from cashier.app import cli, gui

    started: list[bool] = []

    def fake_run_gui(
        settings: object,
        paths: object,
        *,
        quit_after_start: bool = False,
        first_run: bool = False,
        start_problem: Exception | None = None,
    ) -> int:
        started.append(quit_after_start)
        return 0

    monkeypatch.setenv("CASHIER_HOME", str(tmp_path))
    monkeypatch.setattr(gui, "run_gui", fake_run_gui)
    monkeypatch.setattr(cli, "_logging", lambda args: None)  # no log handlers in the test process
    assert cli.main([]) == 0
    assert started == [False]


def test_self_check_opens_the_window_offscreen_on_a_machine_without_a_screen(tmp_path: Path) -> None:
    """The self-check makes its own offscreen Qt: the window check must not refuse for want of a
    display (it did, where neither DISPLAY nor QT_QPA_PLATFORM was set)."""
    result = run("self-check", "--json", home=tmp_path, screen=False)
    report = json.loads(result.stdout)
    assert [check for check in report["checks"] if not check["ok"]] == []
    assert result.returncode == 0


def test_self_check_names_what_is_broken_and_exits_1(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "occupied"
    not_a_folder.write_text("a file where the data folder should be", encoding="utf-8")
    result = run("self-check", home=not_a_folder)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.split()[:2] == ["FAIL", "files"] for line in lines), result.stdout
    assert any(line.split()[:2] == ["ok", "domain"] for line in lines), result.stdout
    assert lines[-1] == "some checks FAILED"


def test_paths_follow_cashier_home(tmp_path: Path) -> None:
    result = run("paths", "--json", home=tmp_path)
    assert result.returncode == 0
    found = json.loads(result.stdout)
    assert found["journal_file"] == str(tmp_path / "journal.sqlite")
    assert all(Path(path).is_relative_to(tmp_path) for path in found.values())


@pytest.mark.parametrize("args", [["no-such-command"], ["self-check", "--bogus"]])
def test_unknown_arguments_are_refused(tmp_path: Path, args: list[str]) -> None:
    result = run(*args, home=tmp_path)
    assert result.returncode == 2
    assert "usage: cashier" in result.stderr


@pytest.mark.parametrize(
    ("environ", "platform", "says_why"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "win32", False),
    ],
)
def test_no_screen_is_said_in_words_not_a_core_dump(
    environ: dict[str, str], platform: str, says_why: bool
) -> None:
    from cashier.app.gui import missing_screen

    problem = missing_screen(environ, platform)
    assert (problem is not None) == says_why
    if problem:
        assert "DISPLAY" in problem
        assert "cashier sale" in problem


def test_run_without_a_screen_exits_1_with_a_reason(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["CASHIER_HOME"] = str(tmp_path)
    result = subprocess.run(
        [str(CASHIER), "run", "--quit-after-start"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "no screen to show the till on" in result.stderr


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (
            lambda home: (home / "settings.toml").write_text("language = [\n", encoding="utf-8"),
            "is not valid TOML",
        ),
        (lambda home: (home / "journal.sqlite").mkdir(), "journal.sqlite is a folder, not a file"),
    ],
    ids=["settings", "journal"],
)
def test_the_window_that_cannot_start_says_why_in_one_line(
    tmp_path: Path, spoil: Callable[[Path], object], says: str
) -> None:
    """The window shows a dialog (tests/ui/test_startup.py); a smoke test gets the line."""
    tmp_path.mkdir(exist_ok=True)
    spoil(tmp_path)
    result = run("run", "--quit-after-start", home=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cashier: ")
    assert says in lines[0]
    assert "Traceback" not in result.stderr
