"""``payround takehome`` and ``payround realterms`` through Typer (the session's cached table keeps these quick)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from payround.cli.takehome import register
from payround.errors import InputError
from payround.takehome.model import TakehomeTable
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.policyengine

runner = CliRunner()
app = typer.Typer()
register(app)

DESIGN_KEYS = {
    "point", "household", "stage", "gross_before", "gross_after", "income_tax_before", "income_tax_after",
    "employee_ni_before", "employee_ni_after", "pension_before", "pension_after", "universal_credit_before",
    "universal_credit_after", "net_before", "net_after",
}  # fmt: skip


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch, cache_dir: Path, cosla_table: TakehomeTable) -> None:
    """Share the session's cache (the sample table is already in it) and print tables wide."""
    monkeypatch.setenv("PAYROUND_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("COLUMNS", "100")  # the width every table is designed for


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_rows_follow_the_design_contract(cosla_offer_file: Path) -> None:
    data = json.loads(run("takehome", str(cosla_offer_file), "--format", "json"))
    assert data["path"] == "interactive" and data["policyengine_uk"]
    assert len(data["rows"]) == 7 * 4 and {r["stage"] for r in data["rows"]} == {"final"}
    for row in data["rows"]:
        assert set(row) >= DESIGN_KEYS
        assert all(isinstance(row[k], str) for k in DESIGN_KEYS)
    lp = next(r for r in data["rows"] if r["point"] == "2" and r["household"] == "lone-parent-2")
    assert (lp["gross_before"], lp["gross_after"]) == ("18868.47", "20257.56")
    assert (
        data["inflation"]["CPI"]["average_12m_pct"] == "10.04" and data["inflation"]["RPI"]["average_12m_pct"] is None
    )
    assert lp["gross_real_cpi_pct"] == "-2.44" and lp["net_real_rpi_pct"] is None
    assert data["net_cost_to_government"] is None


def test_filters_by_household_point_and_stage(cosla_offer_file: Path) -> None:
    data = json.loads(
        run("takehome", str(cosla_offer_file), "-f", "json", "--household", "single", "--household", "lone-parent-2",
            "--points", "18-20,55", "--stage", "all")
    )  # fmt: skip
    got = {(r["point"], r["household"], r["stage"]) for r in data["rows"]}
    assert {p for p, _, _ in got} == {"18", "19", "20", "55"}
    assert {h for _, h, _ in got} == {"single", "lone-parent-2"}
    assert {s for _, _, s in got} == {"2022-04-01", "final"}


def test_csv_and_table(cosla_offer_file: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("takehome", str(cosla_offer_file), "-f", "csv", "--points", "30"))))
    assert len(rows) == 4 and rows[0]["point"] == "30" and rows[0]["illustrative"] == "True"
    text = run("takehome", str(cosla_offer_file), "--points", "2", "--household", "lone-parent-2")
    assert "£20,258" in text and "CPI averaged 10.04%" in text and "Override: 2022/23: NI" in text
    assert "interactive path" in text


def test_net_cost_from_a_headcount_file(cosla_offer_file: Path, tmp_path: Path) -> None:
    heads = tmp_path / "heads.csv"
    heads.write_text("point,headcount,fte\n2,100,80\n30,50,45\n", encoding="utf-8")
    data = json.loads(
        run("takehome", str(cosla_offer_file), "-f", "json", "--headcount", str(heads),
            "--employer-cost", "250000", "--employer-ni", "20000")
    )  # fmt: skip
    nc = data["net_cost_to_government"]
    assert nc["estimate"] is True and nc["headcount"] == "150" and nc["employer_cost_increase"] == "250000"
    parts = ["less_income_tax", "less_employee_ni", "less_employer_ni", "less_universal_credit_saved"]
    parts.append("less_other_benefits_saved")
    assert float(nc["net_cost"]) == pytest.approx(250000 - sum(float(nc[k]) for k in parts), abs=0.01)
    assert any("illustrative default" in a for a in nc["assumptions"])


