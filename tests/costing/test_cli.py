"""The costing commands end to end (on a local app with ``register``): cost, distribution and the workforce group,
in every format; bad input gives one located message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from payround.cli.costing import register
from payround.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer()

    @a.callback()
    def _root() -> None:
        """payround (test app)"""

    register(a)
    return a


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "wf.csv"
    path.write_text(
        "employer,point,weekly_hours,headcount,gender,group\n"
        "Council A,19,37,10,F,Care\nCouncil A,30,18.5,4,M,Office\nCouncil B,45,37,2,F,Office\n",
        encoding="utf-8",
    )
    return path


def test_cost_json_and_by(app: typer.Typer, small: Path) -> None:
    offer = EXAMPLES / "sjc-2022-settlement.yaml"
    res = runner.invoke(app, ["cost", str(offer), "--workforce", str(small), "--format", "json", "--by", "group"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["headcount"] == 16 and doc["illustrative"] is True
    assert {r["group"] for r in doc["by_group"]} == {"Care", "Office"}


def test_cost_table_csv_and_xlsx(app: typer.Typer, small: Path, tmp_path: Path) -> None:
    offer = str(EXAMPLES / "sjc-2022-settlement.yaml")
    table = runner.invoke(app, ["cost", offer, "-w", str(small)])
    assert table.exit_code == 0 and "Total cost" in table.output and "Illustrative" in table.output
    csv = runner.invoke(app, ["cost", offer, "-w", str(small), "--format", "csv", "--by", "employer"])
    assert csv.output.splitlines()[0].startswith("employer,headcount")
    out = tmp_path / "cost.xlsx"
    xl = runner.invoke(app, ["cost", offer, "-w", str(small), "--format", "xlsx", "--output", str(out)])
    assert xl.exit_code == 0 and out.exists()
    no_output = runner.invoke(app, ["cost", offer, "-w", str(small), "--format", "xlsx"])
    assert isinstance(no_output.exception, InputError)


def test_distribution_with_a_claim(app: typer.Typer, small: Path) -> None:
    offer = str(EXAMPLES / "sjc-2022-08-revised-offer.yaml")
    res = runner.invoke(app, ["distribution", offer, "-w", str(small), "--claim", "50:5", "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["claims"][0]["claim"] == "the lowest-paid 50% get more than 5%"
    assert doc["claims"][0]["holds"] is True  # SCP 19 is 10 of 16 people and gets 6.06%
    table = runner.invoke(app, ["distribution", offer, "-w", str(small), "--claim", "70:5.5"])
    assert "does not hold" in table.output and "Headroom" in table.output


def test_workforce_validate_describe(app: typer.Typer, small: Path) -> None:
    ok = runner.invoke(app, ["workforce", "validate", str(small), "--structure", "sjc/2021-22"])
    assert ok.exit_code == 0 and "OK" in ok.output and "16 people" in ok.output
    desc = runner.invoke(app, ["workforce", "describe", str(small), "--structure", "sjc/2021-22", "--format", "json"])
    doc = json.loads(desc.output)
    assert doc["headcount"] == 16 and doc["summary"]["women"] == "75.00%"
    bad = runner.invoke(app, ["workforce", "validate", str(ROOT / "tests/bad_inputs/workforce/negative_hours.csv")])
    assert isinstance(bad.exception, InputError) and "row 3, column weekly_hours" in str(bad.exception)


def test_workforce_synth_small(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "sjc.parquet"
    res = runner.invoke(app, ["workforce", "synth", "sjc", "--seed", "7", "--headcount", "2000", "--output", str(out)])
    assert res.exit_code == 0, res.output
    ok = runner.invoke(app, ["workforce", "validate", str(out), "--structure", "sjc/2024-25"])
    assert "2,000 people" in ok.output


def test_a_payroll_export_costed_as_exported(app: typer.Typer, tmp_path: Path) -> None:
    payroll = EXAMPLES / "payroll"
    rows = tmp_path / "rows.csv"
    args = ["cost", str(EXAMPLES / "njc-2024-25.yaml"), "-w", str(payroll / "payroll-export.csv")]
    args += ["--columns", str(payroll / "columns.yaml"), "--grades", str(payroll / "grades.yaml")]
    res = runner.invoke(app, [*args, "--per-employee", str(rows), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["headcount"] == 40 and doc["incremental_drift"]["people_moving_up"] > 0
    assert any("ignored" in n for n in doc["notes"]) and doc["assumptions"]["pension"][0]["default"] is True
    text = rows.read_text(encoding="utf-8").splitlines()
    assert len(text) == 41 and text[0].startswith("row,employee_id,employer,point,point_costed,grade")
    inline = "employer=Organisation,point=SCP,fte=FTE"
    table = runner.invoke(app, ["cost", *args[1:4], "--columns", inline, "--grades", str(payroll / "grades.yaml")])
    assert table.exit_code == 0 and "Incremental drift" in table.output and "DEFAULT" in table.output
    xlsx = tmp_path / "cost.xlsx"
    wb = runner.invoke(app, [*args, "--by", "group", "--format", "xlsx", "--output", str(xlsx)])
    assert wb.exit_code == 0 and xlsx.exists()
