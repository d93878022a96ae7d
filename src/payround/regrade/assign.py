"""Who takes which path: each workforce record is taken by the first change whose ``where`` it matches; the people
of a deleted post are shared among its options in the order of the file (a group row may be split between two
options). Assignments are then grouped into units of identical pay (same unit of the costing, same path)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from payround.costing.exact import Int64Array
from payround.errors import RestructureError
from payround.regrade.plan import RestructurePlan, SelectPlan

__all__ = ["Assignments", "Records", "assign"]

IntArray = npt.NDArray[np.integer]


@dataclass(frozen=True)
class Records:
    """A workforce as arrays, grouped into units of identical per-person pay (as the costing groups them).

    ``columns`` holds the codes per record and labels of ``group``, ``employer`` and ``gender`` when present;
    ``pay_ratio(places)`` is the exact constant turning (pay x 10**places) x factor into pence a year."""

    unit: IntArray  # per record
    headcount: Int64Array  # per record
    u_point: Int64Array  # per unit: index into the structure's points
    u_factor: Int64Array  # per unit: hours x weeks in fixed point
    u_rate: Int64Array  # per unit: pension rate code (index into rate_codes)
    rate_codes: tuple[tuple[str, float | None], ...]
    pay_ratio: Callable[[int], Fraction]
    columns: Mapping[str, tuple[IntArray, list[str]]]
    source: str = "<workforce>"

    @property
    def rows(self) -> int:
        """Number of records."""
        return int(self.unit.shape[0])


@dataclass(frozen=True)
class Assignments:
    """People on each path: rows (record, path, people), and their grouping into pay units (``a_*`` arrays)."""

    record: Int64Array
    path: Int64Array
    people: Int64Array
    aunit: Int64Array  # per assignment row: its pay unit
    a_unit: Int64Array  # per pay unit: the costing unit
    a_path: Int64Array  # per pay unit: the path
    a_people: Int64Array  # per pay unit: people
    selected: Int64Array  # per change: people selected
    notes: tuple[str, ...]


def _mask(sel: SelectPlan, records: Records, point: IntArray, plan: RestructurePlan) -> npt.NDArray[np.bool_]:
    m = np.ones(records.rows, dtype=np.bool_)
    for key, wanted in (("group", sel.groups), ("employer", sel.employers), ("gender", sel.genders)):
        if wanted is None:
            continue
        if key not in records.columns:
            raise RestructureError(
                f"the change selects by {key}, but the workforce {records.source} has no {key} column.",
                file=plan.source,
                place=f"{sel.place}.{key}",
                hint=f"add a '{key}' column to the workforce, or select by grade or points.",
            )
        codes, labels = records.columns[key]
        index = {lab: i for i, lab in enumerate(labels)}
        keep = np.zeros(len(labels) + 1, dtype=np.bool_)
        for j, lab in enumerate(wanted):
            if lab not in index:
                shown = ", ".join(repr(x) for x in labels[:8]) + (" ..." if len(labels) > 8 else "")
                raise RestructureError(
                    f"no record of the workforce {records.source} has {key} {lab!r}.",
                    file=plan.source,
                    place=f"{sel.place}.{key}[{j}]",
                    expected=f"one of {shown}",
                    hint="labels must match the workforce exactly (case and spaces).",
                )
            keep[index[lab]] = True
        m &= keep[codes]  # code -1 (empty cell) reads the last entry, which is False
    if sel.points is not None:
        allowed = np.zeros(len(plan.structure.points), dtype=np.bool_)
        allowed[list(sel.points)] = True
        m &= allowed[point]
    return m


def _split(rows: Int64Array, hc: Int64Array, shares: list[Fraction]) -> list[tuple[Int64Array, Int64Array]]:
    """Share the people of ``rows`` (in order) among options: largest-remainder counts, then consecutive people."""
    total = int(hc.sum())
    exact = [s * total for s in shares]
    counts = [int(x) for x in exact]  # floors (shares are positive)
    order = sorted(range(len(shares)), key=lambda k: (-(exact[k] - counts[k]), k))
    for k in order[: total - sum(counts)]:
        counts[k] += 1
    ends = np.cumsum(hc)
    starts = ends - hc
    out = []
    lo = 0
    for c in counts:
        hi = lo + c
        people = np.clip(np.minimum(ends, hi) - np.maximum(starts, lo), 0, None)
        keep = people > 0
        out.append((rows[keep], people[keep].astype(np.int64)))
        lo = hi
    return out


def assign(plan: RestructurePlan, records: Records) -> Assignments:
    """Assign every selected record to its change's path(s), and group the assignments into pay units."""
    point = records.u_point[records.unit]
    taken = np.full(records.rows, -1, dtype=np.int64)
    for i, sel in enumerate(plan.selects):
        m = _mask(sel, records, point, plan) & (taken < 0)
        taken[m] = i
    n_changes = len(plan.selects)
    hc = records.headcount
    selected = np.bincount(taken[taken >= 0], weights=hc[taken >= 0], minlength=n_changes).astype(np.int64)
    notes = [
        f"The change {plan.restructure.changes[i].name!r} selects nobody in {records.source}."
        for i in range(n_changes)
        if selected[i] == 0
    ]
    recs, paths, people = [], [], []
    for i in range(n_changes):
        rows = np.flatnonzero(taken == i).astype(np.int64)
        mine = [k for k, p in enumerate(plan.paths) if p.change == i]
        if len(mine) == 1:
            recs.append(rows)
            paths.append(np.full(rows.shape[0], mine[0], dtype=np.int64))
            people.append(hc[rows])
            continue
        for k, (r, n) in zip(mine, _split(rows, hc[rows], [plan.paths[k].share for k in mine]), strict=True):
            recs.append(r)
            paths.append(np.full(r.shape[0], k, dtype=np.int64))
            people.append(n)
    record = np.concatenate(recs) if recs else np.zeros(0, np.int64)
    path = np.concatenate(paths) if paths else np.zeros(0, np.int64)
    ppl = np.concatenate(people) if people else np.zeros(0, np.int64)
    key = records.unit[record].astype(np.int64) * len(plan.paths) + path
    keys, aunit = np.unique(key, return_inverse=True)
    a_people = np.bincount(aunit, weights=ppl, minlength=keys.shape[0]).astype(np.int64)
    return Assignments(
        record, path, ppl, aunit.astype(np.int64), keys // len(plan.paths), keys % len(plan.paths), a_people,
        selected, tuple(notes),
    )  # fmt: skip
