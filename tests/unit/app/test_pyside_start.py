"""``cashier run`` stops PySide6 reading the source of every module imported after it (issue 19.3).

Each case runs in a new interpreter: the switch is for the whole process, and the test process
has imported its modules long before.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

COUNT_SOURCE_READS = """
import inspect, sys
import PySide6.QtCore
if {skip}:
    from cashier.app.pyside_start import skip_feature_scan
    assert skip_feature_scan()
reads = []
read = inspect.getsource
inspect.getsource = lambda obj: reads.append(getattr(obj, "__name__", "?")) or read(obj)
import cashier.ui.till.quick_keys
from PySide6.QtWidgets import QApplication, QPushButton
app = QApplication([])
button = QPushButton("Kaffee")  # PySide works as before for a module no longer scanned
assert button.text() == "Kaffee"
print(sum(name.startswith("cashier.") for name in reads))
"""


@pytest.mark.parametrize(("skip", "reads"), [(False, "some"), (True, "none")])
def test_modules_imported_after_the_switch_are_not_read(skip: bool, reads: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", COUNT_SOURCE_READS.format(skip=skip)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    cashier_modules_read = int(done.stdout.strip())
    assert (cashier_modules_read > 0) == (reads == "some")
