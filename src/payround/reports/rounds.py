"""Use cases on pay rounds: list, show, timeline, event log, import and export.

A round reference is a round file (``*.yaml``), a round stored in the database or a bundled id (``sjc-2022-23``),
looked up in that order. The database is ``database``, else ``$PAYROUND_DATABASE_URL``, else ``./payround.sqlite3``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field, RootModel

from payround.errors import RoundError
from payround.reports.base import Block, IntText, Kind, ListReport, Report, Table, Text
from payround.sources import Sources

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from payround.rounds.timeline import OfferCost

__all__ = [
    "ChainDoc",
    "EventList",
    "ImportReport",
    "RoundExport",
    "RoundList",
    "RoundShowReport",
    "TimelineReport",
    "VerifyReport",
    "round_export",
    "round_import_report",
    "round_list_report",
    "round_log_report",
    "round_show_report",
    "round_timeline_report",
    "round_verify_report",
]


# --- list ---------------------------------------------------------------------------------------------------------


class RoundSummary(Report):
    """A round in the list: where it is, its year and how much is in it."""

    model_config = ConfigDict(frozen=True, serialize_by_alias=True, populate_by_name=True)

    id: str
    where: str
    name: str
    pay_year: str = Field(alias="pay year")
    offers: IntText
    actions: IntText


class RoundList(ListReport, RootModel[list[RoundSummary]]):
    """``payround round list``: the rounds in the database and the bundled rounds."""

    model_config = ConfigDict(frozen=True)

    def tables(self) -> list[Table]:
        """One row per round."""
        return [
            Table.build(
                "Pay rounds",
                ["id", "where", "name", "pay year", ("offers", Kind.integer), ("actions", Kind.integer)],
                [(r.id, r.where, r.name, r.pay_year, r.offers, r.actions) for r in self.root],
            )
        ]


def round_list_report(database: str | None = None) -> RoundList:
    """The rounds stored in the database (if there is one), then the bundled rounds not stored."""
    from payround.rounds import bundled_round_ids, load_round
    from payround.store import list_rounds
    from payround.store.lookup import configured_store

    rows: list[RoundSummary] = []
    store = configured_store(database)
    if store is not None:
        try:
            with store.session() as s:
                rows = [
                    RoundSummary(
                        id=r.slug,
                        where="database",
                        name=r.name,
                        pay_year=r.pay_year,
                        offers=r.offers,
                        actions=r.actions,
                    )
                    for r in list_rounds(s)
                ]
        finally:
            store.close()
    stored = {r.id for r in rows}
    for rf in (load_round(rid) for rid in bundled_round_ids() if rid not in stored):
        year = f"{rf.pay_year.start} to {rf.pay_year.end}" if rf.pay_year else ""
        rows.append(
            RoundSummary(
                id=rf.id,
                where="bundled",
                name=rf.name,
                pay_year=year,
                offers=len(rf.all_offers()),
                actions=len(rf.industrial_action),
            )
        )
    return RoundList(rows)


# --- show ---------------------------------------------------------------------------------------------------------


class RoundOfferDoc(Report):
    """The claim or an offer of a round."""

    id: str
    kind: str
    tabled: date | None
    by: str
    status: str
    summary: str
    runnable: bool


class ActionCount(Report):
    """Industrial action in a round, by status."""

    total: int
    by_status: dict[str, int]


class RoundShowReport(Report):
    """``payround round show``: body, sides, claim and offers, ballots, industrial action, settlement."""

    id: str
    name: str
    body: dict[str, Any]
    pay_year: dict[str, Any] | None
    sides: dict[str, Any]
    offers: list[RoundOfferDoc]
    responses: int
    ballots: int
    industrial_action: ActionCount
    settlement: dict[str, Any] | None
    heading: list[str] = Field(default_factory=list, exclude=True)

    def blocks(self) -> list[Block]:
        """The heading lines, the offers table and the counts."""
        statuses = ", ".join(f"{n} {k}" for k, n in sorted(self.industrial_action.by_status.items()))
        tail = [f"Ballots: {self.ballots}. Industrial action: {self.industrial_action.total} ({statuses})."]
        if self.settlement:
            tail.append(
                f"Settled on {self.settlement.get('offer')} ({self.settlement.get('agreed') or 'date not found'})."
            )
        return [Text(lines=tuple(self.heading)), *self.tables(), Text(lines=tuple(tail))]

    def tables(self) -> list[Table]:
        """The claim and offers."""
        return [
            Table.build(
                "Claim and offers",
                ["id", "tabled", "by", "status", "summary"],
                [
                    (o.id, o.tabled.isoformat() if o.tabled else "(not found)", o.by, o.status, o.summary)
                    for o in self.offers
                ],
            )
        ]


def round_show_report(ref: str, database: str | None = None) -> RoundShowReport:
    """Summarise a round."""
    from payround.store.lookup import resolve_round

    rf = resolve_round(ref, database)
    by_status: dict[str, int] = {}
    for a in rf.industrial_action:
        by_status[a.status] = by_status.get(a.status, 0) + 1
    year = f"{rf.pay_year.start} to {rf.pay_year.end}" if rf.pay_year else rf.period_note
    return RoundShowReport(
        id=rf.id,
        name=rf.name,
        body=rf.body.model_dump(mode="json"),
        pay_year=rf.pay_year.model_dump(mode="json") if rf.pay_year else None,
        sides=rf.sides.model_dump(mode="json", exclude_defaults=True),
        offers=[
            RoundOfferDoc(
                id=o.id,
                kind="claim" if rf.claim is not None and o.id == rf.claim.id else "offer",
                tabled=o.tabled,
                by=o.by,
                status=o.status,
                summary=o.summary,
                runnable=o.offer is not None,
            )
            for o in rf.all_offers()
        ],
        responses=len(rf.responses),
        ballots=len(rf.ballots),
        industrial_action=ActionCount(total=len(rf.industrial_action), by_status=by_status),
        settlement=rf.settlement.model_dump(mode="json", exclude_defaults=True) if rf.settlement else None,
        heading=[
            f"{rf.name} ({rf.id}): {rf.body.name}, {rf.body.country}; {year}",
            f"Employers: {rf.sides.employers.name} ({len(rf.sides.employers.members)} members)",
            f"Unions: {', '.join(rf.sides.unions.names())}",
        ],
    )


# --- timeline -----------------------------------------------------------------------------------------------------


class FloorSet(Report):
    """The floor an offer sets, or why it could not be computed."""

    name: str | None
    before: str | None
    after: str | None
    increase_pct: str | None
    unit: str | None
    problem: str | None


class TimelineEntryDoc(Report):
    """One event of a round."""

    date: date | None
    date_note: str
    date_approximate: bool = False  # the date is the nearest known, not the exact day (see date_note)
    kind: str
    ref: str
    title: str
    status: str
    floor: FloorSet | None
    cost: dict[str, Any] | None
    sources: list[str]
    cost_text: str = Field(default="", exclude=True)  # the cost as people read it, from the typed cost


class TimelineReport(Report):
    """``payround round timeline``: the round's story in date order."""

    round: str
    name: str
    entries: list[TimelineEntryDoc]

    def tables(self) -> list[Table]:
        """Date, kind, what, status, floor (before → after, +%) and cost of each event."""
        rows = []
        for e in self.entries:
            floor = ""
            if e.floor is not None:
                f = e.floor
                floor = f"{f.before} → {f.after} (+{f.increase_pct}%)" if f.after is not None else "n/a"
            when = e.date.isoformat() if e.date else f"({e.date_note or 'date not found'})"
            when = f"~{when}" if e.date and e.date_approximate else when  # not known exactly: see the date note
            rows.append((when, e.kind, e.title, e.status, floor, e.cost_text))
        return [Table.build(self.name, ["date", "kind", "what", "status", "floor", "cost (full year)"], rows)]


