"""Apply an offer to a structure: ``apply_offer(offer, structure) -> OfferResult``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from payround.engine.plan import Plan, compile_offer
from payround.engine.result import (
    InYear,
    LumpSumPayment,
    OfferResult,
    PointChange,
    StageResult,
    day_before,
    days_inclusive,
    floor_change,
    follow_removed,
    in_years,
    point_changes,
)
from payround.engine.run import StageState, run_plan
from payround.engine.spine import Spine, spine
from payround.money import pct_change
from payround.offers.schema import Offer
from payround.structures.model import PayStructure

__all__ = ["apply_offer", "apply_plan", "final_pay"]

_CENT = Decimal("0.01")
_INCREASE_PCT = attrgetter("increase_pct")
_PCT_ZERO = Decimal("0.00")  # pct_change when the pay before is nothing

Segment = tuple[date, date, dict[str, Decimal], Decimal | None]


def final_pay(plan: Plan) -> dict[str, Decimal]:
    """Fast path: the final pay (floor applied) of each point still in force, without building the full result."""
    last = run_plan(plan)[-1]
    return dict(zip(last.keys, last.pay_list, strict=True))


def apply_offer(offer: Offer, structure: PayStructure) -> OfferResult:
    """Apply ``offer`` to ``structure`` and return every figure (``payround.apply_offer`` finds the structure the
    offer names for you).

    Raises OfferError (naming the offer file and YAML path) when the offer refers to points the structure lacks.
    """
    return apply_plan(compile_offer(offer, structure))


def _rows(
    sp: Spine,
    keys: Sequence[str],
    before: Sequence[Decimal],
    after: Sequence[Decimal],
    floor: Decimal | None,
    hundredths: Sequence[Decimal] | None = None,
) -> list[PointChange]:
    """``point_change`` for every point, column by column: the same figures (see ``spine._SHORT_PLACES`` for the
    percentages). ``hundredths`` are the ``before`` pays over 100 when known (the structure's own, kept by the
    spine): ``increase / (before / 100)`` is the same exact ratio as ``increase * 100 / before``, so rounds the same.
    """
    increase = [a - b for a, b in zip(after, before, strict=True)]
    if not sp.short:
        pct = [pct_change(a, b) for a, b in zip(after, before, strict=True)]
    else:
        hs = [b.scaleb(-2) for b in before] if hundredths is None else hundredths
        cent, up, zero = _CENT, ROUND_HALF_UP, _PCT_ZERO
        pct = [(i / h).quantize(cent, up) if h else zero for i, h in zip(increase, hs, strict=True)]
    absorbed = [False] * len(keys) if floor is None else [a == floor for a in after]
    return point_changes(
        zip(keys, before, after, increase, pct, sp.hourly(after), sp.annual(after), absorbed, strict=True)
    )


def apply_plan(plan: Plan) -> OfferResult:
    """Run a compiled plan and assemble the full result (stages, final, in-year, lump sums)."""
    s = plan.structure
    sp = spine(s)
    states = run_plan(plan)
    floor_name = plan.floor_name
    stages: list[StageResult] = []
    # Where each original point's staff are after each stage; while no point has gone, that is the point itself.
    locations = follow_removed(sp.keys, (st.moved for st in states)) if any(st.moved for st in states) else None
    pay_by_original: list[dict[str, Decimal]] = []  # after each stage, what each original point's staff are paid
    for si, st in enumerate(states):
        if locations is None:
            pay_by_original.append(dict(zip(st.keys, st.pay_list, strict=True)))
        else:
            here_pay = dict(zip(st.keys, st.pay_list, strict=True))
            pay_by_original.append({orig: here_pay[here] for orig, here in locations[si].items()})
        rows = _rows(sp, st.keys, st.start_pay, st.pay_list, st.floor, sp.hundredths if st.at_base else None)
        lumps = _lump_sums(plan, sp, stages_index=si, state=st)
        stages.append(
            StageResult(st.effective, floor_change(floor_name, st.start_floor, st.floor), rows, dict(st.moved), lumps)
        )
    last = states[-1]
    if len(states) == 1:
        final_rows = stages[0].points  # with one stage, the offer as a whole is that stage: share its rows
    else:
        if locations is None:
            final_rows = _rows(sp, last.keys, sp.pays, last.pay_list, last.floor, sp.hundredths)
        else:
            at = [sp.index[p] for p in last.keys]
            base, hs = [sp.pays[i] for i in at], [sp.hundredths[i] for i in at]
            final_rows = _rows(sp, last.keys, base, last.pay_list, last.floor, hs)
    all_moved = {} if locations is None else {orig: here for orig, here in locations[-1].items() if orig != here}
    final = StageResult(last.effective, floor_change(floor_name, sp.floor, last.floor), final_rows, all_moved, [])
    period = plan.offer.period_dates
    segments = _segments(sp, period, states, pay_by_original)
    in_year, in_year_floor = _in_year(sp, period, segments, final, pay_by_original[-1])
    final_by_original = pay_by_original[-1]
    # With no floor and no point deleted, the final rates are the final pay point for point: one mapping serves
    # (the last piece of the period already shares it, as it always has).
    final_rates = final_by_original if locations is None and last.floor is None else last.rates
    return OfferResult(
        plan.offer,
        s,
        stages,
        final,
        in_year,
        in_year_floor,
        period[0],
        period[1],
        segments,
        final_by_original,
        final_rates,
        last.floor,
    )


def _lump_sums(plan: Plan, sp: Spine, *, stages_index: int, state: StageState) -> list[LumpSumPayment]:
    out = []
    for op in plan.stages[stages_index].lump_sums:
        mask = state.select(sp, op.selector)
        by_point = {p: op.amount for p, m in zip(state.keys, mask, strict=True) if m}
        out.append(LumpSumPayment(op.paid, op.hours, by_point))
    return out


def _segments(
    sp: Spine, period: tuple[date, date], states: list[StageState], pay_by_original: list[dict[str, Decimal]]
) -> list[Segment]:
    """Split the period into pieces with one pay per original point (staff follow removed points)."""
    pieces: list[Segment] = []
    current: dict[str, Decimal] | None = None  # None: the structure's own pay (built only if a piece needs it)
    current_floor = sp.floor
    start, period_end = period

    def pay_now() -> dict[str, Decimal]:
        return dict(zip(sp.keys, sp.pays, strict=True)) if current is None else current

    for st, after in zip(states, pay_by_original, strict=True):
        if st.effective > start:
            end = min(day_before(st.effective), period_end)
            if end >= start:
                pieces.append((start, end, pay_now(), current_floor))
            start = max(start, st.effective)
        current = after
        current_floor = st.floor
        if start > period_end:
            break
    if start <= period_end:
        pieces.append((start, period_end, pay_now(), current_floor))
    return pieces


def _in_year(
    sp: Spine, period: tuple[date, date], segments: list[Segment], final: StageResult, last_pay: dict[str, Decimal]
) -> tuple[dict[str, InYear], InYear | None]:
    """Time-weighted pay of each original point (and the floor) over the period, and its rise on the structure's.

    When one piece covers the period at the final pay (the usual offer: its stages start on or before the period),
    each value is that pay exactly (pay x days / days: a rounded pay times a day count is exact at 28 digits), and
    its rise is the one in the final row of its point, which is reused (staff of deleted points have no row).
    """
    places = sp.in_year_places
    floor0 = sp.floor
    if len(segments) == 1 and segments[0][2] is last_pay and sp.short:
        fl = segments[0][3]
        if len(final.points) == len(sp.keys):  # no point deleted: the final rows are the original points, in order
            pct = list(map(_INCREASE_PCT, final.points))
        else:
            rows = {c.point: c.increase_pct for c in final.points}
            pct = [
                rows[p] if p in rows else pct_change(v, b) for (p, v), b in zip(last_pay.items(), sp.pays, strict=True)
            ]
        zero, up = sp.in_year_zero, ROUND_HALF_UP
        if zero is not None:  # the final pays are rounded to no more places than in-year values have
            values = [v + zero for v in last_pay.values()]
        else:
            values = [v.quantize(places, up) for v in last_pay.values()]
        out = dict(zip(sp.keys, in_years(zip(values, pct, strict=True)), strict=True))
        if floor0 is None:
            return out, None
        fv = fl if fl is not None else Decimal(0)
        return out, InYear(fv.quantize(places, ROUND_HALF_UP), pct_change(fv, floor0))
    total = Decimal(days_inclusive(*period))
    sums = [Decimal(0)] * len(sp.keys)
    floor_sum = Decimal(0)
    for a, b, pay, fl in segments:
        days = Decimal(days_inclusive(a, b))
        sums = [t + v * days for t, v in zip(sums, pay.values(), strict=True)]
        if fl is not None:
            floor_sum += fl * days
    out = {}
    for p, t, base in zip(sp.keys, sums, sp.pays, strict=True):
        value = t / total
        out[p] = InYear(value.quantize(places, ROUND_HALF_UP), pct_change(value, base))
    in_floor = None
    if floor0 is not None:
        fv = floor_sum / total
        in_floor = InYear(fv.quantize(places, ROUND_HALF_UP), pct_change(fv, floor0))
    return out, in_floor
