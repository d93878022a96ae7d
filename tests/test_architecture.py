"""The shape we hold ourselves to: a pure engine and an explicit public API."""

from __future__ import annotations

import ast
from pathlib import Path

import payround

SRC = Path(payround.__file__).parent
FORBIDDEN_IN_ENGINE = {
    "payround.cli",
    "payround.web",
    "payround.store",
    "payround.report",
    "payround.offers.loader",
    "payround.structures.loader",
    "payround.params.store",
    "payround.yamlio",
    "pathlib",
    "yaml",
    "sqlalchemy",
    "typer",
    "rich",
    "fastapi",
    "openpyxl",
    "requests",
    "httpx",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_engine_is_pure() -> None:
    for path in sorted((SRC / "engine").glob("*.py")):
        bad = {m for m in _imports(path) if any(m == f or m.startswith(f + ".") for f in FORBIDDEN_IN_ENGINE)}
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_public_api_is_explicit_and_sorted() -> None:
    assert payround.__all__ == sorted(payround.__all__)
    for name in payround.__all__:
        assert hasattr(payround, name), name
