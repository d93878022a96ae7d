"""A failed import leaves the database exactly as it was: data, offer versions and the event log."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from payround.errors import StoreError
from payround.rounds import load_round, parse_round, round_to_mapping, round_to_yaml
from payround.store import Store, export_round, import_round, list_events
from payround.store import mapping as store_mapping
from payround.store.models import ActionRow, Event, OfferVersion, RoundRow
from tests.store.conftest import as_user


def _snapshot(store: Store) -> tuple[str, list[tuple[str, str]], dict[str, int]]:
    with store.session() as s:
        text = round_to_yaml(export_round(s, "sjc-2022-23"))
        events = [(e.action, e.entity) for e in list_events(s)]
        counts = {
            model.__tablename__: s.scalar(select(func.count()).select_from(model)) or 0
            for model in (RoundRow, ActionRow, OfferVersion, Event)
        }
    return text, events, counts


class Boom(RuntimeError):
    """A failure in the middle of an import."""


def test_a_replace_that_fails_half_way_changes_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with as_user(store, "alice") as s:
        import_round(s, load_round("sjc-2022-23"))
    before = _snapshot(store)
    data = round_to_mapping(load_round("sjc-2022-23"))
    data["offers"][0]["offer"]["stages"][0]["steps"][0]["raise"]["percent"] = 3  # would add an offer version
    changed = parse_round(data, "changed.yaml")
    calls = {"n": 0}
    real = store_mapping._ballot_row

    def failing(d: dict[str, Any], position: int) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:  # after organisations, offers, responses and two ballots are built
            raise Boom("disk full")
        return real(d, position)

    monkeypatch.setattr(store_mapping, "_ballot_row", failing)
    with pytest.raises(Boom), as_user(store, "alice") as s:
        import_round(s, changed, replace=True)
    assert calls["n"] == 3
    assert _snapshot(store) == before


def test_a_new_round_that_fails_at_the_database_leaves_no_trace(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with as_user(store, "alice") as s:
        import_round(s, load_round("sjc-2022-23"))
    before = _snapshot(store)
    original = store_mapping.fill_round

    def duplicate_offer_key(row: RoundRow, rf: Any, actor: str, user_id: int | None) -> dict[str, Any]:
        changes = original(row, rf, actor, user_id)
        row.offers[1].key = row.offers[0].key  # breaks UNIQUE (round_id, key) when flushed
        return changes

    monkeypatch.setattr("payround.store.repository.fill_round", duplicate_offer_key)
    with pytest.raises(StoreError, match="offer id is not available"), as_user(store, "mallory") as s:
        import_round(s, load_round("birmingham-2025"))
    assert _snapshot(store) == before
    with store.session() as s:
        assert s.scalar(select(RoundRow).where(RoundRow.slug == "birmingham-2025")) is None
