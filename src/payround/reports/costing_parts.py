"""The parts of the costing reports: stated assumptions, incremental drift, deciles, the equality impact, points,
claims and headroom as typed documents, and the text people read about them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ConfigDict, Field

from payround.reports.base import Cell, Kind, Report, Row, Table

__all__ = [
    "AssumptionsDoc",
    "ClaimDoc",
    "DecileDoc",
    "DriftDoc",
    "GenderDoc",
    "HeadroomDoc",
    "PointDoc",
    "assumptions_doc",
    "decile_doc",
    "drift_doc",
    "flat_rows",
    "gender_doc",
    "headroom_doc",
    "headroom_line",
    "point_docs",
]


def _d(x: float, places: int) -> Decimal:
    """A float figure as the exact decimal it is shown as (``f"{x:.{places}f}"``)."""
    return Decimal(f"{x:.{places}f}")


# --- assumptions --------------------------------------------------------------------------------------------------


class SourceDoc(Report):
    """Where a value comes from."""

    title: str
    href: str


class RatePeriodDoc(Report):
    """Values in force from ``from`` to ``to`` (paydays within the period), with their sources."""

    model_config = ConfigDict(frozen=True, serialize_by_alias=True, populate_by_name=True)

    start: date = Field(alias="from")
    end: date = Field(alias="to")
    values: dict[str, Decimal]
    sources: list[SourceDoc]


class PensionDoc(Report):
    """The employer pension rate of some employers (those costed alike) and where it came from; ``default`` when no
    rate was given for them. Employers costed alike share one entry: a workforce of 349 councils at the default rate
    is one entry naming 349 employers, not 349 copies of one rate and its sources."""

    employers: list[str]
    basis: str
    scheme: str | None
    label: str
    default: bool
    rates: list[RatePeriodDoc]


class AssumptionsDoc(Report):
    """The on-cost rules a costing used, as data and as sentences (``notes``)."""

    employer_ni: list[RatePeriodDoc]
    apprenticeship_levy: list[RatePeriodDoc]
    employment_allowance: str
    pension: list[PensionDoc]
    notes: list[str]


def _periods(periods: Any) -> list[RatePeriodDoc]:
    return [
        RatePeriodDoc(
            start=p.start,
            end=p.end,
            values=dict(p.values),
            sources=[SourceDoc(title=t, href=h) for t, h in p.sources],
        )
        for p in periods
    ]


def _pension_groups(bases: Any) -> list[PensionDoc]:
    """Employers costed alike (basis, scheme, label, default and dated rates all equal) as one entry each, in the
    order they first appear."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    first: dict[tuple[Any, ...], Any] = {}
    for p in bases:
        periods = tuple((r.start, r.end, tuple(sorted(r.values.items())), r.sources) for r in p.periods)
        key = (p.basis, p.scheme, p.label, p.is_default, periods)
        groups.setdefault(key, []).append(p.employer)
        first.setdefault(key, p)
    return [
        PensionDoc(
            employers=employers,
            basis=first[key].basis,
            scheme=first[key].scheme,
            label=first[key].label,
            default=first[key].is_default,
            rates=_periods(first[key].periods),
        )
        for key, employers in groups.items()
    ]


def assumptions_doc(a: Any) -> AssumptionsDoc:
    """From :class:`payround.costing.assumptions.Assumptions`."""
    return AssumptionsDoc(
        employer_ni=_periods(a.employer_ni),
        apprenticeship_levy=_periods(a.apprenticeship_levy),
        employment_allowance=a.employment_allowance,
        pension=_pension_groups(a.pension),
        notes=a.notes(),
    )


# --- incremental drift --------------------------------------------------------------------------------------------


class DriftDoc(Report):
    """Incremental progression costed apart from the award (pounds)."""

    grades: str
    increment_date: date
    people_moving_up: int
    people_at_top_of_grade: int
    people_outside_their_grade: int
    pay_full_year: Decimal
    on_costs_full_year: Decimal
    total_full_year: Decimal
    pay_in_year: Decimal
    on_costs_in_year: Decimal
    total_in_year: Decimal
    notes: list[str]


