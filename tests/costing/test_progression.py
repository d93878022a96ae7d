"""Incremental progression: staff below the top of their grade move up a point; the drift is costed apart from the
award, exactly (award + drift = the same offer costed on the workforce one point up)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from payround.costing import cost_offer
from payround.costing.progression import grade_ranges, incremental_drift
from payround.errors import RestructureError, WorkforceError
from payround.regrade.grades import GradeSet
from payround.regrade.loader import load_grades
from payround.structures import load_structure

from .helpers import offer, workforce

ROOT = Path(__file__).resolve().parents[2]
AWARD = """
name: award
structure: njc/2023-24
period: {start: 2024-04-01, end: 2025-03-31}
stages:
  - effective: 2024-04-01
    steps: [{raise: {cash: 1290, per: year}}]
"""
GRADES = GradeSet.model_validate(
    {"id": "t", "structure": "njc/2023-24", "grades": [{"id": "A", "points": "2-4"}, {"id": "B", "points": "5-8"}]}
)


def test_below_the_top_moves_up_one_point_and_the_drift_is_exact() -> None:
    wf = workforce("employer,point,weekly_hours,grade\nX,2,37,A\nX,4,37,A\nX,6,18.5,B\nX,9,37,B\n")
    result = offer(AWARD)
    drift = incremental_drift(cost_offer(result, wf), GRADES)
    assert (drift.people_moving, drift.people_at_top, drift.people_outside_grade) == (2, 1, 1)
    after = result.final_by_original
    # SCP 2 -> 3 full time; SCP 6 -> 7 half time (pay is per person, rounded to the penny).
    expected = (after["3"] - after["2"]) + ((after["7"] - after["6"]) / 2).quantize(Decimal("0.01"))
    assert Decimal(drift.totals().pay_full_year) / 100 == expected
    assert drift.totals().on_costs_full_year > 0
    assert drift.totals().pay_in_year == drift.totals().pay_full_year  # increments on 1 April


def test_award_plus_drift_is_the_workforce_one_point_up() -> None:
    up = workforce("employer,point,weekly_hours\nX,3,37\nX,7,20\n")
    result = offer(AWARD)
    drift = incremental_drift(cost_offer(result, workforce("employer,point,weekly_hours\nX,2,37\nX,6,20\n")), GRADES)
    assert drift.with_increments.totals() == cost_offer(result, up).totals()


def test_grades_inferred_from_points_unless_ranges_overlap() -> None:
    wf = workforce("employer,point,weekly_hours\nX,2,37\nX,5,37\n")
    assert incremental_drift(cost_offer(offer(AWARD), wf), GRADES).people_moving == 2
    overlapping = GRADES.model_copy(
        update={"grades": (*GRADES.grades[:1], GRADES.grades[1].model_copy(update={"points": "4-8"}))}
    )
    wf4 = workforce("employer,point,weekly_hours\nX,4,37\n")
    with pytest.raises(WorkforceError, match=r"more than one grade.*add a grade column"):
        incremental_drift(cost_offer(offer(AWARD), wf4), overlapping)


def test_a_grade_not_in_the_file() -> None:
    wf = workforce("employer,point,weekly_hours,grade\nX,2,37,A\nX,3,37,Z\n")
    with pytest.raises(WorkforceError, match="row 3, column grade: this grade is not in the grade file"):
        incremental_drift(cost_offer(offer(AWARD), wf), GRADES)


def test_bad_grade_files(tmp_path: Path) -> None:
    s = load_structure("njc/2023-24")

    def grades(points: str) -> GradeSet:
        return GradeSet.model_validate({"id": "t", "structure": s.id, "grades": [{"id": "A", "points": points}]})

    with pytest.raises(RestructureError, match=r"grades\[0\].points: grade 'A': point 'two' is not in the structure"):
        grade_ranges(grades("two-four"), s)
    with pytest.raises(RestructureError, match="runs backwards"):
        grade_ranges(grades("9-5"), s)
    with pytest.raises(RestructureError, match="neither a bundled grade set nor a file"):
        load_grades(str(tmp_path / "missing.yaml"))


def test_the_example_payroll_with_its_grades() -> None:
    from payround.workforce import read_workforce
    from payround.workforce.mapping import load_column_map

    payroll = ROOT / "examples" / "payroll"
    wf = read_workforce(payroll / "payroll-export.csv", load_column_map(payroll / "columns.yaml"))
    result = offer((ROOT / "examples" / "njc-2024-25.yaml").read_text())
    drift = incremental_drift(cost_offer(result, wf), load_grades(str(payroll / "grades.yaml")))
    assert drift.people_moving + drift.people_at_top + drift.people_outside_grade == 40
    assert drift.people_moving > 0 and drift.totals().pay_full_year > 0
