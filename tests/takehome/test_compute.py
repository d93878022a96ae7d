"""Take-home tables for an applied offer: the figures add up, the taper and marginal rates are what the rules say,
stages and illustrative points are labelled, and the disk cache serves warm results."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from payround.api import apply_offer
from payround.engine import OfferResult
from payround.errors import DependencyError, InputError
from payround.offers import parse_offer
from payround.takehome import bridge, compute
from payround.takehome.cache import DiskCache
from payround.takehome.compute import cache_key_for, takehome
from payround.takehome.households import Household, bundled_households
from payround.takehome.model import FIGURES, TakehomeTable

pytestmark = pytest.mark.policyengine

D = Decimal


def test_net_is_the_sum_of_its_parts(cosla_table: TakehomeTable) -> None:
    assert len(cosla_table.rows) == 7 * 4 * 2  # points x households x (stage, final)
    for r in cosla_table.rows:
        for f in (r.before, r.after):
            want = f.gross - f.income_tax - f.employee_ni - f.pension + f.universal_credit + f.child_benefit
            assert f.net == want + f.other_benefits + f.other_income, (r.point, r.household)
        assert sum(r.taken.values()) == r.gross_change - r.net_change


def test_a_rise_can_cost_the_partner_marriage_allowance(cosla_table: TakehomeTable) -> None:
    # The part-time worker's unused personal allowance shrinks, so less transfers to the partner (PolicyEngine
    # transfers the smaller of the unused allowance and 10% of it): the partner pays more tax.
    r = cosla_table.row("30", "couple-2-part-time")
    assert r.before.income_tax == 0 and r.taken["other_income"] > 0


def test_universal_credit_tapers_55p_of_net_earnings(cosla_table: TakehomeTable) -> None:
    # UC counts earnings after income tax, NI and pension contributions, and takes 55% of a rise in them (2022/23).
    for point in ("2", "30", "55"):
        r = cosla_table.row(point, "lone-parent-2")
        net_earnings = r.gross_change - r.change("income_tax") - r.change("employee_ni") - r.change("pension")
        assert abs(-r.change("universal_credit") - D("0.55") * net_earnings) <= D("0.05"), point


def test_effective_marginal_rates_at_the_floor(cosla_table: TakehomeTable) -> None:
    # Scottish basic rate 20% on pay after the 5.5% LGPS contribution, NI at 13.25% for 7 pay months and 12% for 5,
    # and the 5.5% contribution itself: 0.2 x 0.945 + (7 x 0.1325 + 5 x 0.12) / 12 + 0.055 = 0.3713
    single = cosla_table.row("2", "single")
    assert single.after.emr == D("0.3713")
    # On UC the taper takes 55% of what is left: 0.3713 + 0.55 x (1 - 0.3713) = 0.7171
    assert cosla_table.row("2", "lone-parent-2").after.emr == D("0.7171")


def test_cosla_floor_rise_for_a_lone_parent_and_a_single_person(cosla_table: TakehomeTable) -> None:
    lp = cosla_table.row("2", "lone-parent-2")
    assert (lp.before.gross, lp.after.gross) == (D("18868.47"), D("20257.56"))  # £9.78 -> £10.50 x 37 x 52.143
    assert lp.taken["universal_credit"] > lp.taken["income_tax"] + lp.taken["employee_ni"]
    assert lp.kept_pct is not None and lp.kept_pct < 30
    single = cosla_table.row("30", "single")
    assert single.kept_pct is not None and 60 < single.kept_pct < 65
    assert single.after.universal_credit == 0 and single.illustrative


def test_stages_tax_years_and_labels(cosla_table: TakehomeTable) -> None:
    assert cosla_table.stages == ["2022-04-01", "final"] and cosla_table.tax_years == ["2022/23"]
    stage, final = cosla_table.row("30", "single", "2022-04-01"), cosla_table.row("30", "single")
    assert stage.to_json() | {"stage": "final"} == final.to_json()
    assert not cosla_table.row("2", "single").illustrative  # the floor sets the pay, before and after
    assert cosla_table.row("20", "single").illustrative
    assert len(cosla_table.overrides) == 3 and all(o.startswith("2022/23: NI ") for o in cosla_table.overrides)
    notes = " ".join(cosla_table.notes)
    assert "derived by the uprating rule" in notes and "Scottish Child Payment" in notes and "Illustrative" in notes


def test_json_round_trips_exactly(cosla_table: TakehomeTable) -> None:
    again = TakehomeTable.from_json(cosla_table.to_json())
    assert again.to_json() == cosla_table.to_json()
    keys = set(cosla_table.to_json()["rows"][0])
    assert {f"{n}_{s}" for n in FIGURES for s in ("before", "after")} <= keys


def test_the_disk_cache_serves_warm_results(
    cosla_result: OfferResult, cosla_table: TakehomeTable, cache_dir: Path
) -> None:
    warm = takehome(cosla_result, exact=True, cache=DiskCache(cache_dir))
    # Served from disk, not simulated again (the speed itself is measured in bench/, never in a unit test).
    assert warm.cached and not cosla_table.cached
    assert warm.to_json() == cosla_table.to_json()


def test_the_cache_key_follows_offer_structure_and_households(cosla_result: OfferResult) -> None:
    hh = list(bundled_households().values())
    base = cache_key_for(cosla_result, hh)
    renamed = dataclasses.replace(cosla_result, offer=cosla_result.offer.model_copy(update={"name": "other"}))
    assert cache_key_for(renamed, hh) != base
    restructured = dataclasses.replace(cosla_result, structure=cosla_result.structure.model_copy(update={"id": "x"}))
    assert cache_key_for(restructured, hh) != base
    assert cache_key_for(cosla_result, hh[:1]) != base
    assert cache_key_for(cosla_result, hh) == base


def test_unreadable_cache_is_a_miss(tmp_path: Path) -> None:
    c = DiskCache(tmp_path)
    c.path("takehome", "k").parent.mkdir(parents=True)
    c.path("takehome", "k").write_text("{not json", encoding="utf-8")
    assert c.get("takehome", "k") is None
    c.put("takehome", "k", {"a": 1})
    assert c.get("takehome", "k") == {"a": 1}


def _fail(*args: object, **kwargs: object) -> bridge.SimulationRun:
    raise AssertionError("PolicyEngine must not run")


def test_unsupported_year_fails_before_policyengine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(bridge, "evaluate", _fail)
    offer = parse_offer(
        {
            "name": "far future",
            "structure": "sjc/2024-25",
            "period": {"start": "2027-04-01", "end": "2028-03-31"},
            "stages": [{"effective": "2027-04-01", "steps": [{"raise": {"percent": 3}}]}],
        }
    )
    with pytest.raises(DependencyError, match=r"2027/28.*2021/22 to 2026/27"):
        takehome(apply_offer(offer), cache=DiskCache(tmp_path))


def test_a_household_outside_the_structures_country_is_refused(
    monkeypatch: pytest.MonkeyPatch, cosla_result: OfferResult, households: dict[str, Household], tmp_path: Path
) -> None:
    monkeypatch.setattr(bridge, "evaluate", _fail)
    london = households["single"].model_copy(update={"region": "LONDON"})
    with pytest.raises(InputError, match="region LONDON but the structure's country is scotland"):
        compute.takehome(cosla_result, [london], cache=DiskCache(tmp_path))


def test_the_documented_cosla_example(cosla_table: TakehomeTable) -> None:
    """The figures in docs/takehome.md (the sample spine has the same pay at SCP 2 and 30 as the full one)."""
    lp = cosla_table.row("2", "lone-parent-2")
    assert (lp.gross_change, lp.net_change, lp.kept_pct) == (D("1389.09"), D("392.99"), D("28.29"))
    assert lp.taken == {
        "income_tax": D("262.54"),
        "employee_ni": D("176.82"),
        "pension": D("76.40"),
        "universal_credit": D("480.34"),
        "child_benefit": D("0.00"),
        "other_benefits": D("0.00"),
        "other_income": D("0.00"),
        "lump_sum": D("0.00"),
    }
    assert (lp.before.net, lp.after.net, lp.after.emr) == (D("30937.48"), D("31330.47"), D("0.7171"))
    single = cosla_table.row("30", "single")
    assert (single.before.gross, single.after.gross) == (D("22302.60"), D("23421.59"))
    assert (single.net_change, single.kept_pct, single.after.emr) == (D("697.61"), D("62.34"), D("0.3853"))
    assert cosla_table.row("2", "single").net_change == D("873.33")


def test_takehome_summary_for_compare_reads_the_tables(
    cosla_result: OfferResult, cosla_table: TakehomeTable, cache_dir: Path
) -> None:
    from payround.takehome import takehome_summary

    got = takehome_summary(cosla_result, "lone-parent-2", cache=DiskCache(cache_dir))
    assert list(got) == ["2", "18", "19", "20", "30", "40", "55"]
    assert abs(got["2"] - cosla_table.row("2", "lone-parent-2").net_change) <= 1  # interactive vs exact
    with pytest.raises(InputError, match="pensioner"):
        takehome_summary(cosla_result, "pensioner", cache=DiskCache(cache_dir))


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    c = DiskCache(blocker)
    c.put("takehome", "k", {"a": 1})  # no error: the cache is an optimisation
    assert c.get("takehome", "k") is None
