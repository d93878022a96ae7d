"""The event log is append-only in the database itself: UPDATE and DELETE are refused by triggers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from payround.rounds import load_round
from payround.store import Store, import_round, list_events, record_event


def test_every_change_is_an_event_with_who_when_and_what(store: Store) -> None:
    started = datetime.now(UTC) - timedelta(seconds=5)
    with store.session() as s:
        import_round(s, load_round("birmingham-2025"), "alice")
        record_event(s, "bob", "note.added", round_slug="birmingham-2025", entity="note:1", payload={"text": "hi"})
    with store.session() as s:
        events = list_events(s, "birmingham-2025")
    assert [(e.actor, e.action) for e in events] == [("alice", "round.imported"), ("bob", "note.added")]
    assert all(e.occurred_at.tzinfo is not None and e.occurred_at >= started for e in events)
    assert events[0].payload["counts"]["industrial_action"] == 22
    assert events[1].payload == {"text": "hi"}


@pytest.mark.parametrize("statement", ["UPDATE events SET actor = 'mallory'", "DELETE FROM events"])
def test_events_cannot_be_updated_or_deleted(store: Store, statement: str) -> None:
    with store.session() as s:
        record_event(s, "alice", "round.imported", round_slug="x")
    with pytest.raises(DBAPIError, match="append-only"), store.session() as s:
        s.execute(text(statement))
    with store.session() as s:
        assert [(e.actor, e.action) for e in list_events(s)] == [("alice", "round.imported")]


def test_the_last_events(store: Store) -> None:
    with store.session() as s:
        for i in range(5):
            record_event(s, "alice", f"step.{i}")
    with store.session() as s:
        assert [e.action for e in list_events(s, limit=2)] == ["step.3", "step.4"]
