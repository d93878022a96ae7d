"""A round's timeline: the claim and offers (with the floor each sets and, when a costing is supplied, their cost),
responses, ballots (with their statutory check), industrial action, milestones and the settlement, in date order.

Costing is a seam: pass ``coster``, a callable taking an ``Offer`` and returning an :class:`OfferCost` (the typed
``payround cost`` report, or why the offer could not be costed) or None. The timeline shows its
``total_cost_increase_full_year``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from payround.errors import PayroundError
from payround.offers import Offer
from payround.rounds.law import check_round_ballots
from payround.rounds.schema import RoundFile
from payround.rounds.schema_action import Action, Ballot
from payround.rounds.schema_parts import OfferEntry

__all__ = ["OfferCost", "OfferCoster", "OfferFloor", "TimelineEntry", "build_timeline", "offer_floor"]


class OfferCost(Protocol):
    """What the timeline reads of an offer's cost (typed), and the document it embeds (``to_json``)."""

    @property
    def problem(self) -> str | None:
        """Why the offer could not be costed (None when it was)."""

    @property
    def illustrative(self) -> bool:
        """Whether the figures are illustrative."""

    @property
    def total_cost_increase_full_year(self) -> Decimal | None:
        """Pounds (DESIGN §7)."""

    def to_json(self) -> Any:
        """The ``payround cost --format json`` document (or ``{"problem": ...}``)."""


OfferCoster = Callable[[Offer], OfferCost | None]
"""Costs an offer on a workforce: returns its typed cost report, or None."""


@dataclass(frozen=True)
class OfferFloor:
    """The floor an offer sets (None when the structure has none), or why it could not be computed."""

    name: str | None = None
    before: str | None = None
    after: str | None = None
    increase_pct: str | None = None
    unit: str | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """JSON-friendly form."""
        return {
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "increase_pct": self.increase_pct,
            "unit": self.unit,
            "problem": self.problem,
        }


@dataclass(frozen=True)
class TimelineEntry:
    """One event. ``date`` is None when the source gives no date; ``sort_date`` places it next to what it concerns."""

    date: dt.date | None
    sort_date: dt.date | None
    kind: str
    ref: str
    title: str
    status: str = ""
    date_note: str = ""
    floor: OfferFloor | None = None
    cost: OfferCost | None = None
    sources: list[str] = field(default_factory=list)
    approximate: bool = False  # the date is the nearest known, not the exact day (see date_note)


def offer_floor(offer: Offer) -> OfferFloor:
    """Apply the offer to its structure with the engine and report the floor it ends with."""
    from payround.api import apply_offer

    try:
        result = apply_offer(offer)
    except PayroundError as exc:
        return OfferFloor(problem=str(exc))
    unit = result.structure.unit
    f = result.final.floor
    if f is None:
        return OfferFloor(unit=unit, problem="the structure has no floor")
    return OfferFloor(
        name=f.name, before=str(f.before), after=str(f.after), increase_pct=str(f.increase_pct), unit=unit
    )


def _offer_entry(o: OfferEntry, kind: str, coster: OfferCoster | None) -> TimelineEntry:
    floor = (
        offer_floor(o.offer) if o.offer is not None else OfferFloor(problem="no runnable construction: " + o.described)
    )
    cost = coster(o.offer) if coster is not None and o.offer is not None else None
    return TimelineEntry(
        date=o.tabled,
        sort_date=o.tabled,
        kind=kind,
        ref=o.id,
        title=f"{o.by}: {o.summary}",
        status=o.status,
        date_note=o.date_note,
        approximate=o.date_approximate,
        floor=floor,
        cost=cost,
        sources=list(o.sources),
    )


def _ballot_title(b: Ballot, check: str) -> str:
    figures = []
    if b.turnout_pct is not None:
        figures.append(f"turnout {b.turnout_pct}%")
    elif b.votes_cast is not None and b.eligible:
        figures.append(f"{b.votes_cast} of {b.eligible} voted")
    if b.yes_pct is not None:
        figures.append(f"{b.yes_pct}% yes")
    if b.no_pct is not None:
        figures.append(f"{b.no_pct}% no")
    if b.votes_yes is not None:
        figures.append(f"{b.votes_yes} yes")
    text = f"{b.union} ballot ({b.kind.replace('_', ' ')}) of {b.bargaining_unit}"
    if b.question:
        text += f": {b.question}"
    if figures:
        text += " - " + ", ".join(figures)
    return text + (f" [{check}]" if check else "")


