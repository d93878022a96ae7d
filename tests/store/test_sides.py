"""Sides of a round: membership is granted by a side's administrator (never self-chosen); a draft, its versions and
its events are seen only by its side until tabled; an offer's ``by`` is an organisation of the author's side; an
import never takes over another side's draft; reads and exports of drafts are logged. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from payround.errors import InputError, RoundError, StoreError
from payround.rounds import load_round, parse_round, round_to_mapping
from payround.store import (
    Store,
    accept_invitation,
    add_user,
    appoint_admin,
    approve_request,
    draft_offer,
    export_round,
    import_round,
    invite_member,
    list_events,
    list_members,
    request_membership,
    revise_offer,
    set_offer_status,
    table_offer,
    visible_offers,
)
from payround.store.models import Event, OfferRow, OfferVersion
from tests.store.conftest import as_user

SJC = "sjc-2022-23"
THREE_PC = {
    "name": "Three per cent",
    "structure": "sjc/2021-22",
    "stages": [{"effective": "2022-04-01", "steps": [{"raise": {"percent": 3}}]}],
}


def setup_sides(store: Store) -> None:
    """admin (site administrator, convenor) imports the round and appoints one administrator per side."""
    with as_user(store, "admin") as s:
        import_round(s, load_round(SJC))
        for name in ("cosla-officer", "unison-rep", "spy", "gmb-rep"):
            add_user(s, name)
        appoint_admin(s, SJC, "cosla-officer", "employers")
        appoint_admin(s, SJC, "unison-rep", "unions")


def _draft(store: Store, who: str = "cosla-officer", key: str = "offer-6", by: str = "COSLA") -> None:
    with as_user(store, who) as s:
        draft_offer(s, SJC, key, "3% (draft)", THREE_PC, by=by)


def test_a_draft_is_seen_only_by_its_side_until_tabled(store: Store) -> None:
    setup_sides(store)
    _draft(store)
    with as_user(store, "cosla-officer") as s:
        assert "offer-6" in [o.key for o in visible_offers(s, SJC)]
        assert "offer-6" in [o.id for o in export_round(s, SJC, drafts=True).offers]
    with as_user(store, "unison-rep") as s:
        assert "offer-6" not in [o.key for o in visible_offers(s, SJC)]
        assert "offer-6" not in [o.id for o in export_round(s, SJC, drafts=True).offers]
        with pytest.raises(RoundError, match="no offer 'offer-6' visible to the unions side"):
            revise_offer(s, SJC, "offer-6", THREE_PC)
    with as_user(store, "cosla-officer") as s:
        assert revise_offer(s, SJC, "offer-6", THREE_PC | {"name": "Three and a bit"}).version == 2
        table_offer(s, SJC, "offer-6", date(2022, 9, 20))
    with as_user(store, "unison-rep") as s:
        assert "offer-6" in [o.key for o in visible_offers(s, SJC)]
        with pytest.raises(RoundError, match="only the employers side can revise"):
            revise_offer(s, SJC, "offer-6", THREE_PC)
        set_offer_status(s, SJC, "offer-6", "rejected")
    with store.session() as s:
        offer6 = export_round(s, SJC).offer("offer-6")
        assert (offer6.status, offer6.tabled) == ("rejected", date(2022, 9, 20))
        assert offer6.offer is not None and offer6.offer.name == "Three and a bit"
        public = [(e.actor, e.action) for e in list_events(s, SJC)]
    assert public == [
        ("admin", "round.imported"),
        ("admin", "member.appointed"),
        ("admin", "member.appointed"),
        ("cosla-officer", "offer.tabled"),
        ("unison-rep", "offer.status"),
    ]


def test_no_one_chooses_their_own_side(store: Store) -> None:
    """The spy: an employer who asked to join the unions, and was never approved, sees none of their drafts."""
    setup_sides(store)
    _draft(store, "unison-rep", "unison-counter", "Unison")
    with as_user(store, "spy") as s:
        request_membership(s, SJC, "unions")
    with as_user(store, "spy") as s:
        assert "unison-counter" not in [o.key for o in visible_offers(s, SJC)]
        with pytest.raises(StoreError, match="no side"):
            export_round(s, SJC, drafts=True)
        with pytest.raises(StoreError, match="no invitation"):
            accept_invitation(s, SJC)
        with pytest.raises(StoreError, match="only the convenor"):
            appoint_admin(s, SJC, "gmb-rep", "unions")
        with pytest.raises(StoreError, match="only an administrator"):
            approve_request(s, SJC, "spy")
    with as_user(store, "admin") as s, pytest.raises(StoreError, match="appoints themselves"):
        appoint_admin(s, SJC, "admin", "unions")
    with (
        as_user(store, "cosla-officer") as s,
        pytest.raises(StoreError, match="has not asked to join the employers side"),
    ):
        approve_request(s, SJC, "spy")  # an administrator, but of the other side
    with as_user(store, "unison-rep") as s:
        invite_member(s, SJC, "gmb-rep")
    with as_user(store, "gmb-rep") as s:
        assert "unison-counter" not in [o.key for o in visible_offers(s, SJC)]  # invited, not yet a member
        assert accept_invitation(s, SJC) == "unions"
    with as_user(store, "gmb-rep") as s:
        assert "unison-counter" in [o.key for o in visible_offers(s, SJC)]
    with store.session() as s:
        members = {(m.username, m.side, m.role, m.status) for m in list_members(s, SJC)}
    assert ("spy", "unions", "member", "requested") in members and ("gmb-rep", "unions", "member", "active") in members
    with as_user(store, "unison-rep") as s:
        approve_request(s, SJC, "spy")  # the unions' administrator decides
    with as_user(store, "spy") as s:
        assert "unison-counter" in [o.key for o in visible_offers(s, SJC)]


def test_export_and_log_without_a_user_show_no_draft(store: Store) -> None:
    setup_sides(store)
    _draft(store, "unison-rep", "unison-counter", "Unison")
    with store.session() as s:
        assert "unison-counter" not in [o.id for o in export_round(s, SJC).offers]
        with pytest.raises(StoreError, match="no side"):
            export_round(s, SJC, drafts=True)
        assert not [e for e in list_events(s) if "unison-counter" in e.entity + str(e.payload)]
        # a forgotten filter cannot leak it either: every query of the session is scoped
        assert "unison-counter" not in s.scalars(select(OfferRow.key)).all()
        assert s.scalar(select(func.count()).select_from(OfferVersion).join(OfferRow)) == 6
    with as_user(store, "cosla-officer") as s:
        assert not [e for e in s.scalars(select(Event)) if "unison-counter" in e.entity + str(e.payload)]


def test_by_must_be_an_organisation_of_the_authors_side(store: Store) -> None:
    setup_sides(store)
    with as_user(store, "unison-rep") as s, pytest.raises(RoundError, match="not an organisation of the unions"):
        draft_offer(s, SJC, "fake", "3%", THREE_PC, by="COSLA")
    _draft(store, "unison-rep", "real", "Unison")


def test_an_import_never_takes_over_another_sides_draft(store: Store) -> None:
    setup_sides(store)
    _draft(store, "unison-rep", "unison-counter", "Unison")
    data = round_to_mapping(load_round(SJC))
    data["offers"].append(data["offers"][-1] | {"id": "unison-counter", "summary": "employers' own"})
    with pytest.raises(StoreError, match="offer id is not available"), as_user(store, "admin") as s:
        import_round(s, parse_round(data, "takeover.yaml"), replace=True)
    with as_user(store, "unison-rep") as s:
        draft = next(o for o in visible_offers(s, SJC) if o.key == "unison-counter")
        assert (draft.side, draft.visibility, draft.tabled_by, len(draft.versions)) == ("unions", "draft", "Unison", 1)


def test_drafts_survive_a_reimport_of_the_round_file(store: Store) -> None:
    setup_sides(store)
    _draft(store)
    with as_user(store, "admin") as s:
        import_round(s, load_round(SJC), replace=True)
    with as_user(store, "cosla-officer") as s:
        assert "offer-6" in [o.id for o in export_round(s, SJC, drafts=True).offers]


def test_reads_and_exports_of_drafts_are_logged_for_the_side(store: Store) -> None:
    setup_sides(store)
    _draft(store)
    with as_user(store, "cosla-officer") as s:
        visible_offers(s, SJC)
        export_round(s, SJC, drafts=True)
    with as_user(store, "cosla-officer") as s:
        private = [(e.action, e.scope, e.payload) for e in list_events(s, SJC) if e.scope != "public"]
    assert private == [
        ("offer.drafted", "employers", {"by": "COSLA"}),
        ("drafts.read", "employers", {"drafts": ["offer-6"]}),
        ("drafts.exported", "employers", {"drafts": ["offer-6"]}),
    ]


def test_only_the_convenor_or_a_site_administrator_replaces_a_round(store: Store) -> None:
    setup_sides(store)
    with pytest.raises(StoreError, match="only the convenor"), as_user(store, "cosla-officer") as s:
        import_round(s, load_round(SJC), replace=True)
    with pytest.raises(StoreError, match="only a site administrator can add users"), as_user(store, "spy") as s:
        add_user(s, "sockpuppet")


def test_a_draft_must_be_a_valid_offer_and_a_user_has_one_side(store: Store) -> None:
    setup_sides(store)
    with as_user(store, "cosla-officer") as s:
        bad = THREE_PC | {"stages": [{"effective": "2022-04-01", "steps": [{"raise": {"percent": "three"}}]}]}
        with pytest.raises(InputError, match="write a plain number"):
            draft_offer(s, SJC, "offer-7", "bad", bad, by="COSLA")
    with as_user(store, "admin") as s:
        with pytest.raises(StoreError, match="already has a place"):
            appoint_admin(s, SJC, "cosla-officer", "unions")
        with pytest.raises(StoreError, match="not a side"):
            appoint_admin(s, SJC, "gmb-rep", "press")
