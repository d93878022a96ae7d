"""Stores to test on: an SQLite file, and a real PostgreSQL server when PAYROUND_TEST_POSTGRES_URL is set.

Each PostgreSQL test runs in a schema of its own (dropped afterwards), so tests can run in parallel.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from payround.store import Store, local_principal, open_store, principal_for
from payround.store.models import User

PG_ENV = "PAYROUND_TEST_POSTGRES_URL"
PG_SKIP = f"{PG_ENV} is not set: no PostgreSQL server to test on (.ci/run starts one)"


def _pg_url() -> str:
    url = os.environ.get(PG_ENV, "")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite database file."""
    store = open_store(f"sqlite:///{tmp_path / 'payround.sqlite3'}")
    yield store
    store.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL schema (skipped, with the reason, without a server)."""
    base = _pg_url()
    if not base:
        pytest.skip(PG_SKIP)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def postgres_store(postgres_url: str) -> Iterator[Store]:
    """A fresh PostgreSQL database (schema)."""
    store = open_store(postgres_url)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """The same test on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_store")  # type: ignore[no-any-return]


@contextmanager
def as_user(store: Store, name: str) -> Iterator[Session]:
    """A unit of work acting as ``name``: a signed-in user if one exists, else the local user (created)."""
    with store.session() as s:
        user = s.scalar(select(User).where(User.username == name))
        if user is None or user.is_local:
            local_principal(s, name)
        else:
            principal_for(s, user.id)
        yield s


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a database not opened yet: a new SQLite file, or an empty PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'new.sqlite3'}"
    return request.getfixturevalue("postgres_url")  # type: ignore[no-any-return]
