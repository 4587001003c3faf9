"""Replaces PyInstaller's hook for PySide6.QtGui: the same files, less the Qt plugins that
Cashier never loads (see qt_prune.py), dropped before their dependencies are analysed."""

import os

from PyInstaller.utils.hooks.qt import add_qt6_dependencies
from qt_prune import wanted  # on sys.path through installer/cashier.spec

hiddenimports, _binaries, _datas = add_qt6_dependencies(__file__)
binaries = [(source, dest) for source, dest in _binaries if wanted(f"{dest}/{os.path.basename(source)}")]
datas = [(source, dest) for source, dest in _datas if wanted(f"{dest}/{os.path.basename(source)}")]
