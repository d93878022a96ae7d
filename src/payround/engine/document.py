"""The result of an offer as a typed document: the DESIGN §3 JSON (``payround apply --format json``), one model.

Pure (Pydantic models only). ``OfferResult.to_json()`` and the reports layer's ``ApplyReport`` both come from here,
so the library and every front end print the same figures. Rates are kept at the structure's precision (NJC
``20258``, SJC ``10.50``); Decimal fields serialise as exact strings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from payround.engine.result import OfferResult, StageResult
from payround.money import quantize
from payround.structures.model import PayStructure

__all__ = [
    "FloorDoc",
    "InYearDoc",
    "InYearPointDoc",
    "InYearValueDoc",
    "LumpSumDoc",
    "OfferDocument",
    "PeriodDoc",
    "PointDoc",
    "RemovedDoc",
    "StageDoc",
    "offer_document",
    "stage_document",
]


class _Doc(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class FloorDoc(_Doc):
    """The floor (e.g. SLGLW) before and after."""

    name: str
    before: Decimal
    after: Decimal
    increase: Decimal
    increase_pct: Decimal


class PointDoc(_Doc):
    """Pay at one point before and after (floor applied), in the structure's unit, with both equivalents."""

    point: str
    before: Decimal
    after: Decimal
    increase: Decimal
    increase_pct: Decimal
    after_hourly: Decimal
    after_annual: Decimal
    absorbed: bool


class RemovedDoc(_Doc):
    """A deleted point and where its staff go."""

    point: str
    moved_to: str


class LumpSumDoc(_Doc):
    """A one-off payment: pounds per point for a full-timer on ``hours`` a week, paid on ``paid``."""

    paid: date
    hours: Decimal
    by_point: dict[str, Decimal]


class StageDoc(_Doc):
    """One stage, or the offer as a whole (``final``)."""

    effective: date
    floor: FloorDoc | None
    points: list[PointDoc]
    removed: list[RemovedDoc]
    lump_sums: list[LumpSumDoc]


class InYearValueDoc(_Doc):
    """Time-weighted pay over the period and its increase over the structure's pay."""

    value: Decimal
    increase_pct: Decimal


class InYearPointDoc(InYearValueDoc):
    """In-year pay of one original point."""

    point: str


class InYearDoc(_Doc):
    """In-year values of the floor and every original point."""

    floor: InYearValueDoc | None
    points: list[InYearPointDoc]


class PeriodDoc(_Doc):
    """The pay year the in-year values cover."""

    start: date
    end: date


class OfferDocument(_Doc):
    """An offer applied to a structure: DESIGN §3's JSON, exactly."""

    offer: str
    structure: str
    unit: str
    illustrative: bool
    illustrative_points: list[str]
    period: PeriodDoc
    stages: list[StageDoc]
    final: StageDoc
    in_year: InYearDoc


def _at_precision(s: PayStructure) -> Decimal:
    exp = s.rounding.quantum.normalize().as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    return Decimal(1).scaleb(-places)


def stage_document(st: StageResult, s: PayStructure) -> StageDoc:
    """One stage as a document, rates at the structure's precision."""
    q = _at_precision(s)
    return StageDoc(
        effective=st.effective,
        floor=None
        if st.floor is None
        else FloorDoc(
            name=st.floor.name,
            before=quantize(st.floor.before, q),
            after=quantize(st.floor.after, q),
            increase=quantize(st.floor.increase, q),
            increase_pct=st.floor.increase_pct,
        ),
        points=[
            PointDoc(
                point=p.point,
                before=quantize(p.before, q),
                after=quantize(p.after, q),
                increase=quantize(p.increase, q),
                increase_pct=p.increase_pct,
                after_hourly=p.after_hourly,
                after_annual=p.after_annual,
                absorbed=p.absorbed,
            )
            for p in st.points
        ],
        removed=[RemovedDoc(point=p, moved_to=q_) for p, q_ in st.removed.items()],
        lump_sums=[LumpSumDoc(paid=ls.paid, hours=ls.hours, by_point=dict(ls.by_point)) for ls in st.lump_sums],
    )


def offer_document(result: OfferResult) -> OfferDocument:
    """The typed document of an offer's result."""
    s = result.structure
    iyf = result.in_year_floor
    return OfferDocument(
        offer=result.offer.name,
        structure=s.id,
        unit=s.unit,
        illustrative=result.illustrative,
        illustrative_points=s.illustrative_points,
        period=PeriodDoc(start=result.period_start, end=result.period_end),
        stages=[stage_document(st, s) for st in result.stages],
        final=stage_document(result.final, s),
        in_year=InYearDoc(
            floor=None if iyf is None else InYearValueDoc(value=iyf.value, increase_pct=iyf.increase_pct),
            points=[
                InYearPointDoc(point=p, value=v.value, increase_pct=v.increase_pct) for p, v in result.in_year.items()
            ],
        ),
    )