def _cost_text(cost: OfferCost | None) -> str:
    from payround.reports.format import money0

    if cost is None:
        return ""
    if cost.problem is not None:
        return f"n/a: {cost.problem}"
    value = cost.total_cost_increase_full_year
    if value is None:
        return ""
    return money0(value) + (" (illustrative)" if cost.illustrative else "")


def round_timeline_report(ref: str, workforce: str = "auto", database: str | None = None) -> TimelineReport:
    """The round's events in date order: offers with the floor they set (and their cost on ``workforce``: an id or
    file, ``auto`` for the body's illustrative workforce when costing is installed, or ``none``), responses,
    ballots and action."""
    from payround.rounds import build_timeline
    from payround.rounds.costing_seam import workforce_coster
    from payround.store.lookup import resolve_round

    rf = resolve_round(ref, database)
    entries = build_timeline(rf, workforce_coster(workforce, rf.body.kind))
    return TimelineReport(
        round=rf.id,
        name=rf.name,
        entries=[
            TimelineEntryDoc(
                date=e.date,
                date_note=e.date_note,
                date_approximate=e.approximate,
                kind=e.kind,
                ref=e.ref,
                title=e.title,
                status=e.status,
                floor=None if e.floor is None else FloorSet(**e.floor.as_dict()),
                cost=e.cost.to_json() if e.cost is not None else None,
                sources=e.sources,
                cost_text=_cost_text(e.cost),
            )
            for e in entries
        ],
    )


# --- log, import, export ------------------------------------------------------------------------------------------


class EventDoc(Report):
    """One entry of a round's append-only event log (``local``: the actor is a command-line user no server
    checked; ``chain``, ``seq`` and ``hash`` place it in the hash-chained log)."""

    at: datetime
    actor: str
    action: str
    entity: str
    payload: Any
    local: bool = False
    chain: str = ""
    seq: int = 0
    hash: str = ""


class EventList(ListReport, RootModel[list[EventDoc]]):
    """``payround round log``: who changed what, when."""

    model_config = ConfigDict(frozen=True)

    def tables(self) -> list[Table]:
        """One row per event."""
        return [
            Table.build(
                "Events",
                ["when (UTC)", "who", "what", "entity"],
                [
                    (e.at.isoformat(timespec="seconds"), e.actor + (" (local)" if e.local else ""), e.action, e.entity)
                    for e in self.root
                ],
            )
        ]


