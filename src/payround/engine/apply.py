"""Apply an offer to a structure: ``apply_offer(offer, structure) -> OfferResult``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from payround.engine.plan import Plan, compile_offer
from payround.engine.result import (
    InYear,
    LumpSumPayment,
    OfferResult,
    StageResult,
    day_before,
    days_inclusive,
    floor_change,
    follow_removed,
    point_change,
)
from payround.engine.run import StageState, run_plan
from payround.engine.run import pay_at as _pay
from payround.money import pct_change, quantize
from payround.offers.schema import Offer
from payround.structures.model import PayStructure

__all__ = ["apply_offer", "apply_plan", "final_pay"]


def final_pay(plan: Plan) -> dict[str, Decimal]:
    """Fast path: the final pay (floor applied) of each point still in force, without building the full result."""
    last = run_plan(plan)[-1]
    fl = last.floor
    return {p: _pay(r, fl) for p, r in zip(last.keys, last.rate_list, strict=True)}


def apply_offer(offer: Offer, structure: PayStructure) -> OfferResult:
    """Apply ``offer`` to ``structure`` and return every figure (``payround.apply_offer`` finds the structure the
    offer names for you).

    Raises OfferError (naming the offer file and YAML path) when the offer refers to points the structure lacks.
    """
    return apply_plan(compile_offer(offer, structure))


def apply_plan(plan: Plan) -> OfferResult:
    """Run a compiled plan and assemble the full result (stages, final, in-year, lump sums)."""
    s = plan.structure
    states = run_plan(plan)
    floor_name = plan.floor_name
    stages: list[StageResult] = []
    locations = follow_removed(s.point_ids, (st.moved for st in states))  # original point -> where its staff are
    pay_by_original: list[dict[str, Decimal]] = []  # after each stage, what each original point's staff are paid
    for st, location in zip(states, locations, strict=True):
        rates = st.rates
        pay_by_original.append({orig: _pay(rates[here], st.floor) for orig, here in location.items()})
        rows = [
            point_change(s, p, _pay(start, st.start_floor), _pay(r, st.floor), st.floor)
            for p, start, r in zip(st.keys, st.start_list, st.rate_list, strict=True)
        ]
        lumps = _lump_sums(plan, stages_index=len(stages), state=st)
        stages.append(
            StageResult(st.effective, floor_change(floor_name, st.start_floor, st.floor), rows, dict(st.moved), lumps)
        )
    last = states[-1]
    structure_floor = s.floor.rate if s.floor else None
    base_rates = s.rates
    # With one stage, the offer as a whole is that stage (it starts from the structure): share its rows.
    final_rows = (
        stages[0].points
        if len(states) == 1
        else [
            point_change(s, p, _pay(base_rates[p], structure_floor), _pay(r, last.floor), last.floor)
            for p, r in last.rates.items()
        ]
    )
    all_moved: dict[str, str] = {orig: here for orig, here in locations[-1].items() if orig != here}
    final = StageResult(
        states[-1].effective, floor_change(floor_name, structure_floor, last.floor), final_rows, all_moved, []
    )
    period = plan.offer.effective_period
    segments = _segments(plan, states, pay_by_original)
    in_year, in_year_floor = _in_year(plan, segments)
    final_by_original = pay_by_original[-1]
    return OfferResult(
        plan.offer,
        s,
        stages,
        final,
        in_year,
        in_year_floor,
        period.start,
        period.end,
        segments,
        final_by_original,
        last.rates,
        last.floor,
    )


def _lump_sums(plan: Plan, *, stages_index: int, state: StageState) -> list[LumpSumPayment]:
    out = []
    for op in plan.stages[stages_index].lump_sums:
        by_point = {
            p: op.amount for p, r in state.start_rates.items() if op.selector.matches(p, _pay(r, state.start_floor))
        }
        out.append(LumpSumPayment(op.paid, op.hours, by_point))
    return out


def _segments(
    plan: Plan, states: list[StageState], pay_by_original: list[dict[str, Decimal]]
) -> list[tuple[date, date, dict[str, Decimal], Decimal | None]]:
    """Split the period into pieces with one pay per original point (staff follow removed points)."""
    s = plan.structure
    period = plan.offer.effective_period
    floor0 = s.floor.rate if s.floor else None
    pieces: list[tuple[date, date, dict[str, Decimal], Decimal | None]] = []
    current = {p: _pay(r, floor0) for p, r in s.rates.items()}
    current_floor = floor0
    start = period.start
    for st, after in zip(states, pay_by_original, strict=True):
        if st.effective > start:
            end = min(day_before(st.effective), period.end)
            if end >= start:
                pieces.append((start, end, current, current_floor))
            start = max(start, st.effective)
        current = after
        current_floor = st.floor
        if start > period.end:
            break
    if start <= period.end:
        pieces.append((start, period.end, current, current_floor))
    return pieces


def _in_year(
    plan: Plan, segments: list[tuple[date, date, dict[str, Decimal], Decimal | None]]
) -> tuple[dict[str, InYear], InYear | None]:
    s = plan.structure
    period = plan.offer.effective_period
    total = Decimal(days_inclusive(period.start, period.end))
    places = Decimal("0.01") if s.unit == "year" else Decimal("0.0001")
    sums = dict.fromkeys(s.point_ids, Decimal(0))
    floor_sum = Decimal(0)
    for a, b, pay, fl in segments:
        days = Decimal(days_inclusive(a, b))
        for p, v in pay.items():
            sums[p] += v * days
        if fl is not None:
            floor_sum += fl * days
    floor0 = s.floor.rate if s.floor else None
    out = {}
    for p, r in s.rates.items():
        value = sums[p] / total
        out[p] = InYear(quantize(value, places), pct_change(value, _pay(r, floor0)))
    in_floor = None
    if floor0 is not None:
        fv = floor_sum / total
        in_floor = InYear(quantize(fv, places), pct_change(fv, floor0))
    return out, in_floor
