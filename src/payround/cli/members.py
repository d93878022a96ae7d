"""Users, sides and the database: ``payround user add|list``, ``payround member appoint|invite|accept|request|
approve|revoke|list`` and ``payround db migrate``.

The command line acts as a *local* user (``--as NAME``, default ``$PAYROUND_USER`` or the login name), created on
first use and marked local in the log. Membership of a side is granted by an administrator of that side.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from payround.cli import web as _web
from payround.cli.render import render

__all__ = ["AsOpt", "register"]


class Fmt(StrEnum):
    """Output formats of the listings."""

    table = "table"
    json = "json"


AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="Act as this local user (default: $PAYROUND_USER, else your login name)."),
]
DatabaseOpt = Annotated[
    str | None,
    typer.Option("--database", help="Database URL (default: $PAYROUND_DATABASE_URL, else ./payround.sqlite3)."),
]
RoundArg = Annotated[str, typer.Argument(help="A round stored in the database.")]
UserArg = Annotated[str, typer.Argument(help="A username.")]
SideOpt = Annotated[str, typer.Option("--side", help="employers, unions or neutral.")]


FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")]


def cmd_user_add(
    username: UserArg,
    site_admin: Annotated[bool, typer.Option("--site-admin", help="Make them a site administrator.")] = False,
    actor: AsOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Add a local user (site administrators only; the first local user of a database is one)."""
    from payround.reports import members as reports

    render(reports.user_add_report(username, site_admin=site_admin, actor=actor, database=database))


def cmd_user_list(database: DatabaseOpt = None, fmt: FormatOpt = Fmt.table) -> None:
    """List the users: local (command line) or signed-in, and site administrators."""
    from payround.reports import members as reports

    render(reports.user_list_report(database), fmt)


def cmd_appoint(
    round_ref: RoundArg, username: UserArg, side: SideOpt, actor: AsOpt = None, database: DatabaseOpt = None
) -> None:
    """Appoint an administrator of a side (the round's convenor or a site administrator; never oneself)."""
    from payround.reports import members as reports

    render(reports.member_appoint_report(round_ref, username, side, actor=actor, database=database))


def cmd_invite(
    round_ref: RoundArg,
    username: UserArg,
    admin: Annotated[bool, typer.Option("--admin", help="Invite them as an administrator.")] = False,
    actor: AsOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Invite a user to your side (you must administer it); they accept with `payround member accept`."""
    from payround.reports import members as reports

    render(reports.member_invite_report(round_ref, username, admin=admin, actor=actor, database=database))


def cmd_accept(round_ref: RoundArg, actor: AsOpt = None, database: DatabaseOpt = None) -> None:
    """Accept your invitation to a side of a round."""
    from payround.reports import members as reports

    render(reports.member_accept_report(round_ref, actor=actor, database=database))


def cmd_request(round_ref: RoundArg, side: SideOpt, actor: AsOpt = None, database: DatabaseOpt = None) -> None:
    """Ask to join a side; an administrator of the side approves."""
    from payround.reports import members as reports

    render(reports.member_request_report(round_ref, side, actor=actor, database=database))


def cmd_approve(round_ref: RoundArg, username: UserArg, actor: AsOpt = None, database: DatabaseOpt = None) -> None:
    """Approve a request to join your side."""
    from payround.reports import members as reports

    render(reports.member_approve_report(round_ref, username, actor=actor, database=database))


def cmd_revoke(round_ref: RoundArg, username: UserArg, actor: AsOpt = None, database: DatabaseOpt = None) -> None:
    """End a membership of your side (or refuse a request, or withdraw an invitation)."""
    from payround.reports import members as reports

    render(reports.member_revoke_report(round_ref, username, actor=actor, database=database))


def cmd_members(round_ref: RoundArg, database: DatabaseOpt = None, fmt: FormatOpt = Fmt.table) -> None:
    """Who is on which side of a round, with their role and status."""
    from payround.reports import members as reports

    render(reports.member_list_report(round_ref, database), fmt)


def cmd_migrate(
    app_role: Annotated[
        str | None, typer.Option("--app-role", help="PostgreSQL: grant this role the application's rights.")
    ] = None,
    database: DatabaseOpt = None,
) -> None:
    """Create or upgrade the database (as its owner) and, on PostgreSQL, grant the application role."""
    from payround.reports import members as reports

    render(reports.db_migrate_report(app_role=app_role, database=database))


def register(app: typer.Typer) -> None:
    """Add ``user``, ``member`` and ``db`` to the main app."""
    users = typer.Typer(help="Users (local and signed-in).", no_args_is_help=True)
    users.command("add")(cmd_user_add)
    users.command("list")(cmd_user_list)
    users.command("passwd")(_web.cmd_user_passwd)
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
