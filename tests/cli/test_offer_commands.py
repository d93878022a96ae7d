"""The offer and structure commands, end to end through the Typer app."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from typer.testing import CliRunner

from payround.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


COSLA = str(EXAMPLES / "sjc-2022-08-revised-offer.yaml")


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.output


def test_apply_json_matches_the_design_contract_and_the_published_claim() -> None:
    data = json.loads(run("apply", COSLA, "--format", "json"))
    assert data["offer"] == "COSLA revised offer, August 2022"
    assert data["structure"] == "sjc/2021-22" and data["unit"] == "hour"
    floor = data["final"]["floor"]
    assert floor == {
        "name": "SLGLW",
        "before": "9.78",
        "after": "10.50",
        "increase": "0.72",
        "increase_pct": "7.36",
    }
    stage = data["stages"][0]
    assert stage["effective"] == "2022-04-01"
    row = stage["points"][0]
    assert set(row) >= {"point", "before", "after", "increase", "increase_pct", "after_hourly", "after_annual"}
    assert data["in_year"]["floor"] == {"value": "10.5000", "increase_pct": "7.36"}
    assert data["illustrative"] is True
    assert any("7.36%" in line for line in data["explanation"])


def test_apply_table_says_the_points_are_illustrative_and_explains() -> None:
    out = run("apply", COSLA)
    assert "SLGLW" in out and "10.50" in out and "7.36" in out
    assert "Illustrative" in out or "illustrative" in out
    assert "5% on all points and the floor; floor (SLGLW) set to £10.50 an hour" in out


def test_apply_csv_has_one_row_per_point_per_stage_and_final() -> None:
    rows = list(csv.DictReader(io.StringIO(run("apply", str(EXAMPLES / "njc-2025-26.yaml"), "--format", "csv"))))
    finals = [r for r in rows if r["stage"] == "final"]
    assert len(finals) == 42
    assert finals[0] == {
        "stage": "final",
        "point": "2",
        "before": "23656",
        "after": "24413",
        "increase": "757",
        "increase_pct": "3.20",
        "after_hourly": "12.65",
        "after_annual": "24413",
    }


def test_apply_to_another_structure() -> None:
    data = json.loads(run("apply", str(EXAMPLES / "njc-2025-26.yaml"), "-s", "njc/2023-24", "-f", "json"))
    assert data["structure"] == "njc/2023-24"
    assert data["final"]["points"][0]["before"] == "22366"


def test_explain_and_validate() -> None:
    out = run("explain", str(EXAMPLES / "sjc-2022-settlement.yaml"))
    assert "£2,000 a year (36-hour week) for SLGLW and points 2–24" in out
    assert "the greater of 5% and £1,925 a year (36-hour week) for everyone else" in out
    assert "rises capped at £3,000 a year (37-hour week)" in out
    assert "OK:" in run("validate", COSLA)


def test_compare_side_by_side_with_differences() -> None:
    settlement = str(EXAMPLES / "sjc-2022-settlement.yaml")
    data = json.loads(run("compare", COSLA, settlement, "--format", "json"))
    assert data["offers"] == ["COSLA revised offer, August 2022", "SJC settlement 2022/23"]
    floor = data["points"][0]
    assert floor["point"] == "SLGLW"
    assert floor["offers"][0]["after"] == "10.50" and floor["offers"][1]["after"] == "10.85"
    assert floor["offers"][1]["difference_from_first"] == "0.35"
    out = run("compare", COSLA, settlement)
    assert "[2]−[1] £" in out


def test_structures_and_show() -> None:
    listing = json.loads(run("structures", "--format", "json"))
    ids = [s["id"] for s in listing]
    assert "njc/2024-25" in ids and "sjc/2021-22" in ids
    shown = json.loads(run("show", "njc/2024-25", "--format", "json"))
    assert shown["points"][0]["point"] == "2" and shown["points"][0]["rate"] == "23656"
    assert shown["rounding"] == {"quantum": "1", "mode": "half_up"}


def test_schema_offer_lists_every_step_amount_and_selector() -> None:
    schema = json.loads(run("schema", "offer"))
    text = json.dumps(schema)
    for key in ("raise", "cap", "floor", "set", "remove", "lump_sum", "percent", "cash", "greatest", "least"):
        assert f'"{key}"' in text, key
    for key in ("points", "salary", "rate", "hours", "below", "from"):
        assert f'"{key}"' in text, key


def test_bad_offer_exits_2() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLES / "nope.yaml")])
    assert result.exit_code != 0


def test_compare_with_a_workforce_adds_what_each_offer_costs(tmp_path: object) -> None:
    settlement = str(EXAMPLES / "sjc-2022-settlement.yaml")
    data = json.loads(run("compare", COSLA, settlement, "--workforce", "sjc/illustrative", "--format", "json"))
    first, second = data["costs"]
    assert Decimal(second["total_cost_increase_full_year"]) > Decimal(first["total_cost_increase_full_year"]) > 0
    assert first["paybill"]["before"] == second["paybill"]["before"]
    out = run("compare", COSLA, settlement, "--workforce", "sjc/illustrative")
    assert "Cost on sjc/illustrative" in out


def test_validate_warns_of_a_selector_that_matches_no_point(tmp_path: object) -> None:
    from pathlib import Path

    text = (EXAMPLES / "sjc-2022-settlement.yaml").read_text(encoding="utf-8").replace("from: 60000", "from: 600000")
    path = Path(str(tmp_path)) / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("validate", str(path))
    assert "OK:" in out and "Warning: stages[0].steps[1].cap: the 'where' selects no point" in out
    assert "Warning" not in run("validate", str(EXAMPLES / "sjc-2022-settlement.yaml"))


def test_apply_with_a_structure_whose_floor_is_higher_shows_the_cut_first() -> None:
    out = run("apply", COSLA, "--structure", "sjc/2023-24")
    checks = out[out.index("Checks") :]
    assert "[cut] PAY CUT" in checks.splitlines()[1]
    assert "applied to sjc/2023-24" in out


def test_compare_an_hourly_and_an_annual_offer_on_a_common_unit() -> None:
    from payround.reports.offers import compare_report

    sjc, njc = EXAMPLES / "sjc-2022-settlement.yaml", EXAMPLES / "njc-2022-23.yaml"
    report = compare_report([sjc, njc])
    assert report.unit == "year" and "different units" in report.unit_note
    by_point = {p.point: p for p in report.points}
    sjc_cell, njc_cell = by_point["20"].offers
    # SJC SCP 20 is hourly: shown as full-time annual pay on its 37-hour, 52.143-week year, then subtracted
    from payround import apply_offer_file

    hourly_after = apply_offer_file(sjc).final.point("20").after
    assert sjc_cell.after == (hourly_after * Decimal("37") * Decimal("52.143")).quantize(Decimal("0.01"))
    assert njc_cell.difference_from_first == njc_cell.increase - sjc_cell.increase  # type: ignore[operator]
    assert sjc_cell.increase is not None and sjc_cell.increase > 1000  # a year's rise, not £1-odd an hour
    # same-unit comparisons are unchanged
    same = compare_report([EXAMPLES / "sjc-2022-08-revised-offer.yaml", sjc])
    assert same.unit == "hour" and same.unit_note == ""
