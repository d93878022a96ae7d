"""The engine's cached view of a structure: keyed by content, bounded, never stale."""

from __future__ import annotations

from decimal import Decimal

from payround.engine import spine as spine_module
from payround.engine.selectors import compile_selector
from payround.engine.spine import spine
from payround.offers.schema import Selector
from tests.engine.toys import annual, hourly


def test_one_view_per_content_and_a_new_one_when_a_rate_changes() -> None:
    s = hourly()
    assert spine(s) is spine(hourly())  # another object with the same content shares it
    edited = s.model_copy(update={"points": (s.points[0].model_copy(update={"rate": Decimal("9.60")}), *s.points[1:])})
    assert spine(edited) is not spine(s)
    assert spine(edited).rates[0] == Decimal("9.60") and spine(s).rates[0] == Decimal("9.50")
    assert spine(s).pays[0] == Decimal("10.00")  # the floor applied


def test_the_cache_is_bounded() -> None:
    base = annual()
    for i in range(spine_module._BOUND + 10):
        spine(base.model_copy(update={"id": f"toy/annual-{i}"}))
    assert len(spine_module._CACHE) <= spine_module._BOUND


def test_kept_selections_are_the_selections() -> None:
    s = annual()
    view = spine(s)
    sel = compile_selector(Selector.model_validate({"salary": {"from": 20000}}), s, file="x", place="p")
    assert view.select_at_base(sel) == tuple(sel.select(view.keys, view.pays)) == (False, False, False, True, True)
    assert view.select_at_base(sel) is view.select_at_base(sel._replace(place="elsewhere"))
