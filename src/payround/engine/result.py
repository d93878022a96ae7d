"""The result of applying an offer: per stage, final and in-year pay per point, in exact decimals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any, NamedTuple, cast

from payround.money import ZERO, pct_change
from payround.offers.schema import Offer
from payround.structures.model import Floor, PayStructure

__all__ = [
    "FloorChange",
    "InYear",
    "LumpSumPayment",
    "OfferResult",
    "PointChange",
    "StageResult",
    "follow_removed",
    "in_years",
    "point_changes",
]


def follow_removed(points: Iterable[str], moves: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    """Where the staff of each original point are after each stage, when stages remove points: ``moves`` are each
    stage's removed point -> the point its staff move to. The one place staff follow deleted points (the engine's
    pay per original point, the costing's pay states and the take-home headcounts all use it)."""
    location = {p: p for p in points}
    out = []
    for moved in moves:
        if moved:
            location = {orig: moved.get(here, here) for orig, here in location.items()}
        out.append(dict(location))
    return out


_CENT = Decimal("0.01")


class PointChange(NamedTuple):
    """Pay at one point before and after (floor applied), in the structure's unit.

    A named tuple rather than a frozen dataclass: an offer's result holds one per point per stage, and building a
    tuple costs a third of what a frozen dataclass's ``__init__`` does (immutable all the same).
    """

    point: str
    before: Decimal
    after: Decimal
    increase: Decimal
    increase_pct: Decimal
    after_hourly: Decimal
    after_annual: Decimal
    absorbed: bool  # paid the floor after the change


@dataclass(frozen=True, slots=True)
class FloorChange:
    """The floor before and after."""

    name: str
    before: Decimal
    after: Decimal
    increase: Decimal
    increase_pct: Decimal


@dataclass(frozen=True, slots=True)
class LumpSumPayment:
    """A one-off payment: pounds per point for a full-timer on ``hours`` a week, paid on ``paid``."""

    paid: date
    hours: Decimal
    by_point: dict[str, Decimal]


@dataclass(frozen=True, slots=True)
class StageResult:
    """One stage (or the offer as a whole, for ``final``)."""

    effective: date
    floor: FloorChange | None
    points: list[PointChange]
    removed: dict[str, str] = field(default_factory=dict)  # removed point -> where its staff go
    lump_sums: list[LumpSumPayment] = field(default_factory=list)

    def point(self, label: str) -> PointChange:
        """The row of one point (KeyError if it is not in force)."""
        for p in self.points:
            if p.point == label:
                return p
        raise KeyError(label)


class InYear(NamedTuple):
    """Time-weighted pay over the offer's period, and its increase over the structure's pay (a named tuple, as
    :class:`PointChange`)."""

    value: Decimal
    increase_pct: Decimal


_NEW_POINT = partial(tuple.__new__, PointChange)
_NEW_IN_YEAR = partial(tuple.__new__, InYear)


def point_changes(
    rows: Iterable[tuple[str, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, bool]],
) -> list[PointChange]:
    """Rows (point, before, after, increase, increase_pct, after_hourly, after_annual, absorbed) as PointChanges, one C
    call each (``PointChange._make`` would add a Python call per row to check a length the engine always gets right)."""
    return cast(list[PointChange], list(map(_NEW_POINT, rows)))


def in_years(rows: Iterable[tuple[Decimal, Decimal]]) -> list[InYear]:
    """Pairs (value, increase_pct) as InYears, as :func:`point_changes`."""
    return cast(list[InYear], list(map(_NEW_IN_YEAR, rows)))


