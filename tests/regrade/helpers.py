"""Building projections in memory for tests: a restructure on the NJC 2024/25 spine with the Birmingham grades,
a small workforce as arrays (no files), assumed awards and the bundled on-cost parameters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from payround.costing import OnCostParams
from payround.regrade.assign import Assignments, Records, assign
from payround.regrade.awards import AssumedAward, SpineStep, spine_steps
from payround.regrade.loader import load_grades
from payround.regrade.plan import RestructurePlan, compile_restructure
from payround.regrade.project import Projection, project
from payround.regrade.schema import Restructure
from payround.structures import load_structure

STRUCTURE = load_structure("njc/2024-25")
GRADES = load_grades("njc/birmingham-2024-25")
HOURS_SCALE, WEEKS_SCALE = 10_000, 1_000


def records(points: Sequence[str], hours: Sequence[Decimal], headcount: Sequence[int] | None = None) -> Records:
    """A workforce of one record per entry, every record its own unit, paid all year."""
    ids = STRUCTURE.point_ids
    n = len(points)
    u_point = np.array([ids.index(p) for p in points], dtype=np.int64)
    factor = np.array([int(h * HOURS_SCALE) for h in hours], dtype=np.int64) * int(
        STRUCTURE.weeks_per_year * WEEKS_SCALE
    )
    s = STRUCTURE

    def ratio(places: int) -> Fraction:
        return Fraction(100, 10**places * HOURS_SCALE * WEEKS_SCALE) / (
            Fraction(s.standard_hours) * Fraction(s.weeks_per_year)
        )

    hc = np.array(headcount if headcount is not None else [1] * n, dtype=np.int64)
    return Records(
        unit=np.arange(n, dtype=np.int64),
        headcount=hc,
        u_point=u_point,
        u_factor=factor,
        u_rate=np.zeros(n, dtype=np.int64),
        rate_codes=(("lgps_ew", None),),
        pay_ratio=ratio,
        columns={"group": (np.zeros(n, dtype=np.int64), ["Drivers"])},
    )


def plan(protection: dict[str, Any], *, years: int = 5, change: dict[str, Any] | None = None) -> RestructurePlan:
    """Grade 4 -> grade 3 from the projection's start, with ``protection``."""
    r = Restructure.model_validate(
        {
            "name": "test",
            "structure": "njc/2024-25",
            "grades": "njc/birmingham-2024-25",
            "start": "2025-04-01",
            "years": years,
            "protection": protection,
            "changes": [
                change
                or {"name": "g4 to g3", "effective": "2025-04-01", "where": {"group": "Drivers"}, "to": {"grade": 3}}
            ],
        }
    )
    return compile_restructure(r, STRUCTURE, GRADES)


def steps(percents: Sequence[Decimal], first: date = date(2025, 4, 1)) -> list[SpineStep]:
    """The spine with an assumed award each April from ``first``."""
    awards = [AssumedAward(p, date(first.year + i, first.month, 1)) for i, p in enumerate(percents)]
    return spine_steps(STRUCTURE, awards, date(2040, 1, 1))


def run(p: RestructurePlan, st: list[SpineStep], rec: Records) -> tuple[Assignments, Projection]:
    """Assign and project."""
    a = assign(p, rec)
    return a, project(p, st, rec, a, OnCostParams.bundled())
