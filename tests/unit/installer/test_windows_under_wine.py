"""The helpers of installer/windows/build-under-wine: which pins Windows installs, and the
check that no Wine stand-in DLL reaches the bundle or the installed program.

The build itself (Wine, PyInstaller, makensis, the smoke test) takes minutes and runs in
``installer/ci-check``; these are the quick parts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.installer.test_installer_files import INSTALLER, ROOT, load

win_requirements = load(INSTALLER / "windows" / "win_requirements.py")
check_stand_ins = load(INSTALLER / "windows" / "check_stand_ins.py")


def test_windows_gets_its_own_pins_and_not_linux_ones() -> None:
    pins = win_requirements.windows_pins(ROOT / "requirements" / "build.txt")
    names = {pin.split("==")[0].lower() for pin in pins}
    # Windows-only dependencies of qrcode/click (colorama), pyinstaller (pefile, pywin32-ctypes),
    # keyring (pywin32-ctypes) and the win32:// printer (pywin32): pinned, so pip downloads them.
    assert {"colorama", "pefile", "pywin32-ctypes", "pywin32"} <= names
    assert {"secretstorage", "jeepney"}.isdisjoint(names)
    # The fiskaly simulator signs with ECDSA on every platform (docs/fiscal.md).
    assert {"cryptography", "cffi", "dsfinvk", "pytz"} <= names
    assert {"pyside6-essentials", "pyinstaller", "importlib_metadata"} <= names
    assert all(pin.count("==") == 1 and ";" not in pin for pin in pins)


def test_the_linux_pins_are_unchanged_by_the_windows_ones() -> None:
    """A pin for Windows carries a marker, so the Linux venv installs exactly what it did."""
    for name in ("runtime.txt", "build.txt"):
        for line in (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines():
            if line.lower().startswith(("colorama", "pefile", "pywin32")):
                assert line.endswith('; sys_platform == "win32"'), line


def test_includes_are_followed_and_markers_evaluated_for_windows(tmp_path: Path) -> None:
    (tmp_path / "base.txt").write_text(
        '# comment\nalpha==1.0\nlinuxonly==2.0; sys_platform == "linux"\n'
        'old==3.0; python_version < "3.12"\nnew==4.0; python_version >= "3.12"\n',
        encoding="utf-8",
    )
    (tmp_path / "top.txt").write_text(
        '-r base.txt\nwinonly==5.0; sys_platform == "win32" and platform_machine == "AMD64"  # why\n',
        encoding="utf-8",
    )
    assert win_requirements.windows_pins(tmp_path / "top.txt") == ["alpha==1.0", "old==3.0", "winonly==5.0"]


@pytest.mark.parametrize("line", ["loose>=1.0", "bare", "--index-url https://example.invalid/simple"])
def test_anything_but_an_exact_pin_is_refused(tmp_path: Path, line: str) -> None:
    (tmp_path / "r.txt").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"r\.txt"):
        win_requirements.windows_pins(tmp_path / "r.txt")


def test_a_clean_bundle_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "_internal" / "PySide6").mkdir(parents=True)
    (tmp_path / "cashier.exe").write_bytes(b"MZ\x90\x00 This program cannot be run in DOS mode.")
    (tmp_path / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"MZ ... ucnv_open icuuc.dll ...")
    assert check_stand_ins.main([str(tmp_path)]) == 0
    assert "2 files, no Wine DLL and no stand-in" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("_internal/ICUUC.dll", b"MZ", "named like a Wine stand-in"),
        ("_internal/bcryptprimitives.dll", b"MZ", "named like a Wine stand-in"),
        ("_internal/cfgmgr32.dll", b"MZ", "named like a Wine stand-in"),
        ("_internal/renamed.dll", b"MZ..cashier-wine-stand-in..", "cashier-wine-stand-in"),
        ("_internal/PySide6/ucrtbase.dll", b"MZ@\x00Wine builtin DLL\x00", "Wine builtin DLL"),
        ("_internal/kernel32.pyd", b"MZ Wine placeholder DLL", "Wine placeholder DLL"),
    ],
)
def test_a_stand_in_or_a_wine_dll_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, why: str
) -> None:
    (tmp_path / "cashier.exe").write_bytes(b"MZ")
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(content)
    assert check_stand_ins.main([str(tmp_path)]) == 1
    assert why in capsys.readouterr().err


def test_the_stand_ins_carry_the_marker_the_check_looks_for() -> None:
    for source in sorted((INSTALLER / "windows" / "wine-stand-ins").glob("*.c")):
        assert '"cashier-wine-stand-in"' in source.read_text(encoding="utf-8"), source.name
        assert f"{source.stem}.dll" in check_stand_ins.STAND_IN_NAMES
