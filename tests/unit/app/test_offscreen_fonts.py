"""Offscreen Qt finds the shipped fonts (on Windows it reads only QT_QPA_FONTDIR)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cashier.app.resources import point_offscreen_qt_at_fonts, resources_dir


@pytest.mark.parametrize("platform", ["offscreen", "offscreen:fontengine=freetype", " offscreen"])
def test_offscreen_qt_is_pointed_at_the_bundled_fonts(platform: str) -> None:
    environ: dict[str, str] = {}
    assert point_offscreen_qt_at_fonts(environ, platform) is True
    assert environ == {"QT_QPA_FONTDIR": str(resources_dir() / "fonts")}
    assert (resources_dir() / "fonts" / "DejaVuSans.ttf").is_file()


def test_a_font_folder_set_by_the_user_wins() -> None:
    environ = {"QT_QPA_FONTDIR": r"C:\Windows\Fonts"}
    assert point_offscreen_qt_at_fonts(environ, "offscreen") is False
    assert environ == {"QT_QPA_FONTDIR": r"C:\Windows\Fonts"}


@pytest.mark.parametrize("platform", ["", "windows", "xcb", "wayland", "minimal"])
def test_other_platforms_find_the_system_fonts_themselves(platform: str) -> None:
    environ: dict[str, str] = {}
    assert point_offscreen_qt_at_fonts(environ, platform) is False
    assert environ == {}


def test_the_self_check_sets_the_font_folder_before_qt_starts(tmp_path: Path) -> None:
    """In a fresh process (the QApplication is made once per process): the self-check's Qt
    check leaves QT_QPA_FONTDIR at the shipped fonts, and the font it finds shows € and ü."""
    code = (
        "import os; from cashier.app import selfcheck; from cashier.app.paths import resolve_paths; "
        "print(selfcheck.check_qt(resolve_paths())); print(os.environ['QT_QPA_FONTDIR'])"
    )
    environ = {key: value for key, value in os.environ.items() if key != "QT_QPA_FONTDIR"}
    environ.pop("QT_QPA_PLATFORM", None)
    environ["CASHIER_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines()[-1] == str(resources_dir() / "fonts")
    assert "shows umlauts and €" in done.stdout
