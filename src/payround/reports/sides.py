"""Offers as each side sees them in the workbench: drafts private to their side, tabled offers to all; drafting,
revising (drafts only: nothing tabled is edited, only superseded by a new offer) and tabling, as the signed-in user.

Each function acts in the caller's database session (one transaction) for the user named, whose side comes from
the store's round membership, never from the request."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from payround.errors import RoundError
from payround.offers import parse_offer
from payround.reports.base import Kind, Report, Table
from payround.reports.rounds import EventDoc, EventList
from payround.store.models import OfferRow, User
from payround.store.sides import draft_offer, revise_offer, table_offer, visible_offers

__all__ = [
    "SideOffer",
    "SideOffers",
    "draft_offer_report",
    "revise_offer_report",
    "side_audit_report",
    "side_offer",
    "side_offers_report",
    "table_offer_report",
]


class SideOffer(Report):
    """A claim or offer as this user may see it: its latest construction and who made each version."""

    key: str
    kind: str
    side: str
    visibility: str
    status: str
    tabled_on: date | None
    tabled_by: str
    summary: str
    version: int
    versions_by: list[str]
    document: dict[str, Any] | None


class SideOffers(Report):
    """The offers of a round visible to one user: every tabled offer and their own side's drafts."""

    round: str
    user: str
    side: str
    offers: list[SideOffer]

    def tables(self) -> list[Table]:
        """One row per offer."""
        return [
            Table.build(
                f"Offers in {self.round} visible to {self.user} ({self.side})",
                ["id", "side", "visibility", "status", ("tabled", Kind.date), "by", ("version", Kind.integer)],
                [(o.key, o.side, o.visibility, o.status, o.tabled_on, o.tabled_by, o.version) for o in self.offers],
            )
        ]


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise RoundError(f"there is no user {username!r}.", place="user")
    return user


def _doc(o: OfferRow) -> SideOffer:
    last = o.versions[-1] if o.versions else None
    return SideOffer(
        key=o.key,
        kind=o.kind,
        side=o.side,
        visibility=o.visibility,
        status=o.status,
        tabled_on=o.tabled_on,
        tabled_by=o.tabled_by,
        summary=o.summary,
        version=last.version if last else 0,
        versions_by=[v.created_by for v in o.versions],
        document=last.document if last else None,
    )


def side_offers_report(session: Session, username: str, slug: str) -> SideOffers:
    """The round's offers this user may see (RoundError if they have not joined the round)."""
    user = _user(session, username)
    offers = visible_offers(session, user, slug)
    from payround.store.repository import round_row
    from payround.store.sides import side_in

    side = side_in(session, user, round_row(session, slug)) or ""
    return SideOffers(round=slug, user=username, side=side, offers=[_doc(o) for o in offers])


def side_offer(session: Session, username: str, slug: str, key: str) -> SideOffer:
    """One offer this user may see (RoundError, naming nothing of it, when they may not)."""
    for o in side_offers_report(session, username, slug).offers:
        if o.key == key:
            return o
    raise RoundError(f"no offer {key!r} visible to you in {slug}.", file=slug, place=key)


def draft_offer_report(session: Session, username: str, slug: str, key: str, summary: str, text: str) -> SideOffer:
    """Draft an offer (an offer file's text) for the user's side."""
    document = _document(text, key)
    user = _user(session, username)
    row = draft_offer(session, user, slug, key, summary, document, by=_side_name(session, user, slug))
    return _doc(row)


def _side_name(session: Session, user: User, slug: str) -> str:
    """The name the round gives the user's side (an offer is tabled by a party to the round, never a person)."""
    from payround.store.models import Organisation
    from payround.store.repository import round_row
    from payround.store.sides import side_in

    row = round_row(session, slug)
    side = side_in(session, user, row)
    orgs = session.scalars(
        select(Organisation).where(Organisation.round_id == row.id, Organisation.side == side)
        .order_by(Organisation.is_side.desc(), Organisation.position)
    ).all()  # fmt: skip
    if not orgs:
        raise RoundError(f"{slug} names no party on the {side} side.", file=slug, place="sides")
    return orgs[0].name


def revise_offer_report(session: Session, username: str, slug: str, key: str, text: str) -> SideOffer:
    """A new version of one of the side's drafts; a tabled offer is never edited (table a new one instead)."""
    current = side_offer(session, username, slug, key)
    if current.visibility != "draft":
        raise RoundError(
            f"{key!r} has been tabled: a tabled offer is never edited.",
            file=slug,
            place=key,
            hint="draft a new offer and table it; the old one can then be marked superseded.",
        )
    revise_offer(session, _user(session, username), slug, key, _document(text, key))
    return side_offer(session, username, slug, key)


def table_offer_report(session: Session, username: str, slug: str, key: str, on: date) -> SideOffer:
    """Table one of the side's drafts: both sides can now see it."""
    table_offer(session, _user(session, username), slug, key, on)
    return side_offer(session, username, slug, key)


def _document(text: str, key: str) -> dict[str, Any]:
    from payround.errors import OfferError
    from payround.yamlio import load_yaml_text

    data = load_yaml_text(text, f"draft:{key}", OfferError)
    parse_offer(data, f"draft:{key}")  # the same validation as an offer file
    if not isinstance(data, dict):
        raise OfferError("an offer must be a mapping.", file=f"draft:{key}")
    plain: dict[str, Any] = _plain(data)
    return plain


def _plain(value: Any) -> Any:
    """The document as JSON-ready values (dates as text), as the store keeps it."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def side_audit_report(session: Session, username: str, slug: str) -> EventList:
    """The round's audit trail as this user may see it: events about another side's drafts are left out (until
    tabled, nothing about a draft — not even its id — reaches the other side)."""
    from payround.store.repository import list_events

    visible = {f"offer:{o.key}" for o in side_offers_report(session, username, slug).offers}
    hidden_actions = ("offer.drafted", "offer.revised")
    return EventList(
        [
            EventDoc(at=e.occurred_at, actor=e.actor, action=e.action, entity=e.entity, payload=e.payload)
            for e in list_events(session, slug)
            if not (e.entity.startswith("offer:") and e.entity not in visible)
            and not (e.action in hidden_actions and e.entity not in visible)
        ]
    )
