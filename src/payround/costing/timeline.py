"""What an offer pays each original point over time, in the shape the costing needs: pay states (before, after each
stage, final), the period cut into pieces with one state each, the months of the period, and the lump sums."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from payround.engine import OfferResult

__all__ = ["Lump", "Month", "Timeline", "build_timeline"]

PayVector = tuple[Decimal, ...]  # pay per original point, in structure order, in the structure's unit


@dataclass(frozen=True, slots=True)
class Lump:
    """A one-off payment: pounds per original point for a full-timer on ``hours`` a week, paid on ``paid``."""

    paid: date
    hours: Decimal
    amounts: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class Month:
    """One pay month of the period, paid on its last day.

    ``share`` is the part of the month inside the period (1 for whole months); ``weights`` says which pay state is
    in force for which share of those days (state index -> fraction, summing to 1).
    """

    start: date
    end: date
    payday: date
    share: Fraction
    weights: tuple[tuple[int, Fraction], ...]


@dataclass(frozen=True)
class Timeline:
    """Pay states are numbered: 0 = before (the structure), then each distinct vector as first met."""

    states: list[PayVector]
    before: int
    stages: list[tuple[date, int]]
    final: int
    segments: list[tuple[date, date, int]]  # inclusive dates
    start: date
    end: date
    lumps: list[Lump]

    @property
    def days(self) -> int:
        """Days in the period."""
        return (self.end - self.start).days + 1

    def months(self) -> list[Month]:
        """The calendar months the period touches, each paid on its last day."""
        out: list[Month] = []
        y, m = self.start.year, self.start.month
        while date(y, m, 1) <= self.end:
            dim = calendar.monthrange(y, m)[1]
            a, b = max(date(y, m, 1), self.start), min(date(y, m, dim), self.end)
            days = (b - a).days + 1
            weights: dict[int, Fraction] = {}
            for s_from, s_to, state in self.segments:
                lo, hi = max(a, s_from), min(b, s_to)
                if lo <= hi:
                    weights[state] = weights.get(state, Fraction(0)) + Fraction((hi - lo).days + 1, days)
            out.append(Month(a, b, date(y, m, dim), Fraction(days, dim), tuple(sorted(weights.items()))))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def build_timeline(result: OfferResult) -> Timeline:
    """Read an OfferResult into pay states per original point (staff on removed points follow them)."""
    s = result.structure
    ids = s.point_ids
    states: list[PayVector] = []
    index: dict[PayVector, int] = {}

    def state(vec: PayVector) -> int:
        if vec not in index:
            index[vec] = len(states)
            states.append(vec)
        return index[vec]

    before = state(tuple(s.pay(p) for p in ids))
    stages: list[tuple[date, int]] = []
    lumps: list[Lump] = []
    for st, loc in zip(result.stages, result.locations(), strict=True):
        after = {pc.point: pc.after for pc in st.points}
        stages.append((st.effective, state(tuple(after[loc[o]] for o in ids))))
        for ls in st.lump_sums:
            amounts = tuple(ls.by_point.get(loc[o], Decimal(0)) for o in ids)
            lumps.append(Lump(ls.paid, ls.hours, amounts))
    final = state(tuple(result.final_by_original[o] for o in ids))
    segments = [(a, b, state(tuple(pay[o] for o in ids))) for a, b, pay in result.pay_timeline()]
    return Timeline(states, before, stages, final, segments, result.period_start, result.period_end, lumps)
