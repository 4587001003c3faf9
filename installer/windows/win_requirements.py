"""The pins of a requirements file as they apply to Windows (64-bit CPython 3.11), one a line.

``pip download --platform win_amd64`` fetches Windows wheels but evaluates environment markers
for the machine it runs on: on Linux it would skip ``pywin32; sys_platform == "win32"`` and
fetch ``SecretStorage; sys_platform == "linux"``. This prints ``name==version`` for every pin
whose marker holds on Windows, following ``-r`` includes, so that list can be downloaded with
``--no-deps``; the Windows pip then installs it with its dependency check (a missing
Windows-only dependency fails there). Used by ``installer/windows/build-under-wine``.

    python installer/windows/win_requirements.py requirements/build.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # a bare interpreter: pip carries its own copy
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]

# The target of the Windows bundle: what a 64-bit CPython 3.11.9 on Windows 10 reports.
WINDOWS_CPYTHON_311 = {
    "implementation_name": "cpython",
    "implementation_version": "3.11.9",
    "os_name": "nt",
    "platform_machine": "AMD64",
    "platform_python_implementation": "CPython",
    "platform_release": "10",
    "platform_system": "Windows",
    "platform_version": "10.0.19045",
    "python_full_version": "3.11.9",
    "python_version": "3.11",
    "sys_platform": "win32",
    "extra": "",
}


def requirement_lines(path: Path) -> list[str]:
    """The requirement lines of ``path`` and the files it includes with ``-r``, in order."""
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            lines += requirement_lines(path.parent / line.split(maxsplit=1)[1])
        elif line.startswith("-"):
            raise ValueError(f"{path}: option {line!r} is not supported here")
        else:
            lines.append(line)
    return lines


def windows_pins(path: Path) -> list[str]:
    """``name==version`` of every pin in ``path`` (and its includes) that Windows installs."""
    pins: dict[str, str] = {}
    for line in requirement_lines(path):
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate(WINDOWS_CPYTHON_311):
            continue
        specifiers = list(requirement.specifier)
        if len(specifiers) != 1 or specifiers[0].operator != "==":
            raise ValueError(f"{path}: {line!r} is not pinned with ==")
        pins[requirement.name.lower()] = f"{requirement.name}=={specifiers[0].version}"
    return list(pins.values())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write(__doc__ + "\n")
        return 2
    sys.stdout.write("".join(f"{pin}\n" for pin in windows_pins(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
