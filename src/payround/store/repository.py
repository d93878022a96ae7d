"""Reading and changing rounds in the database. Every change records an event (who, when, what) in the same
transaction as the change itself, so the log and the data never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from payround.errors import RoundError
from payround.rounds.loader import parse_round
from payround.rounds.schema import RoundFile
from payround.store.mapping import fill_round, round_mapping
from payround.store.models import Event, RoundRow, User

__all__ = [
    "ImportResult",
    "RoundSummary",
    "export_round",
    "find_round",
    "import_round",
    "list_events",
    "list_rounds",
    "record_event",
    "round_row",
]


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    slug: str
    created: bool
    changes: dict[str, Any]


@dataclass(frozen=True)
class RoundSummary:
    """One line per stored round."""

    slug: str
    name: str
    body: str
    pay_year: str
    offers: int
    actions: int


def _user(session: Session, actor: str | User) -> tuple[str, int | None]:
    if isinstance(actor, User):
        return actor.username, actor.id
    found = session.scalar(select(User).where(User.username == actor))
    return actor, (found.id if found else None)


def record_event(
    session: Session,
    actor: str | User,
    action: str,
    *,
    round_slug: str | None = None,
    entity: str = "",
    payload: dict[str, Any] | None = None,
) -> Event:
    """Append one event to the log (in the caller's transaction)."""
    name, user_id = _user(session, actor)
    ev = Event(actor=name, user_id=user_id, round_slug=round_slug, action=action, entity=entity, payload=payload or {})
    session.add(ev)
    return ev


def find_round(session: Session, slug: str) -> RoundRow | None:
    """The stored round with this id, if any."""
    return session.scalar(select(RoundRow).where(RoundRow.slug == slug))


def round_row(session: Session, slug: str) -> RoundRow:
    """The stored round with this id (RoundError naming the known ids otherwise)."""
    row = find_round(session, slug)
    if row is None:
        known = list(session.scalars(select(RoundRow.slug).order_by(RoundRow.slug)))
        raise RoundError(
            f"no round {slug!r} in the database.",
            file=slug,
            expected=f"one of {', '.join(known)}" if known else "an imported round",
            hint="import it first: payround round import FILE (or a bundled id such as sjc-2022-23).",
        )
    return row


def import_round(session: Session, rf: RoundFile, actor: str | User, *, replace: bool = False) -> ImportResult:
    """Store a round (one transaction with the caller's session). An existing round needs ``replace``: its parts
    are replaced, offers whose construction changed get a new version, and drafts kept only in the database stay."""
    name, _ = _user(session, actor)
    row = find_round(session, rf.id)
    created = row is None
    if row is not None and not replace:
        raise RoundError(
            f"the round {rf.id!r} is already in the database.",
            file=rf.id,
            hint="use --replace to update it from this file (offers keep their earlier versions).",
        )
    if row is None:
        row = RoundRow()
        session.add(row)
    else:
        _clear_parts(session, row)
    with session.no_autoflush:
        changes = fill_round(row, rf, name)
    session.flush()
    record_event(
        session,
        actor,
        "round.imported" if created else "round.replaced",
        round_slug=rf.id,
        entity=f"round:{rf.id}",
        payload=changes,
    )
    for key in changes["offers"]["revised"]:
        record_event(session, actor, "offer.revised", round_slug=rf.id, entity=f"offer:{key}")
    return ImportResult(slug=rf.id, created=created, changes=changes)


def _clear_parts(session: Session, row: RoundRow) -> None:
    """Delete a round's replaceable parts first, so that new rows with the same keys can be inserted (offers stay:
    they are matched by id and versioned)."""
    for parts in (row.organisations, row.responses, row.ballots, row.actions, row.milestones):
        parts.clear()
    row.settlement = None
    session.flush()


def export_round(session: Session, slug: str, *, drafts_of: str | None = None) -> RoundFile:
    """Rebuild the round file from the database (validated like any file). Drafts appear only for their side."""
    row = round_row(session, slug)
    return parse_round(round_mapping(row, drafts_of), f"database:{slug}")


def list_rounds(session: Session) -> list[RoundSummary]:
    """Every stored round, by id."""
    out: list[RoundSummary] = []
    for row in session.scalars(select(RoundRow).order_by(RoundRow.slug)):
        year = _year(row.pay_year_start, row.pay_year_end)
        body = f"{row.body_kind}: {row.body_name}"
        out.append(RoundSummary(row.slug, row.name, body, year, len(row.offers), len(row.actions)))
    return out


def _year(start: date | None, end: date | None) -> str:
    return f"{start} to {end}" if start and end else ""


def list_events(session: Session, slug: str | None = None, limit: int | None = None) -> list[Event]:
    """Events, oldest first (one round's, or all)."""
    q = select(Event).order_by(Event.occurred_at, Event.id)
    if slug is not None:
        q = q.where(Event.round_slug == slug)
    if limit is not None:
        total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
        q = q.offset(max(total - limit, 0))
    return list(session.scalars(q))
