"""Who is on which side of a round. Membership is granted, never self-chosen:

- the round's convenor (its importer) or a site administrator *appoints* a side's administrators (never themselves);
- a side's administrator *invites* a user to that side, and the user *accepts*;
- a user may *request* to join a side, and one of its administrators *approves* (or refuses);
- an administrator of a side may *revoke* a membership of that side.

Only an active membership lets a user see and write the side's drafts. Every step is a public event.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from payround.errors import StoreError
from payround.store.access import Principal, require_principal
from payround.store.models import RoundMember, RoundRow, User
from payround.store.repository import record_event, round_row
from payround.store.users import user_named

__all__ = [
    "MemberView",
    "accept_invitation",
    "appoint_admin",
    "approve_request",
    "invite_member",
    "list_members",
    "request_membership",
    "revoke_member",
]

SIDES = ("employers", "unions", "neutral")
ROLES = ("member", "admin")


@dataclass(frozen=True)
class MemberView:
    """One membership as shown to users."""

    username: str
    local: bool
    side: str
    role: str
    status: str


def _membership(session: Session, row: RoundRow, user_id: int) -> RoundMember | None:
    return session.scalar(select(RoundMember).where(RoundMember.round_id == row.id, RoundMember.user_id == user_id))


def _admin_side(session: Session, row: RoundRow, principal: Principal) -> str:
    m = _membership(session, row, principal.user_id)
    if m is None or m.status != "active" or m.role != "admin":
        raise StoreError(
            f"only an administrator of a side of {row.slug!r} can do this.",
            file=row.slug,
            place="user",
            got=principal.label(),
            hint="a side's administrators are appointed by the round's convenor or a site administrator.",
        )
    return m.side


def _check(side: str, role: str, slug: str) -> None:
    if side not in SIDES:
        raise StoreError(f"{side!r} is not a side.", file=slug, place="side", expected=" or ".join(SIDES))
    if role not in ROLES:
        raise StoreError(f"{role!r} is not a role.", file=slug, place="role", expected=" or ".join(ROLES))


def _no_membership(session: Session, row: RoundRow, user: User) -> None:
    if _membership(session, row, user.id) is not None:
        raise StoreError(
            f"{user.username} already has a place in {row.slug} (a user is on one side).",
            file=row.slug,
            hint="revoke it first to move them.",
        )


def _add(session: Session, row: RoundRow, user: User, side: str, role: str, status: str, by: int | None) -> None:
    session.add(RoundMember(round_id=row.id, user_id=user.id, side=side, role=role, status=status, granted_by=by))
    session.flush()


def appoint_admin(session: Session, slug: str, username: str, side: str) -> None:
    """Make ``username`` an administrator of ``side`` (the convenor or a site administrator; never oneself)."""
    principal = require_principal(session, "appointing an administrator")
    row = round_row(session, slug)
    _check(side, "admin", slug)
    if not principal.site_admin and row.convenor_id != principal.user_id:
        raise StoreError(
            f"only the convenor of {slug!r} or a site administrator appoints a side's administrators.",
            file=slug,
            got=principal.label(),
        )
    user = user_named(session, username)
    if user.id == principal.user_id:
        raise StoreError("no one appoints themselves to a side.", file=slug, hint="ask another administrator.")
    _no_membership(session, row, user)
    _add(session, row, user, side, "admin", "active", principal.user_id)
    payload = {"side": side, "role": "admin"}
    record_event(session, "member.appointed", round_slug=slug, entity=f"user:{username}", payload=payload)


def invite_member(session: Session, slug: str, username: str, role: str = "member") -> None:
    """Invite a user to the administrator's own side (they become a member when they accept)."""
    principal = require_principal(session, "inviting a member")
    row = round_row(session, slug)
    side = _admin_side(session, row, principal)
    _check(side, role, slug)
    user = user_named(session, username)
    _no_membership(session, row, user)
    _add(session, row, user, side, role, "invited", principal.user_id)
    payload = {"side": side, "role": role}
    record_event(session, "member.invited", round_slug=slug, entity=f"user:{username}", payload=payload)


def accept_invitation(session: Session, slug: str) -> str:
    """Accept one's invitation to a side of the round; returns the side."""
    principal = require_principal(session, "accepting an invitation")
    row = round_row(session, slug)
    m = _membership(session, row, principal.user_id)
    if m is None or m.status != "invited":
        raise StoreError(f"you have no invitation to {slug!r}.", file=slug, got=principal.label())
    m.status = "active"
    session.flush()
    record_event(session, "member.accepted", round_slug=slug, entity=f"user:{principal.username}")
    return m.side


def request_membership(session: Session, slug: str, side: str) -> None:
    """Ask to join a side; one of its administrators approves (nothing is visible until then)."""
    principal = require_principal(session, "asking to join")
    row = round_row(session, slug)
    _check(side, "member", slug)
    user = user_named(session, principal.username)
    _no_membership(session, row, user)
    _add(session, row, user, side, "member", "requested", None)
    payload = {"side": side}
    record_event(session, "member.requested", round_slug=slug, entity=f"user:{user.username}", payload=payload)


def approve_request(session: Session, slug: str, username: str) -> None:
    """Approve a request to join the administrator's side."""
    principal = require_principal(session, "approving a request")
    row = round_row(session, slug)
    side = _admin_side(session, row, principal)
    user = user_named(session, username)
    m = _membership(session, row, user.id)
    if m is None or m.status != "requested" or m.side != side:
        raise StoreError(f"{username} has not asked to join the {side} side of {slug}.", file=slug)
    m.status, m.granted_by = "active", principal.user_id
    session.flush()
    record_event(session, "member.approved", round_slug=slug, entity=f"user:{username}", payload={"side": side})


def revoke_member(session: Session, slug: str, username: str) -> None:
    """End a membership (or refuse a request, or withdraw an invitation) of the administrator's side."""
    principal = require_principal(session, "revoking a membership")
    row = round_row(session, slug)
    side = _admin_side(session, row, principal)
    user = user_named(session, username)
    m = _membership(session, row, user.id)
    if m is None or m.side != side:
        raise StoreError(f"{username} has no place on the {side} side of {slug}.", file=slug)
    session.delete(m)
    session.flush()
    record_event(session, "member.revoked", round_slug=slug, entity=f"user:{username}", payload={"side": side})


def list_members(session: Session, slug: str) -> list[MemberView]:
    """Everyone with a place in the round (sides and roles are public, like who sits at the table)."""
    row = round_row(session, slug)
    q = (
        select(RoundMember, User)
        .join(User, User.id == RoundMember.user_id)
        .where(RoundMember.round_id == row.id)
        .order_by(RoundMember.side, User.username)
    )
    return [MemberView(u.username, u.is_local, m.side, m.role, m.status) for m, u in session.execute(q)]
