"""The database tables (SQLAlchemy 2, typed). Schemas for files and APIs live elsewhere (``rounds.schema``).

A round owns its organisations (by side), offers (each with numbered versions of its offer file), responses,
ballots, industrial action, milestones and settlement. Users join a round on one side; drafts are private to the
side that wrote them. ``events`` and ``offer_versions`` are append-only (triggers refuse UPDATE and DELETE); each
event carries a hash chained to the previous event of its chain (``payround.store.chain``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from payround.store.types import ExactDecimal, JsonDoc, UtcDateTime, utcnow

__all__ = [
    "ActionRow",
    "BallotRow",
    "Base",
    "Event",
    "MilestoneRow",
    "OfferRow",
    "OfferVersion",
    "Organisation",
    "ResponseRow",
    "RoundMember",
    "RoundRow",
    "SettlementRow",
    "User",
]

SIDES = "('employers', 'unions', 'neutral')"


class Base(DeclarativeBase):
    """Declarative base of every table (constraint names follow one convention, so migrations can name them)."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_name)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JsonDoc,
        list[str]: JsonDoc,
        Decimal: ExactDecimal,
        datetime: UtcDateTime,
    }


class User(Base):
    """A person using payround (the web workbench signs them in; the CLI acts as a named *local* user, marked as
    such, whose identity no server has checked). Site administrators create users and appoint sides' first
    administrators; they see no side's drafts."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    is_local: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    site_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class RoundRow(Base):
    """A pay round: bargaining body, pay year and the story's parts."""

    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    body_kind: Mapped[str] = mapped_column(String(20))
    body_name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(30))
    pay_year_start: Mapped[date | None] = mapped_column(Date)
    pay_year_end: Mapped[date | None] = mapped_column(Date)
    period_note: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)
    impact: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # bumped by every write
    convenor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    organisations: Mapped[list[Organisation]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Organisation.position"
    )
    offers: Mapped[list[OfferRow]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="OfferRow.position"
    )
    responses: Mapped[list[ResponseRow]] = relationship(cascade="all, delete-orphan", order_by="ResponseRow.position")
    ballots: Mapped[list[BallotRow]] = relationship(cascade="all, delete-orphan", order_by="BallotRow.position")
    actions: Mapped[list[ActionRow]] = relationship(cascade="all, delete-orphan", order_by="ActionRow.position")
    milestones: Mapped[list[MilestoneRow]] = relationship(
        cascade="all, delete-orphan", order_by="MilestoneRow.position"
    )
    settlement: Mapped[SettlementRow | None] = relationship(cascade="all, delete-orphan")
    members: Mapped[list[RoundMember]] = relationship(cascade="all, delete-orphan")


