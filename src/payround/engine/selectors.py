"""Resolving selectors (``where``) against a structure: point labels and ranges, the floor, salary and rate bands."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from payround.errors import OfferError
from payround.offers.schema import Selector
from payround.structures.model import PayStructure

__all__ = ["FLOOR", "CompiledSelector", "compile_selector", "resolve_labels"]

FLOOR = "\x00floor"  # internal key of the floor in rate maps; never a valid point label


def resolve_labels(labels: list[str], structure: PayStructure, *, file: str, place: str) -> tuple[frozenset[str], bool]:
    """Turn ``["2-18", "19", "44-", "SLGLW"]`` into point ids (structure order ranges) and whether the floor is named.

    Raises OfferError naming the place and the valid labels when a label is unknown.
    """
    ids = structure.point_ids
    index = {p: i for i, p in enumerate(ids)}
    floor_name = structure.floor.name if structure.floor else None
    chosen: set[str] = set()
    names_floor = False
    for k, raw in enumerate(labels):
        label = raw.strip()
        if label in index:
            chosen.add(label)
            continue
        if floor_name is not None and label == floor_name:
            names_floor = True
            continue
        lo, sep, hi = label.partition("-")
        lo, hi = lo.strip(), hi.strip()
        if sep and (lo in index or not lo) and (hi in index or not hi) and (lo or hi):
            a = index[lo] if lo else 0
            b = index[hi] if hi else len(ids) - 1
            if a > b:
                raise OfferError(
                    f"the range {label!r} runs backwards.",
                    file=file,
                    place=f"{place}[{k}]",
                    hint=f"write the lower point first, e.g. '{hi}-{lo}'.",
                )
            chosen.update(ids[a : b + 1])
            continue
        floor_hint = f", the floor {floor_name!r}" if floor_name else ""
        raise OfferError(
            f"unknown point {label!r} in structure {structure.id}.",
            file=file,
            place=f"{place}[{k}]",
            hint=f"points run {ids[0]} to {ids[-1]}{floor_hint}; write ranges as 'A-B', 'A-' or '-B'.",
        )
    return frozenset(chosen), names_floor


class CompiledSelector(NamedTuple):
    """A selector bound to a structure. ``matches`` is asked with pay at the stage start (a named tuple, as
    :class:`~payround.engine.amounts.CompiledAmount`)."""

    points: frozenset[str] | None
    names_floor: bool
    floor: bool | None
    salary_bounds: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None] | None
    salary_factor: Decimal | None  # pay in unit -> full-time annual on the selector's week
    rate_bounds: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None] | None
    place: str = ""  # where the selector is written (the step's YAML path), for warnings

    @property
    def everything(self) -> bool:
        """True for the selector that matches every point and the floor (no ``where``)."""
        return (
            self.points is None
            and not self.names_floor
            and self.floor is None
            and self.salary_bounds is None
            and self.rate_bounds is None
        )

    @property
    def content(self) -> tuple[object, ...]:
        """What decides which points match (not where the selector is written): a key for kept selections."""
        return (self.points, self.names_floor, self.floor, self.salary_bounds, self.salary_factor, self.rate_bounds)

    def matches(self, key: str, pay: Decimal) -> bool:
        """Whether the point ``key`` (or the floor, key FLOOR) with ``pay`` at the stage start is selected."""
        is_floor = key == FLOOR
        if self.floor is not None and self.floor != is_floor:
            return False
        if self.points is not None:
            if is_floor:
                if not self.names_floor:
                    return False
            elif key not in self.points:
                return False
        elif self.names_floor and not is_floor:
            return False
        if (
            self.salary_bounds is not None
            and self.salary_factor is not None
            and not _within(pay * self.salary_factor, self.salary_bounds)
        ):
            return False
        return self.rate_bounds is None or _within(pay, self.rate_bounds)

    def select(self, keys: Sequence[str], pays: Sequence[Decimal]) -> list[bool]:
        """``matches`` for each point (never the floor) at once: whether point ``keys[i]`` paid ``pays[i]`` at the
        stage start is selected."""
        n = len(keys)
        if self.floor:  # the floor alone
            return [False] * n
        if self.points is not None:
            chosen = self.points
            ok = [k in chosen for k in keys]
        elif self.names_floor:
            return [False] * n
        else:
            ok = [True] * n
        if self.salary_bounds is not None and self.salary_factor is not None:
            f = self.salary_factor
            ok = [o and i for o, i in zip(ok, _band([p * f for p in pays], self.salary_bounds), strict=True)]
        if self.rate_bounds is not None:
            ok = [o and i for o, i in zip(ok, _band(pays, self.rate_bounds), strict=True)]
        return ok


def _band(
    xs: Sequence[Decimal], b: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
) -> list[bool]:
    """``_within`` for each value, one comparison pass per bound that is set."""
    lo, above, below, to = b
    ok = [True] * len(xs)
    if lo is not None:
        ok = [o and x >= lo for o, x in zip(ok, xs, strict=True)]
    if above is not None:
        ok = [o and x > above for o, x in zip(ok, xs, strict=True)]
    if below is not None:
        ok = [o and x < below for o, x in zip(ok, xs, strict=True)]
    if to is not None:
        ok = [o and x <= to for o, x in zip(ok, xs, strict=True)]
    return ok


def _within(x: Decimal, b: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]) -> bool:
    lo, above, below, to = b
    return (
        (lo is None or x >= lo)
        and (above is None or x > above)
        and (below is None or x < below)
        and (to is None or x <= to)
    )


def compile_selector(sel: Selector | None, structure: PayStructure, *, file: str, place: str) -> CompiledSelector:
    """Bind a selector to a structure (None = everything, the floor included)."""
    if sel is None:
        return CompiledSelector(None, False, None, None, None, None)
    points: frozenset[str] | None = None
    names_floor = False
    if sel.points is not None:
        points, names_floor = resolve_labels(sel.points, structure, file=file, place=f"{place}.points")
        if names_floor and not points:
            points = frozenset()
    salary_bounds = None
    factor = None
    if sel.salary is not None:
        s = sel.salary
        salary_bounds = (s.from_, s.above, s.below, s.to)
        factor = structure.full_time_annual(Decimal(1), s.hours)
    rate_bounds = None
    if sel.rate is not None:
        r = sel.rate
        rate_bounds = (r.from_, r.above, r.below, r.to)
    step = place.removesuffix(".where")
    return CompiledSelector(points, names_floor, sel.floor, salary_bounds, factor, rate_bounds, step)
