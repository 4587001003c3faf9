"""Prove that none of Wine's stand-ins reached a Windows bundle or an installed Cashier.

``build-under-wine`` runs the Windows build in a Wine prefix that carries stand-in DLLs for
what Wine 8 lacks and Windows 10 has (``wine-stand-ins/``: icuuc, bcryptprimitives, a
cfgmgr32 forwarder). They belong to that test prefix only. This scans folders for a file
named like one of them, for the marker each stand-in carries, and for the "Wine builtin DLL"
stub that every DLL of Wine's own has; any of them fails (exit 1).

    python installer/windows/check_stand_ins.py build/dist/windows/cashier [MORE FOLDERS]
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

STAND_IN_NAMES = frozenset({"icuuc.dll", "bcryptprimitives.dll", "cfgmgr32.dll"})
MARKERS = (b"cashier-wine-stand-in", b"Wine builtin DLL", b"Wine placeholder DLL")
BINARY_SUFFIXES = frozenset({".dll", ".pyd", ".exe", ".drv", ".sys", ".ocx"})


def offending_files(folder: Path) -> Iterator[str]:
    """What in ``folder`` looks like Wine's or a stand-in (its path and why)."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        where = path.relative_to(folder)
        if path.name.lower() in STAND_IN_NAMES:
            yield f"{where}: named like a Wine stand-in"
        elif path.suffix.lower() in BINARY_SUFFIXES:
            data = path.read_bytes()
            found = [marker.decode() for marker in MARKERS if marker in data]
            if found:
                yield f"{where}: carries {', '.join(found)!r}"


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write(__doc__ + "\n")
        return 2
    bad = 0
    for name in argv:
        folder = Path(name)
        if not folder.is_dir():
            sys.stderr.write(f"check-stand-ins: {folder} is no folder\n")
            return 2
        problems = list(offending_files(folder))
        for problem in problems:
            sys.stderr.write(f"check-stand-ins: {folder}: {problem}\n")
        files = sum(1 for path in folder.rglob("*") if path.is_file())
        if not problems:
            sys.stdout.write(f"   {folder}: {files} files, no Wine DLL and no stand-in\n")
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
