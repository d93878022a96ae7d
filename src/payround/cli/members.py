"""Users, sides and the database: ``payround user add|list``, ``payround member appoint|invite|accept|request|
approve|revoke|list`` and ``payround db migrate``.

The command line acts as a *local* user (``--as NAME``, default ``$PAYROUND_USER`` or the login name), created on
first use and marked local in the log. Membership of a side is granted by an administrator of that side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from payround.cli.output import console, print_json, table
from payround.store import (
    DEFAULT_SQLITE_FILE,
    ENV_VAR,
    accept_invitation,
    add_user,
    appoint_admin,
    approve_request,
    grant_app_role,
    invite_member,
    list_members,
    open_store,
    request_membership,
    revoke_member,
)
from payround.store.lookup import local_session
from payround.store.models import User

__all__ = ["AsOpt", "register"]

T = TypeVar("T")


AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="Act as this local user (default: $PAYROUND_USER, else your login name)."),
]
DatabaseOpt = Annotated[
    str | None,
    typer.Option("--database", help=f"Database URL (default: ${ENV_VAR}, else ./{DEFAULT_SQLITE_FILE})."),
]
RoundArg = Annotated[str, typer.Argument(help="A round stored in the database.")]
UserArg = Annotated[str, typer.Argument(help="A username.")]
SideOpt = Annotated[str, typer.Option("--side", help="employers, unions or neutral.")]


def _run(database: str | None, user: str | None, step: Callable[[Session], T]) -> T:
    with local_session(database, user, create=True) as s:
        return step(s)


def cmd_user_add(
    username: UserArg,
    site_admin: Annotated[bool, typer.Option("--site-admin", help="Make them a site administrator.")] = False,
    actor: AsOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Add a local user (site administrators only; the first local user of a database is one)."""
    _run(database, actor, lambda s: add_user(s, username, username, site_admin=site_admin, local=True))
    console.print(f"Added user {username}.", highlight=False)


def cmd_user_list(database: DatabaseOpt = None, fmt: Annotated[str, typer.Option("--format", "-f")] = "table") -> None:
    """List the users: local (command line) or signed-in, and site administrators."""

    def rows(s: Session) -> list[list[str]]:
        users = s.scalars(select(User).order_by(User.username))
        return [[u.username, "local" if u.is_local else "signed-in", "yes" if u.site_admin else ""] for u in users]

    listing = _run(database, None, rows)
    header = ["user", "kind", "site admin"]
    if fmt == "json":
        print_json([dict(zip(header, r, strict=True)) for r in listing])
    else:
        console.print(table("Users", header, listing))


def cmd_appoint(
    round_ref: RoundArg, username: UserArg, side: SideOpt, actor: AsOpt = None, database: DatabaseOpt = None
) -> None:
    """Appoint an administrator of a side (the round's convenor or a site administrator; never oneself)."""
    _run(database, actor, lambda s: appoint_admin(s, round_ref, username, side))
    console.print(f"{username} administers the {side} side of {round_ref}.", highlight=False)


def cmd_invite(
    round_ref: RoundArg,
    username: UserArg,
    admin: Annotated[bool, typer.Option("--admin", help="Invite them as an administrator.")] = False,
    actor: AsOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Invite a user to your side (you must administer it); they accept with `payround member accept`."""
    _run(database, actor, lambda s: invite_member(s, round_ref, username, "admin" if admin else "member"))
    console.print(f"Invited {username} to {round_ref}.", highlight=False)


def cmd_accept(round_ref: RoundArg, actor: AsOpt = None, database: DatabaseOpt = None) -> None:
    """Accept your invitation to a side of a round."""
    side = _run(database, actor, lambda s: accept_invitation(s, round_ref))
    console.print(f"You are on the {side} side of {round_ref}.", highlight=False)


def cmd_request(round_ref: RoundArg, side: SideOpt, actor: AsOpt = None, database: DatabaseOpt = None) -> None:
    """Ask to join a side; an administrator of the side approves."""
    _run(database, actor, lambda s: request_membership(s, round_ref, side))
    console.print(f"Asked to join the {side} side of {round_ref}.", highlight=False)


def cmd_approve(round_ref: RoundArg, username: UserArg, actor: AsOpt = None, database: DatabaseOpt = None) -> None:
    """Approve a request to join your side."""
    _run(database, actor, lambda s: approve_request(s, round_ref, username))
    console.print(f"{username} joined {round_ref}.", highlight=False)


def cmd_revoke(round_ref: RoundArg, username: UserArg, actor: AsOpt = None, database: DatabaseOpt = None) -> None:
    """End a membership of your side (or refuse a request, or withdraw an invitation)."""
    _run(database, actor, lambda s: revoke_member(s, round_ref, username))
    console.print(f"{username} has no place in {round_ref} now.", highlight=False)


def cmd_members(
    round_ref: RoundArg, database: DatabaseOpt = None, fmt: Annotated[str, typer.Option("--format", "-f")] = "table"
) -> None:
    """Who is on which side of a round, with their role and status."""
    found = _run(database, None, lambda s: list_members(s, round_ref))
    header = ["user", "side", "role", "status"]
    rows = [[m.username + (" (local)" if m.local else ""), m.side, m.role, m.status] for m in found]
    if fmt == "json":
        print_json([dict(zip(header, r, strict=True)) for r in rows])
    else:
        console.print(table(f"Members of {round_ref}", header, rows))


def cmd_migrate(
    app_role: Annotated[
        str | None, typer.Option("--app-role", help="PostgreSQL: grant this role the application's rights.")
    ] = None,
    database: DatabaseOpt = None,
) -> None:
    """Create or upgrade the database (as its owner) and, on PostgreSQL, grant the application role."""
    store = open_store(database)
    try:
        if app_role:
            grant_app_role(store, app_role)
        console.print(f"{store.where} is at schema {store.schema_revision()}.", highlight=False)
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    """Add ``user``, ``member`` and ``db`` to the main app."""
    users = typer.Typer(help="Users (local and signed-in).", no_args_is_help=True)
    users.command("add")(cmd_user_add)
    users.command("list")(cmd_user_list)
    app.add_typer(users, name="user")
    members = typer.Typer(help="Sides of a round: appoint, invite, accept, request, approve.", no_args_is_help=True)
    for name, command in (
        ("appoint", cmd_appoint),
        ("invite", cmd_invite),
        ("accept", cmd_accept),
        ("request", cmd_request),
        ("approve", cmd_approve),
        ("revoke", cmd_revoke),
        ("list", cmd_members),
    ):
        members.command(name)(command)
    app.add_typer(members, name="member")
    db = typer.Typer(help="The database.", no_args_is_help=True)
    db.command("migrate")(cmd_migrate)
    app.add_typer(db, name="db")
