"""scripts/bootstrap.sh, behind ./till and ./run-tests: what it decides, without touching apt."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BOOTSTRAP = ROOT / "scripts" / "bootstrap.sh"
BASH = shutil.which("bash") or "/bin/bash"


def bash(script: str, *, path_prefix: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, **env}
    if path_prefix is not None:
        environ["PATH"] = f"{path_prefix}:{environ['PATH']}"
    return subprocess.run(
        [BASH, "-c", f"set -euo pipefail; source {BOOTSTRAP}; {script}"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def fake_ldconfig(tmp_path: Path, libraries: list[str]) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    listing = "".join(f"\t{lib} (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/{lib}\\n" for lib in libraries)
    script = bin_dir / "ldconfig"
    script.write_text(f'#!/bin/sh\nprintf "{listing}"\n', encoding="utf-8")
    script.chmod(0o755)
    return bin_dir


def test_nothing_is_missing_when_every_library_is_there(tmp_path: Path) -> None:
    everything = [
        "libEGL.so.1", "libGL.so.1", "libfontconfig.so.1", "libfreetype.so.6", "libglib-2.0.so.0",
        "libdbus-1.so.3", "libxkbcommon.so.0", "libX11.so.6", "libxkbcommon-x11.so.0", "libX11-xcb.so.1",
        "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-image.so.0",
        "libxcb-randr.so.0", "libxcb-render-util.so.0", "libxcb-shape.so.0", "libxcb-xkb.so.1",
    ]  # fmt: skip
    result = bash("_missing_debian_packages runtime", path_prefix=fake_ldconfig(tmp_path, everything))
    assert result.returncode == 0, result.stderr
    missing = result.stdout.split()
    # Only the font can still be missing, and only on a machine without any TrueType font.
    assert set(missing) <= {"fonts-dejavu-core"}


GUI_TEST_TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool", "openbox": "openbox"}
"""What dev adds: the GUI acceptance tests drive the real window (with Qt's X11 libraries)."""


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (
            "dev",
            {"libegl1", "libxkbcommon0", "libdbus-1-3", "libxcb-icccm4", "libxcb-keysyms1"}
            | {package for tool, package in GUI_TEST_TOOLS.items() if shutil.which(tool) is None},
        ),
        ("runtime", {"libegl1", "libxkbcommon0", "libdbus-1-3", "libxcb-icccm4", "libxcb-keysyms1"}),
    ],
)
def test_missing_libraries_name_their_debian_packages(
    tmp_path: Path, profile: str, expected: set[str]
) -> None:
    present = [
        "libGL.so.1", "libfontconfig.so.1", "libfreetype.so.6", "libglib-2.0.so.0", "libX11.so.6",
        "libxkbcommon-x11.so.0", "libX11-xcb.so.1", "libxcb-cursor.so.0", "libxcb-image.so.0",
        "libxcb-randr.so.0", "libxcb-render-util.so.0", "libxcb-shape.so.0", "libxcb-xkb.so.1",
    ]  # fmt: skip
    result = bash(f"_missing_debian_packages {profile}", path_prefix=fake_ldconfig(tmp_path, present))
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) - {"fonts-dejavu-core"} == expected


def test_a_non_root_user_is_told_what_to_install_and_nothing_runs(tmp_path: Path) -> None:
    bin_dir = fake_ldconfig(tmp_path, [])
    for tool in ("apt-get", "id"):
        stub = bin_dir / tool
        # id -u says 1000; apt-get must not be called at all.
        body = "echo 1000" if tool == "id" else "echo apt-get was called >&2; exit 99"
        stub.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        stub.chmod(0o755)
    venv, _ = fake_venv(tmp_path)  # a venv exists: python3-venv is not among the missing packages
    result = bash("_ensure_system_packages dev python3", path_prefix=bin_dir, CASHIER_VENV=str(venv))
    assert result.returncode == 0, result.stderr
    assert "apt-get was called" not in result.stderr
    assert "missing system packages: libegl1" in result.stderr
    assert "sudo apt-get install --no-install-recommends libegl1" in result.stderr


def test_system_packages_can_be_left_alone(tmp_path: Path) -> None:
    result = bash(
        "_ensure_system_packages dev python3",
        path_prefix=fake_ldconfig(tmp_path, []),
        CASHIER_SKIP_SYSTEM_PACKAGES="1",
    )
    assert result.returncode == 0
    assert result.stderr == ""


def fake_venv(tmp_path: Path) -> tuple[Path, Path]:
    """A venv whose python logs every pip call instead of installing."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "pip.log"
    python = venv / "bin" / "python"
    python.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -m ] && [ "$2" = pip ]; then echo "$*" >>' + str(log) + "; exit 0; fi\n"
        'echo "3.11.7 (fake)"\n',
        encoding="utf-8",
    )
    python.chmod(0o755)
    return venv, log


def test_the_first_run_installs_and_the_second_installs_nothing(tmp_path: Path) -> None:
    venv, log = fake_venv(tmp_path)
    env = {"CASHIER_VENV": str(venv), "CASHIER_SKIP_SYSTEM_PACKAGES": "1"}

    first = bash("cashier_bootstrap dev", **env)
    assert first.returncode == 0, first.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 2
    assert calls[0].endswith("requirements/dev.txt")
    assert "--editable" in calls[1]
    assert (venv / ".cashier-dev.sha256").is_file()

    second = bash("cashier_bootstrap dev", **env)
    assert second.returncode == 0, second.stderr
    assert len(log.read_text(encoding="utf-8").splitlines()) == 2
    assert second.stderr == ""

    # A dev venv already holds the runtime: ./till after ./run-tests installs nothing either.
    third = bash("cashier_bootstrap runtime", **env)
    assert third.returncode == 0, third.stderr
    assert len(log.read_text(encoding="utf-8").splitlines()) == 2


def test_the_stamp_changes_with_the_pins(tmp_path: Path) -> None:
    # The venv's own, not the checkout's .venv: the suite may run from any virtual environment.
    venv, _ = fake_venv(tmp_path)
    stamps = [bash(f"_stamp_of {profile}", CASHIER_VENV=str(venv)) for profile in ("dev", "dev", "runtime")]
    assert [(s.returncode, s.stderr) for s in stamps] == [(0, "")] * 3
    dev, again, runtime = (s.stdout for s in stamps)
    assert dev == again
    assert runtime != dev


def test_an_old_python_is_refused(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    old = bin_dir / "python3"
    old.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")  # answers "too old" to the version probe
    old.chmod(0o755)
    (bin_dir / "dirname").symlink_to(shutil.which("dirname") or "/usr/bin/dirname")
    # Only the stub is on PATH: no other interpreter can be found.
    result = bash("_find_python", CASHIER_PYTHON=str(old), PATH=str(bin_dir))
    assert result.returncode == 1
    assert "Python 3.11 or newer is needed" in result.stderr
