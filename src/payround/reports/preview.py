"""The offer editor's instant preview: an offer applied, costed on a workforce, who gets what and the headroom over
the wage floors, in one report (the web workbench's ``/api/offers/preview``).

Costing is optional (an extra): without it, or with ``workforce="none"``, the preview has the apply part and the
headroom only, and says so.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field

from payround.errors import PayroundError
from payround.reports.base import Block, Kind, Report, Row, Table, Text
from payround.reports.offers import ApplyReport, OfferInput, apply_report_for, load_and_apply
from payround.sources import Sources

__all__ = ["TAKEHOME_NOTE", "PointShare", "PreviewReport", "WorkforceCheck", "preview_report", "workforce_check_report"]

TAKEHOME_NOTE = (
    "Take-home pay per household is not in the preview yet: the interactive take-home path is not on this "
    "build. Use `payround takehome` or the compare page with a household."
)


class PointShare(Report):
    """One point of the structure: its staff and their rise (full year)."""

    point: str
    headcount: int
    increase_pct: Decimal
    illustrative: bool = False


class Decile(Report):
    """A tenth of the staff from the lowest paid: mean rise and share of the pay increase."""

    decile: int
    mean_increase_pct: Decimal
    share_of_increase: Decimal


class HeadroomPoint(Report):
    """The lowest-paid point's margin over one wage floor on one date."""

    on: str
    floor: str
    rate: Decimal | None
    lowest_point: str
    lowest_hourly: Decimal
    margin: Decimal | None
    below: list[str]


class PreviewReport(Report):
    """An offer applied, costed and distributed, with the headroom over the wage floors."""

    apply: ApplyReport
    workforce: str | None
    cost: dict[str, Any] | None = None
    cost_problem: str | None = None
    by_point: list[PointShare] = Field(default_factory=list)
    deciles: list[Decile] = Field(default_factory=list)
    headroom: list[HeadroomPoint] = Field(default_factory=list)
    takehome_note: str = TAKEHOME_NOTE

    def tables(self) -> list[Table]:
        """Per point, cost, deciles and headroom."""
        out = list(self.apply.tables())
        if self.cost is not None:
            c = self.cost
            rows = [
                ("pay bill before", Decimal(c["paybill"]["before"])),
                ("pay bill rise, full year", Decimal(c["paybill"]["increase_full_year"])),
                ("pay bill rise, in year", Decimal(c["paybill"]["increase_in_year"])),
                ("total cost rise with on-costs, full year", Decimal(c["total_cost_increase_full_year"])),
                ("total cost rise with on-costs, in year", Decimal(c["total_cost_increase_in_year"])),
            ]
            out.append(
                Table.build(
                    f"Cost on {self.workforce} ({c['headcount']:,} staff)",
                    ["", ("£", Kind.money0)],
                    [Row(cells=r, illustrative=bool(c.get("illustrative"))) for r in rows],
                )
            )
        if self.deciles:
            out.append(
                Table.build(
                    "Who gets what: deciles from the lowest paid",
                    [("decile", Kind.integer), ("mean rise", Kind.pct), ("share of the increase", Kind.share)],
                    [(d.decile, d.mean_increase_pct, d.share_of_increase) for d in self.deciles],
                )
            )
        if self.headroom:
            out.append(
                Table.build(
                    "Headroom of the lowest-paid point over the wage floors",
                    [
                        ("date", Kind.text),
                        "floor",
                        ("rate", Kind.money),
                        "lowest point",
                        ("its pay", Kind.money),
                        ("margin", Kind.money),
                    ],
                    [
                        Row(cells=(h.on, h.floor, h.rate, h.lowest_point, h.lowest_hourly, h.margin))
                        for h in self.headroom
                    ],
                )
            )
        return out

    def blocks(self) -> list[Block]:
        """The apply report's blocks, then cost, deciles, headroom and the take-home note."""
        out: list[Block] = [*self.apply.blocks(), *self.tables()[1:]]
        if self.cost_problem:
            out.append(Text(lines=(self.cost_problem,), style="warning"))
        out.append(Text(lines=(self.takehome_note,), style="note"))
        return out


_BUNDLED: dict[str, Any] = {}


def _workforce(ref: str | Path, sources: Sources | None) -> Any:
    """The workforce to cost on. A bundled one is kept loaded (with its bindings to structures) for the life of
    the process: the editor previews every keystroke on the same workforce."""
    from payround.workforce import load_workforce
    from payround.workforce.bundled import bundled_workforce_ids

    key = str(ref)
    if isinstance(ref, str) and key in bundled_workforce_ids():
        if key not in _BUNDLED:
            _BUNDLED[key] = load_workforce(key)
        return _BUNDLED[key]
    return load_workforce(ref, sources)


