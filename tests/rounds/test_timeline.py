"""The SJC 2022/23 timeline: every offer with the floor it sets, in date order, with cost through the seam."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

from payround.offers import Offer
from payround.rounds import build_timeline, load_round


def test_each_offer_shows_the_floor_it_sets() -> None:
    entries = {e.ref: e for e in build_timeline(load_round("sjc-2022-23")) if e.kind in ("claim", "offer")}
    floors = {ref: (e.floor.before, e.floor.after, e.floor.increase_pct) for ref, e in entries.items() if e.floor}
    assert floors["claim"] == ("9.78", "12.00", "22.70")  # the £12 underpin
    assert floors["offer-1"] == ("9.78", "9.98", "2.04")  # "upped the Living Wage to £9.98"
    assert floors["offer-3"] == ("9.78", "10.50", "7.36")  # COSLA: "an overall 7.36% increase"
    assert floors["offer-5"] == ("9.78", "10.85", "10.94")  # the settled SLGLW, £10.85
    for unpublished in ("offer-2", "offer-4"):
        floor = entries[unpublished].floor
        assert floor is not None and floor.after is None
        assert floor.problem is not None and floor.problem.startswith("no runnable construction")


def test_the_timeline_is_in_date_order_with_undated_events_beside_what_they_concern() -> None:
    entries = build_timeline(load_round("sjc-2022-23"))
    dated = [e.sort_date for e in entries if e.sort_date is not None]
    assert dated == sorted(dated)
    assert entries[0].kind == "claim" and entries[0].date == date(2022, 1, 18)
    # Unison's undated consultation sits with the 2% offer it concerns.
    consult = next(e for e in entries if e.kind == "response" and e.status == "consult" and e.date is None)
    assert consult.sort_date == date(2022, 2, 28)
    kinds = {e.kind for e in entries}
    assert {"claim", "offer", "response", "ballot", "action", "call_off", "settlement"} <= kinds
    settlement = next(e for e in entries if e.kind == "settlement")
    assert settlement.date == date(2022, 9, 29) and settlement.ref == "offer-5"


def test_strikes_are_grouped_by_union_span_and_status() -> None:
    entries = [e for e in build_timeline(load_round("sjc-2022-23")) if e.kind == "action"]
    gmb_first_wave = next(e for e in entries if e.title.startswith("GMB refuse") and e.date == date(2022, 8, 26))
    assert "16 employers" in gmb_first_wave.title and gmb_first_wave.status == "held"
    suspended = [e for e in entries if e.status.startswith("suspended")]
    assert suspended and all(e.status == "suspended 2022-09-02" for e in suspended)


def test_ballots_in_the_timeline_carry_their_check() -> None:
    entries = [e for e in build_timeline(load_round("birmingham-2025")) if e.kind == "ballot"]
    june = next(e for e in entries if e.ref == "unite-2025-06")
    assert "mandate until 2025-12-06" in june.title and june.status == "valid"


def test_cost_comes_through_the_costing_seam_for_runnable_offers_only() -> None:
    seen: list[str] = []

    def coster(offer: Offer) -> Mapping[str, Any]:
        seen.append(offer.name)
        return {"total_cost_increase_full_year": str(len(offer.name)), "illustrative": True}

    entries = build_timeline(load_round("sjc-2022-23"), coster)
    costed = {e.ref: e.cost for e in entries if e.kind in ("claim", "offer")}
    assert costed["offer-2"] is None and costed["offer-4"] is None
    assert costed["offer-3"] == {"total_cost_increase_full_year": str(len(seen[2])), "illustrative": True}
    assert len(seen) == 4  # claim, offers 1, 3 and 5


def test_cost_on_the_illustrative_sjc_workforce_when_costing_exists() -> None:
    costing = pytest.importorskip("payround.costing", reason="payround.costing is not installed")
    workforces = pytest.importorskip("payround.workforce", reason="payround.workforce is not installed")
    try:
        wf = workforces.load_workforce("sjc/illustrative")
    except Exception as exc:  # the bundled workforce may not exist yet in this checkout
        pytest.skip(f"the illustrative SJC workforce is not available: {exc}")
    from payround.api import apply_offer
    from payround.reports.costing import cost_report_for

    entries = build_timeline(
        load_round("sjc-2022-23"), lambda o: cost_report_for(costing.cost_offer(apply_offer(o), wf))
    )
    settled = next(e for e in entries if e.ref == "offer-5" and e.kind == "offer")
    claim = next(e for e in entries if e.kind == "claim")
    assert settled.cost is not None and claim.cost is not None
    claim_cost, settled_cost = claim.cost.total_cost_increase_full_year, settled.cost.total_cost_increase_full_year
    assert claim_cost is not None and settled_cost is not None
    assert claim_cost > settled_cost > 0  # the claim costs more than the settlement
