"""Checks on an offer's result: cuts, leapfrogging, squeezed differentials, points absorbed into the floor and stages
dated outside the structure's pay year.

A cut (pay or the floor going down) is an ``alert``: it is almost always a mistake (an offer applied with
``--structure`` to a spine whose floor is already higher), and it must stand out. The rest are ``warning``s.

A differential is flagged where a negotiator would call it a squeeze: the step between two points in force at the
end narrows below the threshold by more than the structure's rounding can explain (a uniform % rise rounded to the
penny narrows some steps by a penny; that is not a squeeze). Each pair is reported once, naming the stage(s) where
it narrowed; points the offer deletes are not checked (their staff move up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from payround.engine.plan import compile_offer
from payround.engine.result import OfferResult, PointChange, StageResult
from payround.engine.selectors import FLOOR
from payround.money import pct_change
from payround.structures.model import PayStructure

__all__ = ["Finding", "check_result", "check_stage"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a negotiator should look at. ``kind`` is 'cut', 'leapfrog', 'differential', 'absorbed', 'date' or
    'selector' (a ``where`` that selects nothing);
    ``severity`` is 'alert' for a cut (shown first and marked), else 'warning'."""

    kind: str
    stage: str
    points: tuple[str, ...]
    message: str
    severity: str = "warning"

    def to_json(self) -> dict[str, object]:
        """JSON-friendly form."""
        return {
            "kind": self.kind,
            "stage": self.stage,
            "points": list(self.points),
            "message": self.message,
            "severity": self.severity,
        }


def _when(label: str) -> str:
    """'2023-04-01' -> 'from 1 April 2023'; 'final' -> 'over the whole offer'."""
    if label == "final":
        return "over the whole offer"
    return f"from {date.fromisoformat(label):%-d %B %Y}"


def _squeezed(structure: PayStructure | None, lo: PointChange, hi: PointChange) -> bool:
    """Whether the cash step after is smaller, by more than one rounding quantum, than the step before scaled by
    the lower point's own rise: a uniform % rise keeps every step to within the rounding, so it is not a squeeze."""
    if lo.before <= 0:
        return True
    quantum = structure.rounding.quantum if structure is not None else Decimal(0)
    kept = (hi.before - lo.before) * lo.after / lo.before
    return hi.after - lo.after < kept - quantum


def _cuts(stage: StageResult, label: str) -> list[Finding]:
    out: list[Finding] = []
    f = stage.floor
    if f is not None and f.after < f.before:
        out.append(
            Finding(
                "cut",
                label,
                (f.name,),
                f"PAY CUT {_when(label)}: the floor ({f.name}) goes down from £{f.before} to £{f.after} "
                f"({f.increase_pct}%). Is the offer applied to the right structure?",
                "alert",
            )
        )
    cut = [p for p in stage.points if p.after < p.before]
    if cut:
        span = cut[0].point if len(cut) == 1 else f"{cut[0].point}–{cut[-1].point}"
        worst = min(cut, key=lambda p: p.increase_pct)
        out.append(
            Finding(
                "cut",
                label,
                tuple(p.point for p in cut),
                f"PAY CUT {_when(label)}: {len(cut)} point(s) ({span}) are paid less than before, down to "
                f"{worst.increase_pct}% at point {worst.point} (£{worst.before} to £{worst.after}).",
                "alert",
            )
        )
    return out


