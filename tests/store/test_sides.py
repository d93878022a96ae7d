"""Users belong to a side of a round; drafts are private to their side until tabled; every step is an event."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from payround.errors import InputError, RoundError
from payround.rounds import load_round
from payround.store import (
    Store,
    add_user,
    draft_offer,
    export_round,
    import_round,
    join_round,
    list_events,
    revise_offer,
    set_offer_status,
    table_offer,
    visible_offers,
)
from payround.store.models import User

THREE_PC = {
    "name": "Three per cent",
    "structure": "sjc/2021-22",
    "stages": [{"effective": "2022-04-01", "steps": [{"raise": {"percent": 3}}]}],
}


def _setup(store: Store) -> None:
    with store.session() as s:
        import_round(s, load_round("sjc-2022-23"), "admin")
        cosla, unison = add_user(s, "cosla-officer"), add_user(s, "unison-rep")
        join_round(s, cosla, "sjc-2022-23", "employers")
        join_round(s, unison, "sjc-2022-23", "unions")


def _user(s: Session, name: str) -> User:
    return s.scalars(select(User).where(User.username == name)).one()


def test_a_draft_is_seen_only_by_its_side_until_tabled(store: Store) -> None:
    _setup(store)
    with store.session() as s:
        cosla, unison = _user(s, "cosla-officer"), _user(s, "unison-rep")
        draft_offer(s, cosla, "sjc-2022-23", "offer-6", "3% (draft)", THREE_PC, by="COSLA")
        assert "offer-6" in [o.key for o in visible_offers(s, cosla, "sjc-2022-23")]
        assert "offer-6" not in [o.key for o in visible_offers(s, unison, "sjc-2022-23")]
        assert "offer-6" not in [o.id for o in export_round(s, "sjc-2022-23").offers]
        assert "offer-6" in [o.id for o in export_round(s, "sjc-2022-23", drafts_of="employers").offers]
        with pytest.raises(RoundError, match="no offer 'offer-6' visible to the unions side"):
            revise_offer(s, unison, "sjc-2022-23", "offer-6", THREE_PC)
    with store.session() as s:
        cosla, unison = _user(s, "cosla-officer"), _user(s, "unison-rep")
        version = revise_offer(s, cosla, "sjc-2022-23", "offer-6", THREE_PC | {"name": "Three and a bit"})
        assert version.version == 2
        table_offer(s, cosla, "sjc-2022-23", "offer-6", date(2022, 9, 20))
        assert "offer-6" in [o.key for o in visible_offers(s, unison, "sjc-2022-23")]
        with pytest.raises(RoundError, match="only the employers side can revise"):
            revise_offer(s, unison, "sjc-2022-23", "offer-6", THREE_PC)
        set_offer_status(s, unison, "sjc-2022-23", "offer-6", "rejected")
    with store.session() as s:
        rf = export_round(s, "sjc-2022-23")
        offer6 = rf.offer("offer-6")
        assert (offer6.status, offer6.tabled) == ("rejected", date(2022, 9, 20))
        assert offer6.offer is not None and offer6.offer.name == "Three and a bit"
        actions = [(e.actor, e.action) for e in list_events(s, "sjc-2022-23")]
    assert actions == [
        ("admin", "round.imported"),
        ("system", "member.joined"),
        ("system", "member.joined"),
        ("cosla-officer", "offer.drafted"),
        ("cosla-officer", "offer.revised"),
        ("cosla-officer", "offer.tabled"),
        ("unison-rep", "offer.status"),
    ]


def test_drafts_survive_a_reimport_of_the_round_file(store: Store) -> None:
    _setup(store)
    with store.session() as s:
        draft_offer(s, _user(s, "cosla-officer"), "sjc-2022-23", "offer-6", "3%", THREE_PC, by="COSLA")
    with store.session() as s:
        import_round(s, load_round("sjc-2022-23"), "admin", replace=True)
    with store.session() as s:
        assert "offer-6" in [o.id for o in export_round(s, "sjc-2022-23", drafts_of="employers").offers]


def test_a_draft_must_be_a_valid_offer_and_a_user_has_one_side(store: Store) -> None:
    _setup(store)
    with store.session() as s:
        cosla = _user(s, "cosla-officer")
        bad = THREE_PC | {"stages": [{"effective": "2022-04-01", "steps": [{"raise": {"percent": "three"}}]}]}
        with pytest.raises(InputError, match="write a plain number"):
            draft_offer(s, cosla, "sjc-2022-23", "offer-7", "bad", bad, by="COSLA")
        with pytest.raises(RoundError, match="already on a side"):
            join_round(s, cosla, "sjc-2022-23", "unions")
        with pytest.raises(RoundError, match="not a side"):
            join_round(s, add_user(s, "x"), "sjc-2022-23", "press")
