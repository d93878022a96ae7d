"""Checks that stand out: cuts, stages outside the pay year, real squeezes only, deleted points."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from payround.api import apply_offer, apply_offer_file
from payround.engine.checks import check_result
from payround.engine.explain import explain_offer
from payround.offers import load_offer
from tests.engine.toys import annual, hourly, offer


def test_an_offer_on_a_spine_whose_floor_is_higher_is_a_cut_that_stands_out() -> None:
    # COSLA's 2022 offer sets the SLGLW to £10.50; applied to the 2023/24 spine (SLGLW £11.89) it cuts the floor.
    o = load_offer("examples/sjc-2022-08-revised-offer.yaml")
    result = apply_offer(o, "sjc/2023-24")
    assert result.final.floor is not None and result.final.floor.after < result.final.floor.before
    findings = check_result(result)
    assert findings[0].kind == "cut" and findings[0].severity == "alert"
    assert "SLGLW" in findings[0].message and "£11.89" in findings[0].message
    assert findings[0].to_json()["severity"] == "alert"
    # and the explanation names the structure used, not the one the offer was written for
    first = explain_offer(o, result)[0]
    assert "applied to sjc/2023-24" in first and "written for sjc/2021-22" in first


def test_a_cut_in_pay_at_points_is_flagged() -> None:
    s = hourly()
    o = offer(("2022-04-01", [{"set": {"7": "11.50"}}]))
    [cut] = [f for f in check_result(apply_offer(o, s)) if f.kind == "cut"]
    assert cut.points == ("7",) and "PAY CUT" in cut.message


def test_a_stage_outside_the_structures_pay_year_is_a_warning() -> None:
    o = load_offer("examples/njc-2025-26.yaml")  # 1 April 2025, written for njc/2024-25
    assert not [f for f in check_result(apply_offer(o)) if f.kind == "date"]
    [late] = [f for f in check_result(apply_offer(o, "njc/2021-22")) if f.kind == "date"]
    assert late.severity == "warning" and "njc/2021-22" in late.message and "2021-22" in late.message
    assert not [f for f in check_result(apply_offer(o, "njc/2025-26")) if f.kind == "date"]  # the spine's own year


def test_penny_rounding_of_a_uniform_rise_is_not_a_squeeze() -> None:
    # 3.3% on every point of a spine with ~2% steps: each step keeps its ratio but for the rounding to the penny,
    # which narrows some steps (e.g. 2.00% to 1.98%)
    s = hourly(floor=None, rates=["10.00", "10.20", "10.41", "10.61", "10.83", "11.04", "11.26", "11.49"])
    o = offer(("2022-04-01", [{"raise": {"percent": "3.3"}}]))
    narrowed = apply_offer(o, s).final.points
    assert any((b.after - a.after) / a.after < (b.before - a.before) / a.before for a, b in pairwise(narrowed))
    assert [
        f for f in check_result(apply_offer(o, s), min_differential_pct=Decimal(3)) if f.kind == "differential"
    ] == []
    # a flat cash rise is a squeeze
    flat = offer(("2022-04-01", [{"raise": {"cash": "1.00", "per": "hour"}}]))
    squeezed = [
        f for f in check_result(apply_offer(flat, s), min_differential_pct=Decimal(3)) if f.kind == "differential"
    ]
    assert squeezed and all("from 1 April 2022" in f.message for f in squeezed)


def test_a_pair_squeezed_in_several_stages_is_reported_once_naming_the_stage() -> None:
    s = hourly(floor=None, rates=["10.00", "10.20", "10.41", "10.61", "10.83", "11.04", "11.26", "11.49"])
    o = offer(
        ("2022-04-01", [{"raise": {"cash": "1.00", "per": "hour"}}]),
        ("2022-10-01", [{"raise": {"cash": "1.00", "per": "hour"}}]),
    )
    diffs = [f for f in check_result(apply_offer(o, s), min_differential_pct=Decimal(3)) if f.kind == "differential"]
    assert diffs
    pairs = [f.points for f in diffs]
    assert len(pairs) == len(set(pairs))
    assert all(f.stage == "2022-04-01" and "from 1 April 2022" in f.message for f in diffs)


def test_a_deleted_point_shows_its_staff_rise_and_counts_in_the_range() -> None:
    result = apply_offer_file("examples/njc-2023-24.yaml")
    [moved] = result.moved_changes
    assert (moved.point, moved.before, moved.after) == ("1", Decimal("20258"), Decimal("22366"))
    assert moved.increase == Decimal("2108")
    text = " ".join(explain_offer(result.offer, result))
    assert "to 10.41% (point 1)" in text and "1→2 (£20258 to £22366" in text
    from payround.reports.offers import apply_report_for

    [deleted] = apply_report_for(result).deleted
    assert (deleted.point, deleted.moved_to, deleted.after) == ("1", "2", Decimal("22366"))


def test_no_differential_check_fires_on_a_point_the_offer_deletes() -> None:
    s = annual()  # points 1-5; 1 and 2 are close
    o = offer(
        ("2022-04-01", [{"raise": {"cash": 300, "per": "year"}}]),
        ("2022-10-01", [{"remove": ["1"]}]),
    )
    findings = check_result(apply_offer(o, s), min_differential_pct=Decimal(5))
    assert not [f for f in findings if "1" in f.points and f.kind == "differential"]


def test_a_selector_that_matches_no_point_is_a_warning_naming_the_step() -> None:
    s = annual()
    o = offer(
        (
            "2022-04-01",
            [
                {"raise": {"percent": 3}},
                {"raise": [{"where": {"points": ["1-2"]}, "by": {"cash": 500, "per": "year"}}, {"by": {"percent": 1}}]},
                {"cap": {"where": {"salary": {"from": 600000}}, "by": {"cash": 3000, "per": "year"}}},
            ],
        )
    )
    [warn] = [f for f in check_result(apply_offer(o, s)) if f.kind == "selector"]
    assert warn.message.startswith("stages[0].steps[2].cap:") and warn.severity == "warning"
    typo_fixed = offer(("2022-04-01", [{"cap": {"where": {"salary": {"from": 30000}}, "by": {"percent": 1}}}]))
    assert not [f for f in check_result(apply_offer(typo_fixed, s)) if f.kind == "selector"]
