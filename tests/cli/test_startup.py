"""Start-up stays short (the time itself is measured in bench/bench_startup.py; these tests count what loads):
``payround COMMAND`` builds only the commands it needs, and loads only the models and libraries it uses."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from payround.cli import COMMANDS, MODULES, app, build_app

runner = CliRunner()


def _commands(a: typer.Typer) -> dict[str, object]:
    return dict(typer.main.get_command(a).commands)  # type: ignore[attr-defined]


def test_every_command_is_mapped_to_the_modules_that_define_it() -> None:
    assert sorted(COMMANDS) == sorted(_commands(app))
    assert all(set(mods) <= set(MODULES) for mods in COMMANDS.values())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_app_built_for_one_command_runs_it_as_the_full_app_does(command: str) -> None:
    slim = build_app(command)
    assert command in _commands(slim)
    full_help = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    slim_help = runner.invoke(slim, [command, "--help"], env={"COLUMNS": "100"})
    assert (slim_help.exit_code, slim_help.output) == (full_help.exit_code, full_help.output)


def test_building_twice_does_not_double_the_schema_subcommands() -> None:
    build_app("schema")
    schema = typer.main.get_command(build_app("schema")).commands["schema"]  # type: ignore[attr-defined]
    assert sorted(schema.commands) == ["constraints", "offer", "restructure", "structure"]


_PROBE = """
import io, json, runpy, sys
from contextlib import redirect_stdout
sys.argv = ["payround", *{args!r}]
with redirect_stdout(io.StringIO()):
    try:
        runpy.run_module("payround", run_name="__main__")
    except SystemExit:
        pass
from pydantic import BaseModel
seen, todo = set(), [BaseModel]
while todo:
    for sub in todo.pop().__subclasses__():
        if sub not in seen:
            seen.add(sub)
            todo.append(sub)
built = sorted(c.__qualname__ for c in seen if c.__module__.startswith("payround") and c.__pydantic_complete__)
mods = sorted(m for m in sys.modules if m.startswith("payround."))
print(json.dumps({{"built": built, "modules": mods}}), file=sys.stderr)
"""


def _probe(*args: str) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(args=list(args))], capture_output=True, text=True, timeout=60
    )
    return json.loads(done.stderr.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_apply_loads_only_the_offer_commands_and_builds_only_the_models_it_uses() -> None:
    """Pydantic builds a model's validator when it is first used (``defer_build``): ``apply`` builds the offer, the
    structure and its own report, not every file format and report payround knows."""
    seen = _probe("apply", "examples/njc-2025-26.yaml")
    other_cli = [m for m in seen["modules"] if m.startswith("payround.cli.") and m.split(".")[2] in MODULES]
    assert other_cli == ["payround.cli.offers"]
    for unused in ("CompareReport", "ExplainReport", "StructureReport", "ValidateReport", "Case", "SetStep"):
        assert unused not in seen["built"], unused
    for used in ("Offer", "PayStructure", "ApplyReport"):
        assert used in seen["built"], used
    assert not [m for m in seen["modules"] if m.startswith(("payround.rounds", "payround.costing", "payround.store"))]
