"""The Excel export: the per-point table, the cost summary and the distribution on separate sheets, with totals,
increases and percentages as formulas over the table."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from payround.costing import cost_offer, summarise
from payround.costing.distribution import distribution
from payround.costing.headroom import headroom
from payround.report.excel import write_cost_workbook

from .helpers import offer, workforce

OFFER = """
name: excel
structure: njc/2022-23
period: {start: 2022-04-01, end: 2023-03-31}
stages:
  - effective: 2022-04-01
    steps: [{raise: {cash: 1925, per: year}}]
"""


def test_workbook_sheets_and_auditable_formulas(tmp_path: Path) -> None:
    wf = workforce("employer,point,weekly_hours,headcount,gender\nA,10,37,3,F\nB,30,20,2,M\n")
    cost = cost_offer(offer(OFFER), wf)
    path = write_cost_workbook(tmp_path / "cost.xlsx", cost, distribution(cost), headroom(cost.result))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Points", "Cost", "Distribution", "By employer", "Headroom"]
    points = wb["Points"]
    assert points["A3"].value == "1" and points["D3"].value == "=C3-B3"
    total = next(r for r in range(3, points.max_row + 1) if points[f"A{r}"].value == "Total")
    assert points[f"H{total}"].value == f"=SUM(H3:H{total - 1})"
    values = [points[f"H{r}"].value for r in range(3, total)]
    assert round(sum(values), 2) == float(summarise(cost)["paybill"]["before"])
    cost_sheet = wb["Cost"]
    assert cost_sheet["B5"].value == f"=Points!H{total}"
    assert cost_sheet["B7"].value == "=B6-B5"
    assert cost_sheet["B23"].value == "=B7+B19+B20+B21"
    assert wb["By employer"]["A2"].value == "A"
