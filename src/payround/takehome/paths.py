"""The two ways to PolicyEngine UK's answer for a set of pay levels of one tax year: **exact** (a direct, vectorised
simulation of every pay level asked about) and **interactive** (read from the tables of
:mod:`payround.takehome.grid`: shipped in the package for the bundled tax years and archetypes, else built once
per tax year, household and PolicyEngine version and kept on disk).

Both give, for each :class:`Point`, PolicyEngine's raw values per in-year NI regime and combine them by the same
rule (:func:`effective`), so they differ only where interpolation differs from simulation — by pennies.

A one-off payment ``L`` paid in pay month ``m`` (NI regime ``k``) is taxed with the year's pay (PAYE is cumulative,
so income tax is PolicyEngine's on pay + L, pension on pay alone: it is not pensionable); NI and Universal Credit
count it in the month paid: that month's earnings are pay/12 + L, so its NI and UC are 1/12 of PolicyEngine's
annual figures on pay + 12L (PolicyEngine computes NI month by month on even monthly pay, and UC on the year).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from payround.errors import InputError
from payround.takehome import bridge, tables
from payround.takehome.cache import DiskCache
from payround.takehome.grid import Grid, col
from payround.takehome.gridbuild import HIGH, LOW, GridRequest, build_grids
from payround.takehome.households import Household
from payround.takehome.lgps import LgpsSchedule
from payround.takehome.rules import TaxYearRules, tax_year_label

__all__ = ["Point", "YearRun", "exact_values", "interactive_values", "load_grids"]


@dataclass(frozen=True, slots=True)
class Point:
    """One pay level: the household, its worker's gross pay and pension, hours, region, and one-off payments
    (amount, index of the NI regime of the month paid)."""

    household: Household
    gross: Decimal
    pension: Decimal
    hours: Decimal
    region: str
    lumps: tuple[tuple[Decimal, int], ...] = ()


@dataclass(frozen=True, slots=True)
class YearRun:
    """Combined values (regimes × columns, floats) per point, with what was overridden and how."""

    values: Any  # numpy array: points × regimes × columns
    overrides: list[bridge.Override]
    policyengine_version: str
    path: str  # 'interactive' or 'exact'


def effective(base: Any, annual: Any, months: Sequence[Any], point: Point, regime_months: Sequence[int]) -> Any:
    """Per-regime values whose month-weighted sum is the year's figure, one-off payments included (module doc).

    ``base``: PolicyEngine at pay; ``annual``: at pay + every lump (pension on pay); ``months[i]``: at pay + 12 × lump
    i. Without lumps this is ``base``.
    """
    if not point.lumps:
        return base
    out = annual.copy()
    ni, uc, hb = col("employee_ni"), col("universal_credit"), col("household_benefits")
    # Other benefits and Child Benefit follow the year with the payment; UC and NI as paid month by month.
    out[:, hb] = annual[:, hb] - annual[:, uc] + base[:, uc]
    out[:, uc] = base[:, uc]
    out[:, ni] = base[:, ni]
    for (_, k), m in zip(point.lumps, months, strict=True):
        for c in (ni, uc):
            shift = (m[k, c] - base[k, c]) / regime_months[k]
            out[k, c] += shift
            if c == uc:
                out[k, hb] += shift
    return out


def _lump_total(point: Point) -> Decimal:
    return sum((a for a, _ in point.lumps), Decimal(0))


# ----- exact -------------------------------------------------------------------------------------------------------
def exact_values(points: Sequence[Point], rules: TaxYearRules, *, progress: bridge.Progress | None = None) -> YearRun:
    """Every point by a direct PolicyEngine simulation (one, vectorised, for the whole list)."""
    cases: list[bridge.Case] = []
    index: list[tuple[int, int, list[int]]] = []
    for p in points:
        base = len(cases)
        cases.append(bridge.Case(p.household, p.gross, p.hours, p.pension, p.region))
        annual = base
        if p.lumps:
            annual = len(cases)
            cases.append(bridge.Case(p.household, p.gross + _lump_total(p), p.hours, p.pension, p.region))
        months = []
        for amount, _ in p.lumps:
            months.append(len(cases))
            cases.append(bridge.Case(p.household, p.gross + 12 * amount, p.hours, p.pension, p.region))
        index.append((base, annual, months))
    run = bridge.evaluate(cases, rules, progress=progress)
    stacked = np.stack([run.values[c] for c in bridge.COLUMNS], axis=-1)  # regimes, cases, columns
    regime_months = [r.months for r in rules.regimes]
    values = [
        effective(stacked[:, b], stacked[:, a], [stacked[:, m] for m in ms], p, regime_months)
        for p, (b, a, ms) in zip(points, index, strict=True)
    ]
    shape = (0, len(regime_months), len(bridge.COLUMNS))
    return YearRun(np.stack(values) if values else np.zeros(shape), run.overrides, run.policyengine_version, "exact")


# ----- interactive ---------------------------------------------------------------------------------------------------
_MEMORY: OrderedDict[str, tables.Loaded] = OrderedDict()
_MEMORY_SIZE = 64  # tables held in memory (about 1 MB each), least recently used dropped first
_LOCK = threading.Lock()


def load_grids(
    requests: Sequence[GridRequest],
    rules: TaxYearRules,
    schedule: LgpsSchedule | None,
    country: str,
    *,
    cache: DiskCache | None = None,
    progress: bridge.Progress | None = None,
) -> tuple[list[Grid], list[bridge.Override]]:
    """The tables for ``requests``: from memory, the shipped tables, the disk cache, or built (one simulation per pass
    for all missing), each found by its key (:mod:`payround.takehome.tables`)."""
    store = cache if cache is not None else DiskCache()
    keys = [tables.grid_key(r, rules, schedule, country) for r in requests]
    found: dict[str, tables.Loaded] = {}
    with _LOCK:
        for k in keys:
            if k in _MEMORY:
                _MEMORY.move_to_end(k)
                found[k] = _MEMORY[k]
    for k in keys:
        if k not in found:
            hit = tables.read_shipped(k) or tables.read_cached(store, k)
            if hit is not None:
                found[k] = hit
    missing = [i for i, k in enumerate(keys) if k not in found]
    if missing:
        built, overrides = build_grids([requests[i] for i in missing], rules, schedule, progress=progress)
        for i, knots in zip(missing, built, strict=True):
            found[keys[i]] = (Grid(knots.x, knots.values, knots.pension), overrides)
            tables.write_cached(store, keys[i], knots, overrides)
    with _LOCK:
        for k in keys:
            _MEMORY[k] = found[k]
            _MEMORY.move_to_end(k)
        while len(_MEMORY) > _MEMORY_SIZE:
            _MEMORY.popitem(last=False)
    overrides = found[keys[0]][1] if keys else []
    return [found[k][0] for k in keys], overrides


def interactive_values(
    points: Sequence[Point],
    rules: TaxYearRules,
    schedule: LgpsSchedule | None,
    country: str,
    *,
    cache: DiskCache | None = None,
    progress: bridge.Progress | None = None,
) -> YearRun:
    """Every point read from the tables (built first if missing), without a new simulation once they exist."""
    reqs: dict[tuple[str, Decimal, str], GridRequest] = {}
    for p in points:
        reqs.setdefault((p.household.id, p.hours, p.region), GridRequest(p.household, p.hours, p.region))
    order = list(reqs)
    grids, overrides = load_grids([reqs[k] for k in order], rules, schedule, country, cache=cache, progress=progress)
    by_key = dict(zip(order, grids, strict=True))
    regime_months = [r.months for r in rules.regimes]
    values = np.zeros((len(points), len(regime_months), len(bridge.COLUMNS)))
    groups: dict[tuple[str, Decimal, str], list[int]] = {}
    for i, p in enumerate(points):
        groups.setdefault((p.household.id, p.hours, p.region), []).append(i)
    for key, idx in groups.items():
        grid = by_key[key]
        pts = [points[i] for i in idx]
        gross = np.array([int(p.gross * 100) for p in pts], dtype=np.float64)
        highest = max((float((p.gross + 12 * a) * 100) for p in pts for a, _ in p.lumps), default=float(gross.max()))
        if not grid.covers(gross) or highest > grid.x[-1]:
            raise InputError(
                f"a gross pay of household {key[0]!r} lies outside the interactive take-home table "
                f"(£{LOW:,} to £{HIGH:,} a year, one-off payments × 12 included).",
                place="take-home",
                hint="use the exact path (--exact), which simulates any pay.",
            )
        base = grid.at(gross)
        lumped = [j for j, p in enumerate(pts) if p.lumps]
        annual = base.copy()
        months: dict[tuple[int, int], Any] = {}
        if lumped:
            g = gross[lumped]
            pen = np.array([float(pts[j].pension) for j in lumped])
            extra = np.array([float(_lump_total(pts[j]) * 100) for j in lumped])
            annual[lumped] = grid.lump_values(g, extra, pen)
            for n in range(max(len(pts[j].lumps) for j in lumped)):
                sel = [j for j in lumped if len(pts[j].lumps) > n]
                e12 = np.array([float(pts[j].lumps[n][0] * 1200) for j in sel])
                got = grid.lump_values(gross[sel], e12, np.array([float(pts[j].pension) for j in sel]))
                for row, j in enumerate(sel):
                    months[(j, n)] = got[row]
        values[idx] = base
        for j in lumped:
            p = pts[j]
            ms = [months[(j, n)] for n in range(len(p.lumps))]
            values[idx[j]] = effective(base[j], annual[j], ms, p, regime_months)
    return YearRun(values, overrides, bridge.policyengine_version(), "interactive")


def describe_range() -> str:
    """The pay range of the interactive tables, for notes."""
    return f"£{LOW:,} to £{HIGH:,}"


def label(rules: TaxYearRules) -> str:
    """'2022/23'."""
    return tax_year_label(rules.year)
