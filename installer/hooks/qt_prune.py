"""Which of the Qt files PyInstaller's hooks collect go into Cashier's bundle.

Used twice by ``installer/cashier.spec``: by ``hook-PySide6.QtGui.py`` (this folder), so that a
dropped plugin's own libraries (GTK for the gtk3 theme, QtNetwork for TUIO, ...) are never
analysed, and on the finished analysis as a safety net. Paths are the destinations below the
bundle, "/"-separated.
"""

from __future__ import annotations

# Platforms: xcb (X11), wayland, offscreen (the self-check) and Windows' own.
PLATFORMS_KEPT = ("libqxcb.", "libqwayland.", "libqoffscreen.", "qwindows.", "qoffscreen.")
PLUGINS_DROPPED = (
    "egldeviceintegrations/",  # eglfs only (a kiosk without a window system)
    "generic/",  # evdev and TUIO input for eglfs/linuxfb; TUIO would pull in QtNetwork
    "platformthemes/libqgtk3",  # would pull in GTK, Pango and Cairo; xdgdesktopportal stays
    "platforminputcontexts/libqtvirtualkeyboard",
    "wayland-graphics-integration-client/lib",  # compositor buffer sharing; wayland-egl stays
    "wayland-graphics-integration-server/",
    "wayland-shell-integration/libfullscreen",
    "wayland-shell-integration/libivi",
    "wayland-shell-integration/libqt-shell",
    "wayland-shell-integration/libwl-shell",
    "imageformats/libqicns",
    "imageformats/libqtga",
    "imageformats/libqtiff",
    "imageformats/libqwbmp",
    "imageformats/libqwebp",
    "imageformats/qicns",
    "imageformats/qtga",
    "imageformats/qtiff",
    "imageformats/qwbmp",
    "imageformats/qwebp",
)
PLUGINS_KEPT = ("wayland-graphics-integration-client/libqt-plugin-wayland-egl",)
LIBS_DROPPED = (
    "libQt6EglFSDeviceIntegration",
    "libQt6EglFsKmsSupport",
    "libQt6WaylandCompositor",
    "libQt6WlShellIntegration",
)
TRANSLATIONS_KEPT = ("qtbase_de", "qtbase_en")


def _below(path: str, folder: str) -> str | None:
    """The part of ``path`` below PySide6's ``folder`` (``Qt/<folder>/`` in the Linux and
    macOS wheels, ``<folder>/`` in the Windows wheel), or None."""
    for prefix in (f"PySide6/Qt/{folder}/", f"PySide6/{folder}/"):
        if prefix in path:
            return path.split(prefix, 1)[1]
    return None


def wanted(dest: str) -> bool:
    """Whether the file that would land at ``dest`` (below the bundle) is shipped."""
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if name.startswith(LIBS_DROPPED):
        return False
    if _below(path, "translations") is not None:
        return name.startswith(TRANSLATIONS_KEPT)
    plugin = _below(path, "plugins")
    if plugin is None:
        return True
    if plugin.startswith("platforms/"):
        return name.startswith(PLATFORMS_KEPT)
    if plugin.startswith(PLUGINS_KEPT):
        return True
    return not plugin.startswith(PLUGINS_DROPPED)
