"""The engine's semantics, one rule at a time, on small structures (DESIGN §3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from payround.engine import apply_offer
from payround.errors import OfferError
from tests.engine.toys import D, annual, hourly, offer


def final_pay(result: object) -> dict[str, Decimal]:
    return {p.point: p.after for p in result.final.points}  # type: ignore[attr-defined]


def test_percent_on_every_point_and_the_floor_rounds_half_up_at_stage_end() -> None:
    s = hourly()
    r = apply_offer(offer(("2022-04-01", [{"raise": {"percent": 5}}])), s)
    # 10.10 * 1.05 = 10.605 -> 10.61 (half-up); floor 10.00 -> 10.50
    assert r.final.point("4").after == D("10.61")
    assert r.final.floor is not None and r.final.floor.after == D("10.50")
    # points below the floor are paid the floor, before and after
    assert r.final.point("2").before == D("10.00")
    assert r.final.point("2").after == D("10.50")


def test_cash_on_a_nominal_week_is_the_same_hourly_change_for_everyone() -> None:
    s = hourly()
    r = apply_offer(offer(("2022-04-01", [{"raise": {"cash": 2000, "per": "year", "hours": 36}}])), s)
    # 2000 / (36 * 52.143) = 1.06545... per hour
    assert r.final.point("7").after == D("13.07")  # 12.00 + 1.0655 -> 13.07
    assert r.final.floor is not None and r.final.floor.after == D("11.07")


def test_cash_on_an_annual_structure_scales_by_the_nominal_week() -> None:
    s = annual()
    r = apply_offer(offer(("2022-04-01", [{"raise": {"cash": 1925, "per": "year"}}])), s)
    assert r.final.point("1").after == D("20258")
    r35 = apply_offer(offer(("2022-04-01", [{"raise": {"cash": 1850, "per": "year", "hours": 35}}])), s)
    # £1,850 for a 35-hour full-timer is £1,955.71 for a 37-hour one
    assert r35.final.point("1").increase == D("1956")
    weekly = apply_offer(offer(("2022-04-01", [{"raise": {"cash": 10, "per": "week"}}])), s)
    assert weekly.final.point("1").increase == D("521")  # £10 a week x 52.143


def test_first_matching_case_decides_and_unmatched_points_get_nothing() -> None:
    s = hourly()
    steps = [
        {
            "raise": [
                {"where": {"points": ["SLGLW", "2-5"]}, "by": {"cash": 0.5, "per": "hour"}},
                {"where": {"points": ["5-7"]}, "by": {"percent": 10}},
            ]
        }
    ]
    r = apply_offer(offer(("2022-04-01", steps)), s)
    assert r.final.point("5").after == D("10.90")  # first case wins over the second
    assert r.final.point("6").after == D("12.10")  # 11.00 + 10%
    assert r.final.point("9").after == D("35.00")  # no case matches
    assert r.final.floor is not None and r.final.floor.after == D("10.50")


def test_salary_band_uses_full_time_pay_on_the_stated_week() -> None:
    s = hourly()
    # 12.00 x 37 x 52.143 = 23,151.49; on 35 hours 21,900.06
    band37 = {"raise": [{"where": {"salary": {"below": 22000, "hours": 37}}, "by": {"percent": 10}}]}
    band35 = {"raise": [{"where": {"salary": {"below": 22000, "hours": 35}}, "by": {"percent": 10}}]}
    assert apply_offer(offer(("2022-04-01", [band37])), s).final.point("7").after == D("12.00")
    assert apply_offer(offer(("2022-04-01", [band35])), s).final.point("7").after == D("13.20")


def test_rate_band_and_open_ranges() -> None:
    s = hourly()
    steps = [{"raise": [{"where": {"rate": {"from": 12, "below": 30}}, "by": {"percent": 1}}]}]
    r = apply_offer(offer(("2022-04-01", steps)), s)
    assert r.final.point("7").after == D("12.12")
    assert r.final.point("8").after == D("20.20")
    assert r.final.point("9").after == D("35.00")
    open_top = apply_offer(offer(("2022-04-01", [{"raise": [{"where": {"points": ["8-"]}, "by": {"percent": 1}}]}])), s)
    assert [p.increase > 0 for p in open_top.final.points] == [False] * 6 + [True] * 2
    open_bottom = apply_offer(
        offer(("2022-04-01", [{"raise": [{"where": {"points": ["-3"]}, "by": {"percent": 50}}]}])), s
    )
    assert open_bottom.final.point("3").after == D("14.70")
    assert open_bottom.final.point("4").after == D("10.10")


def test_cap_limits_the_rise_since_the_stage_start_and_never_lowers() -> None:
    s = hourly()
    steps = [
        {"raise": {"percent": 10}},
        {"cap": {"where": {"salary": {"from": 30000}}, "by": {"cash": 1, "per": "hour"}}},
    ]
    r = apply_offer(offer(("2022-04-01", steps)), s)
    assert r.final.point("8").after == D("21.00")  # 20.00 + min(2.00, 1.00)
    assert r.final.point("9").after == D("36.00")
    assert r.final.point("7").after == D("13.20")  # under £30k: uncapped


def test_floor_set_and_raise_and_absorption() -> None:
    s = hourly()
    r = apply_offer(offer(("2022-04-01", [{"floor": 11.5}])), s)
    assert r.final.floor is not None and r.final.floor.after == D("11.50")
    assert r.final.point("6").after == D("11.50") and r.final.point("6").absorbed
    r2 = apply_offer(offer(("2022-04-01", [{"floor": {"by": {"percent": 2}}}])), s)
    assert r2.final.floor is not None and r2.final.floor.after == D("10.20")
    assert r2.final.point("6").after == D("11.00")


def test_a_floor_given_per_hour_on_an_annual_spine() -> None:
    # A £10.00 an hour minimum on a 37-hour week, 52.143 weeks a year: 10 x 37 x 52.143 = 19,292.91, rounded to the
    # pound at the end of the stage (the structure's rule), as every rate.
    s = annual()
    r = apply_offer(offer(("2022-04-01", [{"floor": {"rate": 10, "per": "hour"}}])), s)
    assert r.final.floor is not None and r.final.floor.after == D("19293")
    assert [p.after for p in r.final.points][:3] == [D("19293")] * 3 and r.final.point("3").absorbed
    assert r.final.point("4").after == D("30000")
    from payround.engine.explain import describe_step, summarise

    step = r.offer.stages[0].steps[0]
    assert describe_step(step, s) == "floor (minimum) set to £10.00 an hour (£19,292.91 a year on the 37-hour week)"
    assert summarise(r)[0] == "A minimum rate of £19,293 a year (£10.00 an hour) is set (there was none)."
    from payround.reports.offers import apply_report_for

    floor_row = apply_report_for(r).tables()[0].rows[0].cells  # no "before" and no rise for a floor made from nothing
    assert floor_row[:5] == ("minimum", None, D("19293"), None, None)
    # On an hourly spine the same rate per hour is the plain floor; per week it is divided by the standard week.
    h = hourly()
    plain = apply_offer(offer(("2022-04-01", [{"floor": 11.5}])), h)
    per_hour = apply_offer(offer(("2022-04-01", [{"floor": {"rate": "11.50", "per": "hour"}}])), h)
    assert per_hour.final == plain.final
    weekly = apply_offer(offer(("2022-04-01", [{"floor": {"rate": 444, "per": "week"}}])), h)
    assert weekly.final.floor is not None and weekly.final.floor.after == D("12.00")  # 444 / 37


def test_set_points_and_the_floor_by_name() -> None:
    s = hourly()
    r = apply_offer(offer(("2022-04-01", [{"set": {"7": 12.34, "SLGLW": 10.01}}])), s)
    assert r.final.point("7").after == D("12.34")
    assert r.final.floor is not None and r.final.floor.after == D("10.01")


def test_remove_moves_staff_to_the_next_point_up() -> None:
    s = annual()
    r = apply_offer(
        offer(
            ("2022-04-01", [{"raise": {"cash": 1925, "per": "year"}}]),
            ("2023-04-01", [{"remove": ["1"]}]),
            period={"start": "2022-04-01", "end": "2023-03-31"},
        ),
        s,
    )
    assert [p.point for p in r.final.points] == ["2", "3", "4", "5"]
    assert r.final.removed == {"1": "2"}
    assert r.final_by_original["1"] == D("20441")
    # the bottom rate after the deletion: £20,441 / (37 x 52.143) = £10.60 an hour (published)
    assert r.final.point("2").after_hourly == D("10.60")
    # staff on point 1 were paid point 1's rate for the whole period (the deletion falls after it)
    assert r.in_year["1"].value == D("20258.00")


def test_removing_the_top_point_is_an_error() -> None:
    with pytest.raises(OfferError, match="top of the spine"):
        apply_offer(offer(("2022-04-01", [{"remove": ["5"]}])), annual())


def test_lump_sums_are_recorded_never_added_to_rates() -> None:
    s = annual()
    steps = [
        {"raise": {"percent": 2}},
        {"lump_sum": {"where": {"points": ["1-2"]}, "by": 500, "paid": "2022-12-01"}},
    ]
    r = apply_offer(offer(("2022-04-01", steps)), s)
    assert r.final.point("1").after == D("18700")
    [ls] = r.lump_sums
    assert ls.paid == date(2022, 12, 1) and ls.by_point == {"1": D("500"), "2": D("500")}


def test_greatest_and_least_pick_point_by_point() -> None:
    s = annual()
    greatest = {"raise": {"greatest": [{"percent": 5}, {"cash": 1925, "per": "year"}]}}
    least = {"raise": {"least": [{"percent": 5}, {"cash": 1925, "per": "year"}]}}
    g = apply_offer(offer(("2022-04-01", [greatest])), s)
    lo = apply_offer(offer(("2022-04-01", [least])), s)
    assert g.final.point("1").increase == D("1925") and g.final.point("5").increase == D("2383")
    assert lo.final.point("1").increase == D("917") and lo.final.point("5").increase == D("1925")


def test_stages_compound_and_in_year_weighs_days() -> None:
    s = annual()
    r = apply_offer(
        offer(
            ("2023-04-01", [{"raise": {"percent": 2}}]),
            ("2023-10-01", [{"raise": {"percent": 2}}]),
            period={"start": "2023-04-01", "end": "2024-03-31"},
        ),
        s,
    )
    assert r.stages[0].point("5").after == D("48618")  # 47665 x 1.02 = 48618.3
    assert r.final.point("5").after == D("49590")  # 48618 x 1.02 = 49590.36
    # 183 days at 48,618 and 183 days at 49,590 (2024 is a leap year: 366 days)
    assert r.in_year["5"].value == D("49104.00")


def test_days_before_the_first_stage_count_at_the_structures_pay() -> None:
    s = annual()
    r = apply_offer(
        offer(
            ("2022-10-01", [{"raise": {"cash": 1000, "per": "year"}}]),
            period={"start": "2022-04-01", "end": "2023-03-31"},
        ),
        s,
    )
    # 183 of 365 days at the old rate, 182 at the new
    assert r.in_year["1"].value == D(str(round((18333 * 183 + 19333 * 182) / 365, 2)))


def test_unknown_point_names_the_yaml_path_and_the_valid_points() -> None:
    with pytest.raises(OfferError) as err:
        apply_offer(
            offer(("2022-04-01", [{"raise": [{"where": {"points": ["2-99"]}, "by": {"percent": 1}}]}])), hourly()
        )
    msg = str(err.value)
    assert msg.startswith("test.yaml: stages[0].steps[0].raise[0].where.points[0]:")
    assert "points run 2 to 9" in msg


def test_as_structure_chains_offers() -> None:
    s = hourly()
    r = apply_offer(offer(("2022-04-01", [{"raise": {"percent": 5}}])), s)
    after = r.as_structure("toy/next")
    assert after.rates["9"] == D("36.75") and after.floor is not None and after.floor.rate == D("10.50")


def test_follow_removed_chains_deletions_across_stages() -> None:
    from payround.engine.result import follow_removed

    where = follow_removed(["1", "2", "3", "4"], [{"1": "2"}, {}, {"2": "3"}])
    assert where[0] == {"1": "2", "2": "2", "3": "3", "4": "4"}
    assert where[1] == where[0]
    assert where[2] == {"1": "3", "2": "3", "3": "3", "4": "4"}
