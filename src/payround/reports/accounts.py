"""Workbench accounts from the command line: ``payround user passwd`` sets a signed-in user's password (argon2),
adding the user first when asked (a site administrator's act, as the store requires)."""

from __future__ import annotations

from payround.errors import InputError
from payround.reports.members import Done

__all__ = ["user_passwd_report"]


def user_passwd_report(
    username: str,
    password: str,
    *,
    create: bool = False,
    site_admin: bool = False,
    actor: str | None = None,
    database: str | None = None,
) -> Done:
    """Set the workbench password of a signed-in user (``create``: add the user first)."""
    from sqlalchemy import select

    from payround.store import add_user
    from payround.store.lookup import local_session
    from payround.store.models import User
    from payround.web.accounts import set_password

    with local_session(database, actor, create=True) as s:
        user = s.scalar(select(User).where(User.username == username))
        if user is None:
            if not create:
                raise InputError(f"there is no user {username!r}.", place="user", hint="add them with --create.")
            user = add_user(s, username, username, site_admin=site_admin)
        set_password(s, user, password)
    return Done(done=f"Password set for {username}.")
