"""Users, their sides, and the life of an offer: drafted privately by one side, revised, tabled to all, answered.

A user joins a round on one side (employers, unions or neutral). A draft offer is visible only to its side;
tabling it shares it with everyone. Each step records an event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from payround.errors import RoundError
from payround.offers import parse_offer
from payround.store.models import OfferRow, OfferVersion, RoundMember, RoundRow, User
from payround.store.repository import record_event, round_row

__all__ = [
    "add_user",
    "draft_offer",
    "join_round",
    "revise_offer",
    "set_offer_status",
    "side_in",
    "table_offer",
    "visible_offers",
]

_SIDES = ("employers", "unions", "neutral")


def add_user(session: Session, username: str, display_name: str = "", actor: str = "system") -> User:
    """Create a user (usernames are unique)."""
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise RoundError(f"the user {username!r} already exists.", file="users", hint="choose another username.")
    user = User(username=username, display_name=display_name)
    session.add(user)
    session.flush()
    record_event(session, actor, "user.added", entity=f"user:{username}")
    return user


def join_round(session: Session, user: User, slug: str, side: str, actor: str | User = "system") -> RoundMember:
    """Put a user on one side of a round (a user is on one side only)."""
    if side not in _SIDES:
        raise RoundError(f"{side!r} is not a side.", file=slug, expected=" or ".join(_SIDES), got=repr(side))
    row = round_row(session, slug)
    if side_in(session, user, row) is not None:
        raise RoundError(f"{user.username} is already on a side of {slug}.", file=slug, hint="a user has one side.")
    member = RoundMember(round_id=row.id, user_id=user.id, side=side)
    session.add(member)
    session.flush()
    record_event(
        session, actor, "member.joined", round_slug=slug, entity=f"user:{user.username}", payload={"side": side}
    )
    return member


def side_in(session: Session, user: User, row: RoundRow) -> str | None:
    """The user's side in a round, if they have joined it."""
    return session.scalar(
        select(RoundMember.side).where(RoundMember.round_id == row.id, RoundMember.user_id == user.id)
    )


def _member_side(session: Session, user: User, row: RoundRow) -> str:
    side = side_in(session, user, row)
    if side is None:
        raise RoundError(f"{user.username} has not joined {row.slug}.", file=row.slug, hint="join the round first.")
    return side


def _offer(row: RoundRow, key: str, side: str) -> OfferRow:
    for o in row.offers:
        if o.key == key and (o.visibility == "tabled" or o.side == side):
            return o
    raise RoundError(f"no offer {key!r} visible to the {side} side.", file=row.slug, place=key)


def draft_offer(
    session: Session, user: User, slug: str, key: str, summary: str, offer: dict[str, Any], by: str
) -> OfferRow:
    """Write a draft offer for the user's side (validated as an offer file; visible to that side only)."""
    row = round_row(session, slug)
    side = _member_side(session, user, row)
    parse_offer(offer, f"draft:{key}")
    if any(o.key == key for o in row.offers):
        raise RoundError(f"the offer id {key!r} is taken in {slug}.", file=slug, place=key, hint="choose another id.")
    new = OfferRow(
        key=key, kind="offer", side=side, tabled_by=by, status="draft", visibility="draft", summary=summary,
        position=len(row.offers), versions=[OfferVersion(version=1, document=offer, created_by=user.username)],
    )  # fmt: skip
    row.offers.append(new)
    session.flush()
    record_event(session, user, "offer.drafted", round_slug=slug, entity=f"offer:{key}", payload={"side": side})
    return new


def revise_offer(session: Session, user: User, slug: str, key: str, offer: dict[str, Any]) -> OfferVersion:
    """Add a new version of an offer's construction (only the side that owns it)."""
    row = round_row(session, slug)
    side = _member_side(session, user, row)
    target = _offer(row, key, side)
    if target.side != side:
        raise RoundError(f"only the {target.side} side can revise {key!r}.", file=slug, place=key)
    parse_offer(offer, f"revision:{key}")
    version = OfferVersion(version=len(target.versions) + 1, document=offer, created_by=user.username)
    target.versions.append(version)
    session.flush()
    record_event(
        session, user, "offer.revised", round_slug=slug, entity=f"offer:{key}", payload={"version": version.version}
    )
    return version


def table_offer(session: Session, user: User, slug: str, key: str, on: date) -> OfferRow:
    """Table a draft: everyone can now see it."""
    row = round_row(session, slug)
    side = _member_side(session, user, row)
    target = _offer(row, key, side)
    if target.visibility != "draft" or target.side != side:
        raise RoundError(f"{key!r} is not a draft of the {side} side.", file=slug, place=key)
    target.visibility, target.status, target.tabled_on = "tabled", "tabled", on
    session.flush()
    record_event(session, user, "offer.tabled", round_slug=slug, entity=f"offer:{key}", payload={"on": on.isoformat()})
    return target


def set_offer_status(session: Session, user: User, slug: str, key: str, status: str) -> OfferRow:
    """Record that a tabled offer was rejected, accepted, withdrawn or superseded."""
    allowed = ("tabled", "rejected", "accepted", "withdrawn", "superseded")
    if status not in allowed:
        raise RoundError(
            f"{status!r} is not an offer status.", file=slug, expected=", ".join(allowed), got=repr(status)
        )
    row = round_row(session, slug)
    side = _member_side(session, user, row)
    target = _offer(row, key, side)
    if target.visibility == "draft":
        raise RoundError(f"{key!r} is still a draft.", file=slug, place=key, hint="table it first.")
    before, target.status = target.status, status
    session.flush()
    payload = {"from": before, "to": status}
    record_event(session, user, "offer.status", round_slug=slug, entity=f"offer:{key}", payload=payload)
    return target


def visible_offers(session: Session, user: User, slug: str) -> list[OfferRow]:
    """The offers a user may see: every tabled offer and their own side's drafts."""
    row = round_row(session, slug)
    side = _member_side(session, user, row)
    return [o for o in row.offers if o.visibility == "tabled" or o.side == side]
