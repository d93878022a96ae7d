"""Properties (Hypothesis): costs add up. Per-person pay times headcount sums to the pay bill; totals by employer,
group and gender add up to the whole; a group row costs the same as its people on separate rows; the in-year pay
bill is the day-weighted pay bills of the stages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payround.costing import breakdown, cost_offer
from payround.structures import load_structure

from .helpers import offer, summary, workforce

STRUCTURES = {"sjc/2021-22": ("2021-04-01", "2022-03-31"), "njc/2022-23": ("2022-04-01", "2023-03-31")}

row = st.tuples(
    st.sampled_from(["Council A", "Council B", "Council C"]),
    st.integers(min_value=0, max_value=40),  # index into the structure's points
    st.decimals(min_value=Decimal("1"), max_value=Decimal("48"), places=2),
    st.integers(min_value=1, max_value=400),
    st.sampled_from(["F", "M", ""]),
    st.sampled_from(["Care", "Schools", "Office"]),
    st.sampled_from(["", "39", "45.6"]),
)


def _csv(structure: str, rows: list[tuple[str, int, Decimal, int, str, str, str]], expand: bool = False) -> str:
    ids = load_structure(structure).point_ids
    lines = ["employer,point,weekly_hours,headcount,gender,group,paid_weeks"]
    for emp, p, hours, hc, gender, group, weeks in rows:
        copies = [(1,)] * hc if expand else [(hc,)]
        lines += [f"{emp},{ids[p]},{hours},{c[0]},{gender},{group},{weeks}" for c in copies]
    return "\n".join(lines)


def _offer(structure: str, cash: int, pct: int, second: bool, lump: bool) -> str:
    start, end = STRUCTURES[structure]
    stages = f"""
  - effective: {start}
    steps:
      - raise: [{{where: {{salary: {{below: 30000}}}}, by: {{cash: {cash}, per: year}}}}, {{by: {{percent: {pct}}}}}]
"""
    if lump:
        stages += f"      - lump_sum: {{by: 250, paid: {start[:4]}-12-01}}\n"
    if second:
        stages += f"""  - effective: {start[:4]}-10-01
    steps:
      - raise: {{percent: 1}}
"""
    return f"name: property\nstructure: {structure}\nperiod: {{start: {start}, end: {end}}}\nstages:{stages}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    structure=st.sampled_from(sorted(STRUCTURES)),
    rows=st.lists(row, min_size=1, max_size=12),
    cash=st.integers(min_value=0, max_value=3000),
    pct=st.integers(min_value=0, max_value=10),
    second=st.booleans(),
    lump=st.booleans(),
)
def test_costs_add_up(structure: str, rows: list, cash: int, pct: int, second: bool, lump: bool) -> None:  # type: ignore[type-arg]
    result = offer(_offer(structure, cash, pct, second, lump))
    wf = workforce(_csv(structure, rows))
    cost = cost_offer(result, wf)
    doc = summary(cost)
    hc = wf.frame["headcount"].to_numpy()
    for scenario, key in (("before", "before"), ("after", "after_full_year"), ("in_year", "in_year")):
        per_person = cost.per_person(scenario)
        assert Decimal(int(np.dot(per_person, hc))) / 100 == Decimal(doc["paybill"][key])

    total = Decimal(doc["total_cost_increase_full_year"])
    for by in ("employer", "group", "gender"):
        rows_by = summary(cost, by)[f"by_{by}"]
        assert sum(Decimal(r["paybill_before"]) for r in rows_by) == Decimal(doc["paybill"]["before"])
        assert sum(Decimal(r["increase_full_year"]) for r in rows_by) == Decimal(doc["paybill"]["increase_full_year"])
        assert sum(Decimal(r["total_cost_increase_full_year"]) for r in rows_by) == total
        assert sum(r["headcount"] for r in rows_by) == doc["headcount"]
        assert sum(g.total_cost_increase_full_year for g in breakdown(cost, by)) == int(total * 100)

    # In-year = the stages' full-year pay bills weighted by the days each is in force.
    start, end = (date.fromisoformat(d) for d in STRUCTURES[structure])
    days = (end - start).days + 1
    weighted = Decimal(0)
    stages = doc["paybill"]["stages"]
    for i, s in enumerate(stages):
        a = date.fromisoformat(s["effective"])
        b = date.fromisoformat(stages[i + 1]["effective"]) if i + 1 < len(stages) else end
        span = (b - a).days + (0 if i + 1 < len(stages) else 1)
        weighted += Decimal(s["full_year"]) * span / days
    # Each stage's pay bill is rounded per person (up to half a penny, and the day weights sum to one) and the
    # in-year pay is rounded once per person (another half penny): at most a penny a person apart.
    assert abs(weighted - Decimal(doc["paybill"]["in_year"])) <= Decimal("0.01") * int(hc.sum())


@settings(max_examples=15, deadline=None)
@given(
    structure=st.sampled_from(sorted(STRUCTURES)),
    rows=st.lists(row.map(lambda r: (*r[:3], min(r[3], 6), *r[4:])), min_size=1, max_size=5),
    cash=st.integers(min_value=0, max_value=3000),
)
def test_a_group_row_costs_the_same_as_its_people(structure: str, rows: list, cash: int) -> None:  # type: ignore[type-arg]
    result = offer(_offer(structure, cash, 2, True, True))
    grouped = summary(cost_offer(result, workforce(_csv(structure, rows))))
    expanded = summary(cost_offer(result, workforce(_csv(structure, rows, expand=True))))
    for doc in (grouped, expanded):
        doc.pop("rows")
    assert grouped == expanded
