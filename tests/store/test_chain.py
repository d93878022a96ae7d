"""The hash-chained log: ``verify_round`` (and ``payround round verify``) finds an event edited or deleted directly
in the database, by someone who got past the triggers, and reports the first break."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from payround.cli import app
from payround.rounds import load_round
from payround.store import Store, import_round, record_event, verify_round
from tests.store.conftest import as_user

runner = CliRunner()


def _round_with_events(store: Store) -> None:
    with as_user(store, "alice") as s:
        import_round(s, load_round("birmingham-2025"))
        for i in range(4):
            record_event(s, "note.added", round_slug="birmingham-2025", entity=f"note:{i}", payload={"n": i})


def _bypassing_the_triggers(store: Store, statement: str) -> None:
    """What an attacker with the owner's rights (or the file) can do."""
    with store.engine.begin() as conn:
        if store.engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER events_no_update"))
            conn.execute(text("DROP TRIGGER events_no_delete"))
            conn.execute(text(statement))
        else:
            conn.execute(text("ALTER TABLE events DISABLE TRIGGER USER"))
            conn.execute(text(statement))
            conn.execute(text("ALTER TABLE events ENABLE TRIGGER USER"))


def test_an_untouched_log_verifies(store: Store) -> None:
    _round_with_events(store)
    with store.session() as s:
        [public] = verify_round(s, "birmingham-2025")
    assert (public.chain, public.events, public.first_break) == ("birmingham-2025/public", 5, None)
    assert len(public.head) == 64


@pytest.mark.parametrize(
    ("statement", "seq", "reason"),
    [
        ("UPDATE events SET payload = '{\"n\": 99}' WHERE entity = 'note:1'", 3, "was edited"),
        ("UPDATE events SET actor = 'mallory' WHERE entity = 'note:0'", 2, "was edited"),
        ("DELETE FROM events WHERE entity = 'note:2'", 4, "was deleted"),
    ],
)
def test_an_event_edited_or_deleted_in_the_database_is_the_first_break(
    store: Store, statement: str, seq: int, reason: str
) -> None:
    _round_with_events(store)
    _bypassing_the_triggers(store, statement)
    with store.session() as s:
        [public] = verify_round(s, "birmingham-2025")
    assert public.first_break is not None
    assert (public.first_break.seq, reason in public.first_break.reason) == (seq, True)


def test_a_recorded_head_catches_a_log_cut_short(store: Store) -> None:
    _round_with_events(store)
    with store.session() as s:
        head = verify_round(s, "birmingham-2025")[0].head
    _bypassing_the_triggers(store, "DELETE FROM events WHERE entity = 'note:3'")  # the last event: links still hold
    with store.session() as s:
        assert verify_round(s, "birmingham-2025")[0].first_break is None
        [public] = verify_round(s, "birmingham-2025", (head,))
    assert public.first_break is not None and "no longer in the log" in public.first_break.reason


def test_payround_round_verify_reports_the_break(sqlite_store: Store, tmp_path: Path) -> None:
    _round_with_events(sqlite_store)
    url = sqlite_store.url
    ok = runner.invoke(app, ["round", "verify", "birmingham-2025", "--database", url, "--as", "alice"])
    assert ok.exit_code == 0 and "5 events verify" in ok.stdout
    _bypassing_the_triggers(sqlite_store, "UPDATE events SET entity = 'note:x' WHERE entity = 'note:2'")
    bad = runner.invoke(app, ["round", "verify", "birmingham-2025", "--database", url, "--as", "alice", "-f", "json"])
    assert bad.exit_code == 1
    doc = json.loads(bad.stdout)
    assert doc["ok"] is False
    assert doc["chains"][0]["first_break"]["seq"] == 4
