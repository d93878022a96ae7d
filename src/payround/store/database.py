"""Opening the database: the URL (``PAYROUND_DATABASE_URL`` or an SQLite file), the engine, and the Alembic
migrations, applied at start-up so that every run works on the current schema.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from payround.errors import InputError

__all__ = ["DEFAULT_SQLITE_FILE", "ENV_VAR", "Store", "database_url", "head_revision", "open_store"]

ENV_VAR = "PAYROUND_DATABASE_URL"
DEFAULT_SQLITE_FILE = "payround.sqlite3"
_MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(explicit: str | None = None) -> str:
    """The database to use: ``explicit``, else ``$PAYROUND_DATABASE_URL``, else ``./payround.sqlite3``.

    ``postgresql://`` URLs use the psycopg 3 driver (``postgresql+psycopg://``).
    """
    url = explicit or os.environ.get(ENV_VAR) or f"sqlite:///{Path.cwd() / DEFAULT_SQLITE_FILE}"
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    where = ENV_VAR if not explicit else "--database"
    hint = "use sqlite:///path/to/file.sqlite3 or postgresql://user@host:port/dbname."
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError("this is not a database URL.", file=where, got=_scheme(url), hint=hint) from exc
    if parsed.get_backend_name() not in _BACKENDS:
        raise InputError(
            "payround stores rounds in SQLite or PostgreSQL only.",
            file=where,
            got=repr(parsed.drivername),
            hint=hint,
        )
    return url


_BACKENDS = ("sqlite", "postgresql")


def _scheme(url: str) -> str:
    # The URL may hold a password: show only its scheme.
    return repr(url.split("://", 1)[0][:20] + "://...") if "://" in url else "text that is not a URL"


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@dataclass
class Store:
    """An open database: make sessions with ``session()`` (one transaction: committed on success, rolled back on
    any error, so that a failed import leaves the database as it was)."""

    url: str
    engine: Engine
    _sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction."""
        with self._sessions() as s, s.begin():
            yield s

    def schema_revision(self) -> str | None:
        """The migration the database is at."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()


def _alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this version of payround."""
    head = ScriptDirectory.from_config(_alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and, by default, create or upgrade) the database at ``url`` (see ``database_url``)."""
    resolved = database_url(url)
    try:
        engine = create_engine(resolved)
    except (ArgumentError, ImportError) as exc:
        raise InputError(
            f"cannot use this database: {type(exc).__name__}.",
            file=make_url(resolved).render_as_string(hide_password=True),
            hint="use sqlite:///path/to/file.sqlite3, or postgresql://... with payround's 'store' extra installed.",
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
        database = engine.url.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    if migrate:
        cfg = _alembic_config(resolved)
        try:
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except DatabaseError as exc:  # OperationalError, or 'file is not a database'
            engine.dispose()
            raise InputError(
                f"cannot open the database: {str(exc.orig)[:200]}.",
                file=engine.url.render_as_string(hide_password=True),
                hint=f"check {ENV_VAR} (or --database) and that the server is running.",
            ) from exc
    return Store(url=resolved, engine=engine, _sessions=sessionmaker(engine, expire_on_commit=False))
