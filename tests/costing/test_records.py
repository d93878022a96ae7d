"""The per-employee costing reconciles to the totals to the penny, in every column, and in every file format."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from payround.costing import CostOptions, cost_offer
from payround.costing.cost import CostResult
from payround.costing.records import allocate_within, per_employee
from payround.report.per_employee import write_per_employee
from payround.workforce import read_workforce
from payround.workforce.mapping import load_column_map

from .helpers import offer, summary, workforce

ROOT = Path(__file__).resolve().parents[2]
PAYROLL = ROOT / "examples" / "payroll"

TWO_STAGES_AND_A_LUMP = """
name: two stages and a lump sum
structure: njc/2021-22
period: {start: 2022-04-01, end: 2023-03-31}
stages:
  - effective: 2022-04-01
    steps: [{raise: {percent: 2}}]
  - effective: 2022-10-01
    steps:
      - raise: {cash: 1000, per: year}
      - lump_sum: {by: 500, paid: 2022-12-31}
"""


def _expected(cost: CostResult) -> dict[str, int]:
    t = cost.totals()
    b, a, y = t.before, t.after, t.in_year
    out = {"pay_before": b.pay, "pay_after_full_year": a.pay, "pay_in_year": y.pay}
    for key in ("employer_ni", "pension", "apprenticeship_levy"):
        out |= {f"{key}_before": getattr(b, key), f"{key}_after_full_year": getattr(a, key)}
        out[f"{key}_in_year"] = getattr(y, key)
    out |= {"lump_sums": t.lump_sums.pay, "lump_sums_on_costs": t.lump_sums.on_costs}
    out["total_cost_before"] = t.total_cost_before
    out["total_cost_increase_full_year"] = t.total_cost_increase_full_year
    out["total_cost_increase_in_year"] = t.total_cost_increase_in_year
    return out


def _reconciles(cost: CostResult) -> None:
    got = per_employee(cost).totals()
    want = _expected(cost)
    assert {k: got[k] for k in want} == want
    assert got["pay_increase_full_year"] == want["pay_after_full_year"] - want["pay_before"]


def test_the_payroll_export_reconciles_to_the_penny(tmp_path: Path) -> None:
    wf = read_workforce(PAYROLL / "payroll-export.csv", load_column_map(PAYROLL / "columns.yaml"))
    cost = cost_offer(offer((ROOT / "examples" / "njc-2024-25.yaml").read_text()), wf)
    _reconciles(cost)
    rows = per_employee(cost)
    assert rows.frame["point"][0] == "SCP010" and rows.frame["point_costed"][0] == "10"
    # Before the award each row's pay is the export's own 'Salary Paid' (FTE x the spine salary).
    paid = pl.read_csv(PAYROLL / "payroll-export.csv", infer_schema=False)["Salary Paid"]
    assert [f"£{Decimal(p) / 100:,.2f}" for p in rows.frame["pay_before"]] == paid.to_list()
    doc = summary(cost)
    path = write_per_employee(tmp_path / "rows.csv", rows)
    with path.open(encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert str(sum(Decimal(r["pay_before"]) for r in written)) == doc["paybill"]["before"]
    total = sum(Decimal(r["total_cost_increase_full_year"]) for r in written)
    assert str(total) == doc["total_cost_increase_full_year"]


def test_group_rows_stages_lumps_many_employers_and_the_allowance() -> None:
    wf = workforce(
        "employer,point,weekly_hours,headcount,paid_weeks\n"
        "A,3,37,5,\nA,20,18.5,3,39\nB,10,37,1,\nB,40,37,2000,\nC,43,30,1,\n"
    )
    result = offer(TWO_STAGES_AND_A_LUMP)
    _reconciles(cost_offer(result, wf))
    not_public = cost_offer(result, wf, CostOptions(public_authority=False, lump_sums_pensionable=True))
    assert not_public.totals().before.employment_allowance > 0
    _reconciles(not_public)


def test_parquet_and_excel(tmp_path: Path) -> None:
    wf = workforce("employee_id,employer,point,weekly_hours\nx1,A,3,37\nx2,A,20,18.5\nx3,B,40,37\n")
    cost = cost_offer(offer(TWO_STAGES_AND_A_LUMP), wf)
    rows = per_employee(cost)
    back = pl.read_parquet(write_per_employee(tmp_path / "rows.parquet", rows))
    assert back["pay_before"].dtype == pl.Decimal(18, 2)
    assert int(back["pay_before"].sum() * 100) == cost.totals().before.pay
    wb = load_workbook(write_per_employee(tmp_path / "rows.xlsx", rows))
    ws = wb["Per employee"]
    header = [c.value for c in ws[1]]
    col = header.index("pay_before") + 1
    assert ws.cell(row=5, column=col).value == "=SUM(I2:I4)".replace("I", ws.cell(row=1, column=col).column_letter)
    assert round(sum(ws.cell(row=r, column=col).value for r in (2, 3, 4)) * 100) == cost.totals().before.pay


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=40),
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=40, max_size=40),
    st.lists(st.integers(min_value=-(10**9), max_value=10**9), min_size=4, max_size=4),
)
def test_allocation_adds_up_exactly_per_group(groups: list[int], weights: list[int], amounts: list[int]) -> None:
    g = np.array(groups, dtype=np.int64)
    w = np.array(weights[: len(groups)], dtype=np.int64)
    a = np.array(amounts, dtype=np.int64)
    out = allocate_within(a, g, w)
    for k in set(groups):
        assert int(out[g == k].sum()) == int(a[k])
    assert all((out[g == k] >= 0).all() for k in set(groups) if a[k] >= 0)


def test_text_that_looks_like_a_formula_is_written_inert(tmp_path: Path) -> None:
    wf = workforce('employee_id,employer,point,weekly_hours\n"=HYPERLINK(""x"")",A,3,37\n-5,B,20,37\n')
    rows = per_employee(cost_offer(offer(TWO_STAGES_AND_A_LUMP), wf))
    text = write_per_employee(tmp_path / "rows.csv", rows).read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ",-5," in text  # a number stays a number
    ws = load_workbook(write_per_employee(tmp_path / "rows.xlsx", rows))["Per employee"]
    assert ws["B2"].value == '\'=HYPERLINK("x")'
