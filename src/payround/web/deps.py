"""What every route depends on: the settings, the store, the signed-in account, the CSRF check, uploads."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from payround.store import Store, principal_for
from payround.web.accounts import Account, LoginLimiter, SessionInfo, find_session
from payround.web.errors import WebError
from payround.web.settings import WebSettings

__all__ = [
    "COOKIE",
    "AppState",
    "CurrentAccount",
    "DbSession",
    "MaybeSession",
    "csrf_protected",
    "state_of",
]

COOKIE = "payround_session"
CSRF_HEADER = "x-csrf-token"


@dataclass
class AppState:
    """What the app holds for its lifetime."""

    settings: WebSettings
    store: Store
    limiter: LoginLimiter


def state_of(request: Request) -> AppState:
    """The app's state."""
    st: AppState = request.app.state.payround
    return st


def maybe_session(request: Request) -> SessionInfo | None:
    """The open session of the request's cookie, if any."""
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 200:
        return None
    with state_of(request).store.engine.connect() as conn, conn.execution_options(sqlite_begin="DEFERRED").begin():
        found = find_session(conn, token)
    return found


MaybeSession = Annotated[SessionInfo | None, Depends(maybe_session)]


def current_account(info: MaybeSession) -> Account:
    """The signed-in account (401 otherwise)."""
    if info is None:
        raise WebError(401, "sign in first.", place="session", hint="POST /login with your username and password.")
    return info.account


CurrentAccount = Annotated[Account, Depends(current_account)]


@contextmanager
def acting_session(request: Request, account: Account) -> Iterator[Session]:
    """One transaction acting for the signed-in user: the store scopes every query to what they may see and
    records them as the actor of every change. (On SQLite it holds the write lock: open no other connection to
    the database inside it.)"""
    with state_of(request).store.session() as s:
        principal_for(s, account.user_id)
        yield s


def db_session(request: Request, account: CurrentAccount) -> Iterator[Session]:
    """The request's acting session (committed when the route returns normally)."""
    with acting_session(request, account) as s:
        yield s


DbSession = Annotated[Session, Depends(db_session)]


async def csrf_protected(request: Request, info: MaybeSession) -> None:
    """Every state-changing request carries the session's CSRF token (header X-CSRF-Token or form field
    csrf_token); the login form, which has no session yet, is checked against its own cookie instead."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    expected = info.csrf if info is not None else request.cookies.get("payround_login_csrf")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise WebError(403, "the request has no valid CSRF token.", place="csrf_token", hint="reload the page.")


def require_admin(account: CurrentAccount) -> Account:
    """Only an admin."""
    if not account.admin:
        raise WebError(403, "only an administrator may do this.", place="role")
    return account
