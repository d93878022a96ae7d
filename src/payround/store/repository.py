"""Reading and changing rounds in the database. Every change records an event (who, when, what) in the same
transaction as the change itself, so the log and the data never disagree; every change to a round bumps its
``version`` only if nobody else changed it first (optimistic concurrency: ``ConflictError`` otherwise).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from payround.errors import ConflictError, RoundError, StoreError
from payround.rounds.loader import parse_round
from payround.rounds.schema import RoundFile
from payround.store.access import current_principal, require_principal
from payround.store.chain import GENESIS, chain_name, event_hash
from payround.store.mapping import fill_round, round_mapping, side_of
from payround.store.models import Event, RoundMember, RoundRow
from payround.store.types import utcnow

__all__ = [
    "ImportResult",
    "RoundSummary",
    "bump_round",
    "export_round",
    "find_round",
    "import_round",
    "list_events",
    "list_rounds",
    "member_side",
    "record_event",
    "round_row",
]


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    slug: str
    created: bool
    changes: dict[str, Any]
    version: int


@dataclass(frozen=True)
class RoundSummary:
    """One line per stored round."""

    slug: str
    name: str
    body: str
    pay_year: str
    offers: int
    actions: int
    version: int


def record_event(
    session: Session,
    action: str,
    *,
    round_slug: str | None = None,
    entity: str = "",
    payload: dict[str, Any] | None = None,
    scope: str = "public",
) -> Event:
    """Append one event, as the session's principal, to the end of its chain (in the caller's transaction).

    ``scope`` is ``public`` or the side of the round whose private chain it joins (drafts and their reads).
    """
    principal = require_principal(session, action)
    chain = chain_name(round_slug, scope)
    session.flush()
    last = session.scalar(select(Event).where(Event.chain == chain).order_by(Event.seq.desc()).limit(1))
    doc = json.loads(json.dumps(payload or {}, default=str))  # what the database gives back, so the hash holds
    fields: dict[str, Any] = {
        "chain": chain, "seq": 1 if last is None else last.seq + 1, "prev_hash": GENESIS if last is None else last.hash,
        "occurred_at": utcnow(), "actor": principal.username, "actor_local": principal.local,
        "user_id": principal.user_id, "round_slug": round_slug, "scope": scope, "action": action, "entity": entity,
        "payload": doc,
    }  # fmt: skip
    ev = Event(**fields, hash=event_hash(**fields))
    session.add(ev)
    session.flush()
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


def member_side(session: Session, row: RoundRow) -> str | None:
    """The acting principal's side in a round (an active membership), if any."""
    principal = current_principal(session)
    if principal is None:
        return None
    return session.scalar(
        select(RoundMember.side).where(
            RoundMember.round_id == row.id, RoundMember.user_id == principal.user_id, RoundMember.status == "active"
        )
    )


