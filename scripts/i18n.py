#!/usr/bin/env python3
"""Keep the till's translations in step with the code (Qt Linguist tools from PySide6).

    .venv/bin/python scripts/i18n.py update    # sources -> resources/i18n/*.ts (new texts "unfinished")
    .venv/bin/python scripts/i18n.py release   # *.ts -> *.qm (commit both)
    .venv/bin/python scripts/i18n.py check     # exit 1 if anything is out of step (run by the tests)

``check`` fails when a ``.ts`` misses a text of the sources or keeps one they no longer have,
when the German file has an unfinished translation, or when a ``.qm`` is not exactly what
``lrelease`` makes of its ``.ts``. It compares contents, not file times (a git checkout sets
every time to the moment of the checkout). The ``.ts`` files carry no source locations, so
that moving code does not change them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
BIN = Path(sys.executable).parent
CATALOGUES = {"de": ("de_DE", False), "en": ("en_US", True)}  # language: (target, plural forms only)


def sources() -> list[Path]:
    return sorted([*(ROOT / "cashier" / "ui").rglob("*.py"), ROOT / "cashier" / "app" / "till_screen.py"])


def ts_file(language: str, folder: Path = I18N) -> Path:
    return folder / f"cashier_{language}.ts"


def qm_file(language: str, folder: Path = I18N) -> Path:
    return folder / f"cashier_{language}.qm"


def _tool(name: str, *args: str) -> None:
    subprocess.run([str(BIN / f"pyside6-{name}"), *args], check=True, capture_output=True, text=True)


def update(folder: Path = I18N) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for language, (target, plural_only) in CATALOGUES.items():
        options = ["-no-obsolete", "-locations", "none", "-target-language", target]
        if plural_only:
            options.append("-pluralonly")
        _tool("lupdate", *options, *map(str, sources()), "-ts", str(ts_file(language, folder)))


def release(folder: Path = I18N) -> None:
    for language in CATALOGUES:
        _tool("lrelease", "-silent", str(ts_file(language, folder)), "-qm", str(qm_file(language, folder)))


def unfinished(ts: Path) -> list[str]:
    """The source texts of ``ts`` that have no finished translation."""
    texts = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") == "unfinished":
            texts.append(message.findtext("source") or "")
    return texts


def problems() -> list[str]:
    found: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for language in CATALOGUES:
            if not ts_file(language).exists():
                found.append(f"{ts_file(language)} is missing")
                continue
            shutil.copy(ts_file(language), ts_file(language, work))
        if found:
            return found
        update(work)
        release(work)
        for language in CATALOGUES:
            ts, fresh = ts_file(language), ts_file(language, work)
            if ts.read_bytes() != fresh.read_bytes():
                found.append(f"{ts.name} is not up to date with the sources: run scripts/i18n.py update")
            texts = unfinished(fresh)
            if texts:
                shown = "; ".join(texts[:5])
                found.append(f"{ts.name}: {len(texts)} unfinished translation(s), e.g. {shown}")
            qm = qm_file(language)
            if not qm.exists() or qm.read_bytes() != qm_file(language, work).read_bytes():
                found.append(f"{qm.name} does not match {ts.name}: run scripts/i18n.py release")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) == 2 else ""
    if command == "update":
        update()
    elif command == "release":
        release()
    elif command == "check":
        found = problems()
        for problem in found:
            sys.stderr.write(f"i18n: {problem}\n")
        if found:
            return 1
        sys.stdout.write("i18n: translations are in step with the sources\n")
    else:
        sys.stderr.write(__doc__ or "")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
