"""Incremental progression: staff below the top of their grade move up one point on their increment date, and the
cost of it ("incremental drift") is shown apart from the award.

The award is costed on the workforce as it is; the drift is the same offer costed on the workforce with every
eligible person one point up (the next point of their grade's range on the structure), less the award. Both are
exact (pence per person, on-costs month by month), so award + drift is the cost of the year with increments.
Increments are taken on the first day of the costing period - the NJC and SJC pay years start on 1 April, the
usual increment date; a person's own increment date is not modelled.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import numpy as np
import polars as pl

from payround.costing.cost import CostResult, cost_offer
from payround.costing.summary import pounds
from payround.errors import RestructureError, WorkforceError
from payround.regrade.grades import GradeSet
from payround.structures import PayStructure
from payround.workforce import Workforce

__all__ = ["Drift", "DriftTotals", "grade_ranges", "incremental_drift", "progressed_workforce"]


@dataclass(frozen=True, slots=True)
class DriftTotals:
    """The cost of increments in pence."""

    pay_full_year: int
    on_costs_full_year: int
    pay_in_year: int
    on_costs_in_year: int


@dataclass(frozen=True)
class Drift:
    """The award and the same offer with increments, and who moved."""

    grades: GradeSet
    award: CostResult
    with_increments: CostResult
    people_moving: int
    people_at_top: int
    people_outside_grade: int

    def totals(self) -> DriftTotals:
        """Drift in pence: pay and on-costs, full year and in-year (increments from the start of the period)."""
        a, w = self.award.totals(), self.with_increments.totals()
        return DriftTotals(
            pay_full_year=w.after.pay - a.after.pay,
            on_costs_full_year=w.after.on_costs - a.after.on_costs,
            pay_in_year=w.in_year.pay - a.in_year.pay,
            on_costs_in_year=w.in_year.on_costs - a.in_year.on_costs,
        )

    def notes(self) -> list[str]:
        """Plain-English notes for tables and workbooks."""
        t = self.totals()
        out = [
            f"Incremental drift ({self.grades.id}): {self.people_moving:,} staff below the top of their grade move "
            f"up a point on {self.award.timeline.start.isoformat()}, costing "
            f"£{pounds(t.pay_full_year + t.on_costs_full_year):,} a year with on-costs, on top of "
            "the award; "
            f"{self.people_at_top:,} are at the top of their grade."
        ]
        if self.people_outside_grade:
            out.append(
                f"{self.people_outside_grade:,} staff are on a point outside their grade's range and do not move."
            )
        return out


def _grade_codes(wf: Workforce, ranges: dict[str, list[int]], point: np.ndarray) -> np.ndarray:
    """Each row's grade as an index into ``ranges``: the grade column, or the one grade containing its point."""
    names = list(ranges)
    if wf.has("grade"):
        labels = wf.labels("grade")
        lookup = np.array([names.index(x) if x in ranges else -1 for x in labels] + [-1])
        codes = wf.codes("grade")
        rows = lookup[np.where(codes < 0, len(labels), codes)]
        bad = np.flatnonzero(rows < 0)
        if bad.size:
            i = int(bad[0])
            got = wf.frame["grade"][i]
            raise WorkforceError(
                "this grade is not in the grade file." if got is not None else "the grade is empty.",
                file=wf.source,
                place=f"row {wf.first_row + i}, column grade",
                expected=f"one of {', '.join(names)}",
                got=repr(got),
                hint="give every row a grade of the grade file (or correct the grade file).",
            )
        return rows
    owners: dict[int, list[int]] = {}
    for g, idx in enumerate(ranges.values()):
        for p in idx:
            owners.setdefault(p, []).append(g)
    n_points = int(point.max()) + 1 if point.size else 0
    table = np.full(max(n_points, 1), -1)
    for p in np.unique(point).tolist():
        found = owners.get(p, [])
        if len(found) > 1:
            raise WorkforceError(
                f"a point is in more than one grade ({', '.join(names[g] for g in found)}), so the grade of "
                "the staff on it is not known.",
                file=wf.source,
                place=f"row {wf.first_row + int(np.flatnonzero(point == p)[0])}, column point",
                hint="add a grade column to the workforce (or map the payroll's: --columns grade=Grade).",
            )
        table[p] = found[0] if found else -1
    out: np.ndarray = table[point]
    return out


def grade_ranges(grades: GradeSet, structure: PayStructure) -> dict[str, list[int]]:
    """Each grade's points as indexes into ``structure.point_ids``, bottom first (the grade model of
    :mod:`payround.regrade.grades`: a grade is a range of points)."""
    index = {p: i for i, p in enumerate(structure.point_ids)}
    out: dict[str, list[int]] = {}
    for k, g in enumerate(grades.grades):
        try:
            out[g.id] = [index[p] for p in grades.points(g.id, structure)]
        except ValueError as exc:
            raise RestructureError(
                f"grade {g.id!r}: {exc}.",
                file=grades.id or None,
                place=f"grades[{k}].points",
                hint=f"write the grade's points as a range of {structure.id}'s points, e.g. '9-22'.",
            ) from None
    return out


def progressed_workforce(wf: Workforce, cost: CostResult, grades: GradeSet) -> tuple[Workforce, dict[str, int]]:
    """``wf`` with everyone below the top of their grade one point up, and the people moving, at the top and
    outside their grade's range."""
    s = cost.result.structure
    ranges = grade_ranges(grades, s)
    point = np.asarray(wf.point_index(s)[0], dtype=np.int64)
    grade = _grade_codes(wf, ranges, point)
    n = len(s.point_ids)
    step = np.tile(np.arange(n), (len(ranges) + 1, 1))  # grade x point -> point after the increment
    status = np.full((len(ranges) + 1, n), 2)  # 0 moves, 1 at the top, 2 outside the grade
    for g, idx in enumerate(ranges.values()):
        for a, b in itertools.pairwise(idx):
            step[g, a], status[g, a] = b, 0
        status[g, idx[-1]] = 1
    g_row = np.where(grade < 0, len(ranges), grade)
    new_point = step[g_row, point]
    people = np.bincount(status[g_row, point], weights=wf.frame["headcount"].to_numpy(), minlength=3)
    labels = pl.Series("point", s.point_ids, dtype=pl.String).gather(new_point)
    frame = wf.frame.with_columns(labels.cast(pl.Enum(s.point_ids)).alias("point"))
    moved = dataclasses.replace(wf, frame=frame, _cache={})
    return moved, {"moving": int(people[0]), "top": int(people[1]), "outside": int(people[2])}


def incremental_drift(cost: CostResult, grades: GradeSet) -> Drift:
    """The cost of increments on top of ``cost`` (an award costed on its workforce)."""
    wf = cost.prepared.workforce
    moved, people = progressed_workforce(wf, cost, grades)
    with_increments = cost_offer(cost.result, moved, cost.options)
    return Drift(grades, cost, with_increments, people["moving"], people["top"], people["outside"])