def drift_doc(drift: Any) -> DriftDoc:
    """From :class:`payround.costing.progression.Drift`."""
    from payround.costing.summary import pounds

    t = drift.totals()
    return DriftDoc(
        grades=drift.grades.id,
        increment_date=drift.award.timeline.start,
        people_moving_up=drift.people_moving,
        people_at_top_of_grade=drift.people_at_top,
        people_outside_their_grade=drift.people_outside_grade,
        pay_full_year=pounds(t.pay_full_year),
        on_costs_full_year=pounds(t.on_costs_full_year),
        total_full_year=pounds(t.pay_full_year + t.on_costs_full_year),
        pay_in_year=pounds(t.pay_in_year),
        on_costs_in_year=pounds(t.on_costs_in_year),
        total_in_year=pounds(t.pay_in_year + t.on_costs_in_year),
        notes=drift.notes(),
    )


# --- distribution -------------------------------------------------------------------------------------------------


class DecileDoc(Report):
    """One tenth of the headcount, from the lowest paid."""

    decile: int
    headcount: Decimal
    pay_from: Decimal
    pay_to: Decimal
    mean_increase_pct: Decimal
    mean_increase_full_time: Decimal
    share_of_increase: Decimal


def decile_doc(d: Any) -> DecileDoc:
    """From a :class:`payround.costing.distribution.Decile`."""
    return DecileDoc(
        decile=d.decile,
        headcount=_d(d.headcount, 1),
        pay_from=_d(d.pay_from, 2),
        pay_to=_d(d.pay_to, 2),
        mean_increase_pct=_d(d.mean_increase_pct, 2),
        mean_increase_full_time=_d(d.mean_increase_full_time, 2),
        share_of_increase=_d(d.share_of_increase, 4),
    )


class GenderGroupDoc(Report):
    """Figures for one gender value (shares as fractions, percentages in percent, pay in pounds)."""

    gender: str
    headcount: Decimal
    share_of_headcount: Decimal
    fte: Decimal
    share_of_increase: Decimal
    mean_increase_pct: Decimal
    median_increase_pct: Decimal
    mean_increase: Decimal
    mean_hourly_before: Decimal
    mean_hourly_after: Decimal
    median_hourly_before: Decimal
    median_hourly_after: Decimal


class GenderDoc(Report):
    """The equality impact by gender."""

    groups: list[GenderGroupDoc]
    pay_gap_pct: dict[str, Decimal | None]
    summary: list[str]

    def table(self, illustrative: bool = False) -> Table:
        """One row per gender value."""
        return Table.build(
            "By gender",
            [
                "gender",
                ("headcount", Kind.integer),
                ("share", Kind.share),
                ("mean incr.", Kind.pct),
                ("median incr.", Kind.pct),
                ("share of money", Kind.share),
            ],
            [
                Row(
                    cells=(
                        g.gender,
                        int(g.headcount),
                        g.share_of_headcount,
                        g.mean_increase_pct,
                        g.median_increase_pct,
                        g.share_of_increase,
                    ),
                    illustrative=illustrative,
                )
                for g in self.groups
            ],
        )


def gender_doc(g: Any) -> GenderDoc:
    """From :class:`payround.costing.equality.GenderSummary`."""
    keys = [k for k in GenderGroupDoc.model_fields if k != "gender"]
    return GenderDoc(
        groups=[
            GenderGroupDoc(gender=row["gender"], **{k: _d(row[k], 4 if k.startswith("share") else 2) for k in keys})
            for row in g.groups
        ],
        pay_gap_pct={k: None if v is None else _d(v, 2) for k, v in g.gap.items()},
        summary=list(g.summary),
    )


class PointDoc(Report):
    """One original point: pay before and after (the structure's unit), increase, people."""

    point: str
    before: Decimal
    after: Decimal
    increase_pct: Decimal
    headcount: int
    fte: Decimal


