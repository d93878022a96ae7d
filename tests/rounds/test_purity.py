"""Pure computation stays pure: the ballot checks and the backlog model import no storage, CLI or I/O code,
directly or through the payround modules they use."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import payround

SRC = Path(payround.__file__).parent
FORBIDDEN = (
    "payround.cli",
    "payround.store",
    "payround.report",
    "payround.web",
    "payround.params.store",
    "payround.yamlio",
    "payround.rounds.loader",
    "payround.rounds.law",
    "pathlib",
    "yaml",
    "csv",
    "sqlalchemy",
    "alembic",
    "typer",
    "rich",
    "icalendar",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _file(module: str) -> Path | None:
    parts = module.split(".")[1:]
    candidate = SRC.joinpath(*parts).with_suffix(".py")
    return candidate if candidate.is_file() else None


def _closure(start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        module = todo.pop()
        path = _file(module)
        if module in seen or path is None:
            continue
        seen.add(module)
        for imported in _imports(path):
            if imported.startswith("payround"):
                todo.append(imported)
            else:
                seen.add(imported)
    return seen


@pytest.mark.parametrize("module", ["payround.rounds.ballots", "payround.rounds.backlog"])
def test_pure_modules_import_no_storage_cli_or_io(module: str) -> None:
    reached = _closure(module)
    bad = sorted(m for m in reached if any(m == f or m.startswith(f + ".") for f in FORBIDDEN))
    assert bad == [], f"{module} reaches {bad}"
    assert len(reached) > 3  # the walk did run
