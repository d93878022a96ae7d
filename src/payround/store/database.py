"""Opening the database: the URL (``PAYROUND_DATABASE_URL`` or an SQLite file), the engine, and the Alembic
migrations, run once at start-up, in one transaction, under a lock.

- SQLite: the driver's own transaction handling is switched off (it commits each ``CREATE TABLE`` on its own, so a
  kill during the first open used to leave a partial schema); payround emits ``BEGIN IMMEDIATE`` for every unit of
  work and ``BEGIN EXCLUSIVE`` for migrations, so DDL and data are all-or-nothing and writers queue.
- PostgreSQL: migrations take a transaction-scoped advisory lock, so that ten processes opening a new database at
  once migrate it once; DDL is transactional there already.
- A database is checked once per process: a later ``open_store`` of the same URL does not look at migrations again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from payround.errors import InputError, StoreError
from payround.store.access import Principal, install_scoping, use_principal
from payround.store.bounds import install_bounds
from payround.store.errormap import map_database_error

__all__ = ["DEFAULT_SQLITE_FILE", "ENV_VAR", "Store", "database_url", "head_revision", "open_store"]

ENV_VAR = "PAYROUND_DATABASE_URL"
DEFAULT_SQLITE_FILE = "payround.sqlite3"
_MIGRATIONS = Path(__file__).parent / "migrations"
_BUSY_TIMEOUT_MS = 60_000
_AT_HEAD: set[str] = set()  # URLs already checked (and migrated) by this process


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
            "payround stores rounds in SQLite or PostgreSQL only.", file=where, got=repr(parsed.drivername), hint=hint
        )
    return url


_BACKENDS = ("sqlite", "postgresql")


def _scheme(url: str) -> str:
    # The URL may hold a password: show only its scheme.
    return repr(url.split("://", 1)[0][:20] + "://...") if "://" in url else "text that is not a URL"


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # payround begins transactions itself (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


@dataclass
class Store:
    """An open database. ``session(principal)`` is one unit of work: one transaction, committed on success and
    rolled back on any error, every query scoped by what the principal may see, every database error mapped to
    payround's errors."""

    url: str
    engine: Engine
    _sessions: sessionmaker[Session] = field(repr=False)

    @property
    def where(self) -> str:
        """The URL without its password, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self, principal: Principal | None = None) -> Iterator[Session]:
        """A unit of work acting for ``principal`` (None: an anonymous reader, who sees only public rows)."""
        try:
            with self._sessions() as s, s.begin():
                use_principal(s, principal)
                yield s
        except SQLAlchemyError as exc:
            raise map_database_error(exc, self.where) from exc

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


def _known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_alembic_config("sqlite://")).walk_revisions()}


def _check_revision(conn: Connection, where: str) -> str | None:
    """The database's revision; refuses a file that is not a payround database, or one from a newer payround."""
    current = MigrationContext.configure(conn).get_current_revision()
    if current is None:
        foreign = set(inspect(conn).get_table_names()) - {"alembic_version"}
        if foreign:
            raise StoreError(
                "this database holds other tables and is not a payround database.",
                file=where,
                got=", ".join(sorted(foreign)[:5]),
                hint="give a new file or an empty database.",
            )
    elif current not in _known_revisions():
        raise StoreError(
            "this database was written by a newer version of payround.",
            file=where,
            expected=f"schema {head_revision()} or older",
            got=f"schema {current}",
            hint="upgrade payround (pip install -U payround); the database is unchanged.",
        )
    return current


def _migrate(engine: Engine, url: str, where: str) -> None:
    """Bring the database to the head revision: checked first without a lock, then migrated under one."""
    with engine.connect().execution_options(sqlite_begin="DEFERRED") as conn, conn.begin():
        if _check_revision(conn, where) == head_revision():
            return
    with engine.connect().execution_options(sqlite_begin="EXCLUSIVE") as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('payround.migrate:' || current_schema()))"))
        if _check_revision(conn, where) == head_revision():
            return  # another process migrated it while this one waited for the lock
        cfg = _alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and, by default, create or upgrade) the database at ``url`` (see ``database_url``)."""
    resolved = database_url(url)
    where = make_url(resolved).render_as_string(hide_password=True)
    try:
        engine = create_engine(resolved)
    except (ArgumentError, ImportError) as exc:  # an unknown driver, or one that is not installed
        raise InputError(
            f"cannot use this database: {type(exc).__name__}.",
            file=where,
            hint="use sqlite:///path/to/file.sqlite3, or postgresql://... with payround's 'postgres' extra installed.",
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        if engine.url.database and engine.url.database != ":memory:":
            Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    database = engine.url.database or ""
    known = resolved in _AT_HEAD and (engine.dialect.name != "sqlite" or Path(database).is_file())
    if migrate and not known:
        try:
            _migrate(engine, resolved, where)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise map_database_error(exc, where, opening=True) from exc
        except InputError:
            engine.dispose()
            raise
        if engine.url.database != ":memory:":
            _AT_HEAD.add(resolved)
    sessions = sessionmaker(engine, expire_on_commit=False)
    install_scoping(sessions)
    install_bounds(sessions)
    return Store(url=resolved, engine=engine, _sessions=sessions)
