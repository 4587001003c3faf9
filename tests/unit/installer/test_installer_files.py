"""The installers' own files: what ships of Qt, the icon, the desktop entry, the udev rule.

The builds themselves (PyInstaller, dpkg-deb, makensis) take minutes and run in
``installer/ci-check``, after the test suite; these checks are the quick part.
"""

from __future__ import annotations

import configparser
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[3]
INSTALLER = ROOT / "installer"


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("dest", "shipped"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qminimal.dll", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6\\plugins\\imageformats\\qtiff.dll", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so", False),
        ("PySide6/Qt/plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so", True),
        ("PySide6/Qt/plugins/wayland-graphics-integration-client/libdmabuf-server.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/translations/qtbase_fr.qm", False),
        ("PySide6\\translations\\qtbase_en.qm", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("PySide6/Qt/lib/libQt6WaylandCompositor.so.6", False),
        ("libQt6EglFSDeviceIntegration.so.6", False),
        ("resources/fonts/DejaVuSans.ttf", True),
        ("escpos/capabilities.json", True),
    ],
)
def test_qt_prune_keeps_what_the_till_needs(dest: str, shipped: bool) -> None:
    assert load(INSTALLER / "hooks" / "qt_prune.py").wanted(dest) is shipped


def test_the_committed_icon_is_what_make_icon_draws() -> None:
    make_icon = load(INSTALLER / "make_icon.py")
    drawn = make_icon.draw_icon().resize((256, 256), Image.Resampling.LANCZOS)
    with Image.open(ROOT / "resources" / "icons" / "cashier-256.png") as committed:
        difference = ImageChops.difference(drawn, committed.convert("RGBA"))
    assert max(high for _, high in difference.getextrema()) <= 2  # run installer/make_icon.py
    for size in make_icon.SIZES:
        with Image.open(ROOT / "resources" / "icons" / f"cashier-{size}.png") as picture:
            assert picture.size == (size, size)
    with Image.open(ROOT / "resources" / "icons" / "cashier.ico") as ico:
        assert set(make_icon.SIZES) <= {width for width, _ in ico.info["sizes"]}


def test_desktop_entry_starts_the_till_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(INSTALLER / "linux" / "cashier.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"] == "cashier"
    assert section["Icon"] == "cashier"
    assert section["Terminal"] == "false"
    assert section["Categories"].endswith(";")


def test_udev_rule_jumps_only_to_its_labels_and_sets_safe_permissions() -> None:
    text = (INSTALLER / "linux" / "60-cashier-receipt-printers.rules").read_text(encoding="utf-8")
    rules = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    labels = set(re.findall(r'LABEL="([^"]+)"', text))
    assert set(re.findall(r'GOTO="([^"]+)"', text)) <= labels
    assert labels == {"cashier_receipt_printer", "cashier_receipt_printers_end"}
    vendors = re.findall(r'ATTR\{idVendor\}=="([0-9a-f]{4})"', text)
    assert {"04b8", "0519", "1504", "1d90", "2730"} <= set(vendors)
    known = {"ACTION", "SUBSYSTEM", "ENV{DEVTYPE}", "ENV{ID_USB_INTERFACES}", "ATTR{idVendor}",
             "ATTR{idProduct}", "GOTO", "LABEL", "MODE", "GROUP", "TAG"}  # fmt: skip
    for rule in rules:
        for key, value in re.findall(r'([A-Za-z_{}]+)(?:==|!=|\+=|=)"([^"]*)"', rule):
            assert key in known, rule
            if key == "MODE":
                assert value == "0664"
    assert 'MODE="0664", GROUP="plugdev", TAG+="uaccess"' in text


def test_the_deb_and_the_windows_installer_read_the_same_version() -> None:
    version = re.search(r'^__version__ = "(.+)"$', (ROOT / "cashier" / "__init__.py").read_text(), re.M)
    assert version is not None
    assert re.fullmatch(r"\d+\.\d+\.\d+", version[1]), "NSIS needs X.Y.Z (VIProductVersion X.Y.Z.0)"
    for script in ("build-deb", "ci-check", "windows/check-nsis"):
        assert "cashier/__init__.py" in (INSTALLER / script).read_text()
