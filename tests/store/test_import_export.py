"""Rounds in the database: import, export (round-trip), replace with offer versions, and the event log."""

from __future__ import annotations

import pytest

from payround.errors import RoundError
from payround.rounds import load_round, parse_round, round_to_mapping
from payround.store import Store, add_user, export_round, import_round, list_events, list_rounds
from payround.store.models import OfferRow
from tests.store.conftest import as_user


@pytest.mark.parametrize("round_id", ["sjc-2022-23", "birmingham-2025"])
def test_a_round_comes_back_out_as_it_went_in(store: Store, round_id: str) -> None:
    rf = load_round(round_id)
    with as_user(store, "alice") as s:
        result = import_round(s, rf)
    assert result.created
    with store.session() as s:
        assert export_round(s, round_id) == rf


def test_importing_twice_needs_replace(store: Store) -> None:
    rf = load_round("birmingham-2025")
    with as_user(store, "alice") as s:
        import_round(s, rf)
    with pytest.raises(RoundError, match="--replace"), as_user(store, "alice") as s:
        import_round(s, rf)


def test_replacing_keeps_earlier_offer_versions_and_logs_the_change(store: Store) -> None:
    rf = load_round("sjc-2022-23")
    with as_user(store, "alice") as s:
        import_round(s, rf)
        add_user(s, "bob", site_admin=True)
    data = round_to_mapping(rf)
    data["offers"][0]["offer"]["stages"][0]["steps"][0]["raise"]["percent"] = 2.5
    data["offers"][0]["status"] = "superseded"
    data["milestones"] = data["milestones"][:2]
    changed = parse_round(data, "changed.yaml")
    with as_user(store, "bob") as s:
        result = import_round(s, changed, replace=True)
    assert result.changes["offers"]["revised"] == ["offer-1"]
    with store.session() as s:
        assert export_round(s, "sjc-2022-23") == changed
        offer = s.query(OfferRow).filter_by(key="offer-1").one()
        assert [v.version for v in offer.versions] == [1, 2]
        assert [v.created_by for v in offer.versions] == ["alice", "bob"]
        assert offer.versions[0].document is not None
        assert offer.versions[0].document["stages"][0]["steps"][0]["raise"]["percent"] == "2"  # exact decimal text
        events = [
            (e.actor, e.action, e.entity) for e in list_events(s) if e.action != "user.added" or "bob" in e.entity
        ]
    assert events == [
        ("alice", "round.imported", "round:sjc-2022-23"),
        ("alice", "user.added", "user:bob"),
        ("bob", "round.replaced", "round:sjc-2022-23"),
        ("bob", "offer.revised", "offer:offer-1"),
    ]


def test_the_list_of_rounds(store: Store) -> None:
    with as_user(store, "alice") as s:
        import_round(s, load_round("sjc-2022-23"))
        import_round(s, load_round("birmingham-2025"))
    with store.session() as s:
        summaries = list_rounds(s)
    assert [(r.slug, r.offers, r.actions) for r in summaries] == [("birmingham-2025", 4, 22), ("sjc-2022-23", 6, 86)]


def test_exporting_an_unknown_round_names_the_known_ones(store: Store) -> None:
    with as_user(store, "alice") as s:
        import_round(s, load_round("birmingham-2025"))
    with pytest.raises(RoundError, match="birmingham-2025"), store.session() as s:
        export_round(s, "sjc-2022-23")
