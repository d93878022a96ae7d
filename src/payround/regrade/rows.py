"""Rows of a projection for people and files: per person (one row per workforce record and path, with its
people), per year of the projection, per path, the loss at each old point, and how many lose more than £X.
Money here is in whole pence (ints); the reports layer turns it into pounds."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import polars as pl

from payround.costing.exact import Int64Array
from payround.regrade.assign import Assignments, Records
from payround.regrade.awards import SpineStep
from payround.regrade.plan import LOSS_YEARS, RestructurePlan
from payround.regrade.project import Projection, new_point_map
from payround.regrade.summary import UnitLosses
from payround.structures.model import PayStructure

__all__ = ["PointLossRow", "full_time_annual", "people_frame", "point_losses", "threshold_counts", "year_totals"]


def year_totals(plan: RestructurePlan, months: dict[str, Int64Array]) -> list[tuple[int, date, date, dict[str, int]]]:
    """Month totals summed by projection year: (year, first month, last month, totals)."""
    out = []
    for y in range(len(plan.months) // 12):
        sl = slice(12 * y, 12 * (y + 1))
        last = plan.months[12 * y + 11]
        end = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
        out.append((y + 1, plan.months[12 * y], end, {k: int(v[sl].sum()) for k, v in months.items()}))
    return out


def people_frame(
    plan: RestructurePlan, a: Assignments, p: Projection, losses: UnitLosses, records: Records
) -> pl.DataFrame:
    """One row per (record, path): who, where from and to, pay and losses (pence per person) and people."""
    ids = plan.structure.point_ids
    au = a.aunit
    months = plan.months
    ends = losses.protection_ends[au]
    ends_date = [None if e < 0 or e >= len(months) else months[e] for e in ends.tolist()]
    cols: dict[str, object] = {"row": a.record + 1}
    for name in ("employer", "group", "gender"):
        if name in records.columns:
            codes, labels = records.columns[name]
            lab = np.array([*labels, ""], dtype=object)
            cols[name] = lab[codes[a.record]]
    paths = plan.paths
    cols |= {
        "change": [plan.restructure.changes[paths[k].change].name for k in a.path.tolist()],
        "path": [paths[k].kind for k in a.path.tolist()],
        "people": a.people,
        "point_before": np.array(ids, dtype=object)[p.old_point[au]],
        "grade_before": np.array(plan.grade_of_point, dtype=object)[p.old_point[au]],
        "point_after": np.array(ids, dtype=object)[p.new_point[au]],
        "grade_after": np.array(plan.grade_of_point, dtype=object)[p.new_point[au]],
        "pay_before": p.old_annual[au],
        "pay_after": p.new_annual[au],
        "annual_loss": losses.annual_loss[au],
    }
    for y in range(LOSS_YEARS):
        cols[f"loss_y{y + 1}_before_protection"] = losses.before[y][au]
    for y in range(LOSS_YEARS):
        cols[f"loss_y{y + 1}_after_protection"] = losses.after[y][au]
    cols["loss_3y"] = losses.after[:3].sum(axis=0)[au]
    cols["loss_5y"] = losses.after[:LOSS_YEARS].sum(axis=0)[au]
    cols["protection_ends"] = ends_date
    cols["protection_beyond_projection"] = ends >= len(months)
    cols["lump_sum"] = p.lump.sum(axis=1)[au]
    cols["severance"] = p.severance.sum(axis=1)[au]
    cols["stays"] = losses.stays[au]
    frame = pl.DataFrame(cols, strict=False)
    return frame


@dataclass(frozen=True)
class PointLossRow:
    """The loss at one old point on one path: on the structure's own spine and at the date of the change."""

    change: str
    point_before: str
    point_after: str
    pay_before: Decimal
    pay_after: Decimal
    loss: Decimal
    pay_before_at_change: Decimal
    pay_after_at_change: Decimal
    loss_at_change: Decimal
    people: int


def full_time_annual(s: PayStructure, value: Decimal) -> Decimal:
    """A rate as full-time annual pay: itself for annual structures, else converted and rounded to the penny."""
    if s.unit == "year":
        return value
    return s.full_time_annual(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


def point_losses(plan: RestructurePlan, steps: list[SpineStep], p: Projection) -> list[PointLossRow]:
    """For every moving path (move, lower grade, training), each old point with people on it: full-time annual pay
    before and after on the structure's own spine and on the spine in force at the change."""
    ids = plan.structure.point_ids
    s = plan.structure
    own = steps[0].pay
    out: list[PointLossRow] = []
    for k, path in enumerate(plan.paths):
        if path.target is None:
            continue
        rows = p.a_path == k
        at = plan.months[path.pay_month] if path.pay_month < len(plan.months) else plan.months[-1]
        vec = [st for st in steps if st.effective <= at][-1].pay
        m_own, m_at = new_point_map(plan, path, own), new_point_map(plan, path, vec)
        people = np.bincount(p.old_point[rows], weights=p.a_people[rows], minlength=len(ids)).astype(np.int64)
        for i in np.flatnonzero(people).tolist():
            b, a_ = full_time_annual(s, own[i]), full_time_annual(s, own[m_own[i]])
            bc, ac = full_time_annual(s, vec[i]), full_time_annual(s, vec[m_at[i]])
            out.append(
                PointLossRow(plan.restructure.changes[path.change].name if path.option < 0 else path.label,
                             ids[i], ids[m_own[i]], b, a_, b - a_, bc, ac, bc - ac, int(people[i]))
            )  # fmt: skip
    return out


def threshold_counts(plan: RestructurePlan, p: Projection, losses: UnitLosses) -> list[tuple[Decimal, int, int, int]]:
    """For each threshold £X: people whose annual loss at the change exceeds X, whose loss in the first year
    after protection exceeds X, and whose loss over 3 years after protection exceeds X."""
    out = []
    three = losses.after[:3].sum(axis=0)
    for x in plan.restructure.thresholds:
        pence = int(x * 100)
        out.append(
            (
                x,
                int(p.a_people[losses.annual_loss > pence].sum()),
                int(p.a_people[losses.after[0] > pence].sum()),
                int(p.a_people[three > pence].sum()),
            )
        )
    return out
