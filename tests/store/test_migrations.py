"""The schema comes from Alembic migrations, applied at start-up, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from payround.errors import InputError
from payround.store import Store, database_url, head_revision, open_store
from payround.store.models import Base

TABLES = {
    "events",
    "industrial_action",
    "ballots",
    "milestones",
    "offer_versions",
    "offers",
    "organisations",
    "responses",
    "round_members",
    "rounds",
    "settlements",
    "users",
}


def test_opening_a_store_migrates_it_to_the_head(store: Store) -> None:
    assert store.schema_revision() == head_revision()
    names = set(inspect(store.engine).get_table_names())
    assert names >= TABLES and "alembic_version" in names


def test_the_migrations_create_exactly_the_tables_the_models_describe(store: Store) -> None:
    insp = inspect(store.engine)
    for table in Base.metadata.sorted_tables:
        columns = {c["name"] for c in insp.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    assert set(Base.metadata.tables) == TABLES


def test_opening_again_is_harmless(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'again.sqlite3'}"
    open_store(url).close()
    store = open_store(url)
    assert store.schema_revision() == head_revision()
    store.close()


def test_the_default_database_is_a_file_in_the_working_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PAYROUND_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert database_url() == f"sqlite:///{tmp_path / 'payround.sqlite3'}"
    monkeypatch.setenv("PAYROUND_DATABASE_URL", "postgresql://u@db.example:5432/payround")
    assert database_url() == "postgresql+psycopg://u@db.example:5432/payround"


def test_a_bad_url_is_a_located_error() -> None:
    with pytest.raises(InputError, match="not a database URL"):
        database_url("not a url")


def test_an_unreachable_server_says_how_to_fix_it() -> None:
    with pytest.raises(InputError, match="cannot open the database") as err:
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1")
    assert "PAYROUND_DATABASE_URL" in str(err.value)
