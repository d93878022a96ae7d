"""The shape we hold ourselves to: pure computation that imports no I/O, storage, web or CLI code (directly or
through the payround modules it uses), and an explicit public API."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import payround

SRC = Path(payround.__file__).parent
FORBIDDEN = (
    "payround.cli",
    "payround.web",
    "payround.store",
    "payround.report",
    "payround.offers.loader",
    "payround.structures.loader",
    "payround.params.store",
    "payround.rounds.loader",
    "payround.rounds.law",
    "payround.yamlio",
    "pathlib",
    "yaml",
    "csv",
    "sqlalchemy",
    "alembic",
    "typer",
    "rich",
    "icalendar",
    "fastapi",
    "openpyxl",
    "httpx",
    "requests",
)
PURE = [f"payround.engine.{p.stem}" for p in sorted((SRC / "engine").glob("*.py"))] + [
    "payround.rounds.ballots",
    "payround.rounds.backlog",
    "payround.schemabase",
    "payround.settle.lp",
    "payround.settle.schema",
    "payround.settle.templates",
]
_REGRADE = ("assign", "awards", "equalpay", "grades", "plan", "project", "protection", "rows", "schema", "summary")
PURE += [f"payround.regrade.{m}" for m in _REGRADE]


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
    for candidate in (SRC.joinpath(*parts).with_suffix(".py"), SRC.joinpath(*parts, "__init__.py")):
        if candidate.is_file():
            return candidate
    return None


def _closure(start: str) -> set[str]:
    """Every module ``start`` reaches through payround's own imports, plus the outside modules they import."""
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


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_no_io_storage_web_or_cli(module: str) -> None:
    reached = _closure(module)
    bad = sorted(m for m in reached if any(m == f or m.startswith(f + ".") for f in FORBIDDEN))
    assert bad == [], f"{module} reaches {bad}"
    assert len(reached) > 1  # the walk did run


def test_public_api_is_explicit_and_sorted() -> None:
    assert payround.__all__ == sorted(payround.__all__)
    for name in payround.__all__:
        assert hasattr(payround, name), name


def test_public_api_is_exactly_all() -> None:
    """What ``dir(payround)`` shows, what it lazily imports and ``__all__`` are one list."""
    assert dir(payround) == payround.__all__
    assert sorted([*payround._WHERE, "__version__"]) == payround.__all__
    with pytest.raises(AttributeError):
        _ = payround.not_a_public_name  # type: ignore[attr-defined]


def test_reports_api_is_exactly_all() -> None:
    import payround.reports as reports

    assert reports.__all__ == sorted(reports.__all__)
    assert dir(reports) == reports.__all__
    for name in reports.__all__:
        assert callable(getattr(reports, name)), name


def test_every_error_has_the_one_json_shape() -> None:
    from payround import errors

    keys = {"type", "message", "file", "place", "expected", "got", "hint"}
    for name in errors.__all__:
        cls = getattr(errors, name)
        err = cls("x") if not issubclass(cls, errors.InputError) else cls("x", file="f", place="p")
        assert set(err.as_dict()) == keys, name
        assert err.as_dict()["type"] == name


def test_workforce_does_not_reach_costing_or_calibration() -> None:
    """The workforce layer is below the costing and the calibration (which costs generated workforces): no cycle."""
    for path in sorted((SRC / "workforce").rglob("*.py")):
        module = "payround." + ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        reached = _closure(module)
        bad = sorted(
            m for m in reached if m.startswith(("payround.costing", "payround.calibration", "payround.reports"))
        )
        assert bad == [], f"{module} reaches {bad}"


def test_costing_cli_goes_through_the_reports_layer() -> None:
    found = _imports(SRC / "cli" / "costing.py")
    bad = sorted(m for m in found if m.startswith(("payround.costing", "payround.engine", "payround.calibration")))
    assert bad == [], bad


def test_every_use_case_of_the_reports_layer_is_public() -> None:
    """Each ``*_report`` function of a reports module is in ``payround.reports.__all__``."""
    import re

    import payround.reports as reports

    found = set()
    for f in (SRC / "reports").glob("*.py"):
        found |= {n for n in re.findall(r"^def ([a-z][a-z_]*_report)\(", f.read_text(encoding="utf-8"), re.M)}
    assert sorted(found - set(reports.__all__)) == []


CLI_MAY_IMPORT = (
    "payround.cli",
    "payround.reports",
    "payround.report.",
    "payround.errors",
    "payround.sources",
    "payround.web.serve",  # `payround serve` starts the other front end, the web workbench
)


@pytest.mark.parametrize("path", sorted((SRC / "cli").glob("*.py")), ids=lambda p: p.name)
def test_the_cli_imports_only_the_reports_layer(path: Path) -> None:
    """``cli/`` parses options, calls one reports function and renders: it never reaches the engine, costing,
    take-home, rounds, store or any other internals itself."""
    bad = sorted(
        m for m in _imports(path) if m.startswith("payround") and not m.startswith(CLI_MAY_IMPORT) and m != "payround"
    )
    assert bad == [], f"{path.name} imports {bad}"


def test_the_cli_names_the_finder_s_templates_as_the_finder_does() -> None:
    from payround.reports.schemas import template_kinds
    from payround.settle.schema import TEMPLATE_KINDS

    assert template_kinds() == TEMPLATE_KINDS
