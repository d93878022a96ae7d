"""The offer editor's instant preview: an offer applied, costed on a workforce, who gets what and the headroom over
the wage floors, in one report (the web workbench's ``/api/offers/preview``). It composes the apply, cost and
distribution reports of one application and one costing: the same figures as ``payround apply``, ``cost`` and
``distribution``.

Costing is optional (an extra): without it, or with ``workforce="none"``, the preview has the apply part and the
headroom only, and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import Field

from payround.engine import OfferResult
from payround.errors import PayroundError
from payround.reports.base import Block, Kind, Report, Row, Table, Text
from payround.reports.costing import CostReport, DistributionReport
from payround.reports.costing_parts import HeadroomDoc
from payround.reports.offers import ApplyReport, OfferInput, apply_report_for, load_and_apply
from payround.reports.preview_takehome import TakehomeStatus, takehome_for, takehome_notes, takehome_tables
from payround.reports.takehome import TakehomeReport
from payround.sources import Sources

__all__ = [
    "PreviewReport",
    "WorkforceCheck",
    "kept_workforce",
    "preview_report",
    "workforce_check_report",
]


class PreviewReport(Report):
    """An offer applied, costed and distributed, with the headroom over the wage floors."""

    apply: ApplyReport
    workforce: str | None
    cost: CostReport | None = None
    distribution: DistributionReport | None = None
    headroom: list[HeadroomDoc] = Field(default_factory=list)
    cost_problem: str | None = None
    takehome: TakehomeReport | None = None  # final stage, every archetype: only when its tables are at hand
    takehome_status: TakehomeStatus = "off"
    takehome_note: str | None = None

    def tables(self) -> list[Table]:
        """Per point, cost (the headline lines), deciles, the lowest point's headroom, and take-home."""
        return self.main_tables() + self.takehome_tables()

    def takehome_tables(self) -> list[Table]:
        """Take-home at the final stage, when it is in the preview: net rise by point for each archetype side by
        side, then each archetype's net income before and after."""
        return [] if self.takehome is None else takehome_tables(self.takehome)

    def takehome_lines(self) -> list[str]:
        """What is said under the take-home tables (inflation, with forecast months; the path), or why there are
        none."""
        if self.takehome is not None:
            return takehome_notes(self.takehome)
        return [self.takehome_note] if self.takehome_note else []

    def main_tables(self) -> list[Table]:
        """Per point, cost (the headline lines), deciles and the lowest point's headroom."""
        out = list(self.apply.tables())
        c = self.cost
        if c is not None:
            rows = [
                ("pay bill before", c.paybill.before),
                ("pay bill rise, full year", c.paybill.increase_full_year),
                ("pay bill rise, in year", c.paybill.increase_in_year),
                ("total cost rise with on-costs, full year", c.total_cost_increase_full_year),
                ("total cost rise with on-costs, in year", c.total_cost_increase_in_year),
            ]
            out.append(
                Table.build(
                    f"Cost on {self.workforce} ({c.headcount:,} staff)",
                    ["", ("£", Kind.money0)],
                    [Row(cells=r, illustrative=c.illustrative) for r in rows],
                )
            )
        d = self.distribution
        if d is not None:
            out.append(
                Table.build(
                    "Who gets what: deciles of staff from the lowest paid",
                    [("decile", Kind.integer), ("mean rise", Kind.pct), ("share of the money", Kind.share)],
                    [Row(cells=(x.decile, x.mean_increase_pct, x.share_of_increase)) for x in d.deciles],
                )
            )
        rows_h: list[Row] = []
        for h in self.headroom:
            lowest = min(h.points, key=lambda p: p.hourly) if h.points else None
            for name, rate in h.floors.items():
                if lowest is not None:
                    margin = lowest.headroom.get(name)
                    rows_h.append(Row(cells=(h.date, name, rate, lowest.point, lowest.hourly, margin)))
        if rows_h:
            out.append(
                Table.build(
                    "Headroom of the lowest-paid point over the wage floors",
                    [
                        ("date", Kind.date),
                        "floor",
                        ("rate", Kind.money),
                        "lowest point",
                        ("its pay", Kind.money),
                        ("margin", Kind.money),
                    ],
                    rows_h,
                )
            )
        return out

    def blocks(self) -> list[Block]:
        """The apply report's blocks, then cost, deciles, headroom and the take-home note."""
        out: list[Block] = [*self.apply.blocks(), *self.tables()[1:]]
        if self.cost_problem:
            out.append(Text(lines=(self.cost_problem,), style="warning"))
        if self.takehome_lines():
            out.append(Text(lines=tuple(self.takehome_lines()), style="note"))
        return out


_BUNDLED: dict[str, Any] = {}


def kept_workforce(ref: str | Path, sources: Sources | None) -> Any:
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
    takehome: bool = True,
    sources: Sources | None = None,
    on_missing: Callable[[OfferResult], None] | None = None,
) -> PreviewReport:
    """Apply ``offer``; cost it on ``workforce`` (a bundled id or an upload; ``auto``: the body's illustrative
    workforce; ``none``: no costing); its rise by point and decile; the headroom over the wage floors; with
    ``takehome``, take-home per household archetype at the final stage when the interactive tables are at hand
    (never built here: otherwise the report says they are being prepared, and ``on_missing(result)`` is called,
    e.g. to build them in the background)."""
    result = load_and_apply(offer, structure, sources)
    report = _preview(result, workforce, sources)
    if not takehome:
        return report
    th, status, note = takehome_for(result, on_missing)
    return report.model_copy(update={"takehome": th, "takehome_status": status, "takehome_note": note})


def _preview(result: OfferResult, workforce: str | Path | None, sources: Sources | None) -> PreviewReport:
    applied = apply_report_for(result)
    try:
        from payround.costing import cost_offer
        from payround.costing.headroom import headroom
        from payround.reports.costing import cost_report_for, distribution_report_for
        from payround.reports.costing_parts import headroom_doc
    except ImportError:  # costing not installed
        return PreviewReport(apply=applied, workforce=None, cost_problem="costing is not installed here.")
    wf_ref = _workforce_for(result.structure.id, workforce)
    if wf_ref is None:
        return PreviewReport(apply=applied, workforce=None, headroom=[headroom_doc(h) for h in headroom(result)])
    try:
        cost = cost_offer(result, kept_workforce(wf_ref, sources))
    except PayroundError as exc:
        heads = [headroom_doc(h) for h in headroom(result)]
        return PreviewReport(apply=applied, workforce=str(wf_ref), headroom=heads, cost_problem=str(exc))
    dist = distribution_report_for(cost)
    return PreviewReport(
        apply=applied,
        workforce=str(wf_ref),
        cost=cost_report_for(cost),
        distribution=dist,
        headroom=list(dist.headroom),
    )


class WorkforceCheck(Report):
    """A workforce file checked (and, with a structure, its points against it)."""

    file: str
    rows: int
    headcount: int
    structure: str | None
    notes: list[str]

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

    wf = load_workforce(ref, sources)
    s = load_structure(structure) if structure else None
    notes = wf.check(s) if s is not None else []
    return WorkforceCheck(file=str(ref), rows=wf.rows, headcount=wf.headcount, structure=structure, notes=list(notes))