def round_log_report(ref: str, database: str | None = None, *, actor: str | None = None) -> EventList:
    """The event log of a stored round, as the local user ``actor`` sees it (public events, and their side's)."""
    from payround.store import database_url
    from payround.store.lookup import configured_store, local_session

    if configured_store(database) is None:
        raise RoundError("no database yet.", file=database_url(database), hint="import a round first.")
    with local_session(database, actor) as s:
        return events_seen_by(s, ref)


def events_seen_by(session: Session, slug: str) -> EventList:
    """A round's events as the session's principal may see them: the public chain and their own side's (the store
    leaves out other sides' private events)."""
    from payround.store import list_events

    return EventList(
        [
            EventDoc(
                at=e.occurred_at,
                actor=e.actor,
                action=e.action,
                entity=e.entity,
                payload=e.payload,
                local=e.actor_local,
                chain=e.chain,
                seq=e.seq,
                hash=e.hash,
            )
            for e in list_events(session, slug)
        ]
    )


class ChainDoc(Report):
    """One hash chain of a round's log: its events, head, and first break (None: it verifies)."""

    chain: str
    events: int
    head: str
    first_break: dict[str, Any] | None


class VerifyReport(Report):
    """``payround round verify``: each chain the user may see, verified."""

    round: str
    ok: bool
    chains: list[ChainDoc]

    def blocks(self) -> list[Block]:
        """One line per chain."""
        lines = []
        for c in self.chains:
            if c.first_break is None:
                lines.append(f"{c.chain}: {c.events} events verify; head {c.head}")
            else:
                b = c.first_break
                lines.append(f"{c.chain}: BROKEN at event {b['seq']} (id {b['event_id']}): {b['reason']}.")
        return [Text(lines=tuple(lines))]


def round_verify_report(
    ref: str, heads: tuple[str, ...] = (), *, actor: str | None = None, database: str | None = None
) -> VerifyReport:
    """Verify a stored round's hash chains (public, and the local user's side), against heads recorded earlier."""
    from dataclasses import asdict

    from payround.store import database_url, verify_round
    from payround.store.lookup import configured_store, local_session

    if configured_store(database) is None:
        raise RoundError("no database yet.", file=database_url(database), hint="import a round first.")
    with local_session(database, actor) as s:
        reports = verify_round(s, ref, heads)
    chains = [
        ChainDoc(
            chain=r.chain, events=r.events, head=r.head, first_break=asdict(r.first_break) if r.first_break else None
        )
        for r in reports
    ]
    return VerifyReport(round=ref, ok=all(c.first_break is None for c in chains), chains=chains)


class ImportReport(Report):
    """``payround round import``: what was created or changed, and where."""

    round: str
    created: bool
    database: str
    changes: dict[str, Any] = Field(exclude=True)

    def to_json(self) -> Any:
        """The import document: round, created, database and the changes."""
        return {**self.model_dump(mode="json"), **self.changes}

    def blocks(self) -> list[Block]:
        """One line of counts (and the new offer versions)."""
        counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in self.changes["counts"].items())
        verb = "Imported" if self.created else "Replaced"
        lines = [f"{verb} {self.round} into {self.database}: {counts}."]
        if self.changes["offers"]["revised"]:
            lines.append(f"New offer versions: {', '.join(self.changes['offers']['revised'])}.")
        return [Text(lines=tuple(lines))]


def round_import_report(
    ref: str | Path,
    *,
    replace: bool = False,
    actor: str | None = None,
    database: str | None = None,
    sources: Sources | None = None,
) -> ImportReport:
    """Import a round file (or bundled id) into the database as the local user ``actor``, in one transaction."""
    from sqlalchemy.engine import make_url

    from payround.rounds import load_round
    from payround.store import import_round
    from payround.store.lookup import local_session

    text = str(ref)
    rf = load_round(Path(text) if text.endswith((".yaml", ".yml")) else text, sources)
    with local_session(database, actor, create=True) as s:
        result = import_round(s, rf, replace=replace)
        where = make_url(str(s.get_bind().engine.url)).render_as_string(hide_password=True)
    return ImportReport(round=result.slug, created=result.created, database=where, changes=dict(result.changes))


class RoundExport(Report):
    """A round as one self-contained YAML file (offers and tables inline)."""

    round: str
    yaml: str


def round_export(
    ref: str, *, drafts: bool = False, actor: str | None = None, database: str | None = None
) -> RoundExport:
    """Export a round as YAML: the public record; with ``drafts``, the local user's own side's drafts too (from the
    database; the read is logged in the side's private chain)."""
    from payround.rounds import round_to_yaml
    from payround.store import export_round
    from payround.store.lookup import configured_store, local_session, resolve_round

    if not drafts:
        rf = resolve_round(ref, database)
        return RoundExport(round=rf.id, yaml=round_to_yaml(rf))
    if configured_store(database) is None:
        raise RoundError("drafts need a database with the round in it.", place="drafts")
    with local_session(database, actor) as s:
        rf = export_round(s, ref, drafts=True)
    return RoundExport(round=rf.id, yaml=round_to_yaml(rf))
