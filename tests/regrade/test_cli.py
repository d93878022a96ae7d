"""payround regrade: every format on the bundled Birmingham example."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from payround.cli import app

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "birmingham-2025-wrco.yaml")
runner = CliRunner()


def test_table() -> None:
    out = runner.invoke(app, ["regrade", EXAMPLE])
    assert out.exit_code == 0, out.output
    assert "Protection policies side by side" in out.output and "ESTIMATE" in out.output


def test_json_has_money_as_exact_strings() -> None:
    out = runner.invoke(app, ["regrade", EXAMPLE, "--format", "json", "--compare-months", "12"])
    doc = json.loads(out.output)
    assert doc["max_annual_loss"] == "8072.00"
    assert [v["label"] for v in doc["protection_variants"]] == ["as in the file", "full protection for 12 months"]
    assert len(doc["people"]) == len({(p["row"], p["path"]) for p in doc["people"]})


def test_csv_is_the_per_person_table() -> None:
    out = runner.invoke(app, ["regrade", EXAMPLE, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert sum(int(r["people"]) for r in rows) == 370
    assert {"loss 3 years", "loss 5 years", "protection ends"} <= set(rows[0])


def test_xlsx(tmp_path: Path) -> None:
    target = tmp_path / "regrade.xlsx"
    out = runner.invoke(app, ["regrade", EXAMPLE, "--format", "xlsx", "--output", str(target)])
    assert out.exit_code == 0, out.output
    wb = load_workbook(target)
    assert wb.sheetnames[0].startswith("1 Per person")
    assert wb.worksheets[0].max_row == 2 + 370  # title, header, one row per person


def test_awards_from_the_command_line() -> None:
    out = runner.invoke(app, ["regrade", EXAMPLE, "-f", "json", "--awards", "0%"])
    doc = json.loads(out.output)
    assert doc["awards"] == ["assumed 0% from 2025-04-01, every year"]
    assert doc["max_annual_loss"] == "7822.00"  # no award: the 2024/25 spine throughout


def test_schema() -> None:
    out = runner.invoke(app, ["schema", "restructure"])
    assert json.loads(out.output)["title"] == "payround restructure file, version 1"
