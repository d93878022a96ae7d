"""One-off payments in take-home: taxed with the year's pay, NI'd and counted against Universal Credit in the month
paid, not pensionable; their own columns, with their net effect. The example offer
``examples/njc-2025-26-one-off.yaml`` pays £500 in December 2025 on top of 3.2%."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from payround.api import apply_offer
from payround.offers import load_offer
from payround.takehome.cache import DiskCache
from payround.takehome.compute import takehome
from payround.takehome.households import bundled_households
from payround.takehome.model import TakehomeTable
from tests.takehome.conftest import write_sample

pytestmark = pytest.mark.policyengine

D = Decimal


@pytest.fixture(scope="module")
def one_off(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> TakehomeTable:
    """The example on NJC SCP 2 and 11, a single person and a lone parent, exact path."""
    tmp = tmp_path_factory.mktemp("one-off")
    result = apply_offer(load_offer(write_sample(tmp, "njc/2024-25", ["2", "11"], "njc-2025-26-one-off.yaml")))
    hh = bundled_households()
    return takehome(result, [hh["single"], hh["lone-parent-2"]], exact=True, cache=DiskCache(cache_dir))


def test_the_payment_is_taxed_and_nid_in_december_and_not_pensionable(one_off: TakehomeTable) -> None:
    r = one_off.row("11", "single")
    assert (r.before.lump_sum, r.after.lump_sum) == (D("0.00"), D("500.00"))
    assert r.taken["lump_sum"] == D("-500.00")
    # Basic rate 20% on £500; NI 8% (2025/26) on £500 in December; no LGPS contribution on it: the household keeps
    # £500 - £100 - £40 = £360.
    assert r.lump_sum_net == D("360.00")
    gross_rise = r.gross_change
    assert r.net_change == gross_rise - sum(v for k, v in r.taken.items() if k != "lump_sum") + D("500.00")
    assert sum(r.taken.values()) == r.gross_change - r.net_change


def test_universal_credit_takes_its_share_in_the_month_paid(one_off: TakehomeTable) -> None:
    r = one_off.row("2", "lone-parent-2")
    # UC tapers 55% of the £360 left after tax and NI: the lone parent keeps £162.
    assert abs(r.lump_sum_net - D("162.00")) <= D("0.05")
    assert r.after.universal_credit < one_off.row("2", "lone-parent-2").before.universal_credit


def test_json_has_its_own_columns(one_off: TakehomeTable) -> None:
    row = one_off.to_json()["rows"][0]
    assert {"lump_sum_before", "lump_sum_after", "lump_sum_net"} <= set(row) and "lump_sum" in row["taken"]
    assert any("One-off payments" in n for n in one_off.notes)
