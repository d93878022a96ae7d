"""Every database error as one of payround's errors (one shape, ``as_dict()``), never a driver traceback.

SQLite and PostgreSQL word the same failure differently; both are recognised here, so that a front end sees the
same error from either: a race lost to another writer is a ``ConflictError``; anything else a ``StoreError`` that
names the database and says what to do.
"""

from __future__ import annotations

import re

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from payround.errors import ConflictError, InputError, PayroundError, StoreError

__all__ = ["map_database_error"]

_CONFLICT_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available

# (pattern in the driver's message, error class, message, hint)
_UNIQUE = (
    (r"rounds\.slug|uq_rounds_slug", "round", "the round was created by someone else at the same time."),
    (r"events\.chain|uq_events_chain", "log", "someone else wrote to the same log at the same time."),
    (r"users\.username|uq_users_username", "user", "a user with this name was added at the same time."),
)


def _driver_message(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sqlstate(exc: SQLAlchemyError) -> str | None:
    orig = getattr(exc, "orig", None)
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def map_database_error(exc: SQLAlchemyError, where: str, *, opening: bool = False) -> PayroundError:
    """The payround error for a database error raised while working on ``where`` (a URL without password)."""
    message = _driver_message(exc)
    if isinstance(exc, IntegrityError):
        for pattern, _what, text in _UNIQUE:
            if re.search(pattern, message):
                return ConflictError(text, file=where)
        if re.search(r"offers\.round_id|uq_offers_round_id", message):
            return StoreError(
                "this offer id is not available in the round.",
                file=where,
                hint="offer ids are unique in a round, across both sides' drafts: choose another id.",
            )
        return StoreError(f"the database refused the change: {message}.", file=where)
    if _sqlstate(exc) in _CONFLICT_SQLSTATES:
        return ConflictError("someone else changed the round at the same time.", file=where)
    if "append-only" in message:
        return StoreError(f"{message}.", file=where, hint="the log and offer versions are never rewritten.")
    if "file is not a database" in message or "file is encrypted" in message:
        return StoreError(
            "this file is not a database.", file=where, hint="give a payround database or a new file name."
        )
    if "database is locked" in message:
        return StoreError(
            "the database stayed busy (another payround is writing to it).", file=where, hint="try again."
        )
    if "permission denied" in message or "insufficient privilege" in message.lower():
        return StoreError(
            f"the database refused: {message}.",
            file=where,
            hint="the application role may only read and add to the log; the owner role migrates (docs/rounds.md).",
        )
    if opening or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return InputError(
            f"cannot open the database: {message}.",
            file=where,
            hint="check PAYROUND_DATABASE_URL (or --database) and that the server is running.",
        )
    return StoreError(f"the database failed: {message}.", file=where)
