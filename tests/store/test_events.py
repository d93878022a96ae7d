"""The event log is append-only in the database itself: UPDATE, DELETE and INSERT OR REPLACE are refused, and every
event names the user who made the change (a local user is marked as such)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from payround.errors import StoreError
from payround.rounds import load_round
from payround.store import Store, import_round, list_events, record_event
from tests.store.conftest import as_user


def test_every_change_is_an_event_with_who_when_and_what(store: Store) -> None:
    started = datetime.now(UTC) - timedelta(seconds=5)
    with as_user(store, "alice") as s:
        import_round(s, load_round("birmingham-2025"))
    with as_user(store, "bob") as s:
        record_event(s, "note.added", round_slug="birmingham-2025", entity="note:1", payload={"text": "hi"})
    with store.session() as s:
        events = list_events(s, "birmingham-2025")
    assert [(e.actor, e.action) for e in events] == [("alice", "round.imported"), ("bob", "note.added")]
    assert all(e.user_id is not None and e.actor_local for e in events)
    assert all(e.occurred_at.tzinfo is not None and e.occurred_at >= started for e in events)
    assert events[0].payload["counts"]["industrial_action"] == 22
    assert events[1].payload == {"text": "hi"}


def test_a_write_without_a_user_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="needs a signed-in user"), store.session() as s:
        import_round(s, load_round("birmingham-2025"))
    with pytest.raises(StoreError, match="needs a signed-in user"), store.session() as s:
        record_event(s, "note.added")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET actor = 'mallory'",
        "DELETE FROM events",
        "UPDATE offer_versions SET created_by = 'mallory'",
        "DELETE FROM offer_versions",
    ],
)
def test_the_log_and_offer_versions_cannot_be_updated_or_deleted(store: Store, statement: str) -> None:
    with as_user(store, "alice") as s:
        import_round(s, load_round("birmingham-2025"))
    with pytest.raises(StoreError, match="append-only"), store.session() as s:
        s.execute(text(statement))
    with store.session() as s:
        assert [(e.actor, e.action) for e in list_events(s, "birmingham-2025")] == [("alice", "round.imported")]


@pytest.mark.parametrize("table", ["events", "offer_versions"])
def test_insert_or_replace_cannot_rewrite_a_row_on_sqlite(sqlite_store: Store, table: str) -> None:
    with as_user(sqlite_store, "alice") as s:
        import_round(s, load_round("birmingham-2025"))
    columns = {
        "events": "(id, occurred_at, actor, action, entity, payload) "
        "VALUES (1, '2020-01-01', 'mallory', 'x', '', '{}')",
        "offer_versions": "(id, offer_id, version, created_at, created_by) VALUES (1, 1, 1, '2020-01-01', 'mallory')",
    }[table]
    with pytest.raises(StoreError, match="append-only"), sqlite_store.session() as s:
        s.execute(text(f"INSERT OR REPLACE INTO {table} {columns}"))
    who = "actor" if table == "events" else "created_by"
    with sqlite_store.session() as s:
        assert s.execute(text(f"SELECT {who} FROM {table} WHERE id = 1")).scalar_one() == "alice"


def test_the_last_events(store: Store) -> None:
    with as_user(store, "alice") as s:
        for i in range(5):
            record_event(s, f"step.{i}")
    with store.session() as s:
        assert [e.action for e in list_events(s, limit=2)] == ["step.3", "step.4"]
