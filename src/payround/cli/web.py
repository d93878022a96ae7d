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

    from sqlalchemy import select

    from payround.errors import InputError
    from payround.store import add_user
    from payround.store.lookup import configured_store, local_session
    from payround.store.models import User
    from payround.web.accounts import create_tables, set_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = configured_store(database, create=True)
    assert store is not None
    try:
        create_tables(store.engine)
    finally:
        store.close()
    with local_session(database, actor) as s:
        user = s.scalar(select(User).where(User.username == username))
        if user is None:
            if not create:
                raise InputError(f"there is no user {username!r}.", place="user", hint="add them with --create.")
            user = add_user(s, username, username, site_admin=site_admin)
        set_password(s, user, password)
    typer.echo(f"Password set for {username}.")
