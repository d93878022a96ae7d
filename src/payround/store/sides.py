"""The life of an offer: drafted privately by one side, revised, tabled to all, answered.

Every function acts as the session's principal, who must be an active member of a side of the round (see
``members``). A draft, its versions and its events are visible to that side only (the session's scoping, and
row-level security on PostgreSQL); tabling shares it with everyone. An offer's ``by`` must be an organisation of the
author's side. Each change claims the next version of the round (``expected_version``: a ``ConflictError`` if
someone else changed the round first) and records an event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from payround.errors import RoundError, StoreError
from payround.offers import parse_offer
from payround.store.access import require_principal
from payround.store.models import OfferRow, OfferVersion, Organisation, RoundRow
from payround.store.repository import bump_round, member_side, record_event, round_row

__all__ = ["draft_offer", "revise_offer", "set_offer_status", "table_offer", "visible_offers"]


def _side(session: Session, row: RoundRow) -> str:
    principal = require_principal(session, "this")
    side = member_side(session, row)
    if side is None:
        raise StoreError(
            f"{principal.label()} is on no side of {row.slug}.",
            file=row.slug,
            hint="an administrator of a side invites you (or approves your request).",
        )
    return side


def _offer(row: RoundRow, key: str, side: str) -> OfferRow:
    for o in row.offers:
        if o.key == key and (o.visibility == "tabled" or o.side == side):
            return o
    raise RoundError(f"no offer {key!r} visible to the {side} side.", file=row.slug, place=key)


def _scope(offer: OfferRow) -> str:
    return "public" if offer.visibility == "tabled" else offer.side


def draft_offer(
    session: Session,
    slug: str,
    key: str,
    summary: str,
    offer: dict[str, Any],
    by: str,
    *,
    expected_version: int | None = None,
) -> OfferRow:
    """Write a draft offer for the principal's side (validated as an offer file; visible to that side only)."""
    principal = require_principal(session, "drafting an offer")
    row = round_row(session, slug)
    side = _side(session, row)
    ours = session.scalars(
        select(Organisation.name).where(Organisation.round_id == row.id, Organisation.side == side)
    ).all()
    if by not in ours:
        raise RoundError(
            f"{by!r} is not an organisation of the {side} side.",
            file=slug,
            place="by",
            expected=", ".join(ours) or "an organisation of your side",
            got=repr(by),
        )
    parse_offer(offer, f"draft:{key}")
    bump_round(session, row, expected_version)
    if any(o.key == key for o in row.offers):
        raise RoundError(f"the offer id {key!r} is taken in {slug}.", file=slug, place=key, hint="choose another id.")
    first = OfferVersion(version=1, document=offer, created_by=principal.username, user_id=principal.user_id)
    new = OfferRow(
        key=key, kind="offer", side=side, tabled_by=by, status="draft", visibility="draft", summary=summary,
        position=len(row.offers), versions=[first],
    )  # fmt: skip
    row.offers.append(new)
    session.flush()  # another side's draft with this id: refused here by the unique constraint, never taken over
    record_event(session, "offer.drafted", round_slug=slug, entity=f"offer:{key}", scope=side, payload={"by": by})
    return new


def revise_offer(
    session: Session, slug: str, key: str, offer: dict[str, Any], *, expected_version: int | None = None
) -> OfferVersion:
    """Add a new version of an offer's construction (only the side that owns it)."""
    principal = require_principal(session, "revising an offer")
    row = round_row(session, slug)
    side = _side(session, row)
    target = _offer(row, key, side)
    if target.side != side:
        raise RoundError(f"only the {target.side} side can revise {key!r}.", file=slug, place=key)
    parse_offer(offer, f"revision:{key}")
    bump_round(session, row, expected_version)
    version = OfferVersion(
        version=len(target.versions) + 1, document=offer, created_by=principal.username, user_id=principal.user_id
    )
    target.versions.append(version)
    session.flush()
    payload = {"version": version.version}
    record_event(
        session, "offer.revised", round_slug=slug, entity=f"offer:{key}", scope=_scope(target), payload=payload
    )
    return version


def table_offer(session: Session, slug: str, key: str, on: date, *, expected_version: int | None = None) -> OfferRow:
    """Table a draft of the principal's side: everyone can now see it (and its versions)."""
    row = round_row(session, slug)
    side = _side(session, row)
    target = _offer(row, key, side)
    if target.visibility != "draft" or target.side != side:
        raise RoundError(f"{key!r} is not a draft of the {side} side.", file=slug, place=key)
    bump_round(session, row, expected_version)
    target.visibility, target.status, target.tabled_on = "tabled", "tabled", on
    session.flush()
    payload = {"on": on.isoformat(), "by": target.tabled_by, "versions": len(target.versions)}
    record_event(session, "offer.tabled", round_slug=slug, entity=f"offer:{key}", payload=payload)
    return target


def set_offer_status(
    session: Session, slug: str, key: str, status: str, *, expected_version: int | None = None
) -> OfferRow:
    """Record that a tabled offer was rejected, accepted, withdrawn or superseded (any member of a side)."""
    allowed = ("tabled", "rejected", "accepted", "withdrawn", "superseded")
    if status not in allowed:
        raise RoundError(
            f"{status!r} is not an offer status.", file=slug, expected=", ".join(allowed), got=repr(status)
        )
    row = round_row(session, slug)
    side = _side(session, row)
    target = _offer(row, key, side)
    if target.visibility == "draft":
        raise RoundError(f"{key!r} is still a draft.", file=slug, place=key, hint="table it first.")
    bump_round(session, row, expected_version)
    before, target.status = target.status, status
    session.flush()
    payload = {"from": before, "to": status}
    record_event(session, "offer.status", round_slug=slug, entity=f"offer:{key}", payload=payload)
    return target


def visible_offers(session: Session, slug: str) -> list[OfferRow]:
    """The offers the principal may see: every tabled offer and their own side's drafts (a read of drafts is
    logged in the side's private chain)."""
    row = round_row(session, slug)
    side = member_side(session, row)
    offers = [o for o in row.offers if o.visibility == "tabled" or o.side == side]
    drafts = [o.key for o in offers if o.visibility == "draft"]
    if side is not None and drafts:
        record_event(session, "drafts.read", round_slug=slug, scope=side, payload={"drafts": drafts})
    return offers