def check_stage(
    stage: StageResult,
    *,
    label: str,
    min_differential_pct: Decimal = Decimal(1),
    structure: PayStructure | None = None,
    deleted: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Check one stage (or ``final``): compare pay before and after, point by point, in structure order.

    ``structure`` gives the rounding that a narrowing must exceed to count as a squeeze; ``deleted`` are points the
    offer deletes (by its end), which are not checked for differentials.
    """
    out = _cuts(stage, label)
    rows = stage.points
    floor_after = stage.floor.after if stage.floor else None
    floor_before = stage.floor.before if stage.floor else None
    # Leapfrogging: a lower point paid at least as much as a higher one, where it was not so before and neither is
    # simply paid the floor (points under the floor are meant to be equal).
    for lo, hi in pairwise(rows):
        both_floor = floor_after is not None and lo.after == floor_after and hi.after == floor_after
        if lo.after >= hi.after and not both_floor and lo.before < hi.before:
            out.append(
                Finding(
                    "leapfrog",
                    label,
                    (lo.point, hi.point),
                    f"{_when(label)}, point {lo.point} (£{lo.after}) is paid at least as much as point {hi.point} "
                    f"(£{hi.after}).",
                )
            )
    # Differentials squeezed below the threshold by the offer (already-narrow gaps that stay as they are pass, and
    # so do narrowings no larger than rounding can make).
    for lo, hi in pairwise(rows):
        if lo.point in deleted or hi.point in deleted:
            continue
        if floor_after is not None and lo.after <= floor_after:
            continue
        if lo.after >= hi.after:
            continue  # reported as leapfrogging
        gap_after = pct_change(hi.after, lo.after)
        gap_before = pct_change(hi.before, lo.before) if lo.before > 0 else gap_after
        if gap_after < min_differential_pct and gap_after < gap_before and _squeezed(structure, lo, hi):
            out.append(
                Finding(
                    "differential",
                    label,
                    (lo.point, hi.point),
                    f"{_when(label)}, the step from point {lo.point} to {hi.point} narrows from {gap_before}% to "
                    f"{gap_after}% (below {min_differential_pct}%).",
                )
            )
    # Points absorbed: above the floor before, paid the floor after.
    if floor_after is not None:
        absorbed = [
            r.point for r in rows if r.after == floor_after and (floor_before is None or r.before > floor_before)
        ]
        if absorbed:
            span = absorbed[0] if len(absorbed) == 1 else f"{absorbed[0]}–{absorbed[-1]}"
            out.append(
                Finding(
                    "absorbed",
                    label,
                    tuple(absorbed),
                    f"{_when(label)}, {len(absorbed)} point(s) ({span}) that were paid above the floor are paid the "
                    f"floor (£{floor_after}); their differentials are lost.",
                )
            )
    return out


def _pay_year_start(structure: PayStructure) -> date | None:
    if structure.effective is not None:
        return structure.effective
    head = structure.pay_year[:4]
    return date(int(head), 4, 1) if head.isdigit() else None


def _dates(result: OfferResult) -> list[Finding]:
    """A stage dated outside the structure's pay year and the year after it (when an award for the next year
    raises it) suggests the offer is applied to the wrong year's structure."""
    s = result.structure
    start = _pay_year_start(s)
    if start is None:
        return []
    end = date(start.year + 2, start.month, start.day)
    year = s.pay_year or f"from {start}"
    return [
        Finding(
            "date",
            st.effective.isoformat(),
            (),
            f"the stage {_when(st.effective.isoformat())} is outside the pay year of {s.id} ({year}) and the year "
            "after it: is the offer applied to the right year's structure?",
        )
        for st in result.stages
        if not start <= st.effective < end
    ]


def _selectors(result: OfferResult) -> list[Finding]:
    """A ``where`` that selects no point and not the floor at its stage's start does nothing: almost always a typo
    (a cap "from 600000" typed for 60000). Judged on pay at the stage start, as the engine does."""
    plan = compile_offer(result.offer, result.structure)
    out: list[Finding] = []
    for cstage, st in zip(plan.stages, result.stages, strict=True):
        pays = [(p.point, p.before) for p in st.points]
        if st.floor is not None:
            pays.append((FLOOR, st.floor.before))
        selectors = [sel for op in cstage.ops for sel, _ in op.cases] + [ls.selector for ls in cstage.lump_sums]
        for sel in selectors:
            if sel.everything or any(sel.matches(k, pay) for k, pay in pays):
                continue
            label = st.effective.isoformat()
            out.append(
                Finding(
                    "selector",
                    label,
                    (),
                    f"{sel.place}: the 'where' selects no point {_when(label)} (nor the floor), so this part of the "
                    "offer does nothing; check its figures (e.g. a salary typed with an extra 0).",
                )
            )
    return out


def check_result(result: OfferResult, *, min_differential_pct: Decimal = Decimal(1)) -> list[Finding]:
    """Every finding for every stage and for the offer as a whole, cuts first, each pair of points once."""
    deleted = frozenset(result.final.removed)
    s = result.structure
    labelled = [(st.effective.isoformat(), st) for st in result.stages]
    if len(result.stages) > 1:
        labelled.append(("final", result.final))
    findings: list[Finding] = [*_dates(result), *_selectors(result)]
    first: dict[tuple[str, tuple[str, ...]], int] = {}
    for label, st in labelled:
        for f in check_stage(st, label=label, min_differential_pct=min_differential_pct, structure=s, deleted=deleted):
            key = (f.kind, f.points)
            if key in first:
                continue  # the same pair (or points) already reported at an earlier stage
            first[key] = len(findings)
            findings.append(f)
    moved = [c for c in result.moved_changes if c.after < c.before]
    for c in moved:
        findings.append(
            Finding(
                "cut",
                "final",
                (c.point,),
                f"PAY CUT: staff of deleted point {c.point} are paid less than before (£{c.before} to £{c.after}).",
                "alert",
            )
        )
    return sorted(findings, key=lambda f: f.severity != "alert")
