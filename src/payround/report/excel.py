"""Excel export of a costing (openpyxl), for a finance team to audit: the per-point table, the cost summary, a sheet
per ``--by`` (employer always; group or gender when asked), the assumptions, the distribution and the headroom.

Totals are SUM formulas over money (and headcount and FTE) columns, never over percentages; increases, percentages,
on-cost subtotals, the in-year figures and the total cost are formulas over the cells they come from; money is
rounded to the penny (no float noise) and shown with a £ format; shares and percentages are fractions shown as %."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from payround.costing.assumptions import assumptions
from payround.costing.cost import CostResult
from payround.costing.distribution import Distribution
from payround.costing.headroom import HeadroomAt
from payround.costing.progression import Drift
from payround.costing.summary import breakdown
from payround.report.safe import safe_cell

__all__ = ["SHEET_BY", "write_cost_workbook"]

_MONEY = '"£"#,##0.00'
_PCT = "0.00%"
_NUM = "#,##0.00"
_BOLD = Font(bold=True)
SHEET_BY = {"employer": "By employer", "group": "By group", "gender": "By gender"}


def _pounds(pence: int | float) -> float:
    """Pence as pounds rounded to the penny (the nearest double to the exact amount, so no float noise)."""
    return round(float(pence) / 100.0, 2)


def _inert(text: str) -> str:
    """A label from the user's file that a spreadsheet would run as a formula gets a leading quote (numbers such as
    -12.50 stay as they are: ``payround.report.safe``)."""
    return str(safe_cell(text))


def _header(ws: Any, row: int, names: Sequence[str]) -> None:
    for j, name in enumerate(names, start=1):
        ws.cell(row=row, column=j, value=name).font = _BOLD


def _widths(ws: Any, widths: Sequence[int]) -> None:
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w


def _points_sheet(wb: Workbook, cost: CostResult) -> int:
    """Per point: pay before/after, people, and the pay bills (full year and in-year); returns the totals row."""
    ws = wb.active
    ws.title = "Points"
    s = cost.result.structure
    pw = cost.prepared
    unit = "£ a year (full time)" if s.unit == "year" else "£ an hour"
    title = f"{cost.result.offer.name} on {pw.workforce.name or pw.workforce.source} ({s.id}; pay in {unit})"
    ws.append([_inert(title)])
    ws["A1"].font = _BOLD
    names = [
        "Point",
        "Pay before",
        "Pay after",
        "Increase",
        "Increase (%)",
        "Headcount",
        "FTE",
        "Pay bill before (£)",
        "Pay bill after, full year (£)",
        "Pay increase, full year (£)",
        "Pay bill in-year (£)",
        "Pay increase, in-year (£)",
    ]
    _header(ws, 2, names)
    n = len(s.point_ids)
    hc = pw.u_headcount.astype(np.float64)

    def per_point(values: Any) -> Any:
        return np.bincount(pw.u_point, weights=values, minlength=n)

    heads, fte = per_point(hc), per_point(pw.u_fte * hc)
    bills = [per_point(sc.pay * hc) for sc in (cost.before, cost.after, cost.in_year)]
    first = 3
    for i, p in enumerate(s.point_ids):
        r = first + i
        ws.append(
            [
                _inert(p),
                float(s.pay(p)),
                float(cost.result.final_by_original[p]),
                f"=C{r}-B{r}",
                f"=IF(B{r}=0,0,D{r}/B{r})",
                int(heads[i]),
                round(float(fte[i]), 2),
                _pounds(bills[0][i]),
                _pounds(bills[1][i]),
                f"=I{r}-H{r}",
                _pounds(bills[2][i]),
                f"=K{r}-H{r}",
            ]
        )
        for col, fmt in (("B", _NUM), ("C", _NUM), ("D", _NUM), ("E", _PCT), ("G", _NUM)):
            ws[f"{col}{r}"].number_format = fmt
        for col in "HIJKL":
            ws[f"{col}{r}"].number_format = _MONEY
    last = first + n - 1
    total = last + 1
    ws.cell(row=total, column=1, value="Total").font = _BOLD
    for col in "FGHIJKL":
        c = ws[f"{col}{total}"]
        c.value = f"=SUM({col}{first}:{col}{last})"
        c.font = _BOLD
        c.number_format = _MONEY if col in "HIJKL" else _NUM
    ws[f"E{total}"] = f"=IF(H{total}=0,0,J{total}/H{total})"
    ws[f"E{total}"].number_format = _PCT
    ws.append([])
    ws.append(["Pay bills per point are sums of each person's pay, rounded to the penny per person."])
    _widths(ws, [10, 12, 12, 12, 12, 12, 12, 20, 24, 22, 20, 22])
    ws.freeze_panes = "B3"
    return total


def _cost_sheet(wb: Workbook, cost: CostResult, total_row: int, drift: Drift | None = None) -> None:
    ws = wb.create_sheet("Cost")
    t = cost.totals()
    b, a, y = t.before, t.after, t.in_year
    lumps, lumps_in = t.lump_sums, t.lump_sums_in_period
    r = cost.result
    ws.append(["Cost summary", _inert(r.offer.name)])
    ws["A1"].font = _BOLD
    ws.append(["Period", f"{r.period_start.isoformat()} to {r.period_end.isoformat()}"])
    ws.append(["Headcount", cost.headcount])
    ws.append(["FTE", round(cost.fte, 2)])
    lines: list[tuple[str, str, Any, str]] = [
        ("pay_b", "Pay bill before (£)", f"=Points!H{total_row}", _MONEY),
        ("pay_a", "Pay bill after, full year (£)", f"=Points!I{total_row}", _MONEY),
        ("pay_inc", "Pay increase, full year (£)", "={pay_a}-{pay_b}", _MONEY),
        ("pay_pct", "Pay increase, full year (%)", "=IF({pay_b}=0,0,{pay_inc}/{pay_b})", _PCT),
        ("pay_y", "Pay bill in-year (£)", f"=Points!K{total_row}", _MONEY),
        ("pay_inc_y", "Pay increase, in-year (£)", "={pay_y}-{pay_b}", _MONEY),
    ]
    for key, label in (
        ("employer_ni", "Employer NI"),
        ("pension", "Employer pension"),
        ("apprenticeship_levy", "Apprenticeship Levy"),
    ):
        lines += [
            (f"{key}_b", f"{label} before (£)", _pounds(getattr(b, key)), _MONEY),
            (f"{key}_a", f"{label} after, full year (£)", _pounds(getattr(a, key)), _MONEY),
            (f"{key}_y", f"{label} in-year (£)", _pounds(getattr(y, key)), _MONEY),
        ]
    lines += [
        ("oc_b", "On-costs before (£)", "={employer_ni_b}+{pension_b}+{apprenticeship_levy_b}", _MONEY),
        ("oc_a", "On-costs after, full year (£)", "={employer_ni_a}+{pension_a}+{apprenticeship_levy_a}", _MONEY),
        ("oc_y", "On-costs in-year (£)", "={employer_ni_y}+{pension_y}+{apprenticeship_levy_y}", _MONEY),
        ("oc_inc", "On-cost increase, full year (£)", "={oc_a}-{oc_b}", _MONEY),
        ("oc_inc_y", "On-cost increase, in-year (£)", "={oc_y}-{oc_b}", _MONEY),
        ("lump", "Lump sums (£)", _pounds(lumps.pay), _MONEY),
        ("lump_oc", "On-costs of lump sums (£)", _pounds(lumps.on_costs), _MONEY),
        ("lump_in", "Lump sums paid in the period (£)", _pounds(lumps_in.pay), _MONEY),
        ("lump_oc_in", "On-costs of lump sums paid in the period (£)", _pounds(lumps_in.on_costs), _MONEY),
        ("total_b", "Total cost before (£)", "={pay_b}+{oc_b}", _MONEY),
        ("total_inc", "Total cost increase, full year (£)", "={pay_inc}+{oc_inc}+{lump}+{lump_oc}", _MONEY),
        ("total_pct", "Total cost increase, full year (%)", "=IF({total_b}=0,0,{total_inc}/{total_b})", _PCT),
        ("total_inc_y", "Total cost increase, in-year (£)", "={pay_inc_y}+{oc_inc_y}+{lump_in}+{lump_oc_in}", _MONEY),
    ]
    if drift is not None:
        d = drift.totals()
        lines += [
            ("drift_pay", "Incremental drift: pay, full year (£)", _pounds(d.pay_full_year), _MONEY),
            ("drift_oc", "Incremental drift: on-costs, full year (£)", _pounds(d.on_costs_full_year), _MONEY),
            ("drift", "Incremental drift, full year (£)", "={drift_pay}+{drift_oc}", _MONEY),
            ("with_drift", "Total cost increase with increments, full year (£)", "={total_inc}+{drift}", _MONEY),
            ("drift_pay_y", "Incremental drift: pay, in-year (£)", _pounds(d.pay_in_year), _MONEY),
            ("drift_oc_y", "Incremental drift: on-costs, in-year (£)", _pounds(d.on_costs_in_year), _MONEY),
            ("drift_y", "Incremental drift, in-year (£)", "={drift_pay_y}+{drift_oc_y}", _MONEY),
        ]
    at = {key: f"B{ws.max_row + 1 + i}" for i, (key, *_rest) in enumerate(lines)}
    for _key, label, value, fmt in lines:
        ws.append([label, value.format(**at) if isinstance(value, str) else value])
        ws.cell(row=ws.max_row, column=2).number_format = fmt
    ws.append([])
    ws.append(["On-costs are computed per person and month from dated parameters: see the Assumptions sheet."])
    if cost.illustrative:
        ws.append(["ILLUSTRATIVE: the structure or the workforce is illustrative, not published data."])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, color="C00000")
    for note in [*cost.notes, *(drift.notes() if drift is not None else [])]:
        ws.append([note])
    _widths(ws, [50, 22])


_BY_COLUMNS: list[tuple[str, str, str]] = [  # key, header, kind (text, count, num, money, pct, formula)
    ("headcount", "Headcount", "count"),
    ("fte", "FTE", "num"),
    ("paybill_before", "Pay bill before (£)", "money"),
    ("paybill_after_full_year", "Pay bill after, full year (£)", "money"),
    ("increase_full_year", "Pay increase, full year (£)", "money"),
    ("increase_full_year_pct", "Pay increase, full year (%)", "pct"),
    ("increase_in_year", "Pay increase, in-year (£)", "money"),
    ("on_costs_increase_full_year", "On-cost increase, full year (£)", "money"),
    ("lump_sums_with_on_costs", "Lump sums with on-costs (£)", "money"),
    ("total_cost_increase_full_year", "Total cost increase, full year (£)", "money"),
]
_BY_FORMULAS = {  # columns that are formulas over the row's own money cells (letters: B headcount ... K total)
    "increase_full_year": "=E{r}-D{r}",
    "increase_full_year_pct": "=IF(D{r}=0,0,F{r}/D{r})",
    "total_cost_increase_full_year": "=F{r}+I{r}+J{r}",
}


def _by_sheet(wb: Workbook, cost: CostResult, by: str) -> None:
    """Totals per employer, group or gender: every total a SUM of money (or people), percentages as formulas."""
    rows = breakdown(cost, by)
    ws = wb.create_sheet(SHEET_BY[by])
    _header(ws, 1, [by.capitalize(), *(h for _, h, _ in _BY_COLUMNS)])
    for i, g in enumerate(rows, start=2):
        values: list[Any] = [_inert(g.label)]
        for key, _h, kind in _BY_COLUMNS:
            if key in _BY_FORMULAS:
                values.append(_BY_FORMULAS[key].format(r=i))
            elif kind == "money":
                values.append(_pounds(getattr(g, key)))
            elif kind == "num":
                values.append(round(g.fte, 2))
            else:
                values.append(getattr(g, key))
        ws.append(values)
    last = ws.max_row
    total = last + 1
    ws.cell(row=total, column=1, value="Total").font = _BOLD
    for j, (key, _h, kind) in enumerate(_BY_COLUMNS, start=2):
        col = get_column_letter(j)
        cell = ws.cell(row=total, column=j)
        if kind == "pct":
            cell.value = _BY_FORMULAS[key].format(r=total)
        else:
            cell.value = f"=SUM({col}2:{col}{last})"
        cell.font = _BOLD
        for r in range(2, total + 1):
            ws.cell(row=r, column=j).number_format = {"money": _MONEY, "pct": _PCT, "num": _NUM}.get(kind, "#,##0")
    ws.freeze_panes = "B2"
    _widths(ws, [26, 12, 12, *([22] * (len(_BY_COLUMNS) - 2))])


def _assumptions_sheet(wb: Workbook, cost: CostResult) -> None:
    ws = wb.create_sheet("Assumptions")
    a = assumptions(cost)
    ws.append(["The on-cost rules this costing used"])
    ws["A1"].font = _BOLD
    for line in a.notes():
        ws.append([line])
    ws.append([])
    _header(ws, ws.max_row + 1, ["Rule", "From", "To", "Rate", "Threshold or allowance (£)", "Source"])
    for label, periods, extra in (
        ("Employer NI (monthly secondary threshold)", a.employer_ni, "secondary_threshold_monthly"),
        ("Apprenticeship Levy (yearly allowance)", a.apprenticeship_levy, "allowance"),
    ):
        for p in periods:
            source = p.sources[0][1] or p.sources[0][0] if p.sources else ""
            ws.append([label, p.start, p.end, float(p.values["rate"]), float(p.values[extra]), source])
            ws.cell(row=ws.max_row, column=4).number_format = _PCT
    for pb in a.pension:
        for p in pb.periods:
            source = p.sources[0][1] or p.sources[0][0] if p.sources else pb.basis
            what = _inert(f"Employer pension: {pb.employer} ({pb.label}{', DEFAULT' if pb.is_default else ''})")
            ws.append([what, p.start, p.end, float(p.values["rate"]), None, source])
            ws.cell(row=ws.max_row, column=4).number_format = _PCT
    ws.append(["Employment Allowance", None, None, None, None, a.employment_allowance])
    _widths(ws, [60, 12, 12, 10, 24, 60])


def _distribution_sheet(wb: Workbook, dist: Distribution) -> None:
    ws = wb.create_sheet("Distribution")
    ws.append(["Who gets what (consolidated increase at each person's point, full year)"])
    ws["A1"].font = _BOLD
    _header(ws, 2, ["Increase above (%)", "Share of headcount", "Share of FTE", "Lowest-paid share all above"])
    for t in dist.share_above:
        ws.append(
            [t, round(dist.share_above[t], 6), round(dist.share_fte_above[t], 6), round(dist.lowest_paid_above[t], 6)]
        )
        for col in "BCD":
            ws[f"{col}{ws.max_row}"].number_format = _PCT
    ws.append([])
    start = ws.max_row + 1
    _header(
        ws,
        start,
        [
            "Decile",
            "Headcount",
            "Full-time pay from (£)",
            "Full-time pay to (£)",
            "Mean increase (%)",
            "Mean increase, full time (£)",
            "Share of the increase",
        ],
    )
    for d in dist.deciles:
        ws.append(
            [
                int(d.decile),
                round(d.headcount, 1),
                round(d.pay_from, 2),
                round(d.pay_to, 2),
                round(d.mean_increase_pct / 100, 6),
                round(d.mean_increase_full_time, 2),
                round(d.share_of_increase, 6),
            ]
        )
        r = ws.max_row
        for col, fmt in (("C", _MONEY), ("D", _MONEY), ("E", _PCT), ("F", _MONEY), ("G", _PCT)):
            ws[f"{col}{r}"].number_format = fmt
    if dist.by_gender is not None:
        _gender_block(ws, dist)
    _widths(ws, [34, 18, 20, 20, 18, 24, 18])


_GENDER_COLUMNS: list[tuple[str, str, str]] = [
    ("headcount", "Headcount", "#,##0"),
    ("share_of_headcount", "Share of headcount", _PCT),
    ("fte", "FTE", _NUM),
    ("share_of_increase", "Share of the increase", _PCT),
    ("mean_increase_pct", "Mean increase (%)", _PCT),
    ("median_increase_pct", "Median increase (%)", _PCT),
    ("mean_increase", "Mean increase per person (£)", _MONEY),
    ("mean_hourly_before", "Mean hourly pay before (£)", _MONEY),
    ("mean_hourly_after", "Mean hourly pay after (£)", _MONEY),
    ("median_hourly_before", "Median hourly pay before (£)", _MONEY),
    ("median_hourly_after", "Median hourly pay after (£)", _MONEY),
]


def _gender_block(ws: Any, dist: Distribution) -> None:
    assert dist.by_gender is not None
    ws.append([])
    _header(ws, ws.max_row + 1, ["Gender", *(h for _, h, _ in _GENDER_COLUMNS)])
    for g in dist.by_gender.groups:
        values: list[Any] = [g["gender"]]
        for key, _h, fmt in _GENDER_COLUMNS:
            x = float(g[key])
            values.append(round(x / 100 if key.endswith("_pct") else x, 6 if fmt == _PCT else 2))
        ws.append(values)
        for j, (_k, _h, fmt) in enumerate(_GENDER_COLUMNS, start=2):
            ws.cell(row=ws.max_row, column=j).number_format = fmt
    ws.append([])
    for k, gap in dist.by_gender.gap.items():
        ws.append([f"Gender pay gap, {k.replace('_', ' ')}", None if gap is None else round(gap / 100, 6)])
        ws.cell(row=ws.max_row, column=2).number_format = _PCT
    for line in dist.by_gender.summary:
        ws.append([line])


def _headroom_sheet(wb: Workbook, heads: list[HeadroomAt]) -> None:
    ws = wb.create_sheet("Headroom")
    floors = list(heads[0].floors) if heads else []
    _header(ws, 1, ["Date", "Why", "Point", "Hourly pay (£)", *[f"Over {k} (£ an hour)" for k in floors]])
    for h in heads:
        for p, hourly, margins in h.points:
            margin = [None if v is None else float(v) for v in margins.values()]
            ws.append([h.on, _inert(h.why), _inert(p), float(hourly), *margin])
    _widths(ws, [12, 30, 8, 14, *([20] * len(floors))])


def write_cost_workbook(
    path: str | Path,
    cost: CostResult,
    dist: Distribution | None = None,
    heads: list[HeadroomAt] | None = None,
    by: Sequence[str] = ("employer",),
    drift: Drift | None = None,
) -> Path:
    """Write the costing as an .xlsx workbook: Points, Cost, a sheet per ``by`` (employer always first),
    Assumptions, and the distribution and headroom when given."""
    wb = Workbook()
    total_row = _points_sheet(wb, cost)
    _cost_sheet(wb, cost, total_row, drift)
    for name in dict.fromkeys(["employer", *by]):
        _by_sheet(wb, cost, name)
    _assumptions_sheet(wb, cost)
    if dist is not None:
        _distribution_sheet(wb, dist)
    if heads:
        _headroom_sheet(wb, heads)
    out = Path(path)
    wb.save(out)
    return out
