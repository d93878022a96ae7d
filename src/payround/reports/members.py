"""Use cases on users, sides of a round and the database: add and list users, appoint, invite, accept, request,
approve and revoke memberships, list a round's members, migrate the database.

Each acts as a principal (``actor``: a local user of the command line, or the signed-in user of the web), so the
store's own rules decide what is allowed; each returns a small frozen report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from pydantic import ConfigDict, Field, RootModel

from payround.reports.base import Block, ListReport, Report, Table, Text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "Done",
    "MemberList",
    "UserList",
    "db_migrate_report",
    "member_accept_report",
    "member_appoint_report",
    "member_approve_report",
    "member_invite_report",
    "member_list_report",
    "member_request_report",
    "member_revoke_report",
    "user_add_report",
    "user_list_report",
]

T = TypeVar("T")


class Done(Report):
    """What a change did, in one sentence."""

    done: str

    def blocks(self) -> list[Block]:
        """The sentence."""
        return [Text(lines=(self.done,))]


def _as(database: str | None, actor: str | None, step: Callable[[Session], T]) -> T:
    from payround.store.lookup import local_session

    with local_session(database, actor, create=True) as s:
        return step(s)


class UserRow(Report):
    """A user: local (command line) or signed-in, and whether a site administrator ("yes" or "")."""

    model_config = ConfigDict(frozen=True, serialize_by_alias=True, populate_by_name=True)

    user: str
    kind: str
    site_admin: str = Field(alias="site admin")


class UserList(ListReport, RootModel[list[UserRow]]):
    """``payround user list``."""

    model_config = ConfigDict(frozen=True)

    def tables(self) -> list[Table]:
        """One row per user."""
        return [
            Table.build(
                "Users",
                ["user", "kind", "site admin"],
                [(u.user, u.kind, u.site_admin) for u in self.root],
            )
        ]


def user_add_report(
    username: str, *, site_admin: bool = False, actor: str | None = None, database: str | None = None
) -> Done:
    """Add a local user (site administrators only; the first local user of a database is one)."""
    from payround.store import add_user

    _as(database, actor, lambda s: add_user(s, username, username, site_admin=site_admin, local=True))
    return Done(done=f"Added user {username}.")


def user_list_report(database: str | None = None) -> UserList:
    """The users of a database."""
    from sqlalchemy import select

    from payround.store.models import User

    def rows(s: Session) -> list[UserRow]:
        users = s.scalars(select(User).order_by(User.username))
        return [
            UserRow(
                user=u.username, kind="local" if u.is_local else "signed-in", site_admin="yes" if u.site_admin else ""
            )
            for u in users
        ]

    return UserList(_as(database, None, rows))


def member_appoint_report(
    round_ref: str, username: str, side: str, *, actor: str | None = None, database: str | None = None
) -> Done:
    """Appoint an administrator of a side (the round's convenor or a site administrator; never oneself)."""
    from payround.store import appoint_admin

    _as(database, actor, lambda s: appoint_admin(s, round_ref, username, side))
    return Done(done=f"{username} administers the {side} side of {round_ref}.")


def member_invite_report(
    round_ref: str, username: str, *, admin: bool = False, actor: str | None = None, database: str | None = None
) -> Done:
    """Invite a user to the actor's side (the actor must administer it)."""
    from payround.store import invite_member

    _as(database, actor, lambda s: invite_member(s, round_ref, username, "admin" if admin else "member"))
    return Done(done=f"Invited {username} to {round_ref}.")


def member_accept_report(round_ref: str, *, actor: str | None = None, database: str | None = None) -> Done:
    """Accept the actor's invitation to a side of a round."""
    from payround.store import accept_invitation

    side = _as(database, actor, lambda s: accept_invitation(s, round_ref))
    return Done(done=f"You are on the {side} side of {round_ref}.")


def member_request_report(round_ref: str, side: str, *, actor: str | None = None, database: str | None = None) -> Done:
    """Ask to join a side; an administrator of the side approves."""
    from payround.store import request_membership

    _as(database, actor, lambda s: request_membership(s, round_ref, side))
    return Done(done=f"Asked to join the {side} side of {round_ref}.")


def member_approve_report(
    round_ref: str, username: str, *, actor: str | None = None, database: str | None = None
) -> Done:
    """Approve a request to join the actor's side."""
    from payround.store import approve_request

    _as(database, actor, lambda s: approve_request(s, round_ref, username))
    return Done(done=f"{username} joined {round_ref}.")


def member_revoke_report(
    round_ref: str, username: str, *, actor: str | None = None, database: str | None = None
) -> Done:
    """End a membership of the actor's side (or refuse a request, or withdraw an invitation)."""
    from payround.store import revoke_member

    _as(database, actor, lambda s: revoke_member(s, round_ref, username))
    return Done(done=f"{username} has no place in {round_ref} now.")


class MemberRow(Report):
    """A member of a side of a round (a local user's name is marked "(local)")."""

    user: str
    local: bool
    side: str
    role: str
    status: str


class MemberList(ListReport, RootModel[list[MemberRow]]):
    """``payround member list``: who is on which side, with their role and status."""

    model_config = ConfigDict(frozen=True)

    def tables(self) -> list[Table]:
        """One row per membership."""
        return [
            Table.build(
                "Members",
                ["user", "side", "role", "status"],
                [(m.user, m.side, m.role, m.status) for m in self.root],
            )
        ]


def member_list_report(round_ref: str, database: str | None = None) -> MemberList:
    """The members of a round's sides."""
    from payround.store import list_members

    found = _as(database, None, lambda s: list_members(s, round_ref))
    return MemberList(
        [
            MemberRow(
                user=m.username + (" (local)" if m.local else ""),
                local=m.local,
                side=m.side,
                role=m.role,
                status=m.status,
            )
            for m in found
        ]
    )


def db_migrate_report(*, app_role: str | None = None, database: str | None = None) -> Done:
    """Create or upgrade the database (as its owner) and, on PostgreSQL, grant the application role its rights."""
    from payround.store import grant_app_role, open_store

    store = open_store(database)
    try:
        if app_role:
            grant_app_role(store, app_role)
        return Done(done=f"{store.where} is at schema {store.schema_revision()}.")
    finally:
        store.close()
