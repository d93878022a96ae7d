"""A restructure checked against its structure and grades and compiled into what the projection needs: the months,
each change's selection as point indices and labels, and every path a person's pay can take (a move, or one of
a deleted post's options). Errors name the file and the YAML path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from payround.errors import RestructureError
from payround.regrade.grades import GradeSet, point_range
from payround.regrade.schema import Change, Protection, Restructure, Target
from payround.structures.model import PayStructure

__all__ = ["LOSS_YEARS", "PathPlan", "RestructurePlan", "SelectPlan", "compile_restructure", "month_index"]

LOSS_YEARS = 5  # per-person losses are reported over 3 and 5 years from each change: the grid covers them


@dataclass(frozen=True)
class SelectPlan:
    """Which records a change takes: labels of workforce columns (None: any) and point indices (None: any)."""

    groups: tuple[str, ...] | None
    employers: tuple[str, ...] | None
    genders: tuple[str, ...] | None
    points: frozenset[int] | None
    place: str  # the YAML path of the change's 'where', for errors about workforce labels


@dataclass(frozen=True)
class PathPlan:
    """One way a person's pay goes after a change (``option`` -1 for a plain move)."""

    change: int
    option: int
    label: str
    kind: str  # move | redeploy | lower_grade | training | voluntary_redundancy
    share: Fraction
    change_month: int
    pay_month: int  # the month the new pay starts (after any training)
    leave_month: int | None  # voluntary redundancy: the first month not paid
    target: tuple[int, ...] | None  # point indices of the new grade (bottom first), or the one new point
    assimilation: str
    protection: Protection
    one_off: Decimal  # pounds per person: the change's cost per person plus any training cost
    payment_cash: Decimal | None
    payment_weeks: Decimal | None


@dataclass(frozen=True)
class RestructurePlan:
    """A checked restructure, ready to project on a workforce."""

    restructure: Restructure
    structure: PayStructure
    grades: GradeSet | None
    source: str
    months: tuple[date, ...]  # the first day of every month of the grid
    selects: tuple[SelectPlan, ...]  # one per change
    paths: tuple[PathPlan, ...]
    grade_of_point: tuple[str, ...]  # per structure point: its grade ('' if none)
    grade_points: dict[str, tuple[int, ...]]  # grade -> its point indices, bottom first
    notes: tuple[str, ...]

    @property
    def illustrative(self) -> bool:
        """True when the structure or the grade ranges are illustrative."""
        return self.structure.illustrative or (self.grades is not None and self.grades.illustrative)


def month_index(start: date, day: date) -> int:
    """Whole months from ``start`` to ``day`` (both firsts of a month)."""
    return (day.year - start.year) * 12 + day.month - start.month


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