def _action_groups(actions: list[Action]) -> list[TimelineEntry]:
    groups: dict[tuple[Any, ...], list[Action]] = {}
    for a in actions:
        groups.setdefault((a.first_day, a.last_day, a.union, tuple(a.services), a.status, a.status_date), []).append(a)
    out: list[TimelineEntry] = []
    for (first, last, union, services, status, status_date), items in groups.items():
        employers = sorted({a.employer for a in items})
        span = f"{first}" if last == first else f"{first} to {last or 'indefinite'}"
        where = employers[0] if len(employers) == 1 else f"{len(employers)} employers ({', '.join(employers)})"
        state = status if status_date is None else f"{status} {status_date}"
        sources = sorted({s for a in items for s in a.sources})
        out.append(
            TimelineEntry(
                date=first,
                sort_date=first,
                kind="action",
                ref=",".join(a.key() for a in items),
                title=f"{union} {'/'.join(services)} action at {where}, {span}",
                status=state,
                sources=sources,
            )
        )
    return out


def build_timeline(rf: RoundFile, coster: OfferCoster | None = None) -> list[TimelineEntry]:
    """Every event of the round in date order (undated events next to what they concern, else at the end)."""
    entries: list[TimelineEntry] = []
    tabled = {o.id: o.tabled for o in rf.all_offers()}
    if rf.claim is not None:
        entries.append(_offer_entry(rf.claim, "claim", coster))
    entries += [_offer_entry(o, "offer", coster) for o in rf.offers]
    for r in rf.responses:
        entries.append(
            TimelineEntry(
                date=r.date,
                sort_date=r.date or tabled.get(r.offer),
                kind="response",
                ref=r.offer,
                title=f"{r.union}: {r.response} {r.offer}" + (f" ({r.note})" if r.note else ""),
                status=r.response,
                date_note=r.date_note,
                approximate=r.date_approximate,
                sources=list(r.sources),
            )
        )
    checks = {rep.ballot.id: rep.check for rep in check_round_ballots(rf)}
    for b in rf.ballots:
        check = checks.get(b.id)
        verdict = ""
        if check is not None:
            verdict = "mandate" + (f" until {check.mandate_expires}" if check.mandate_expires else "")
            verdict = verdict if check.valid else "no mandate: " + "; ".join(check.reasons)
        day = b.closed or b.opened
        entries.append(
            TimelineEntry(
                date=day,
                sort_date=day or (tabled.get(b.offer) if b.offer else None),
                kind="ballot",
                ref=b.id,
                title=_ballot_title(b, verdict),
                status="valid" if check is not None and check.valid else ("invalid" if check is not None else b.kind),
                date_note=b.date_note,
                approximate=b.date_approximate,
                sources=list(b.sources),
            )
        )
    entries += _action_groups(list(rf.industrial_action))
    entries += [
        TimelineEntry(
            date=m.date,
            sort_date=m.date,
            kind=m.kind,
            ref="",
            title=m.what,
            date_note=m.date_note,
            approximate=m.date_approximate,
            sources=list(m.sources),
        )
        for m in rf.milestones
    ]
    if rf.settlement is not None:
        s = rf.settlement
        entries.append(
            TimelineEntry(
                date=s.agreed,
                sort_date=s.agreed or tabled.get(s.offer),
                kind="settlement",
                ref=s.offer,
                title=f"settled on {s.offer}" + (f" ({s.note})" if s.note else ""),
                date_note=s.date_note,
                approximate=s.date_approximate,
                sources=list(s.sources),
            )
        )
    order = {"claim": 0, "offer": 1, "ballot": 2, "response": 3, "action": 4, "settlement": 6}
    dated = [e for e in entries if e.sort_date is not None]
    undated = [e for e in entries if e.sort_date is None]
    dated.sort(key=lambda e: (e.sort_date, order.get(e.kind, 5)))
    return dated + undated
