"""The Excel export a finance team can audit: a sheet per --by, totals that are SUM formulas over money (never over
percentages), percentages and the in-year figures as formulas, human headers, money rounded to the penny."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from payround.costing import cost_offer
from payround.costing.distribution import distribution
from payround.costing.headroom import headroom
from payround.report.excel import SHEET_BY, write_cost_workbook

from .helpers import offer, summary, workforce

OFFER = """
name: excel
structure: njc/2022-23
period: {start: 2022-04-01, end: 2023-03-31}
stages:
  - effective: 2022-04-01
    steps: [{raise: {cash: 1925, per: year}}]
  - effective: 2022-10-01
    steps: [{raise: {percent: 1}}]
"""
WF = "employer,point,weekly_hours,headcount,gender,group\nA,10,37,3,F,Care\nB,30,20,2,M,Office\nB,12,37,7,F,Care\n"


def _total_row(ws: Any) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Total")


def _is_money_or_count(header: str) -> bool:
    return "(£)" in header or header in ("Headcount", "FTE")


@pytest.mark.parametrize("by", ["employer", "group", "gender"])
def test_every_total_is_a_formula_over_money_and_each_by_has_its_sheet(tmp_path: Path, by: str) -> None:
    cost = cost_offer(offer(OFFER), workforce(WF))
    path = write_cost_workbook(
        tmp_path / "cost.xlsx", cost, distribution(cost), headroom(cost.result), by=("employer", by)
    )
    wb = load_workbook(path)
    expected_by = [SHEET_BY[b] for b in dict.fromkeys(["employer", by])]
    assert wb.sheetnames == ["Points", "Cost", *expected_by, "Assumptions", "Distribution", "Headroom"]
    for name in ("Points", *expected_by):
        ws = wb[name]
        head = 2 if name == "Points" else 1
        total = _total_row(ws)
        for col in range(2, ws.max_column + 1):
            header = str(ws.cell(row=head, column=col).value)
            value = ws.cell(row=total, column=col).value
            if "(%)" in header:
                assert isinstance(value, str) and value.startswith("=IF(") and "SUM" not in value, (name, header)
            elif _is_money_or_count(header):
                letter = ws.cell(row=total, column=col).column_letter
                assert value == f"=SUM({letter}{head + 1}:{letter}{total - 1})", (name, header)
            for r in range(head + 1, total):
                v = ws.cell(row=r, column=col).value
                if isinstance(v, float) and "(£)" in header:
                    assert v == round(v, 2), (name, header, v)  # no float noise
    by_sheet = wb[SHEET_BY[by]]
    labels = [by_sheet.cell(row=r, column=1).value for r in range(2, _total_row(by_sheet))]
    assert set(labels) == {"employer": {"A", "B"}, "group": {"Care", "Office"}, "gender": {"F", "M"}}[by]


def test_the_summary_is_formulas_over_the_tables_and_adds_up(tmp_path: Path) -> None:
    cost = cost_offer(offer(OFFER), workforce(WF))
    wb = load_workbook(write_cost_workbook(tmp_path / "cost.xlsx", cost))
    ws = wb["Cost"]
    rows = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}
    points = wb["Points"]
    total = _total_row(points)
    assert rows["Pay bill before (£)"] == f"=Points!H{total}"
    assert rows["Pay bill in-year (£)"] == f"=Points!K{total}"  # in-year as a formula over the per-point table
    assert str(rows["Pay increase, in-year (£)"]).startswith("=")
    assert str(rows["Total cost increase, in-year (£)"]).startswith("=")
    doc = summary(cost)
    in_year = sum(Decimal(str(points.cell(row=r, column=11).value)) for r in range(3, total))
    assert in_year == Decimal(doc["paybill"]["in_year"])
    before = sum(Decimal(str(points.cell(row=r, column=8).value)) for r in range(3, total))
    assert before == Decimal(doc["paybill"]["before"])
    assert rows["Employer NI in-year (£)"] == float(doc["on_costs"]["employer_ni"]["in_year"])
    notes = [wb["Assumptions"].cell(row=r, column=1).value for r in range(1, wb["Assumptions"].max_row + 1)]
    assert any(str(n).startswith("Employer NI: ") for n in notes)
    assert any("DEFAULT" in str(n) for n in notes)  # English councils costed at the LGPS E&W default rate