class _Compiler:
    def __init__(self, r: Restructure, s: PayStructure, g: GradeSet | None, source: str) -> None:
        self.r, self.s, self.g, self.source = r, s, g, source
        self.where = {p: i for i, p in enumerate(s.point_ids)}

    def fail(self, msg: str, place: str, hint: str | None = None, expected: str | None = None) -> RestructureError:
        return RestructureError(msg, file=self.source, place=place, hint=hint, expected=expected)

    def grade_points(self, grade: str, place: str) -> tuple[int, ...]:
        if self.g is None:
            raise self.fail(
                f"grade {grade!r} is named but the file gives no grades.",
                place,
                hint="add 'grades: njc/birmingham-2024-25' (a bundled grade set) or the path of a grade file.",
            )
        if grade not in self.g.ids:
            raise self.fail(
                f"there is no grade {grade!r} in the grade set {self.g.id or '(inline)'}.",
                place,
                expected=f"one of {', '.join(self.g.ids)}",
                hint="check the grade's label.",
            )
        return tuple(self.where[p] for p in self.g.points(grade, self.s))

    def points(self, texts: tuple[str, ...], place: str) -> frozenset[int]:
        out: set[int] = set()
        for j, t in enumerate(texts):
            try:
                out.update(self.where[p] for p in point_range(t, self.s))
            except ValueError as exc:
                raise self.fail(f"{exc}.", f"{place}[{j}]", hint="write points as labels of the structure.") from exc
        return frozenset(out)

    def target(self, t: Target, place: str) -> tuple[int, ...]:
        if t.grade is not None:
            return self.grade_points(t.grade, f"{place}.grade")
        assert t.point is not None
        if t.point not in self.where:
            ids = self.s.point_ids
            raise self.fail(
                f"point {t.point!r} is not in the structure {self.s.id}.",
                f"{place}.point",
                hint=f"its points run {ids[0]} to {ids[-1]}.",
            )
        return (self.where[t.point],)

    def select(self, c: Change, i: int) -> SelectPlan:
        w, place = c.where, f"changes[{i}].where"
        pts: frozenset[int] | None = None
        if w.grade is not None:
            pts = frozenset(self.grade_points(w.grade, f"{place}.grade"))
        if w.points is not None:
            extra = self.points(w.points, f"{place}.points")
            pts = extra if pts is None else pts & extra
            if not pts:
                raise self.fail(
                    "the points given are all outside the grade given, so nobody is selected.",
                    f"{place}.points",
                    hint="give points inside the grade, or only one of 'grade' and 'points'.",
                )
        return SelectPlan(w.group, w.employer, w.gender, pts, place)

    def paths(self, c: Change, i: int, e: int, default: Protection) -> list[PathPlan]:
        prot = c.protection or default
        if c.to is not None:
            move_to = self.target(c.to, f"changes[{i}].to")
            return [
                PathPlan(i, -1, c.name, "move", Fraction(1), e, e, None, move_to, c.to.assimilation, prot,
                         c.cost_per_person, None, None)
            ]  # fmt: skip
        assert c.delete is not None
        out: list[PathPlan] = []
        for k, o in enumerate(c.delete.options):
            place = f"changes[{i}].delete.options[{k}]"
            tgt = self.target(o.to, f"{place}.to") if o.to is not None else None
            label = f"{c.name}: {o.option.replace('_', ' ')}"
            leave = e + o.notice_months if o.option == "voluntary_redundancy" else None
            out.append(
                PathPlan(i, k, label, o.option, Fraction(o.share), e, e + o.months, leave, tgt,
                         o.to.assimilation if o.to else "nearest_above", prot, c.cost_per_person + o.cost,
                         o.payment_cash, o.payment_weeks)
            )  # fmt: skip
        return out

    def run(self) -> RestructurePlan:
        r = self.r
        if self.g is not None and self.g.structure != r.structure:
            raise self.fail(
                f"the grades are ranges on {self.g.structure}, but the restructure is on {r.structure}.",
                "grades",
                hint="use a grade set on the same structure, or change 'structure'.",
            )
        for i, a in enumerate(r.awards):
            if a.repeat == "yearly" and i != len(r.awards) - 1:
                raise self.fail(
                    "a yearly award repeats to the end of the projection, so it must be the last award.",
                    f"awards[{i}].repeat",
                    hint="move it to the end of the list.",
                )
        names: dict[str, int] = {}
        selects, paths = [], []
        last = 0
        for i, c in enumerate(r.changes):
            if c.name in names:
                raise self.fail(
                    f"two changes are called {c.name!r} (changes[{names[c.name]}] and changes[{i}]).",
                    f"changes[{i}].name",
                    hint="give each change its own name.",
                )
            names[c.name] = i
            if not r.start <= c.effective < r.end:
                raise self.fail(
                    f"the change takes effect on {c.effective.isoformat()}, outside the projection "
                    f"({r.start.isoformat()} for {r.years} years).",
                    f"changes[{i}].effective",
                    hint="move 'start', lengthen 'years' or change the date.",
                )
            e = month_index(r.start, c.effective)
            selects.append(self.select(c, i))
            ps = self.paths(c, i, e, r.protection)
            paths.extend(ps)
            last = max(last, *(p.pay_month for p in ps))
        if r.equal_pay is not None:
            for k, cmp in enumerate(r.equal_pay.comparisons):
                for side in ("claimants", "comparators"):
                    grp = getattr(cmp, side)
                    if grp.point is not None and grp.point not in self.where:
                        ids = self.s.point_ids
                        raise self.fail(
                            f"point {grp.point!r} is not in the structure {self.s.id}.",
                            f"equal_pay.comparisons[{k}].{side}.point",
                            hint=f"its points run {ids[0]} to {ids[-1]}; or give 'pay: POUNDS'.",
                        )
        years = max(r.years, -(-(last + 12 * LOSS_YEARS) // 12))
        notes = []
        if years > r.years:
            notes.append(
                f"The projection runs {years} years, not {r.years}, so that every person's loss over "
                f"{LOSS_YEARS} years from their change is complete."
            )
        months = tuple(_add_months(r.start, m) for m in range(12 * years))
        grade_of = self.g.grade_of(self.s) if self.g is not None else {}
        grade_points = {g: self.grade_points(g, "grades") for g in (self.g.ids if self.g else [])}
        return RestructurePlan(
            r, self.s, self.g, self.source, months, tuple(selects), tuple(paths),
            tuple(grade_of.get(p, "") for p in self.s.point_ids), grade_points, tuple(notes),
        )  # fmt: skip


def compile_restructure(
    restructure: Restructure, structure: PayStructure, grades: GradeSet | None, source: str = "<restructure>"
) -> RestructurePlan:
    """Check ``restructure`` against its structure and grades and compile it (RestructureError names the place)."""
    return _Compiler(restructure, structure, grades, source).run()
