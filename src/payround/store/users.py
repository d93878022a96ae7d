"""Users and principals. The web workbench signs users in and acts for them with ``principal_for``; the CLI acts
as a *local* user (``local_principal``), created on first use and marked local in the log, because no server checked
who typed the command. The first user of a database is its site administrator (the operator), who adds users and
may make others site administrators.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from payround.errors import StoreError
from payround.store.access import Principal, require_principal, use_principal
from payround.store.models import User
from payround.store.repository import record_event

__all__ = ["add_user", "find_user", "local_principal", "principal_for", "user_named"]


def _principal(user: User) -> Principal:
    return Principal(user_id=user.id, username=user.username, local=user.is_local, site_admin=user.site_admin)


def find_user(session: Session, username: str) -> User | None:
    """The user with this name, if any."""
    return session.scalar(select(User).where(User.username == username))


def user_named(session: Session, username: str) -> User:
    """The user with this name (StoreError otherwise)."""
    user = find_user(session, username)
    if user is None:
        raise StoreError(f"there is no user {username!r}.", place="user", hint="list them: payround user list.")
    return user


def principal_for(session: Session, user_id: int) -> Principal:
    """Act as an authenticated (signed-in) user for the rest of this unit of work."""
    user = session.get(User, user_id)
    if user is None:
        raise StoreError(f"there is no user with id {user_id}.", place="user")
    principal = _principal(user)
    use_principal(session, principal)
    return principal


def local_principal(session: Session, username: str) -> Principal:
    """Act as the CLI's local user ``username`` (created on first use; the first user of a database is its site
    administrator). A signed-in (non-local) user cannot be impersonated from the command line."""
    user = find_user(session, username)
    if user is not None and not user.is_local:
        raise StoreError(
            f"{username!r} is a signed-in user of the workbench: the command line acts only as local users.",
            place="--as",
            hint="choose another local name.",
        )
    if user is None:
        first = not session.scalar(select(exists().where(User.site_admin.is_(True))))
        user = User(username=username, display_name=username, is_local=True, site_admin=first)
        session.add(user)
        session.flush()
        use_principal(session, _principal(user))
        record_event(session, "user.added", entity=f"user:{username}", payload={"local": True, "site_admin": first})
    principal = _principal(user)
    use_principal(session, principal)
    return principal


def add_user(
    session: Session, username: str, display_name: str = "", *, site_admin: bool = False, local: bool = False
) -> User:
    """Create a user (``local``: one the command line acts as; otherwise one who signs in to the workbench): only a
    site administrator may, and only they make site administrators."""
    principal = require_principal(session, "adding a user")
    if not principal.site_admin:
        raise StoreError("only a site administrator can add users.", place="user", got=principal.label())
    if find_user(session, username) is not None:
        raise StoreError(f"the user {username!r} already exists.", place="user", hint="choose another username.")
    user = User(username=username, display_name=display_name, site_admin=site_admin, is_local=local)
    session.add(user)
    session.flush()
    payload = {"site_admin": site_admin, "local": local}
    record_event(session, "user.added", entity=f"user:{username}", payload=payload)
    return user
