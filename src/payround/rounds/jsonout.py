"""The machine-readable forms of round outputs (DESIGN §7): plain dicts with exact decimal strings.

- ``impact_json``: ``{"at", "backlog_tonnes", "by_employer": {NAME: {"backlog_tonnes", "days_to_clear"}}}`` plus
  peaks, the basis of every figure, councils not estimated and school impacts;
- ``ballots_json``: ``{"ballots": [{"id", "valid", "reasons", "mandate_expires"}]}`` plus notes, figures, the rules
  used and the action taken on each ballot.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from payround.rounds.calendar import CalendarEvent
from payround.rounds.impact import ImpactReport
from payround.rounds.law import BallotReport, law_references
from payround.rounds.observed import Comparison
from payround.rounds.schema import RoundFile
from payround.rounds.timeline import TimelineEntry

__all__ = ["ballots_json", "calendar_json", "impact_json", "round_json", "timeline_json", "tonnes"]


def tonnes(x: Decimal) -> str:
    """Tonnes to the nearest tonne, as text (the model is no more precise than that)."""
    return str(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _share(x: Decimal | None) -> str | None:
    return None if x is None else str((x * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def impact_json(report: ImpactReport, checks: Sequence[Comparison] = ()) -> dict[str, Any]:
    """The impact document."""
    by_employer: dict[str, Any] = {}
    for name, run in report.backlog.items():
        ep = run.episode
        days = ep.days_to_clear(report.at)
        peak = ep.peak
        by_employer[name] = {
            "backlog_tonnes": tonnes(ep.at(report.at)),
            "days_to_clear": None if days is None else str(days),
            "peak_tonnes": tonnes(peak.backlog) if peak else "0",
            "peak_date": peak.day.isoformat() if peak else None,
            "cleared_on": ep.cleared_on.isoformat() if ep.cleared_on else None,
            "basis": run.basis,
        }
    out: dict[str, Any] = {
        "at": report.at.isoformat(),
        "backlog_tonnes": tonnes(report.total_backlog),
        "by_employer": by_employer,
        "not_estimated": report.not_estimated,
        "schools": [
            {
                "employer": s.employer,
                "strike_days": s.days_lost,
                "strike_days_not_held": s.days_not_held,
                "pupils": s.pupils,
                "pupil_days_lost": s.pupil_days_lost,
            }
            for s in report.schools
        ],
    }
    if checks:
        out["checks"] = [c.as_dict() for c in checks]
    return out


def ballots_json(reports: Sequence[BallotReport]) -> dict[str, Any]:
    """The ballot-check document."""
    items: list[dict[str, Any]] = []
    for rep in reports:
        c, b = rep.check, rep.ballot
        rules = c.rules
        items.append(
            {
                "id": c.ballot_id,
                "valid": c.valid,
                "reasons": c.reasons,
                "mandate_expires": c.mandate_expires.isoformat() if c.mandate_expires else None,
                "union": b.union,
                "employers": b.employers,
                "bargaining_unit": b.bargaining_unit,
                "opened": b.opened.isoformat() if b.opened else None,
                "closed": b.closed.isoformat() if b.closed else None,
                "date_approximate": b.date_approximate,
                "turnout_pct": _share(c.turnout),
                "yes_pct_of_votes": _share(c.yes_share_of_votes),
                "yes_pct_of_eligible": _share(c.yes_share_of_eligible),
                "notes": c.notes,
                "rules": None
                if rules is None or rep.rules_day is None
                else {
                    "chosen_by": rep.rules_day.isoformat(),
                    "in_force_from": rules.in_force_from.isoformat(),
                    "turnout_threshold": str(rules.turnout_threshold),
                    "important_public_services_threshold": None
                    if rules.ips_support_threshold is None
                    else str(rules.ips_support_threshold),
                    "mandate_months": rules.mandate_months,
                    "mandate_months_by_agreement": rules.mandate_months_by_agreement,
                    "country": rep.country,
                    "sources": law_references(rep.rules_day, rep.country),
                },
                "actions": [{"id": a.action_id, "valid": a.valid, "reasons": a.reasons} for a in c.actions],
            }
        )
    return {"ballots": items}


def timeline_json(rf: RoundFile, entries: Sequence[TimelineEntry]) -> dict[str, Any]:
    """The timeline document."""
    return {
        "round": rf.id,
        "name": rf.name,
        "entries": [
            {
                "date": e.date.isoformat() if e.date else None,
                "date_note": e.date_note,
                "date_approximate": e.approximate,
                "kind": e.kind,
                "ref": e.ref,
                "title": e.title,
                "status": e.status,
                "floor": e.floor.as_dict() if e.floor else None,
                "cost": dict(e.cost) if e.cost is not None else None,
                "sources": e.sources,
            }
            for e in entries
        ],
    }


def calendar_json(events: Sequence[CalendarEvent]) -> dict[str, Any]:
    """The strike calendar document."""
    return {
        "events": [
            {
                "uid": e.uid,
                "round": e.round_id,
                "employer": e.employer,
                "service": e.service,
                "first_day": e.first.isoformat(),
                "last_day": e.last.isoformat(),
                "days": e.days,
                "open_ended": e.open_ended,
                "unions": list(e.unions),
                "status": e.status,
                "status_date": e.status_date.isoformat() if e.status_date else None,
                "actions": list(e.action_ids),
                "sources": list(e.sources),
            }
            for e in events
        ]
    }


def round_json(rf: RoundFile) -> dict[str, Any]:
    """A round's summary document (``payround round show``)."""
    by_status: dict[str, int] = {}
    for a in rf.industrial_action:
        by_status[a.status] = by_status.get(a.status, 0) + 1
    return {
        "id": rf.id,
        "name": rf.name,
        "body": rf.body.model_dump(mode="json"),
        "pay_year": rf.pay_year.model_dump(mode="json") if rf.pay_year else None,
        "sides": rf.sides.model_dump(mode="json", exclude_defaults=True),
        "offers": [
            {
                "id": o.id,
                "kind": "claim" if rf.claim is not None and o.id == rf.claim.id else "offer",
                "tabled": o.tabled.isoformat() if o.tabled else None,
                "by": o.by,
                "status": o.status,
                "summary": o.summary,
                "runnable": o.offer is not None,
            }
            for o in rf.all_offers()
        ],
        "responses": len(rf.responses),
        "ballots": len(rf.ballots),
        "industrial_action": {"total": len(rf.industrial_action), "by_status": by_status},
        "settlement": rf.settlement.model_dump(mode="json", exclude_defaults=True) if rf.settlement else None,
    }
