"""Excel export of a costing (openpyxl): the per-point table, the cost summary, the distribution, totals by
employer and the headroom, on separate sheets. Totals, increases and percentages are written as formulas over the
per-point table so that people can audit them in the spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from payround.costing.cost import CostResult
from payround.costing.distribution import Distribution
from payround.costing.headroom import HeadroomAt
from payround.costing.summary import breakdown, summarise
from payround.report.safe import safe_cell

__all__ = ["write_cost_workbook"]

_MONEY = '"£"#,##0.00'
_PCT = "0.00%"
_BOLD = Font(bold=True)


def _header(ws: Any, row: int, names: list[str]) -> None:
    for j, name in enumerate(names, start=1):
        cell = ws.cell(row=row, column=j, value=name)
        cell.font = _BOLD


def _widths(ws: Any, widths: list[int]) -> None:
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w


def _points_sheet(wb: Workbook, cost: CostResult) -> int:
    """Per point: pay before/after, people, and the pay bill; returns the totals row number."""
    ws = wb.active
    ws.title = "Points"
    s = cost.result.structure
    pw = cost.prepared
    unit = "£ a year (full time)" if s.unit == "year" else "£ an hour"
    ws.append(
        [safe_cell(f"{cost.result.offer.name} on {pw.workforce.name or pw.workforce.source} ({s.id}; pay in {unit})")]
    )
    ws["A1"].font = _BOLD
    _header(
        ws,
        2,
        [
            "Point",
            "Pay before",
            "Pay after",
            "Increase",
            "Increase %",
            "Headcount",
            "FTE",
            "Pay bill before (£)",
            "Pay bill after, full year (£)",
            "Increase (£)",
        ],
    )
    n = len(s.point_ids)
    hc = pw.u_headcount.astype(np.float64)
    heads = np.bincount(pw.u_point, weights=hc, minlength=n)
    fte = np.bincount(pw.u_point, weights=pw.u_fte * hc, minlength=n)
    bill_b = np.bincount(pw.u_point, weights=cost.before.pay * hc, minlength=n) / 100
    bill_a = np.bincount(pw.u_point, weights=cost.after.pay * hc, minlength=n) / 100
    first = 3
    for i, p in enumerate(s.point_ids):
        r = first + i
        ws.append(
            [
                safe_cell(p),
                float(s.pay(p)),
                float(cost.result.final_by_original[p]),
                f"=C{r}-B{r}",
                f"=IF(B{r}=0,0,D{r}/B{r})",
                int(heads[i]),
                round(float(fte[i]), 2),
                round(float(bill_b[i]), 2),
                round(float(bill_a[i]), 2),
                f"=I{r}-H{r}",
            ]
        )
        for col, fmt in (("B", "#,##0.00"), ("C", "#,##0.00"), ("D", "#,##0.00"), ("E", _PCT)):
            ws[f"{col}{r}"].number_format = fmt
        for col in ("H", "I", "J"):
            ws[f"{col}{r}"].number_format = _MONEY
    last = first + n - 1
    total = last + 1
    ws.cell(row=total, column=1, value="Total").font = _BOLD
    for col in ("F", "G", "H", "I", "J"):
        c = ws[f"{col}{total}"]
        c.value = f"=SUM({col}{first}:{col}{last})"
        c.font = _BOLD
        if col in ("H", "I", "J"):
            c.number_format = _MONEY
    ws[f"E{total}"] = f"=J{total}/H{total}"
    ws[f"E{total}"].number_format = _PCT
    ws.append([])
    ws.append(["Pay bills per point are sums of each person's pay, rounded to the penny per person."])
    _widths(ws, [10, 12, 12, 12, 12, 12, 12, 20, 24, 18])
    ws.freeze_panes = "B3"
    return total


def _cost_sheet(wb: Workbook, cost: CostResult, total_row: int) -> None:
    ws = wb.create_sheet("Cost")
    doc = summarise(cost)
    oc = doc["on_costs"]
    ws.append(["Cost summary", safe_cell(doc["offer"])])
    ws["A1"].font = _BOLD
    ws.append(["Period", f"{doc['period']['start']} to {doc['period']['end']}"])
    ws.append(["Headcount", doc["headcount"]])
    ws.append(["FTE", float(doc["fte"])])
    rows: list[tuple[str, Any, str]] = [
        ("Pay bill before (£)", f"=Points!H{total_row}", _MONEY),  # row 5
        ("Pay bill after, full year (£)", f"=Points!I{total_row}", _MONEY),  # row 6
        ("Pay increase, full year (£)", "=B6-B5", _MONEY),  # row 7
        ("Pay increase, full year (%)", "=B7/B5", _PCT),  # row 8
        ("Pay bill in-year (£)", float(doc["paybill"]["in_year"]), _MONEY),  # row 9
        ("Pay increase in-year (£)", "=B9-B5", _MONEY),  # row 10
        ("Employer NI before (£)", float(oc["employer_ni"]["before"]), _MONEY),  # 11
        ("Employer NI after, full year (£)", float(oc["employer_ni"]["after_full_year"]), _MONEY),  # 12
        ("Employer pension before (£)", float(oc["pension"]["before"]), _MONEY),  # 13
        ("Employer pension after, full year (£)", float(oc["pension"]["after_full_year"]), _MONEY),  # 14
        ("Apprenticeship Levy before (£)", float(oc["apprenticeship_levy"]["before"]), _MONEY),  # 15
        ("Apprenticeship Levy after, full year (£)", float(oc["apprenticeship_levy"]["after_full_year"]), _MONEY),
        ("On-costs before (£)", "=B11+B13+B15", _MONEY),  # 17
        ("On-costs after, full year (£)", "=B12+B14+B16", _MONEY),  # 18
        ("On-cost increase, full year (£)", "=B18-B17", _MONEY),  # 19
        ("Lump sums (£)", float(doc["lump_sums"]["pay"]), _MONEY),  # 20
        ("On-costs of lump sums (£)", float(doc["lump_sums"]["on_costs"]), _MONEY),  # 21
        ("Total cost before (£)", "=B5+B17", _MONEY),  # 22
        ("Total cost increase, full year (£)", "=B7+B19+B20+B21", _MONEY),  # 23
        ("Total cost increase, full year (%)", "=B23/B22", _PCT),  # 24
    ]
    for label, value, fmt in rows:
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=2).number_format = fmt
    ws.append([])
    ws.append(["Employer NI, pension and the levy are computed per person and month from dated parameters"])
    ws.append(["(payround/data/params: ni/employer, pension_employer, apprenticeship_levy); see docs/costing.md."])
    if doc["illustrative"]:
        ws.append(["ILLUSTRATIVE: the structure or the workforce is illustrative, not published data."])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, color="C00000")
    for note in doc["notes"]:
        ws.append([safe_cell(note)])
    _widths(ws, [42, 22])


def _distribution_sheet(wb: Workbook, dist: Distribution) -> None:
    ws = wb.create_sheet("Distribution")
    ws.append(["Who gets what (consolidated increase at each person's point, full year)"])
    ws["A1"].font = _BOLD
    _header(ws, 2, ["Increase above (%)", "Share of headcount", "Share of FTE", "Lowest-paid share all above"])
    for t in dist.share_above:
        ws.append([t, dist.share_above[t], dist.share_fte_above[t], dist.lowest_paid_above[t]])
        for col in ("B", "C", "D"):
            ws[f"{col}{ws.max_row}"].number_format = _PCT
    ws.append([])
    start = ws.max_row + 1
    _header(
        ws,
        start,
        ["Decile", "Headcount", "Pay from", "Pay to", "Mean increase %", "Mean increase (£ FT)", "Share of increase"],
    )
    for d in dist.deciles:
        ws.append(
            [
                d["decile"],
                d["headcount"],
                d["pay_from"],
                d["pay_to"],
                d["mean_increase_pct"] / 100,
                d["mean_increase_full_time"],
                d["share_of_increase"],
            ]
        )
        ws[f"E{ws.max_row}"].number_format = _PCT
        ws[f"G{ws.max_row}"].number_format = _PCT
    if dist.by_gender is not None:
        ws.append([])
        start = ws.max_row + 1
        keys = [k for k in dist.by_gender.groups[0] if k != "gender"] if dist.by_gender.groups else []
        _header(ws, start, ["Gender", *keys])
        for g in dist.by_gender.groups:
            ws.append([safe_cell(g["gender"]), *[g[k] for k in keys]])
        ws.append([])
        for k, v in dist.by_gender.gap.items():
            ws.append([f"Gender pay gap, {k.replace('_', ' ')} (%)", None if v is None else round(v, 2)])
        for line in dist.by_gender.summary:
            ws.append([line])
    _widths(ws, [34, 18, 14, 14, 16, 18, 16])


def _employer_sheet(wb: Workbook, cost: CostResult) -> None:
    rows = breakdown(cost, "employer")
    ws = wb.create_sheet("By employer")
    if not rows:
        return
    keys = list(rows[0])
    _header(ws, 1, keys)
    for r in rows:
        ws.append([safe_cell(r[k]) if k in ("employer", "headcount") else float(r[k]) for k in keys])
    last = ws.max_row
    ws.append(
        ["Total", *[f"=SUM({get_column_letter(j)}2:{get_column_letter(j)}{last})" for j in range(2, len(keys) + 1)]]
    )
    _widths(ws, [26, *([18] * (len(keys) - 1))])


def _headroom_sheet(wb: Workbook, heads: list[HeadroomAt]) -> None:
    ws = wb.create_sheet("Headroom")
    _header(ws, 1, ["Date", "Why", "Point", "Hourly pay", *[f"Over {k}" for k in (heads[0].floors if heads else {})]])
    for h in heads:
        for p, hourly, margins in h.points:
            margin = [None if v is None else float(v) for v in margins.values()]
            ws.append([h.on, safe_cell(h.why), safe_cell(p), float(hourly), *margin])
    _widths(ws, [12, 30, 8, 12, 12, 12, 12, 12])


def write_cost_workbook(
    path: str | Path, cost: CostResult, dist: Distribution | None = None, heads: list[HeadroomAt] | None = None
) -> Path:
    """Write the costing (and optionally the distribution and headroom) as an .xlsx workbook."""
    wb = Workbook()
    total_row = _points_sheet(wb, cost)
    _cost_sheet(wb, cost, total_row)
    if dist is not None:
        _distribution_sheet(wb, dist)
    _employer_sheet(wb, cost)
    if heads:
        _headroom_sheet(wb, heads)
    out = Path(path)
    wb.save(out)
    return out