def _workforce_for(structure_id: str, workforce: str | Path | None) -> str | Path | None:
    """``auto``: the bundled illustrative workforce of the structure's bargaining body, if there is one."""
    if workforce is None or str(workforce) == "none":
        return None
    if str(workforce) != "auto":
        return workforce
    try:
        from payround.workforce.bundled import bundled_workforce_ids
    except ImportError:
        return None
    ref = f"{structure_id.split('/', 1)[0]}/illustrative"
    return ref if ref in bundled_workforce_ids() else None


def preview_report(
    offer: OfferInput,
    structure: str | Path | None = None,
    *,
    workforce: str | Path | None = "auto",
    sources: Sources | None = None,
) -> PreviewReport:
    """Apply ``offer``; cost it on ``workforce`` (a bundled id or an upload; ``auto``: the body's illustrative
    workforce; ``none``: no costing); its rise by point and decile; the headroom over the wage floors."""
    result = load_and_apply(offer, structure, sources)
    applied = apply_report_for(result)
    headroom: list[HeadroomPoint] = []
    try:
        from payround.costing.headroom import headroom as headroom_at
    except ImportError:  # costing not installed
        headroom_at = None  # type: ignore[assignment]
    if headroom_at is not None:
        for at in headroom_at(result):
            point, hourly, margins = at.lowest()
            for name, rate in at.floors.items():
                headroom.append(
                    HeadroomPoint(
                        on=at.on.isoformat(),
                        floor=name,
                        rate=rate,
                        lowest_point=point,
                        lowest_hourly=hourly,
                        margin=margins.get(name),
                        below=at.below(name),
                    )
                )
    wf_ref = _workforce_for(result.structure.id, workforce)
    if wf_ref is None:
        return PreviewReport(apply=applied, workforce=None, headroom=headroom)
    try:
        from payround.costing import cost_offer, summarise
        from payround.costing.distribution import distribution
    except ImportError:
        return PreviewReport(
            apply=applied, workforce=None, headroom=headroom, cost_problem="costing is not installed here."
        )
    try:
        cost = cost_offer(result, _workforce(wf_ref, sources))
    except PayroundError as exc:
        return PreviewReport(apply=applied, workforce=str(wf_ref), headroom=headroom, cost_problem=str(exc))
    dist = distribution(cost)
    st = dist.stats
    illustrative = set(result.structure.illustrative_points)
    by_point = [
        PointShare(
            point=p,
            headcount=round(float(st.headcount[i])),
            increase_pct=st.increase_pct[i].quantize(Decimal("0.01")),
            illustrative=p in illustrative,
        )
        for i, p in enumerate(st.points)
    ]
    deciles = [
        Decile(
            decile=i + 1,
            mean_increase_pct=Decimal(str(round(d.get("mean_increase_pct", 0.0), 2))),
            share_of_increase=Decimal(str(round(d.get("share_of_increase", 0.0), 4))),
        )
        for i, d in enumerate(dist.deciles)
    ]
    return PreviewReport(
        apply=applied,
        workforce=str(wf_ref),
        cost=summarise(cost),
        by_point=by_point,
        deciles=deciles,
        headroom=headroom,
    )


class WorkforceCheck(Report):
    """A workforce file checked (and, with a structure, its points against it)."""

    file: str
    rows: int
    headcount: int
    structure: str | None
    notes: list[str]
    summary: dict[str, Any]

    def blocks(self) -> list[Block]:
        """One OK line and the notes."""
        out: list[Block] = [
            Text(lines=(f"OK: {self.file}: {self.rows:,} rows, {self.headcount:,} people.",), style="good")
        ]
        if self.notes:
            out.append(Text(lines=tuple(self.notes), style="note"))
        return out


def workforce_check_report(
    ref: str | Path, structure: str | None = None, sources: Sources | None = None
) -> WorkforceCheck:
    """Load a workforce file (errors name the row and the column); with ``structure`` check its points."""
    from payround.structures import load_structure
    from payround.workforce import load_workforce
    from payround.workforce.describe import describe_workforce

    wf = load_workforce(ref, sources)
    s = load_structure(structure) if structure else None
    notes = wf.check(s) if s is not None else []
    return WorkforceCheck(
        file=str(ref),
        rows=wf.rows,
        headcount=wf.headcount,
        structure=structure,
        notes=list(notes),
        summary=describe_workforce(wf, s),
    )