@dataclass(frozen=True, slots=True)
class OfferResult:
    """Everything an offer does to a structure. Build it with ``payround.engine.apply_offer``."""

    offer: Offer
    structure: PayStructure
    stages: list[StageResult]
    final: StageResult
    in_year: dict[str, InYear]
    in_year_floor: InYear | None
    period_start: date
    period_end: date
    # pay per original point (staff follow removed points to their new point), for each piece of the period
    segments: list[tuple[date, date, dict[str, Decimal], Decimal | None]]
    final_by_original: dict[str, Decimal]
    final_rates: dict[str, Decimal]  # rates (before the floor) of the points in force at the end
    final_floor: Decimal | None

    @property
    def illustrative(self) -> bool:
        """True when the structure has illustrative figures (outputs must say so)."""
        return self.structure.illustrative

    def locations(self) -> list[dict[str, str]]:
        """After each stage, the point the staff of each original point are on (see :func:`follow_removed`)."""
        return follow_removed(self.structure.point_ids, (st.removed for st in self.stages))

    @property
    def lump_sums(self) -> list[LumpSumPayment]:
        """Every one-off payment of every stage."""
        return [ls for s in self.stages for ls in s.lump_sums]

    def as_structure(self, new_id: str | None = None, *, pay_year: str = "") -> PayStructure:
        """The structure in force after the offer (same conventions, new rates and floor; deleted points gone).

        Chaining offers this way is how a later year's spine follows from a published award.
        """
        s = self.structure
        points = [p.model_copy(update={"rate": self.final_rates[p.id]}) for p in s.points if p.id in self.final_rates]
        floor = s.floor
        if self.final_floor is not None:
            floor = (
                s.floor.model_copy(update={"rate": self.final_floor})
                if s.floor is not None
                else Floor(name="minimum", rate=self.final_floor, basis="derived", source=self.offer.name)
            )
        return s.model_copy(
            update={
                "id": new_id or f"{s.id}+{self.offer.name}",
                "pay_year": pay_year or s.pay_year,
                "effective": self.stages[-1].effective,
                "points": tuple(points),
                "floor": floor,
                "notes": f"{s.id} after '{self.offer.name}'.",
            }
        )

    @property
    def moved_changes(self) -> list[PointChange]:
        """Pay before and after for the staff of each deleted point, who end on the point they moved to (in
        structure order): the rise they get is the one on their new point plus the step up to it."""
        s, final = self.structure, self.final
        return [
            point_change(s, p, s.pay(p), self.final_by_original[p], self.final_floor)
            for p in s.point_ids
            if p in final.removed
        ]

    @property
    def everyone(self) -> list[PointChange]:
        """Every original point's staff, before and after: the points in force at the end and the deleted ones."""
        by_point = {c.point: c for c in [*self.final.points, *self.moved_changes]}
        return [by_point[p] for p in self.structure.point_ids if p in by_point]

    def pay_timeline(self) -> list[tuple[date, date, dict[str, Decimal]]]:
        """Pieces of the period (inclusive dates) with the pay of every original point in force in each."""
        return [(a, b, pay) for a, b, pay, _ in self.segments]

    def to_json(self) -> dict[str, Any]:
        """The machine-readable result, exactly as DESIGN §3 (more keys are welcome)."""
        from payround.engine.document import offer_document  # the document module imports this one

        data: dict[str, Any] = offer_document(self).model_dump(mode="json")
        return data


def point_change(s: PayStructure, label: str, before: Decimal, after: Decimal, floor: Decimal | None) -> PointChange:
    """Build one row, with the hourly and annual equivalents of the new pay on the standard week."""
    hourly = after if s.unit == "hour" else s.to_hourly(after).quantize(_CENT, ROUND_HALF_UP)
    annual = after if s.unit == "year" else s.full_time_annual(after).quantize(_CENT, ROUND_HALF_UP)
    return PointChange(
        label,
        before,
        after,
        after - before,
        pct_change(after, before),
        hourly,
        annual,
        floor is not None and after == floor,
    )


def floor_change(name: str | None, before: Decimal | None, after: Decimal | None) -> FloorChange | None:
    """The floor row, or None when there is no floor at either end."""
    if after is None or name is None:
        return None
    b = before if before is not None else ZERO
    return FloorChange(name, b, after, after - b, pct_change(after, b))


def days_inclusive(a: date, b: date) -> int:
    """Days from ``a`` to ``b`` inclusive."""
    return (b - a).days + 1


def day_before(d: date) -> date:
    """The day before ``d``."""
    return d - timedelta(days=1)
