"""Properties of pay protection that hold for any workforce, awards and policy:

- protected pay never falls below the new grade's pay, nor rises above the old pay with its awards;
- with no protection, the employer's pay saving is exactly the sum of everyone's losses;
- the cost of protection is continuous (and never decreasing) in the protection's length.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from payround.regrade.summary import month_totals, unit_losses
from tests.regrade.helpers import STRUCTURE, plan, records, run, steps

GRADE4 = [str(p) for p in range(23, 32)]
WORKFORCE = st.lists(
    st.tuples(st.sampled_from(GRADE4), st.sampled_from([Decimal(37), Decimal("18.5"), Decimal("29.25")])),
    min_size=1,
    max_size=12,
)
AWARDS = st.lists(st.decimals(min_value=0, max_value=8, places=1), min_size=0, max_size=6)
MONTHS = st.decimals(min_value=Decimal("0.5"), max_value=60, places=2)
RULES = st.sampled_from(["old_pay", "frozen", "frozen_difference"])


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["none", "full", "tapered", "mark_time"]))
    if kind == "none":
        return {"kind": "none"}
    if kind == "full":
        return {"kind": "full", "months": draw(MONTHS), "awards": draw(RULES)}
    if kind == "mark_time":
        return {"kind": "mark_time"}
    n = draw(st.integers(1, 3))
    tapers = [{"months": draw(MONTHS), "percent": draw(st.decimals(0, 100, places=2))} for _ in range(n)]
    return {"kind": "tapered", "steps": tapers, "awards": draw(RULES)}


@settings(max_examples=60, deadline=None)
@given(WORKFORCE, AWARDS, policies())
def test_protected_pay_between_new_pay_and_old_pay_with_awards(
    staff: list[tuple[str, Decimal]], awards: list[Decimal], policy: dict[str, Any]
) -> None:
    rec = records([p for p, _ in staff], [h for _, h in staff])
    _, p = run(plan(policy), steps(awards), rec)
    assert (p.paid >= p.unprotected).all()
    assert (p.paid <= p.old).all()
    # the new grade's pay: nobody is paid less than grade 3's top point would pay them
    assert (p.unprotected <= p.old).all()


@settings(max_examples=40, deadline=None)
@given(WORKFORCE, AWARDS)
def test_without_protection_the_saving_is_the_sum_of_losses(
    staff: list[tuple[str, Decimal]], awards: list[Decimal]
) -> None:
    rec = records([p for p, _ in staff], [h for _, h in staff], [1 + i % 3 for i in range(len(staff))])
    pl = plan({"kind": "none"})
    _, p = run(pl, steps(awards), rec)
    t = month_totals(p)
    saving = int(t["pay_old"].sum() - t["pay_new"].sum())
    losses = unit_losses(pl, p)
    # the grid is exactly the five years the per-person losses cover (the change is at the start)
    assert len(pl.months) == 60
    assert saving == int((losses.before.sum(axis=0) * p.a_people).sum())
    assert saving == int((losses.after.sum(axis=0) * p.a_people).sum())
    assert int(t["protection"].sum()) == 0


def _cost(staff: list[tuple[str, Decimal]], months: Decimal, rule: str, awards: list[Decimal]) -> int:
    rec = records([p for p, _ in staff], [h for _, h in staff])
    _, p = run(plan({"kind": "full", "months": months, "awards": rule}), steps(awards), rec)
    t = month_totals(p)
    return int(t["protection"].sum() + t["protection_on_costs"].sum())


@settings(max_examples=40, deadline=None)
@given(WORKFORCE, MONTHS, RULES, AWARDS)
def test_protection_cost_is_continuous_in_its_length(
    staff: list[tuple[str, Decimal]], months: Decimal, rule: str, awards: list[Decimal]
) -> None:
    step = Decimal("0.01")
    here, there = _cost(staff, months, rule, awards), _cost(staff, months + step, rule, awards)
    # A hundredth of a month more protection costs at most a hundredth of the largest monthly loss (with on-costs
    # at under 40%), plus a few pennies of rounding per person and month.
    top = max(STRUCTURE.pay("31") - STRUCTURE.pay("22"), Decimal(0)) * Decimal("1.6")  # awards can widen the gap
    bound = len(staff) * (float(top) * 100 / 12 * 0.01 * 1.4 + 3 * 2)
    assert 0 <= there - here <= bound, (here, there, bound)


def test_longer_protection_costs_more_and_saves_less() -> None:
    rec = records(GRADE4, [Decimal(37)] * len(GRADE4))
    costs = [_cost(list(zip(GRADE4, [Decimal(37)] * 9, strict=True)), Decimal(m), "frozen", []) for m in (6, 36)]
    assert costs[0] < costs[1]
    _, p0 = run(plan({"kind": "none"}), steps([]), rec)
    assert int(month_totals(p0)["protection"].sum()) == 0
    assert np.array_equal(p0.paid, p0.unprotected)