class Organisation(Base):
    """A party to a round: a side's own name (``is_side``) or one of its members (a council, a union)."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("round_id", "side", "name"), CheckConstraint(f"side IN {SIDES}", name="side"))
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    is_side: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)
    sources: Mapped[list[str]] = mapped_column(default=list)
    round: Mapped[RoundRow] = relationship(back_populates="organisations")


class RoundMember(Base):
    """A user's side in a round (what they may see: drafts are private to a side). Granted, never self-chosen: an
    administrator of the side invites (the user accepts) or approves a request; ``status`` is active only then."""

    __tablename__ = "round_members"
    __table_args__ = (UniqueConstraint("round_id", "user_id"), CheckConstraint(f"side IN {SIDES}", name="side"))
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(10), default="member", server_default="member")  # member | admin
    status: Mapped[str] = mapped_column(String(10), default="active", server_default="active")  # invited | requested
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class OfferRow(Base):
    """A claim or offer. Its construction lives in numbered versions; ``visibility`` is draft or tabled."""

    __tablename__ = "offers"
    __table_args__ = (
        UniqueConstraint("round_id", "key"),
        CheckConstraint(f"side IN {SIDES}", name="side"),
        CheckConstraint("kind IN ('claim', 'offer')", name="kind"),
        CheckConstraint("visibility IN ('draft', 'tabled')", name="visibility"),
        CheckConstraint(
            "status IN ('draft', 'tabled', 'rejected', 'accepted', 'withdrawn', 'superseded')", name="status"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(10))
    side: Mapped[str] = mapped_column(String(20))
    tabled_by: Mapped[str] = mapped_column(String(300))
    tabled_on: Mapped[date | None] = mapped_column(Date)
    date_note: Mapped[str] = mapped_column(Text, default="")
    date_approximate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    status: Mapped[str] = mapped_column(String(20))
    visibility: Mapped[str] = mapped_column(String(10), default="tabled")
    summary: Mapped[str] = mapped_column(Text)
    described: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(Integer)
    round: Mapped[RoundRow] = relationship(back_populates="offers")
    versions: Mapped[list[OfferVersion]] = relationship(cascade="all, delete-orphan", order_by="OfferVersion.version")


class OfferVersion(Base):
    """One version of an offer's construction (the offer file as a mapping; None when it was not published)."""

    __tablename__ = "offer_versions"
    __table_args__ = (UniqueConstraint("offer_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class ResponseRow(Base):
    """A union's response to an offer."""

    __tablename__ = "responses"
    __table_args__ = (CheckConstraint("response IN ('accept', 'reject', 'consult', 'ballot')", name="response"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    offer_key: Mapped[str] = mapped_column(String(80))
    union_name: Mapped[str] = mapped_column(String(300))
    response: Mapped[str] = mapped_column(String(10))
    on: Mapped[date | None] = mapped_column("date", Date)
    date_note: Mapped[str] = mapped_column(Text, default="")
    date_approximate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    ballot_key: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(Integer)


class BallotRow(Base):
    """A ballot and its figures (counts or published percentages) or reported outcome."""

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("round_id", "key"),
        CheckConstraint("kind IN ('industrial_action', 'consultative', 'offer')", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    union_name: Mapped[str] = mapped_column(String(300))
    employers: Mapped[list[str]] = mapped_column()
    bargaining_unit: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(Text, default="")
    offer_key: Mapped[str | None] = mapped_column(String(80))
    opened: Mapped[date | None] = mapped_column(Date)
    closed: Mapped[date | None] = mapped_column(Date)
    date_note: Mapped[str] = mapped_column(Text, default="")
    date_approximate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    notice_of_ballot: Mapped[date | None] = mapped_column(Date)
    eligible: Mapped[int | None] = mapped_column(Integer)
    votes_cast: Mapped[int | None] = mapped_column(Integer)
    votes_yes: Mapped[int | None] = mapped_column(Integer)
    votes_no: Mapped[int | None] = mapped_column(Integer)
    turnout_pct: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    yes_pct: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    no_pct: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    reported_turnout_met: Mapped[bool | None] = mapped_column(Boolean)
    reported_majority: Mapped[bool | None] = mapped_column(Boolean)
    important_public_services: Mapped[bool] = mapped_column(Boolean, default=False)
    mandate_extended_by_agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    country: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(Integer)


class ActionRow(Base):
    """Industrial action: one union at one employer, for some services, over a span of days."""

    __tablename__ = "industrial_action"
    __table_args__ = (
        UniqueConstraint("round_id", "key"),
        CheckConstraint("status IN ('planned', 'held', 'suspended', 'called_off')", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    key_given: Mapped[bool] = mapped_column(Boolean, default=False)
    union_name: Mapped[str] = mapped_column(String(300))
    employer: Mapped[str] = mapped_column(String(300), index=True)
    services: Mapped[list[str]] = mapped_column()
    detail: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[str] = mapped_column(String(25))
    end: Mapped[str | None] = mapped_column(String(25))
    first_day: Mapped[date] = mapped_column(Date, index=True)
    last_day: Mapped[date | None] = mapped_column(Date)
    members: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    status_date: Mapped[date | None] = mapped_column(Date)
    ballot_key: Mapped[str | None] = mapped_column(String(80))
    notice_given: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(Integer)


class MilestoneRow(Base):
    """A dated event of the story (a call-off, talks, a major incident, a cost report)."""

    __tablename__ = "milestones"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column("date", Date)
    date_approximate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    date_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    what: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    sources: Mapped[list[str]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(Integer)


class SettlementRow(Base):
    """How a round ended."""

    __tablename__ = "settlements"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), unique=True)
    offer_key: Mapped[str] = mapped_column(String(80))
    agreed: Mapped[date | None] = mapped_column(Date)
    date_note: Mapped[str] = mapped_column(Text, default="")
    date_approximate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)


class Event(Base):
    """One change: who, when, what. Rows are only ever inserted (database triggers refuse UPDATE and DELETE).

    Events form chains: a round's public chain, one private chain per side of the round (drafts and their reads),
    and a global chain (users). ``seq`` numbers a chain from 1; ``hash`` covers the event and ``prev_hash``.
    """

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("chain", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(String(100), server_default="")
    seq: Mapped[int] = mapped_column(Integer, server_default="0")
    scope: Mapped[str] = mapped_column(String(20), server_default="public")  # public, or the side that may see it
    actor_local: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    prev_hash: Mapped[str] = mapped_column(String(64), server_default="")
    hash: Mapped[str] = mapped_column(String(64), server_default="")
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    round_slug: Mapped[str | None] = mapped_column(String(80), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(200), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
