"""Properties of the engine that hold for every offer (Hypothesis)."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payround.engine import apply_offer, apply_plan, compile_offer, final_pay
from payround.errors import OfferError
from payround.structures import load_structure
from tests.engine.toys import annual, hourly, offer

SJC = load_structure("sjc/2021-22")
NJC = load_structure("njc/2022-23")
STRUCTURES = [SJC, NJC, hourly(), annual()]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

percent = st.decimals(min_value=0, max_value=15, places=2).map(lambda d: {"percent": str(d)})
cash = st.one_of(
    st.builds(
        lambda c, per, hours: {"cash": str(c), "per": per, **({"hours": hours} if hours else {})},
        st.decimals(min_value=0, max_value=3000, places=0),
        st.sampled_from(["year", "month", "week"]),
        st.sampled_from([None, 35, 36, 37]),
    ),
    st.decimals(min_value=0, max_value=2, places=2).map(lambda c: {"cash": str(c), "per": "hour"}),
)
leaf = st.one_of(percent, cash)
amount = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"greatest": xs}),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"least": xs}),
    ),
    max_leaves=4,
)


def selector(structure: Any) -> st.SearchStrategy[dict[str, Any]]:
    ids = structure.point_ids
    rng = st.tuples(st.integers(0, len(ids) - 1), st.integers(0, len(ids) - 1)).map(
        lambda ab: f"{ids[min(ab)]}-{ids[max(ab)]}"
    )
    by_points = st.lists(st.one_of(st.sampled_from(ids), rng), min_size=1, max_size=3).map(lambda xs: {"points": xs})
    by_salary = st.decimals(min_value=10000, max_value=90000, places=0).map(
        lambda x: {"salary": {"below": str(x), "hours": 37}}
    )
    return st.one_of(by_points, by_salary, st.just({"floor": True}))


def raise_step(structure: Any) -> st.SearchStrategy[dict[str, Any]]:
    case = st.builds(lambda w, a: {"where": w, "by": a}, selector(structure), amount)
    cases = st.lists(case, min_size=1, max_size=3).flatmap(
        lambda cs: st.one_of(st.just(cs), amount.map(lambda a: [*cs, {"by": a}]))
    )
    return st.one_of(amount.map(lambda a: {"raise": a}), cases.map(lambda cs: {"raise": cs}))


structures = st.sampled_from(STRUCTURES)


@FAST
@given(st.data())
def test_a_raise_only_offer_never_lowers_pay(data: st.DataObject) -> None:
    s = data.draw(structures)
    steps = data.draw(st.lists(raise_step(s), min_size=1, max_size=3))
    r = apply_offer(offer(("2022-04-01", steps)), s)
    for p in r.final.points:
        assert p.after >= p.before, p
    if r.final.floor is not None:
        assert r.final.floor.after >= r.final.floor.before


@FAST
@given(st.data())
def test_the_floor_is_respected(data: st.DataObject) -> None:
    s = data.draw(st.sampled_from([SJC, hourly()]))
    steps = data.draw(st.lists(raise_step(s), min_size=0, max_size=2))
    new_floor = data.draw(st.decimals(min_value=5, max_value=25, places=2))
    r = apply_offer(offer(("2022-04-01", [*steps, {"floor": str(new_floor)}])), s)
    assert r.final.floor is not None
    assert all(p.after >= r.final.floor.after for p in r.final.points)
    assert all(p.absorbed == (p.after == r.final.floor.after) for p in r.final.points)


@FAST
@given(st.data())
def test_greatest_and_least_bound_their_parts(data: st.DataObject) -> None:
    s = data.draw(structures)
    parts = data.draw(st.lists(leaf, min_size=2, max_size=3))
    hi = apply_offer(offer(("2022-04-01", [{"raise": {"greatest": parts}}])), s)
    lo = apply_offer(offer(("2022-04-01", [{"raise": {"least": parts}}])), s)
    alone = [apply_offer(offer(("2022-04-01", [{"raise": p}])), s) for p in parts]
    for i, p in enumerate(hi.final.points):
        each = [a.final.points[i].after for a in alone]
        assert p.after == max(each)
        assert lo.final.points[i].after == min(each)


@FAST
@given(st.data())
def test_stage_by_stage_application_equals_the_final_result(data: st.DataObject) -> None:
    s = data.draw(structures)
    first = data.draw(st.lists(raise_step(s), min_size=1, max_size=2))
    second = data.draw(st.lists(raise_step(s), min_size=1, max_size=2))
    both = apply_offer(offer(("2022-04-01", first), ("2022-10-01", second)), s)
    step1 = apply_offer(offer(("2022-04-01", first)), s)
    step2 = apply_offer(offer(("2022-10-01", second)), step1.as_structure("chained"))
    assert [(p.point, p.after) for p in both.final.points] == [(p.point, p.after) for p in step2.final.points]
    assert both.final_floor == step2.final_floor


@FAST
@given(st.data(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_points_are_listed(data: st.DataObject, rnd: random.Random) -> None:
    s = data.draw(structures)
    labels = data.draw(st.lists(st.sampled_from(s.point_ids[:-1]), min_size=1, max_size=6, unique=True))
    shuffled = labels[:]
    rnd.shuffle(shuffled)
    amt = data.draw(amount)
    set_to = {p: str(Decimal(i + 1) * 1000 if s.unit == "year" else Decimal(i + 1)) for i, p in enumerate(labels)}

    def build(order: list[str]) -> Any:
        return offer(
            ("2022-04-01", [{"raise": [{"where": {"points": order}, "by": amt}]}]),
            ("2022-10-01", [{"set": {p: set_to[p] for p in order}}]),
            ("2023-04-01", [{"remove": order}]),
        )

    a, b = apply_offer(build(labels), s), apply_offer(build(shuffled), s)
    assert a.to_json() == b.to_json()


def other_step(structure: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Caps, floors, set rates and deleted points (with the raises above, every kind of step that moves pay)."""
    ids = structure.point_ids
    cap = st.builds(
        lambda w, a: {"cap": {"by": a, **({"where": w} if w else {})}},
        st.one_of(st.none(), selector(structure)),
        amount,
    )
    top = 20 if structure.unit == "hour" else 60000
    rate = st.decimals(min_value=0, max_value=top, places=2).map(str)
    floor = rate.map(lambda r: {"floor": r})
    set_ = st.dictionaries(st.sampled_from(ids), rate, min_size=1, max_size=3).map(lambda d: {"set": d})
    remove = st.sampled_from(ids[:-1]).map(lambda p: {"remove": [p]})
    return st.one_of(cap, floor, set_, remove)


@FAST
@given(st.data())
def test_the_fast_path_gives_the_full_results_final_pay_figure_for_figure(data: st.DataObject) -> None:
    s = data.draw(structures)
    step = st.one_of(raise_step(s), other_step(s))
    first = data.draw(st.lists(step, min_size=1, max_size=3))
    second = data.draw(st.lists(raise_step(s), min_size=0, max_size=2))
    stages = [("2022-04-01", first), *([("2022-10-01", second)] if second else [])]
    try:
        plan = compile_offer(offer(*stages), s)
        full = apply_plan(plan)
    except OfferError:
        return  # e.g. the same point deleted twice: refused alike by both paths (compile_offer raises first)
    fast = final_pay(plan)
    # str() shows the exponent too: the same Decimal, not merely an equal one
    assert {k: str(v) for k, v in fast.items()} == {p.point: str(p.after) for p in full.final.points}