def bump_round(session: Session, row: RoundRow, expected_version: int | None = None) -> int:
    """Claim the next version of a round before changing it: only if it is still ``expected_version`` (default:
    the version read in this transaction). Another writer who got there first makes this a ``ConflictError``."""
    expected = row.version if expected_version is None else expected_version
    done = session.execute(
        update(RoundRow)
        .where(RoundRow.id == row.id, RoundRow.version == expected)
        .values(version=expected + 1)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(
            f"someone else changed the round {row.slug!r} first.", file=row.slug, expected=f"version {expected}"
        )
    set_committed_value(row, "version", expected + 1)
    return expected + 1


def _check_drafts(session: Session, row: RoundRow | None, rf: RoundFile) -> str | None:
    """Drafts in a file may only be imported by a member of their side (None: the file has no drafts)."""
    sides = {side_of(rf, o.by) for o in rf.all_offers() if o.status == "draft"}
    if not sides:
        return None
    mine = None if row is None else member_side(session, row)
    if sides != {mine}:
        raise RoundError(
            "the file has draft offers of a side you are not a member of.",
            file=rf.id,
            expected=f"drafts of {mine} only" if mine else "no draft offers (you are on no side of this round)",
            got=", ".join(sorted(sides)),
            hint="drafts are private to a side: table them in the file, or import as a member of that side.",
        )
    return mine


def import_round(
    session: Session, rf: RoundFile, *, replace: bool = False, expected_version: int | None = None
) -> ImportResult:
    """Store a round as the session's principal (one transaction with the caller's session). The importer of a new
    round is its convenor. Replacing needs ``replace`` and the convenor or a site administrator: parts are replaced,
    offers whose construction changed get a new version, and drafts kept only in the database stay. An offer id that
    belongs to another side's draft is refused, never taken over."""
    principal = require_principal(session, "importing a round")
    row = find_round(session, rf.id)
    created = row is None
    draft_side = _check_drafts(session, row, rf)
    if row is not None:
        if not replace:
            raise RoundError(
                f"the round {rf.id!r} is already in the database.",
                file=rf.id,
                hint="use --replace to update it from this file (offers keep their earlier versions).",
            )
        if not principal.site_admin and row.convenor_id != principal.user_id:
            raise StoreError(
                f"only the convenor of {rf.id!r} or a site administrator can replace it.", file=rf.id, place="user"
            )
        bump_round(session, row, expected_version)
        _clear_parts(session, row)
    else:
        row = RoundRow(convenor_id=principal.user_id, version=1)
        session.add(row)
    with session.no_autoflush:
        changes = fill_round(row, rf, principal.username, principal.user_id)
    _refuse_removals(rf.id, changes)
    session.flush()
    drafts = {o.id for o in rf.all_offers() if o.status == "draft"}
    public = {k: [x for x in v if x not in drafts] for k, v in changes["offers"].items()}
    counts = changes["counts"] | {"offers": changes["counts"]["offers"] - len(drafts)}
    record_event(
        session,
        "round.imported" if created else "round.replaced",
        round_slug=rf.id,
        entity=f"round:{rf.id}",
        payload={"offers": public, "counts": counts},
    )
    for key in public["revised"]:
        record_event(session, "offer.revised", round_slug=rf.id, entity=f"offer:{key}")
    if draft_side is not None:
        mine = {k: [x for x in v if x in drafts] for k, v in changes["offers"].items()}
        record_event(session, "drafts.imported", round_slug=rf.id, scope=draft_side, payload=mine)
    return ImportResult(slug=rf.id, created=created, changes=changes, version=row.version)


def _refuse_removals(slug: str, changes: dict[str, Any]) -> None:
    removed = changes["offers"]["removed"]
    if removed:
        raise RoundError(
            f"the database has offers that the file does not: {', '.join(removed)}.",
            file=slug,
            hint="offers are never deleted (their history is part of the record): keep them in the file, "
            "with status withdrawn or superseded.",
        )


def _clear_parts(session: Session, row: RoundRow) -> None:
    """Delete a round's replaceable parts first, so that new rows with the same keys can be inserted (offers stay:
    they are matched by id and versioned)."""
    for parts in (row.organisations, row.responses, row.ballots, row.actions, row.milestones):
        parts.clear()
    row.settlement = None
    session.flush()


def export_round(session: Session, slug: str, *, drafts: bool = False) -> RoundFile:
    """Rebuild the round file from the database (validated like any file). With ``drafts``, the principal's own
    side's drafts are included, and that read is itself logged in the side's private chain."""
    row = round_row(session, slug)
    side = member_side(session, row) if drafts else None
    if drafts and side is None:
        raise StoreError(f"you are on no side of {slug!r}: there are no drafts you may read.", file=slug)
    rf = parse_round(round_mapping(row, side), f"database:{slug}")
    keys = [o.key for o in row.offers if o.visibility == "draft" and o.side == side]
    if side is not None and keys:
        record_event(session, "drafts.exported", round_slug=slug, scope=side, payload={"drafts": keys})
    return rf


def list_rounds(session: Session) -> list[RoundSummary]:
    """Every stored round, by id (offers counted as the principal sees them)."""
    out: list[RoundSummary] = []
    for row in session.scalars(select(RoundRow).order_by(RoundRow.slug)):
        year = _year(row.pay_year_start, row.pay_year_end)
        body = f"{row.body_kind}: {row.body_name}"
        out.append(RoundSummary(row.slug, row.name, body, year, len(row.offers), len(row.actions), row.version))
    return out


def _year(start: date | None, end: date | None) -> str:
    return f"{start} to {end}" if start and end else ""


def list_events(session: Session, slug: str | None = None, limit: int | None = None) -> list[Event]:
    """The events the principal may see, oldest first (one round's, or all); the last ``limit`` of them."""
    q = select(Event).order_by(Event.id.desc())
    if slug is not None:
        q = q.where(Event.round_slug == slug)
    if limit is not None:
        q = q.limit(limit)
    return list(reversed(session.scalars(q).all()))
