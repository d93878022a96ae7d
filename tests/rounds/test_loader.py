"""Round files: the bundled rounds load, offers by path and CSV tables are read, and export round-trips."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from payround.errors import RoundError
from payround.rounds import bundled_round_ids, load_round, parse_round, round_to_yaml
from payround.rounds.schema_action import Action

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_the_bundled_rounds_are_listed() -> None:
    assert bundled_round_ids() == ["birmingham-2025", "sjc-2022-23"]


@pytest.mark.parametrize("round_id", ["sjc-2022-23", "birmingham-2025"])
def test_export_reimports_to_an_equal_round_and_is_stable(round_id: str) -> None:
    rf = load_round(round_id)
    text = round_to_yaml(rf)
    again = parse_round(text, "exported.yaml")
    assert again == rf
    assert round_to_yaml(again) == text
    assert "file:" not in text and "industrial_action_csv" not in text  # self-contained


def test_sjc_2022_23_has_the_claim_the_offers_and_the_settlement() -> None:
    rf = load_round("sjc-2022-23")
    assert rf.claim is not None and rf.claim.offer is not None
    assert [o.id for o in rf.offers] == ["offer-1", "offer-2", "offer-3", "offer-4", "offer-5"]
    # 3.5% and the 29 August package were not published as constructions: recorded, not runnable.
    assert [o.offer is None for o in rf.offers] == [False, True, False, True, False]
    assert "not found" in rf.offers[1].described
    assert rf.settlement is not None and rf.settlement.offer == "offer-5"
    assert {o.status for o in rf.offers[:4]} == {"rejected"} and rf.offers[4].status == "accepted"
    assert all(o.sources for o in rf.all_offers())


def test_offers_by_path_are_read_relative_to_the_round_file() -> None:
    rf = load_round("sjc-2022-23")
    offer3 = rf.offer("offer-3").offer
    assert offer3 is not None and offer3.name.startswith("COSLA offer of 23 August 2022")


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared reference data (../shared/data) is not beside the repo")
def test_the_strike_table_is_the_shared_csv_row_for_row() -> None:
    rf = load_round("sjc-2022-23")
    shared = (SHARED / "rounds" / "strikes_2022_scotland.csv").read_text(encoding="utf-8")
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(shared)))
    assert len(rf.industrial_action) == len(rows) == 86
    for row, action in zip(rows, rf.industrial_action, strict=True):
        assert (action.employer, action.union) == (row["council"], row["union"])
        assert action.detail == row["service"]
        assert row["status"].startswith(action.status)
        assert action.sources == row["source_url"].split()
        assert row["status"] in action.note


def test_shift_days_run_from_the_start_time() -> None:
    rf = load_round("sjc-2022-23")
    edinburgh = next(a for a in rf.industrial_action if a.employer == "City of Edinburgh" and a.status == "held")
    assert edinburgh.start == datetime(2022, 8, 18, 5, 0)
    assert (edinburgh.first_day, edinburgh.last_day) == (date(2022, 8, 18), date(2022, 8, 29))
    assert len(edinburgh.days()) == 12  # "held (12 days)"


def test_an_indefinite_action_needs_an_end_to_list_its_days() -> None:
    a = Action(union="Unite", employer="X", services=["refuse"], start=date(2025, 3, 11), status="held")
    assert a.last_day is None
    assert len(a.days(until=date(2025, 3, 31))) == 21
    with pytest.raises(ValueError, match="indefinite"):
        a.days()


def test_households_come_from_the_csv_with_their_source() -> None:
    rf = load_round("sjc-2022-23")
    edinburgh = next(h for h in rf.impact.households if h.employer == "City of Edinburgh")
    assert (edinburgh.households, edinburgh.year) == (242460, 2019)
    assert "statistics.gov.scot" in edinburgh.sources[0]
    assert len(rf.impact.households) == 32


def test_an_unknown_round_id_says_which_ones_exist() -> None:
    with pytest.raises(RoundError, match="sjc-2022-23"):
        load_round("sjc-2023-24")


def test_a_round_can_be_parsed_from_text_with_a_base_folder(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "name: Two per cent\nstructure: sjc/2021-22\n"
        "stages: [{effective: 2022-04-01, steps: [{raise: {percent: 2}}]}]\n",
        encoding="utf-8",
    )
    text = (
        "id: t\nname: T\nbody: {kind: sjc, name: SJC, country: scotland}\n"
        "sides: {employers: {name: COSLA}, unions: {name: Unite}}\n"
        "offers: [{id: o1, by: COSLA, summary: two, file: x.yaml}]\n"
    )
    rf = parse_round(text, "t.yaml", base_dir=tmp_path)
    assert rf.offers[0].offer is not None and rf.offers[0].offer.name == "Two per cent"


def test_sjc_2022_23_counts_its_waste_strike_councils_from_its_own_table() -> None:
    import re

    rf = load_round("sjc-2022-23")
    waste = {"refuse", "recycling_centres", "street_cleansing"}
    held = {a.employer for a in rf.industrial_action if waste & set(a.services) and a.status == "held"}
    called = {a.employer for a in rf.industrial_action if waste & set(a.services)}
    m = re.search(r"waste strikes in (\d+) councils", rf.description)
    assert m is not None and int(m.group(1)) == len(held)
    for council in called - held:  # called but never held: named as such
        assert council in rf.description


def test_dates_known_only_roughly_are_marked_approximate() -> None:
    for rid in bundled_round_ids():
        rf = load_round(rid)
        for b in rf.ballots:
            if "date of the report" in b.date_note or "reported" in b.date_note:
                assert b.date_approximate or b.closed is None, (rid, b.id)
        s = rf.settlement
        if s is not None and s.agreed is not None and "reported" in s.date_note:
            assert s.date_approximate, rid
