"""Sign-in for the workbench: argon2 password hashes, server-side sessions and login rate limiting.

Accounts are the store's users (``payround.store``); this module keeps only what signing in needs — a password
hash per signed-in user, the open sessions (a random token whose SHA-256 is stored, with its CSRF token) and the
recent failed sign-ins. Roles are the store's: site administrators, and each round's sides (active memberships). Its
tables live beside the store's in the same database and are made by the same migrations (``0004_web_sign_in``)."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, String, Table, delete, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from payround.store.models import RoundMember, RoundRow, User

__all__ = [
    "Account",
    "LoginLimiter",
    "SessionInfo",
    "check_password",
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
login_failures = Table(
    "web_login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
)

_hasher = PasswordHasher()
_DUMMY = _hasher.hash("not a password")  # verify against it when the user is unknown: same time either way


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
    row = conn.execute(
        select(
            sessions.c.expires, sessions.c.csrf, User.id, User.username, User.display_name, User.site_admin,
            User.is_local,
        )
        .join(User, User.id == sessions.c.user_id)
        .where(sessions.c.token_sha256 == _sha(token))
    ).first()  # fmt: skip
    if row is None or row.is_local:
        return None
    expires = row.expires if row.expires.tzinfo else row.expires.replace(tzinfo=UTC)
    if expires < datetime.now(UTC):
        return None
    return SessionInfo(_account(conn, row), row.csrf)


def end_session(session: Session, token: str) -> None:
    """Close a session (log out)."""
    session.execute(delete(sessions).where(sessions.c.token_sha256 == _sha(token)))


class LoginLimiter:
    """At most ``attempts`` failed sign-ins per client address and per username in ``window`` seconds, counted in
    the database (``web_login_failures``), so that every worker process of the server shares one count."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts, self.window = attempts, window

    @staticmethod
    def _now_ms() -> int:
        return int(time.time() * 1000)  # wall clock: the processes sharing the count share no monotonic clock

    def blocked(self, conn: Session | Connection, *keys: str) -> bool:
        """True when any key has used up its attempts (read in the caller's transaction)."""
        counts = conn.execute(
            select(login_failures.c.key, func.count())
            .where(login_failures.c.key.in_([k[:200] for k in keys]), login_failures.c.expires_ms > self._now_ms())
            .group_by(login_failures.c.key)
        ).all()
        return any(n >= self.attempts for _, n in counts)

    def failed(self, conn: Session | Connection, *keys: str) -> None:
        """Count a failed attempt against each key (in the caller's transaction), and forget expired ones."""
        now = self._now_ms()
        conn.execute(delete(login_failures).where(login_failures.c.expires_ms <= now))
        expires = now + int(self.window * 1000)
        conn.execute(login_failures.insert(), [{"key": k[:200], "expires_ms": expires} for k in keys])

    def clear(self, conn: Session | Connection) -> None:
        """Forget every failed attempt (an administrator lifting the limit)."""
        conn.execute(delete(login_failures))