def point_docs(st: Any) -> list[PointDoc]:
    """From :class:`payround.costing.distribution.PointStats`."""
    return [
        PointDoc(point=p, before=b, after=a, increase_pct=_d(float(i), 2), headcount=int(h), fte=_d(f, 2))
        for p, b, a, i, h, f in zip(st.points, st.before, st.after, st.increase_pct, st.headcount, st.fte, strict=True)
    ]


class ClaimDoc(Report):
    """A check of "the lowest-paid SHARE% get more than ABOVE%"."""

    claim: str
    holds: bool
    smallest_increase_pct: Decimal | None
    lowest_paid_share_above: Decimal


# --- headroom -----------------------------------------------------------------------------------------------------


class HeadroomPointDoc(Report):
    """A point's hourly pay and its margin over each floor (pounds an hour and percent; None where unsourced)."""

    point: str
    hourly: Decimal
    headroom: dict[str, Decimal | None]
    headroom_pct: dict[str, Decimal | None]


class HeadroomDoc(Report):
    """Every point's headroom over the wage floors on one date."""

    date: date
    why: str
    floors: dict[str, Decimal | None]
    below: dict[str, list[str]]
    points: list[HeadroomPointDoc]


def headroom_doc(h: Any) -> HeadroomDoc:
    """From :class:`payround.costing.headroom.HeadroomAt`."""
    from payround.money import pct_change

    return HeadroomDoc(
        date=h.on,
        why=h.why,
        floors=dict(h.floors),
        below={k: h.below(k) for k in h.floors},
        points=[
            HeadroomPointDoc(
                point=p,
                hourly=hourly,
                headroom=dict(m),
                headroom_pct={k: None if h.floors[k] is None else pct_change(hourly, h.floors[k]) for k in m},
            )
            for p, hourly, m in h.points
        ],
    )


def _runs(points: list[str], order: list[str]) -> str:
    """'2-23, 25' for a list of points (runs in structure order)."""
    index = {p: i for i, p in enumerate(order)}
    ranked = sorted(points, key=lambda p: index.get(p, len(index)))
    parts: list[str] = []
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and index.get(ranked[j + 1], -9) == index.get(ranked[j], -9) + 1:
            j += 1
        parts.append(ranked[i] if i == j else f"{ranked[i]}-{ranked[j]}")
        i = j + 1
    return ", ".join(parts)


_FLOOR_NAMES = {"nlw": "NLW", "rlw_uk": "RLW (UK)", "rlw_london": "RLW (London)", "slglw": "SLGLW"}


def headroom_line(h: HeadroomDoc) -> str:
    """One line for people: the lowest point's margin over each floor, and the points below each floor."""
    if not h.points:
        return ""
    lowest = min(h.points, key=lambda p: p.hourly)
    margins = []
    for k, floor in h.floors.items():
        margin = lowest.headroom.get(k)
        if floor is None or margin is None:
            continue
        margins.append(f"{_FLOOR_NAMES.get(k, k)} £{floor}: {'+' if margin >= 0 else '-'}£{abs(margin)}")
    order = [p.point for p in h.points]
    below = [f"{_FLOOR_NAMES.get(k, k)} on points {_runs(v, order)}" for k, v in h.below.items() if v]
    text = f"Headroom on {h.date} ({h.why}): lowest point {lowest.point} at £{lowest.hourly} an hour; " + ", ".join(
        margins
    )
    return text + (f". Below the {'; the '.join(below)}." if below else ".")


# --- CSV of a whole document --------------------------------------------------------------------------------------


def flat_rows(doc: Any, prefix: str = "") -> list[tuple[Cell, ...]]:
    """Every leaf of a JSON document as (path, value) rows, for ``--format csv`` without a table."""
    out: list[tuple[Cell, ...]] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += flat_rows(v, f"{prefix}{k}.")
    elif isinstance(doc, list):
        for i, x in enumerate(doc):
            out += flat_rows(x, f"{prefix.rstrip('.')}[{i}].")
    else:
        out.append((prefix.rstrip("."), doc if doc is None or isinstance(doc, str | int | bool) else str(doc)))
    return out
