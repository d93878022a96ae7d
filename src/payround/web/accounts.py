"""Sign-in for the workbench: argon2 password hashes, server-side sessions and login rate limiting.

Accounts are the store's users (``payround.store``); this module keeps only what signing in needs — a password
hash per signed-in user and the open sessions (a random token whose SHA-256 is stored, with its CSRF token). Roles
are the store's: site administrators, and each round's sides (active memberships). Its tables live beside the
store's in the same database."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, delete, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from payround.store.models import RoundMember, RoundRow, User

__all__ = [
    "Account",
    "LoginLimiter",
    "SessionInfo",
    "check_password",
    "create_tables",
    "end_session",
    "find_session",
    "set_password",
    "start_session",
]

metadata = MetaData()
credentials = Table(
    "web_credentials",
    metadata,
    Column("user_id", Integer, primary_key=True),  # users.id of the store
    Column("password_hash", String(200), nullable=False),
)
sessions = Table(
    "web_sessions",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("user_id", Integer, nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
)

_hasher = PasswordHasher()
_DUMMY = _hasher.hash("not a password")  # verify against it when the user is unknown: same time either way


def create_tables(engine: Engine) -> None:
    """Create the sign-in tables if they are missing (the store's migrations own everything else)."""
    metadata.create_all(engine, checkfirst=True)


@dataclass(frozen=True)
class Account:
    """A signed-in user: who they are and, per round, their side."""

    user_id: int
    username: str
    display_name: str
    admin: bool
    sides: dict[str, str]  # round slug -> employers | unions | neutral

    def side_in(self, slug: str) -> str | None:
        """Their side in a round (None: not a member)."""
        return self.sides.get(slug)

    @property
    def role(self) -> str:
        """admin, or the side they hold in their rounds (one side per user in this workbench), or none."""
        if self.admin:
            return "admin"
        return next(iter(sorted(set(self.sides.values()))), "none")


@dataclass(frozen=True)
class SessionInfo:
    """An open session: its account and its CSRF token."""

    account: Account
    csrf: str


def set_password(session: Session, user: User, password: str) -> None:
    """Set (or reset) a signed-in user's password (a local, command-line user never signs in)."""
    if len(password) < 10:
        from payround.errors import InputError

        raise InputError("a password needs at least 10 characters.", place="password")
    if user.is_local:
        from payround.errors import InputError

        raise InputError(f"{user.username!r} is a local (command-line) user: they never sign in.", place="user")
    h = _hasher.hash(password)
    found = session.execute(select(credentials).where(credentials.c.user_id == user.id)).first()
    if found is None:
        session.execute(credentials.insert().values(user_id=user.id, password_hash=h))
    else:
        session.execute(credentials.update().where(credentials.c.user_id == user.id).values(password_hash=h))


def _account(session: Session | Connection, user: Any) -> Account:
    """The account of a user (an ORM User or a row with its columns)."""
    rows = session.execute(
        select(RoundRow.slug, RoundMember.side).join(RoundRow, RoundRow.id == RoundMember.round_id)
        .where(RoundMember.user_id == user.id, RoundMember.status == "active")
    ).all()  # fmt: skip
    name = user.display_name or user.username
    return Account(user.id, user.username, name, user.site_admin, {s: side for s, side in rows})


def check_password(session: Session, username: str, password: str) -> Account | None:
    """The account when the password is right (None otherwise, in the same time for an unknown user)."""
    user = session.scalar(select(User).where(User.username == username))
    row = None
    if user is not None:
        row = session.execute(select(credentials).where(credentials.c.user_id == user.id)).first()
    try:
        _hasher.verify(row.password_hash if row is not None else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or row is None or user.is_local:
        return None
    return _account(session, user)


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, account: Account, hours: int) -> tuple[str, str]:
    """Open a session: returns (the cookie's token, the CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    session.execute(delete(sessions).where(sessions.c.expires < now))
    session.execute(
        sessions.insert().values(
            token_sha256=_sha(token), user_id=account.user_id, csrf=csrf, expires=now + timedelta(hours=hours)
        )
    )
    return token, csrf


def find_session(conn: Session | Connection, token: str) -> SessionInfo | None:
    """The open session of a cookie token (None when unknown or expired). Reads only: every request asks, so it
    runs on a plain connection in a deferred (shared) transaction, never taking the write lock."""
    row = conn.execute(select(sessions).where(sessions.c.token_sha256 == _sha(token))).first()
    if row is None:
        return None
    expires = row.expires if row.expires.tzinfo else row.expires.replace(tzinfo=UTC)
    if expires < datetime.now(UTC):
        return None
    user = conn.execute(
        select(User.id, User.username, User.display_name, User.site_admin, User.is_local).where(User.id == row.user_id)
    ).first()
    if user is None or user.is_local:
        return None
    return SessionInfo(_account(conn, user), row.csrf)


def end_session(session: Session, token: str) -> None:
    """Close a session (log out)."""
    session.execute(delete(sessions).where(sessions.c.token_sha256 == _sha(token)))


class LoginLimiter:
    """At most ``attempts`` failed logins per client address and per username in ``window`` seconds (in this
    process: each worker counts its own)."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts, self.window = attempts, window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] < now - self.window:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> bool:
        """True when any key has used up its attempts."""
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.attempts for k in keys)

    def failed(self, *keys: str) -> None:
        """Count a failed attempt against each key."""
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)
            if len(self._fails) > 10_000:  # bounded memory under a flood of usernames
                for k in [k for k, q in self._fails.items() if not q][:5000]:
                    del self._fails[k]
