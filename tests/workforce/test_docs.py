"""docs/costing.md cannot drift: every workforce column, parameter id and costing command is in it."""

from __future__ import annotations

from pathlib import Path

import typer

from payround.cli.costing import register
from payround.workforce import COLUMNS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "costing.md").read_text(encoding="utf-8")


def test_every_workforce_column_is_documented() -> None:
    for name in COLUMNS:
        assert f"| `{name}` |" in DOC, name


def test_every_costing_command_is_documented() -> None:
    app = typer.Typer()
    register(app)
    names = [c.name for c in app.registered_commands]
    names += [f"workforce {c.name}" for g in app.registered_groups for c in g.typer_instance.registered_commands]
    assert len(names) == 6
    for n in names:
        assert f"payround {n}" in DOC, n


def test_every_on_cost_parameter_is_documented() -> None:
    for pid in (
        "ni/employer/rate",
        "ni/employer/secondary_threshold_monthly",
        "ni/employer/employment_allowance",
        "pension_employer/lgps_ew",
        "apprenticeship_levy/rate",
        "apprenticeship_levy/allowance",
    ):
        assert f"`{pid}`" in DOC, pid
