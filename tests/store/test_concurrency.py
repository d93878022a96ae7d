"""Ten writers on one round at once (SQLite and PostgreSQL): each time, exactly one wins, the others get the
conflict message, and in the end every writer's change is there exactly once. Two importers of one new round: one
round, one import event, and a clear error for the other."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from payround.errors import ConflictError, PayroundError, RoundError
from payround.rounds import load_round
from payround.store import Store, add_user, appoint_admin, import_round, open_store, revise_offer, verify_round
from payround.store.models import OfferRow
from payround.store.repository import find_round
from tests.store.conftest import as_user
from tests.store.test_sides import SJC, THREE_PC, _draft, setup_sides

WRITERS = 10


def _all_at_once(stores: list[Store], work: Callable[[int, Store], Any]) -> dict[int, Any]:
    """Run ``work(i, store)`` in one thread per store, released together; what each returned or raised."""
    barrier = threading.Barrier(len(stores))
    results: dict[int, Any] = {}

    def run(i: int, store: Store) -> None:
        barrier.wait()
        try:
            results[i] = work(i, store)
        except PayroundError as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, st)) for i, st in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _round_version(store: Store) -> int:
    with store.session() as s:
        row = find_round(s, SJC)
        assert row is not None
        return row.version


def test_ten_writers_on_one_round_one_wins_each_conflict(store: Store) -> None:
    setup_sides(store)
    with as_user(store, "admin") as s:
        for i in range(WRITERS):
            add_user(s, f"writer-{i}")
            appoint_admin(s, SJC, f"writer-{i}", "employers")
    _draft(store)
    start = _round_version(store)
    remaining = list(range(WRITERS))
    conflicts = 0
    while remaining:
        seen = _round_version(store)  # every writer read the round at this version (a form shown, say)
        stores = [open_store(store.url) for _ in remaining]

        def revise(i: int, st: Store, seen: int = seen, who: list[int] = remaining) -> int:
            with as_user(st, f"writer-{who[i]}") as s:
                doc = THREE_PC | {"name": f"by writer {who[i]}"}
                return revise_offer(s, SJC, "offer-6", doc, expected_version=seen).version

        results = _all_at_once(stores, revise)
        for st in stores:
            st.close()
        won = [remaining[i] for i, r in results.items() if isinstance(r, int)]
        lost = [r for r in results.values() if not isinstance(r, int)]
        assert len(won) == 1, results
        assert len(lost) == len(remaining) - 1
        assert all(isinstance(e, ConflictError) and "someone else changed the round" in str(e) for e in lost), lost
        assert lost == [] or lost[0].as_dict()["type"] == "ConflictError"
        conflicts += len(lost)
        remaining.remove(won[0])
    assert conflicts == WRITERS * (WRITERS - 1) // 2
    assert _round_version(store) == start + WRITERS
    with as_user(store, "cosla-officer") as s:
        offer = s.query(OfferRow).filter_by(key="offer-6").one()
        names = sorted(v.document["name"] for v in offer.versions[1:] if v.document)
        assert names == sorted(f"by writer {i}" for i in range(WRITERS))  # each once: nothing lost or duplicated
        assert [v.version for v in offer.versions] == list(range(1, WRITERS + 2))
        assert all(r.first_break is None for r in verify_round(s, SJC))


def test_two_importers_of_one_new_round(store: Store) -> None:
    with as_user(store, "admin") as s:
        add_user(s, "other-admin", site_admin=True)
    stores = [open_store(store.url) for _ in range(2)]

    def importer(i: int, st: Store) -> bool:
        with as_user(st, ["admin", "other-admin"][i]) as s:
            return import_round(s, load_round(SJC)).created

    results = _all_at_once(stores, importer)
    for st in stores:
        st.close()
    outcomes = sorted(results.values(), key=lambda r: isinstance(r, Exception))
    assert outcomes[0] is True
    loser = outcomes[1]
    assert isinstance(loser, ConflictError | RoundError), loser
    assert "at the same time" in str(loser) or "already in the database" in str(loser)
    with store.session() as s:
        [public] = verify_round(s, SJC)
        assert public.events == 1 and public.first_break is None


@pytest.mark.parametrize("stale", [True, False])
def test_a_stale_version_is_a_conflict_and_writes_nothing(store: Store, stale: bool) -> None:
    setup_sides(store)
    _draft(store)
    seen = _round_version(store)
    with as_user(store, "cosla-officer") as s:
        revise_offer(s, SJC, "offer-6", THREE_PC | {"name": "first"})
    if stale:
        with pytest.raises(ConflictError, match="changed the round"), as_user(store, "cosla-officer") as s:
            revise_offer(s, SJC, "offer-6", THREE_PC | {"name": "second"}, expected_version=seen)
    with as_user(store, "cosla-officer") as s:
        offer = s.query(OfferRow).filter_by(key="offer-6").one()
        assert len(offer.versions) == 2
