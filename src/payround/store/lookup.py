"""Finding rounds wherever they are: a round file, the database, or the bundled rounds (in that order).

Used by the CLI and the web layer alike. Reading never creates a database: the default SQLite file is opened only
when it exists, while a database named explicitly (``--database`` or ``$PAYROUND_DATABASE_URL``) is opened, and
migrated, as given (once per process: ``open_store`` remembers the databases it has already checked). Reads here are
anonymous: they see the public record only, never a side's drafts.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from payround.errors import RoundError
from payround.rounds import RoundFile, bundled_round_ids, load_round
from payround.store.database import DEFAULT_SQLITE_FILE, ENV_VAR, Store, open_store
from payround.store.repository import export_round, find_round, list_rounds
from payround.store.users import local_principal

__all__ = ["all_rounds", "configured_store", "default_local_user", "local_session", "resolve_round"]


def default_local_user() -> str:
    """The command line's local user: ``$PAYROUND_USER``, else the login name."""
    try:
        return os.environ.get("PAYROUND_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "local"


@contextmanager
def local_session(database: str | None, user: str | None, *, create: bool = False) -> Iterator[Session]:
    """One unit of work on the configured database (created if ``create``), acting as the local user ``user``
    (default: ``default_local_user()``)."""
    store = configured_store(database, create=create) or open_store(database)
    try:
        with store.session() as s:
            local_principal(s, user or default_local_user())
            yield s
    finally:
        store.close()


def configured_store(database: str | None = None, *, create: bool = False) -> Store | None:
    """The database to use, or None when none is configured and the default file does not exist (and not
    ``create``)."""
    if create or database or os.environ.get(ENV_VAR):
        return open_store(database)
    default = Path.cwd() / DEFAULT_SQLITE_FILE
    return open_store(f"sqlite:///{default}") if default.exists() else None


def resolve_round(ref: str, database: str | None = None) -> RoundFile:
    """A round by reference: a ``.yaml`` file or existing path, a round in the database, or a bundled id."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return load_round(path)
    store = configured_store(database)
    if store is not None:
        try:
            with store.session() as s:
                if find_round(s, ref) is not None:
                    return export_round(s, ref)
        finally:
            store.close()
    if ref in bundled_round_ids():
        return load_round(ref)
    raise RoundError(
        f"{ref!r} is not a round file, a stored round or a bundled round.",
        file=ref,
        expected=f"a .yaml file or one of {', '.join(bundled_round_ids())}",
        hint="list the rounds with `payround round list`.",
    )


def all_rounds(refs: list[str] | None = None, database: str | None = None) -> list[RoundFile]:
    """The rounds named (``refs``), or every stored round plus the bundled rounds not stored."""
    if refs:
        return [resolve_round(r, database) for r in refs]
    rounds: dict[str, RoundFile] = {}
    store = configured_store(database)
    if store is not None:
        try:
            with store.session() as s:
                for summary in list_rounds(s):
                    rounds[summary.slug] = export_round(s, summary.slug)
        finally:
            store.close()
    for rid in bundled_round_ids():
        if rid not in rounds:
            rounds[rid] = load_round(rid)
    return list(rounds.values())
