"""Round outputs as plain tables (a title, a header and rows of text), for the terminal and other text reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from payround.rounds.calendar import CalendarEvent
from payround.rounds.impact import ImpactReport
from payround.rounds.jsonout import impact_json, tonnes
from payround.rounds.law import BallotReport
from payround.rounds.observed import Comparison
from payround.rounds.schema import RoundFile
from payround.rounds.timeline import TimelineEntry

__all__ = ["Table", "ballot_table", "calendar_table", "daily_table", "impact_tables", "offers_table", "timeline_table"]

Table = tuple[str, list[str], list[list[str]]]
"""(title, header, rows)."""


def _money(cost: Mapping[str, Any] | None) -> str:
    if cost is None:
        return ""
    if "problem" in cost:
        return f"n/a: {cost['problem']}"
    try:
        value = Decimal(str(cost["total_cost_increase_full_year"]))
    except (KeyError, InvalidOperation):
        return ""
    tag = " (illustrative)" if cost.get("illustrative") else ""
    return f"£{value:,.0f}{tag}"


def timeline_table(rf: RoundFile, entries: Sequence[TimelineEntry]) -> Table:
    """Date, kind, what, status, floor (before -> after, +%) and cost of each event."""
    rows = []
    for e in entries:
        floor = ""
        if e.floor is not None:
            f = e.floor
            floor = f"{f.before} -> {f.after} (+{f.increase_pct}%)" if f.after is not None else "n/a"
        when = e.date.isoformat() if e.date else f"({e.date_note or 'date not found'})"
        when = f"~{when}" if e.date and e.approximate else when  # not known exactly: see the date note
        rows.append([when, e.kind, e.title, e.status, floor, _money(e.cost)])
    return rf.name, ["date", "kind", "what", "status", "floor", "cost (full year)"], rows


def offers_table(rf: RoundFile) -> Table:
    """The claim and offers of a round."""
    rows = [[o.id, str(o.tabled or "(not found)"), o.by, o.status, o.summary] for o in rf.all_offers()]
    return "Claim and offers", ["id", "tabled", "by", "status", "summary"], rows


def ballot_table(reports: Sequence[BallotReport]) -> Table:
    """Each ballot's result, mandate and reasons (or notes when valid)."""
    rows = []
    for rep in reports:
        c = rep.check
        actions = [f"action {a.action_id}: {'; '.join(a.reasons)}" for a in c.actions if a.reasons]
        why = "; ".join(c.reasons + actions) or "; ".join(c.notes)
        rows.append([c.ballot_id, "valid" if c.valid else "NOT VALID", str(c.mandate_expires or ""), why])
    return "Ballot checks", ["ballot", "result", "mandate expires", "reasons / notes"], rows


def calendar_table(events: Sequence[CalendarEvent]) -> Table:
    """One row per strike calendar event."""
    rows = [
        [str(e.first), str(e.last), str(e.days), e.employer, e.service, ", ".join(e.unions), e.status] for e in events
    ]
    return "Strike calendar", ["from", "to", "days", "employer", "service", "unions", "status"], rows


def impact_tables(rf: RoundFile, report: ImpactReport, checks: Sequence[Comparison]) -> list[Table]:
    """The backlog by council, school strikes and, with checks, the model against reported figures."""
    doc = impact_json(report, checks)
    rows = [
        [name, v["backlog_tonnes"], v["days_to_clear"] or "not cleared", f"{v['peak_tonnes']} ({v['peak_date']})",
         v["cleared_on"] or ""]
        for name, v in doc["by_employer"].items()
    ]  # fmt: skip
    rows += [[name, "not estimated", reason, "", ""] for name, reason in report.not_estimated.items()]
    rows.append(["total", doc["backlog_tonnes"], "", "", ""])
    header = ["employer", f"backlog t on {report.at}", "days to clear", "peak t (date)", "cleared on"]
    out: list[Table] = [(f"Refuse backlog, {rf.name}", header, rows)]
    schools = [s for s in report.schools if s.days_lost or s.days_not_held]
    if schools:
        rows = [
            [s.employer, str(s.days_lost), str(s.days_not_held), str(s.pupil_days_lost or "pupils not given")]
            for s in schools
        ]
        out.append(("School strikes", ["employer", "days held", "days not held", "pupil-days lost"], rows))
    if checks:
        rows = [[c.employer, c.kind, c.reported, c.modelled, c.error, c.error_pct or ""] for c in checks]
        out.append(
            ("Model against reported figures", ["employer", "reported", "figure", "model", "error", "error %"], rows)
        )
    return out


def daily_table(report: ImpactReport, employer: str) -> tuple[Table, list[str]]:
    """One council's backlog day by day, and the figures the model used."""
    run = report.backlog[employer]
    rows = [[str(d.day), tonnes(d.missed), tonnes(d.cleared), tonnes(d.backlog)] for d in run.episode.days]
    return (f"{employer}, day by day", ["day", "missed t", "cleared t", "backlog t"], rows), run.basis