def test_bad_options_are_located_errors(cosla_offer_file: Path) -> None:
    result = runner.invoke(app, ["takehome", str(cosla_offer_file), "--household", "pensioner"])
    assert isinstance(result.exception, InputError) and "--household" in str(result.exception)
    result = runner.invoke(app, ["takehome", str(cosla_offer_file), "--stage", "2030-01-01"])
    assert isinstance(result.exception, InputError) and "2022-04-01" in str(result.exception)
    result = runner.invoke(app, ["takehome", str(cosla_offer_file), "--points", "999"])
    assert result.exception is not None and "999" in str(result.exception)


def test_realterms_for_the_claim_and_offers() -> None:
    files = [str(EXAMPLES / "sjc-2022-08-revised-offer.yaml"), str(EXAMPLES / "sjc-2022-settlement.yaml")]
    data = json.loads(run("realterms", *files, "--format", "json"))
    first = data["offers"][0]
    assert first["offer"] == "COSLA revised offer, August 2022"
    assert first["floor"]["final"]["CPI"] == {"nominal_pct": "7.36", "inflation_pct": "10.04", "real_pct": "-2.44"}
    assert first["inflation"]["RPI"]["months_found"] == 5 and "2022-04" in first["inflation"]["RPI"]["missing"]
    assert len(data["offers"]) == 2
    assert "real vs CPI" in run("realterms", *files)


def test_realterms_for_a_live_offer_uses_the_forecast_marked() -> None:
    data = json.loads(run("realterms", str(EXAMPLES / "njc-2025-26.yaml"), "--format", "json"))
    cpi = data["offers"][0]["inflation"]["CPI"]
    assert cpi["forecast_months"] == ["2026-03"] and cpi["average_12m_pct"] is not None
    assert data["offers"][0]["points"][0]["final"]["CPI"]["real_pct"] is not None
    text = run("realterms", str(EXAMPLES / "njc-2025-26.yaml"))
    assert "†" in text and "forecast for 2026-03" in text


def test_tables_fit_100_columns(cosla_offer_file: Path) -> None:
    text = run("takehome", str(cosla_offer_file), "--stage", "all")
    assert max(len(line) for line in text.splitlines() if line.startswith(("┃", "│", "┏", "└"))) <= 100


def test_net_cost_costed_on_a_workforce(cosla_offer_file: Path, cosla_table: TakehomeTable, tmp_path: Path) -> None:
    from payround.api import apply_offer
    from payround.costing import cost_offer
    from payround.offers import load_offer
    from payround.reports.costing import cost_report_for
    from payround.takehome.netcost import headcount_by_point, net_cost_to_government
    from payround.workforce import load_workforce

    wf_file = tmp_path / "workforce.csv"
    wf_file.write_text(
        "employer,point,weekly_hours,headcount\nCouncil A,2,37,10\nCouncil A,30,18.5,4\nCouncil B,55,37,2\n",
        encoding="utf-8",
    )
    data = json.loads(run("takehome", str(cosla_offer_file), "-f", "json", "--workforce", str(wf_file), "--exact"))
    nc = data["net_cost_to_government"]
    result = apply_offer(load_offer(cosla_offer_file))
    wf = load_workforce(wf_file)
    heads, ftes = headcount_by_point(result, wf)
    assert heads == {"2": 10, "30": 4, "55": 2} and ftes == {"2": 10, "30": 2, "55": 2}
    summary = cost_report_for(cost_offer(result, wf)).to_json()
    assert nc["employer_cost_increase"] == summary["total_cost_increase_full_year"]
    assert nc["less_employer_ni"] == summary["on_costs"]["employer_ni"]["increase_full_year"]
    direct = net_cost_to_government(
        cosla_table,
        heads,
        Decimal(summary["total_cost_increase_full_year"]),
        employer_ni_increase=Decimal(summary["on_costs"]["employer_ni"]["increase_full_year"]),
    )
    assert nc["net_cost"] == str(direct.net_cost)
    assert any("costing of workforce" in a for a in nc["assumptions"])
