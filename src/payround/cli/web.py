"""``payround serve``: the web workbench."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["register"]


def cmd_serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.", min=1, max=64)] = 1,
    demo: Annotated[
        bool, typer.Option("--demo/--no-demo", help="Load the bundled rounds and print one demo account per side.")
    ] = False,
) -> None:
    """Serve the web workbench (settings from PAYROUND_* variables; see docs/web.md)."""
    from payround.web.serve import serve

    serve(host, port, workers, demo=demo)


def register(app: typer.Typer) -> None:
    """Add the command."""
    app.command("serve")(cmd_serve)


def cmd_user_passwd(
    username: Annotated[str, typer.Argument(help="A signed-in (workbench) user.", show_default=False)],
    create: Annotated[bool, typer.Option("--create", help="Add the user first (site administrators only).")] = False,
    site_admin: Annotated[bool, typer.Option("--site-admin", help="With --create: a site administrator.")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input (one line).")
    ] = False,
    actor: Annotated[str | None, typer.Option("--as", help="Act as this local user.")] = None,
    database: Annotated[str | None, typer.Option("--database", help="Database URL.")] = None,
) -> None:
    """Set the workbench password of a signed-in user (argon2-hashed), adding the user with --create."""
    import sys

    from payround.cli.render import render
    from payround.reports.accounts import user_passwd_report

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    render(user_passwd_report(username, password, create=create, site_admin=site_admin, actor=actor, database=database))
