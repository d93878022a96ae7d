"""Offers as each side sees them in the workbench: drafts private to their side, tabled offers to all; drafting,
revising (drafts only: nothing tabled is edited, only superseded by a new offer) and tabling.

Each function works in the caller's store session, which acts for a principal (the signed-in user: see
``payround.store.principal_for``): the store scopes every query to what that principal may see and records them as
the actor of every change. The side comes from the store's membership, never from the request."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from payround.errors import OfferError, RoundError
from payround.offers import parse_offer
from payround.reports.base import Kind, Report, Table
from payround.reports.rounds import EventList, events_seen_by
from payround.store.models import OfferRow, Organisation
from payround.store.repository import member_side, round_row
from payround.store.sides import draft_offer, revise_offer, table_offer, visible_offers
from payround.yamlio import load_yaml_text

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
    side: str | None
    offers: list[SideOffer]

    def tables(self) -> list[Table]:
        """One row per offer."""
        return [
            Table.build(
                f"Offers in {self.round} visible to the {self.side or 'public'} side",
                ["id", "side", "visibility", "status", ("tabled", Kind.date), "by", ("version", Kind.integer)],
                [(o.key, o.side, o.visibility, o.status, o.tabled_on, o.tabled_by, o.version) for o in self.offers],
            )
        ]


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


def side_offers_report(session: Session, slug: str) -> SideOffers:
    """The round's offers the principal may see."""
    row = round_row(session, slug)
    return SideOffers(
        round=slug, side=member_side(session, row), offers=[_doc(o) for o in visible_offers(session, slug)]
    )


def side_offer(session: Session, slug: str, key: str) -> SideOffer:
    """One offer the principal may see (RoundError, naming nothing of it, when they may not)."""
    for o in side_offers_report(session, slug).offers:
        if o.key == key:
            return o
    raise RoundError(f"no offer {key!r} visible to you in {slug}.", file=slug, place=key)


def draft_offer_report(session: Session, slug: str, key: str, summary: str, text: str) -> SideOffer:
    """Draft an offer (an offer file's text) for the principal's side, tabled in the name of that side."""
    document = _document(text, key)
    row = draft_offer(session, slug, key, summary, document, by=_side_name(session, slug))
    return _doc(row)


def revise_offer_report(session: Session, slug: str, key: str, text: str) -> SideOffer:
    """A new version of one of the side's drafts; a tabled offer is never edited (table a new one instead)."""
    current = side_offer(session, slug, key)
    if current.visibility != "draft":
        raise RoundError(
            f"{key!r} has been tabled: a tabled offer is never edited.",
            file=slug,
            place=key,
            hint="draft a new offer and table it; the old one can then be marked superseded.",
        )
    revise_offer(session, slug, key, _document(text, key))
    return side_offer(session, slug, key)


def table_offer_report(session: Session, slug: str, key: str, on: date) -> SideOffer:
    """Table one of the side's drafts: both sides can now see it."""
    table_offer(session, slug, key, on)
    return side_offer(session, slug, key)


def side_audit_report(session: Session, slug: str) -> EventList:
    """The round's audit trail as the principal may see it: the public chain and their own side's (the store
    leaves out other sides' private events)."""
    return events_seen_by(session, slug)


def _side_name(session: Session, slug: str) -> str:
    """The name the round gives the principal's side (an offer is tabled by a party to the round, not a person)."""
    row = round_row(session, slug)
    side = member_side(session, row)
    orgs = session.scalars(
        select(Organisation.name).where(Organisation.round_id == row.id, Organisation.side == side)
        .order_by(Organisation.is_side.desc(), Organisation.position)
    ).all()  # fmt: skip
    if not orgs:
        raise RoundError(f"{slug} names no party on the {side or 'public'} side.", file=slug, place="sides")
    return orgs[0]


def _document(text: str, key: str) -> dict[str, Any]:
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
