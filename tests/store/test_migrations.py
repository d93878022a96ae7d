"""The schema comes from Alembic migrations, applied at start-up, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, select, text

from payround.errors import InputError, StoreError
from payround.store import Store, database_url, head_revision, open_store
from payround.store import database as database_module
from payround.store.chain import verify_events
from payround.store.database import _AT_HEAD, _alembic_config
from payround.store.models import Base, Event

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


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a database"):
        open_store(f"sqlite:///{path}")


def test_a_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a payround database"):
        open_store(f"sqlite:///{path}")


def test_a_database_from_a_newer_payround_is_refused_unchanged(store_url: str) -> None:
    open_store(store_url).close()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    _AT_HEAD.clear()
    with pytest.raises(StoreError, match="newer version of payround") as err:
        open_store(store_url)
    assert err.value.as_dict()["got"] == "schema 9999"


def test_there_is_no_downgrade_below_the_first_release(store: Store) -> None:
    cfg = _alembic_config(store.url)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        with pytest.raises(RuntimeError, match="cannot be downgraded"):
            command.downgrade(cfg, "base")
    assert store.schema_revision() == head_revision()
    assert "events" in inspect(store.engine).get_table_names()


def test_upgrading_a_first_version_database_chains_its_existing_events(store_url: str) -> None:
    """A database written before the chain existed: its events are numbered and hashed, and verify."""
    engine = create_engine(store_url)
    with engine.begin() as conn:
        cfg = _alembic_config(store_url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO users (id, username, display_name, created_at) VALUES (1, 'old', '', :t)"),
                     {"t": "2024-01-01 00:00:00"})  # fmt: skip
        for i, (slug, action) in enumerate([(None, "user.added"), ("r", "round.imported"), ("r", "offer.revised")]):
            conn.execute(
                text("INSERT INTO events (occurred_at, actor, user_id, round_slug, action, entity, payload) "
                     "VALUES (:t, 'old', 1, :slug, :action, '', :payload)"),
                {"t": f"2024-01-0{i + 1} 10:00:00.123456", "slug": slug, "action": action, "payload": '{"n": 1}'},
            )  # fmt: skip
    engine.dispose()
    store = open_store(store_url)
    with store.session() as s:
        events = list(s.scalars(select(Event).order_by(Event.id)))
        assert [(e.chain, e.seq) for e in events] == [("/public", 1), ("r/public", 1), ("r/public", 2)]
        assert verify_events("r/public", events[1:]) is None and verify_events("/public", events[:1]) is None
    store.close()


def _open_in_child(url: str) -> str:
    try:
        store = open_store(url)
        revision = store.schema_revision() or ""
        store.close()
        return revision
    except Exception as exc:  # the parent reports what went wrong
        return f"{type(exc).__name__}: {exc}"


def test_ten_processes_opening_a_new_database_at_once_all_succeed(store_url: str) -> None:
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(10) as pool:
        results = pool.map(_open_in_child, [store_url] * 10)
    assert results == [head_revision()] * 10
    store = open_store(store_url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    store.close()


def test_a_database_is_checked_once_per_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'once.sqlite3'}"
    open_store(url).close()
    calls: list[str] = []
    monkeypatch.setattr(database_module, "_migrate", lambda *a: calls.append("migrate"))
    for _ in range(3):
        open_store(url).close()
    assert calls == []
