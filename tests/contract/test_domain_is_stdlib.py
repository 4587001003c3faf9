"""``cashier.domain`` imports the standard library and itself, nothing else (docs/architecture.md)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "cashier" / "domain"


def imported_roots(source: str) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside the package
                continue
            roots.add((node.module or "").split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in {"import_module", "__import__"}
        ):
            roots.add("<dynamic import>")
    return roots


def foreign_imports(source: str) -> set[str]:
    allowed = set(sys.stdlib_module_names) | {"__future__"}
    return {root for root in imported_roots(source) if root not in allowed} - {"cashier"}


def cashier_imports_outside_domain(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module]
        found.update(n for n in names if n.startswith("cashier") and not n.startswith("cashier.domain"))
    return found


@pytest.mark.parametrize("path", sorted(DOMAIN.rglob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_only_the_standard_library(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert foreign_imports(source) == set()
    assert cashier_imports_outside_domain(source) == set()


def test_the_domain_has_modules_to_check() -> None:
    assert len(list(DOMAIN.rglob("*.py"))) >= 8


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import httpx", {"httpx"}),
        ("from pydantic import BaseModel", {"pydantic"}),
        ("import decimal, json\nfrom fractions import Fraction", set()),
        ("from . import money", set()),
        ("import importlib\nimportlib.import_module('x')", {"<dynamic import>"}),
        ("def f():\n    import escpos.printer", {"escpos"}),
    ],
)
def test_the_checker_itself_sees_foreign_imports(source: str, expected: set[str]) -> None:
    assert foreign_imports(source) == expected


def test_the_checker_sees_imports_of_higher_layers() -> None:
    assert cashier_imports_outside_domain("from cashier.services import x\nimport cashier.domain.money") == {
        "cashier.services"
    }
