"""Figures and their one-line form: ``name value unit`` (issue 8).

A :class:`Figure` is one measured number. Timings are summarised by :func:`summarise` into a
median and a p95 (nearest rank: the smallest sample that at least 95 % of the samples do not
exceed), always over the timed runs only — warm-up runs are never passed in.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

_NAME: Final = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_UNIT: Final = re.compile(r"^[A-Za-z%/]+$")
LINE: Final = re.compile(r"^(?P<name>[a-z0-9_.]+) (?P<value>-?[0-9]+(\.[0-9]+)?) (?P<unit>[A-Za-z%/]+)$")
"""What every figure line looks like (the test and the worker protocol read it back)."""


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float
    unit: str

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"figure names are dotted lower-case words, not {self.name!r}")
        if not _UNIT.match(self.unit):
            raise ValueError(f"a unit is one word, not {self.unit!r}")
        if not math.isfinite(self.value):
            raise ValueError(f"{self.name}: {self.value} is not a number to report")

    def line(self) -> str:
        return f"{self.name} {format_value(self.value)} {self.unit}"


def format_value(value: float) -> str:
    """Whole numbers as they are; otherwise three significant places, enough for a table."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def parse_line(text: str) -> Figure:
    """The figure of one output line (raises ``ValueError`` for anything else)."""
    match = LINE.match(text.strip())
    if match is None:
        raise ValueError(f"not a figure line: {text!r}")
    return Figure(match["name"], float(match["value"]), match["unit"])


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of ``samples`` (``fraction`` in (0, 1])."""
    if not samples:
        raise ValueError("no samples")
    if not 0 < fraction <= 1:
        raise ValueError("the fraction lies in (0, 1]")
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarise(name: str, samples_ms: Sequence[float], unit: str = "ms") -> list[Figure]:
    """``name.median`` and ``name.p95`` of the timed samples."""
    return [
        Figure(f"{name}.median", statistics.median(samples_ms), unit),
        Figure(f"{name}.p95", percentile(samples_ms, 0.95), unit),
    ]
