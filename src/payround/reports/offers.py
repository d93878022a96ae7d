"""Use cases on structures and offers: list and show structures; apply, explain, validate and compare offers.

Each function loads its inputs through :mod:`payround.sources` (a path, a bundled id or an upload, as the policy
allows), runs the engine and returns a frozen report; ``model_dump(mode="json")`` is the ``--format json`` document.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field, RootModel, SerializeAsAny

from payround.engine import OfferResult
from payround.engine.checks import Finding, check_result
from payround.engine.document import OfferDocument, offer_document
from payround.engine.explain import explain_offer
from payround.money import pct_change
from payround.offers import Offer, load_offer, resolve_structure
from payround.reports.base import Block, Cell, Kind, ListReport, Report, Row, Table, Text
from payround.sources import Sources
from payround.structures import PayStructure, bundled_structure_ids, load_structure

if TYPE_CHECKING:
    from payround.workforce import Workforce

__all__ = [
    "ApplyReport",
    "CheckDoc",
    "CompareReport",
    "ExplainReport",
    "StructureList",
    "StructureReport",
    "ValidateReport",
    "apply_report",
    "compare_report",
    "explain_report",
    "load_and_apply",
    "structure_report",
    "structures_report",
    "validate_report",
]

OfferInput = str | Path | Offer
"""An offer: a file path, or an Offer already parsed (e.g. from the web editor)."""


def load_and_apply(
    offer: OfferInput, structure: str | Path | None = None, sources: Sources | None = None
) -> OfferResult:
    """Load an offer (unless given parsed) and apply it to ``structure`` (default: the offer's own)."""
    from payround.engine import apply_plan, compile_offer

    o = offer if isinstance(offer, Offer) else load_offer(offer, sources)
    return apply_plan(compile_offer(o, resolve_structure(o, structure, sources)))


def illustrative_note(s: PayStructure) -> Text:
    """The note every output on an illustrative structure carries."""
    return Text(
        lines=(
            f"* Illustrative: {len(s.illustrative_points)} of {len(s.points)} points of {s.id} are built by a "
            "documented rule, not published; figures on them are illustrative (see docs/structures.md).",
        ),
        style="warning",
    )


# --- structures -----------------------------------------------------------------------------------------------


class StructureSummary(Report):
    """One bundled structure in the list."""

    model_config = ConfigDict(frozen=True, serialize_by_alias=True, populate_by_name=True)

    id: str
    body: str
    pay_year: str = Field(alias="pay year")
    unit: str
    points: int
    range: str
    floor: str
    illustrative: str  # "yes"/"no", as the list has always printed


class StructureList(ListReport, RootModel[list[StructureSummary]]):
    """``payround structures``: the bundled pay structures."""

    model_config = ConfigDict(frozen=True)

    def tables(self) -> list[Table]:
        """One row per structure."""
        return [
            Table.build(
                "Bundled pay structures",
                [
                    "id",
                    "body",
                    "pay year",
                    "unit",
                    ("points", Kind.integer),
                    "range",
                    "floor",
                    "illustrative",
                ],
                [
                    Row(
                        cells=(s.id, s.body, s.pay_year, s.unit, s.points, s.range, s.floor, s.illustrative),
                        illustrative=s.illustrative == "yes",
                    )
                    for s in self.root
                ],
            )
        ]


def structures_report() -> StructureList:
    """The bundled pay structures."""
    out = []
    for sid in bundled_structure_ids():
        s = load_structure(sid)
        out.append(
            StructureSummary(
                id=s.id,
                body=s.body,
                pay_year=s.pay_year,
                unit=s.unit,
                points=len(s.points),
                range=f"{s.points[0].id}–{s.points[-1].id}",
                floor=f"{s.floor.name} {s.floor.rate}" if s.floor else "",
                illustrative="yes" if s.illustrative else "no",
            )
        )
    return StructureList(out)


class StructurePoint(Report):
    """A point of a structure: its rate, pay (floor applied), equivalents and where the figure comes from."""

    point: str
    rate: Decimal
    pay: Decimal
    hourly: Decimal
    annual: Decimal
    basis: str
    source: str


class RoundingDoc(Report):
    """A structure's rounding rule."""

    quantum: Decimal
    mode: str


class FloorRate(Report):
    """A structure's named minimum rate."""

    name: str
    rate: Decimal


class StructureReport(Report):
    """``payround show``: a structure's conventions and points."""

    id: str
    name: str
    unit: str
    standard_hours: Decimal
    weeks_per_year: Decimal
    rounding: RoundingDoc
    floor: FloorRate | None
    illustrative: bool
    points: list[StructurePoint]
    sources: list[str] = Field(default_factory=list)  # the structure's own (each point's are in ``points``)
    floor_source: str | None = None
    rounding_rule: str = Field(exclude=True)
    illustrative_count: int = Field(exclude=True)

    def source_table(self) -> Table:
        """Where every figure comes from: the structure's sources, the floor's, then each run of consecutive points
        that share a source (an illustrative point's source says how it was built). The workbench's structure page
        shows it; ``payround show`` leaves it to the JSON and CSV, whose lines it would run past the terminal."""
        rows: list[Row] = [Row(cells=("structure", src)) for src in self.sources]
        if self.floor is not None and self.floor_source:
            rows.append(Row(cells=(f"floor ({self.floor.name})", self.floor_source)))
        run: list[StructurePoint] = []

        def flush() -> None:
            if run:
                label = run[0].point if len(run) == 1 else f"{run[0].point}–{run[-1].point}"
                ill = run[0].basis != "published"
                rows.append(Row(cells=(label, run[0].source or "(not given)"), illustrative=ill))
            run.clear()

        for pt in self.points:
            if run and (pt.source != run[-1].source or pt.basis != run[-1].basis):
                flush()
            run.append(pt)
        flush()
        return Table.build(f"Sources of {self.id}", ["points", "source"], rows)

    def blocks(self) -> list[Block]:
        """A heading with the conventions, the points, and the illustrative note."""
        floor = f"; floor {self.floor.name} £{self.floor.rate}" if self.floor else ""
        head = Text(
            lines=(
                f"{self.name or self.id} — {self.unit}ly rates, {self.standard_hours}-hour week, "
                f"{self.weeks_per_year} weeks, rounded {self.rounding_rule}{floor}",
            ),
            style="heading",
        )
        out: list[Block] = [head, *self.tables()]
        if self.illustrative:
            out.append(
                Text(
                    lines=(
                        f"* Illustrative: {self.illustrative_count} of {len(self.points)} points of {self.id} are "
                        "built by a documented rule, not published (see docs/structures.md).",
                    ),
                    style="warning",
                )
            )
        return out

    def tables(self) -> list[Table]:
        """Rate, pay, hourly and annual per point, with its basis (sources are in JSON and CSV)."""
        return [
            Table.build(
                self.id,
                [
                    "point",
                    ("rate", Kind.rate),
                    ("pay", Kind.rate),
                    ("hourly", Kind.money),
                    ("annual", Kind.money),
                    "basis",
                ],
                [
                    Row(
                        cells=(p.point, p.rate, p.pay, p.hourly, p.annual, p.basis),
                        illustrative=p.basis == "illustrative",
                    )
                    for p in self.points
                ],
            )
        ]

    def csv_table(self) -> Table:
        """The points with their sources."""
        return Table.build(
            self.id,
            ["point", "rate", "pay", "hourly", "annual", "basis", "source"],
            [(p.point, p.rate, p.pay, p.hourly, p.annual, p.basis, p.source) for p in self.points],
        )


def _two_places(x: Decimal) -> Decimal:
    return Decimal(f"{x:.2f}")  # as `payround show` has always printed them


def structure_report(ref: str | Path, sources: Sources | None = None) -> StructureReport:
    """A structure by bundled id or file: conventions, and every point's rate, pay and equivalents."""
    s = load_structure(ref, sources)
    rates = s.rates
    floor = s.floor.rate if s.floor else None
    points = []
    for p in s.points:
        pay = max(rates[p.id], floor) if floor is not None else rates[p.id]
        points.append(
            StructurePoint(
                point=p.id,
                rate=p.rate,
                pay=pay,
                hourly=_two_places(s.to_hourly(pay)),
                annual=_two_places(s.full_time_annual(pay)),
                basis=p.basis,
                source=p.source,
            )
        )
    return StructureReport(
        id=s.id,
        name=s.name,
        unit=s.unit,
        standard_hours=s.standard_hours,
        weeks_per_year=s.weeks_per_year,
        rounding=RoundingDoc(quantum=s.rounding.quantum, mode=s.rounding.mode),
        floor=None if s.floor is None else FloorRate(name=s.floor.name, rate=s.floor.rate),
        illustrative=s.illustrative,
        points=points,
        sources=list(s.sources),
        floor_source=None if s.floor is None else s.floor.source or None,
        rounding_rule=s.rounding.describe(),
        illustrative_count=len(s.illustrative_points),
    )


# --- apply / explain / validate ---------------------------------------------------------------------------------


class CheckDoc(Report):
    """One thing a negotiator should look at (leapfrogging, a squeezed differential, a point absorbed...)."""

    kind: str
    stage: str
    points: list[str]
    message: str
    severity: str = "warning"  # "alert" for a cut in pay or in the floor: shown first, in red


def _checks(findings: list[Finding]) -> list[CheckDoc]:
    return [
        CheckDoc(kind=f.kind, stage=f.stage, points=list(f.points), message=f.message, severity=f.severity)
        for f in findings
    ]


def _check_blocks(checks: list[CheckDoc], limit: int = 20) -> list[Block]:
    if not checks:
        return [
            Text(
                lines=("Checks: no leapfrogging, no squeezed differentials, no points newly absorbed by the floor.",),
                style="good",
            )
        ]
    alerts = [c for c in checks if c.severity == "alert"]  # cuts: almost always a mistake, so they stand out
    rest = [c for c in checks if c.severity != "alert"]
    out: list[Block] = [Text(lines=(f"Checks ({len(checks)}):",), style="warning")]
    if alerts:
        out.append(Text(lines=tuple(f"  • [{c.kind}] {c.message}" for c in alerts), style="bad"))
    lines = [f"  • [{c.kind}] {c.message}" for c in rest[: max(limit - len(alerts), 0)]]
    if len(alerts) + len(lines) < len(checks):
        lines.append(f"  … and {len(checks) - len(alerts) - len(lines)} more (use --format json for all).")
    if lines:
        out.append(Text(lines=tuple(lines), style="warning"))
    return out


class DeletedPoint(Report):
    """A point the offer deletes: its pay before, where its staff go and what they are paid there."""

    point: str
    before: Decimal
    moved_to: str
    after: Decimal
    increase_pct: Decimal


class ApplyReport(OfferDocument, Report):
    """``payround apply``: DESIGN §3's document, with the checks, the explanation and the deleted points."""

    model_config = ConfigDict(frozen=True)

    checks: list[CheckDoc]
    explanation: list[str]
    deleted: list[DeletedPoint] = Field(default_factory=list)

    def blocks(self) -> list[Block]:
        """The per-point table, the explanation, the checks and the illustrative note."""
        out: list[Block] = [*self.tables(), Text(lines=tuple(self.explanation))]
        out += _check_blocks(self.checks)
        if self.illustrative:
            out.append(
                Text(
                    lines=(
                        f"* Illustrative: {len(self.illustrative_points)} points of {self.structure} are built by a "
                        "documented rule, not published; figures on them are illustrative (see docs/structures.md).",
                    ),
                    style="warning",
                )
            )
        return out

    def tables(self) -> list[Table]:
        """Per point (floor first; runs of points paid the floor merged): before, at each stage, after, rise, the
        other unit's equivalent and the in-year value."""
        multi = len(self.stages) > 1
        other = ("annual", "after_annual") if self.unit == "hour" else ("hourly", "after_hourly")
        cols: list[tuple[str, Kind] | str] = ["point", ("before", Kind.rate)]
        if multi:
            cols += [(f"from {st.effective}", Kind.rate) for st in self.stages]
        cols += [
            ("after", Kind.rate),
            ("+£", Kind.rate),
            ("%", Kind.pct),
            (other[0], Kind.money if other[0] == "hourly" else Kind.money0),
            ("in-year", Kind.money if self.unit == "hour" else Kind.money0),
            ("in-year %", Kind.pct),
        ]
        iy = {p.point: p for p in self.in_year.points}
        stage_pay = [{p.point: p.after for p in st.points} for st in self.stages]
        rows: list[Row] = []
        illustrative = set(self.illustrative_points)
        if self.final.floor is not None:
            f = self.final.floor
            new = f.before == 0  # the offer creates the structure's first floor: no "before", no rise to state
            cells: list[Cell] = [f.name, None if new else f.before]
            if multi:
                cells += [st.floor.after if st.floor else None for st in self.stages]
            iyf = self.in_year.floor
            # The floor's equivalent in the other unit is that of any point it absorbs (same pay, same week).
            absorbed = next((p for p in self.final.points if p.absorbed), None)
            equivalent = getattr(absorbed, other[1]) if absorbed is not None else None
            rise = (None, None) if new else (f.increase, f.increase_pct)
            cells += [f.after, *rise, equivalent, iyf.value if iyf else None]
            cells += [iyf.increase_pct if iyf else None]
            rows.append(Row(cells=tuple(cells)))
        final = {p.point: p for p in self.final.points}
        deleted = {d.point: d for d in self.deleted}
        for label, iyp in iy.items():
            if label in final:
                p = final[label]
                cells = [label, p.before]
                if multi:
                    cells += [sp.get(label) for sp in stage_pay]
                cells += [p.after, p.increase, p.increase_pct, getattr(p, other[1])]
            elif label in deleted:
                d = deleted[label]
                cells = [f"{label} (deleted → {d.moved_to})", d.before]
                if multi:
                    cells += [sp.get(label) for sp in stage_pay]
                cells += [d.after, d.after - d.before, d.increase_pct, None]
            else:
                continue
            cells += [iyp.value, iyp.increase_pct]
            rows.append(Row(cells=tuple(cells), illustrative=label in illustrative))
        title = f"{self.offer} — {self.structure} ({self.unit}ly rates)"
        return [Table.build(title, cols, _merge_floor_runs(rows))]

    def csv_table(self) -> Table:
        """Long format: one row per stage (and ``final``) and point, the floor first."""
        rows: list[tuple[Cell, ...]] = []
        for label, st in [(s.effective.isoformat(), s) for s in self.stages] + [("final", self.final)]:
            if st.floor is not None:
                f = st.floor
                rows.append((label, f.name, f.before, f.after, f.increase, f.increase_pct, None, None))
            rows += [
                (label, p.point, p.before, p.after, p.increase, p.increase_pct, p.after_hourly, p.after_annual)
                for p in st.points
            ]
        header = ["stage", "point", "before", "after", "increase", "increase_pct", "after_hourly", "after_annual"]
        return Table.build(self.offer, header, rows)


def _merge_floor_runs(rows: list[Row]) -> list[Row]:
    """Merge runs of three or more points paid exactly as the floor row into one row ('2–18')."""
    if len(rows) < 3:
        return rows
    floor_values = rows[0].cells[1:]
    out = [rows[0]]
    run: list[Row] = []

    def flush() -> None:
        if len(run) > 2:
            first, last = run[0].cells[0], run[-1].cells[0]
            out.append(Row(cells=(f"{first}–{last}", *run[0].cells[1:]), illustrative=any(r.illustrative for r in run)))
        else:
            out.extend(run)
        run.clear()

    for r in rows[1:]:
        if all(f is None or f == c for f, c in zip(floor_values, r.cells[1:], strict=True)):
            run.append(r)
        else:
            flush()
            out.append(r)
    flush()
    return out


def _deleted(result: OfferResult) -> list[DeletedPoint]:
    s = result.structure
    in_force = {p.point for p in result.final.points}
    moved = {p: q for st in result.stages for p, q in st.removed.items()}
    out = []
    for label in s.point_ids:
        if label in in_force or label not in result.final_by_original:
            continue
        before = s.pay(label)
        after = result.final_by_original[label]
        dest = result.final.removed.get(label) or moved.get(label, "?")
        out.append(
            DeletedPoint(point=label, before=before, moved_to=dest, after=after, increase_pct=pct_change(after, before))
        )
    return out


def apply_report(
    offer: OfferInput,
    structure: str | Path | None = None,
    *,
    min_differential_pct: Decimal = Decimal(1),
    sources: Sources | None = None,
) -> ApplyReport:
    """Apply an offer to its structure (or ``structure``): per point and stage, in-year, checks and explanation."""
    result = load_and_apply(offer, structure, sources)
    return apply_report_for(result, min_differential_pct=min_differential_pct)


def apply_report_for(result: OfferResult, *, min_differential_pct: Decimal = Decimal(1)) -> ApplyReport:
    """The apply report of an offer already applied."""
    doc = offer_document(result)
    findings = check_result(result, min_differential_pct=min_differential_pct)
    return ApplyReport(
        **dict(doc),
        checks=_checks(findings),
        explanation=explain_offer(result.offer, result),
        deleted=_deleted(result),
    )


class ExplainReport(Report):
    """``payround explain``: the offer in plain English with its headline figures and checks."""

    offer: str
    structure: str
    illustrative: bool
    explanation: list[str]
    checks: list[CheckDoc]

    def blocks(self) -> list[Block]:
        """The explanation and the checks."""
        return [Text(lines=tuple(self.explanation)), *_check_blocks(self.checks)]


def explain_report(
    offer: OfferInput,
    structure: str | Path | None = None,
    *,
    min_differential_pct: Decimal = Decimal(1),
    sources: Sources | None = None,
) -> ExplainReport:
    """Explain an offer in plain English, with its checks."""
    result = load_and_apply(offer, structure, sources)
    return ExplainReport(
        offer=result.offer.name,
        structure=result.structure.id,
        illustrative=result.illustrative,
        explanation=explain_offer(result.offer, result),
        checks=_checks(check_result(result, min_differential_pct=min_differential_pct)),
    )


class ValidateReport(Report):
    """``payround validate``: the offer parses, its points exist, it applies."""

    file: str
    offer: str
    stages: int
    structure: str
    ok: bool = True
    warnings: list[str] = Field(default_factory=list)

    def blocks(self) -> list[Block]:
        """One OK line (and any warnings)."""
        out: list[Block] = [
            Text(
                lines=(f"OK: {self.file} — {self.offer!r}, {self.stages} stage(s) on {self.structure}.",),
                style="good",
            )
        ]
        if self.warnings:
            out.append(Text(lines=tuple(f"Warning: {w}" for w in self.warnings), style="warning"))
        return out


def validate_report(
    offer: str | Path, structure: str | Path | None = None, sources: Sources | None = None
) -> ValidateReport:
    """Check an offer file: format, dates, point labels against the structure (raises OfferError if not)."""
    result = load_and_apply(offer, structure, sources)
    # a 'where' that selects nothing, a cut, a stage outside the structure's year: the offer runs, but is likely wrong
    warnings = [f.message for f in check_result(result) if f.kind in ("selector", "cut", "date")]
    return ValidateReport(
        file=str(offer),
        offer=result.offer.name,
        stages=len(result.offer.stages),
        structure=result.structure.id,
        warnings=warnings,
    )


# --- compare ----------------------------------------------------------------------------------------------------


class CompareCell(Report):
    """One offer at one point: pay after, rise, in-year rise and the difference from the first offer."""

    after: Decimal | None
    increase: Decimal | None
    increase_pct: Decimal | None
    in_year_increase_pct: Decimal | None
    difference_from_first: Decimal | None

    @property
    def net(self) -> Decimal | None:
        """The change in household net income (only when compared for a household)."""
        return None


class CompareCellNet(CompareCell):
    """A compared cell with the change in household net income (annual £) for the chosen household."""

    net_change: Decimal | None

    @property
    def net(self) -> Decimal | None:
        """The change in household net income."""
        return self.net_change


class ComparePoint(Report):
    """A point (or the floor) across the offers."""

    point: str
    offers: list[SerializeAsAny[CompareCell]]


class CompareReport(Report):
    """``payround compare``: offers side by side per point; with a workforce their cost; with a household their
    value after tax."""

    offers: list[str]
    structures: list[str]
    illustrative: bool
    household: str | None
    costs: list[dict[str, Any]] | None
    points: list[ComparePoint]
    # the unit of every pay figure: the structures' own, or "year" (full-time annual pay on each structure's own
    # standard week) when the offers are on structures with different units (an hourly SJC and an annual NJC spine)
    unit: str = ""
    unit_note: str = ""
    illustrative_points: list[str] = Field(default_factory=list, exclude=True)
    workforce: str | None = Field(default=None, exclude=True)

    def blocks(self) -> list[Block]:
        """The legend, the per-point table, the cost table and the notes."""
        legend = Text(
            lines=tuple(
                f"[{i + 1}] {n} ({s})" for i, (n, s) in enumerate(zip(self.offers, self.structures, strict=True))
            )
        )
        out: list[Block] = [legend, *self.tables()]
        if self.unit_note:
            out.append(Text(lines=(self.unit_note,), style="note"))
        if self.household:
            out.append(
                Text(
                    lines=(f"net +£/yr: change in annual household net income for the '{self.household}' household.",),
                    style="note",
                )
            )
        if self.illustrative:
            out.append(
                Text(
                    lines=(
                        "* Illustrative points: built by a documented rule, not published (see docs/structures.md).",
                    ),
                    style="warning",
                )
            )
        return out

    def tables(self) -> list[Table]:
        """Per point: each offer's pay after, rise (£, %), in-year %, difference from the first (and net gain);
        then each offer's cost when a workforce was given."""
        nets = self.household is not None
        cols: list[tuple[str, Kind] | str] = ["point"]
        for i in range(len(self.offers)):
            tag = f"[{i + 1}]"
            cols += [(f"{tag} after", Kind.rate), (f"{tag} +£", Kind.rate), (f"{tag} %", Kind.pct)]
            cols += [(f"{tag} in-yr %", Kind.pct)]
            if nets:
                cols.append((f"{tag} net +£/yr", Kind.money))
            if i:
                cols.append((f"{tag}−[1] £", Kind.rate))
        rows = []
        ill = set(self.illustrative_points)
        for p in self.points:
            cells: list[Cell] = [p.point]
            for i, c in enumerate(p.offers):
                cells += [c.after, c.increase, c.increase_pct, c.in_year_increase_pct]
                if nets:
                    cells.append(c.net)
                if i:
                    cells.append(c.difference_from_first)
            rows.append(Row(cells=tuple(cells), illustrative=p.point in ill))
        unit = {"hour": "£ an hour", "year": "£ a year"}.get(self.unit, "structure unit")
        out = [Table.build(f"Offers compared (final pay, {unit})", cols, rows)]
        if self.costs:
            out.append(
                Table.build(
                    f"Cost on {self.workforce}",
                    [
                        "offer",
                        ("pay bill before", Kind.money0),
                        ("pay rise (full year)", Kind.money0),
                        ("%", Kind.pct),
                        ("in-year", Kind.money0),
                        ("on-costs", Kind.money0),
                        ("total cost", Kind.money0),
                    ],
                    [
                        (
                            f"[{i + 1}]",
                            Decimal(c["paybill"]["before"]),
                            Decimal(c["paybill"]["increase_full_year"]),
                            Decimal(c["paybill"]["increase_full_year_pct"]),
                            Decimal(c["paybill"]["increase_in_year"]),
                            Decimal(c["on_costs"]["increase_full_year"]),
                            Decimal(c["total_cost_increase_full_year"]),
                        )
                        for i, c in enumerate(self.costs)
                    ],
                )
            )
        return out


def _cell(r: OfferResult, label: str) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
    """After, increase, % and in-year % of one offer at a point (or the floor), following deleted points."""
    if r.final.floor is not None and label == r.final.floor.name:
        f = r.final.floor
        iy = r.in_year_floor
        return f.after, f.increase, f.increase_pct, iy.increase_pct if iy else None
    row = next((p for p in r.final.points if p.point == label), None)
    iy_p = r.in_year.get(label)
    if row is None:
        moved = r.final_by_original.get(label)
        if moved is None:
            return None, None, None, None
        before = r.structure.pay(label)
        return moved, moved - before, pct_change(moved, before), iy_p.increase_pct if iy_p else None
    return row.after, row.increase, row.increase_pct, iy_p.increase_pct if iy_p else None


def _in_unit(
    c: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None], s: PayStructure, unit: str
) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
    """An hourly cell as full-time annual pay on the structure's standard week, when the comparison is annual."""
    if s.unit == unit:
        return c
    after, increase, pct, in_year = c

    def annual(x: Decimal | None) -> Decimal | None:
        return None if x is None else s.full_time_annual(x).quantize(Decimal("0.01"), ROUND_HALF_UP)

    return annual(after), annual(increase), pct, in_year


def _compare_cell(
    c: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None],
    first_rise: Decimal | None,
    net: Decimal | None,
    *,
    with_net: bool,
) -> CompareCell:
    fields: dict[str, Any] = {
        "after": c[0],
        "increase": c[1],
        "increase_pct": c[2],
        "in_year_increase_pct": c[3],
        "difference_from_first": None if c[1] is None or first_rise is None else c[1] - first_rise,
    }
    return CompareCellNet(**fields, net_change=net) if with_net else CompareCell(**fields)


def compare_report(
    offers: list[OfferInput],
    structure: str | Path | None = None,
    *,
    workforce: str | Path | Workforce | None = None,
    household: str | None = None,
    sources: Sources | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> CompareReport:
    """Compare offers per point; with ``workforce`` (a reference, or one already loaded) add what each costs, with
    ``household`` what each is worth in household net income (PolicyEngine UK; ``progress(what, done, total)`` is
    called while it runs)."""
    results = [load_and_apply(o, structure, sources) for o in offers]
    costs: list[dict[str, Any]] = []
    if workforce is not None:
        from payround.costing import cost_offer  # heavy (Polars); only when asked
        from payround.reports.costing import cost_report_for
        from payround.workforce import Workforce, load_workforce

        wf = workforce if isinstance(workforce, Workforce) else load_workforce(workforce, sources)
        costs = [cost_report_for(cost_offer(r, wf)).to_json() for r in results]
    nets: list[dict[str, Decimal]] = []
    if household is not None:
        from payround.takehome import takehome_summary  # heavy (PolicyEngine UK); only when asked

        nets = [takehome_summary(r, household, progress=progress) for r in results]
    units = {r.structure.unit for r in results}
    # Pay on different units (hourly SJC, annual NJC) cannot be subtracted: compare full-time annual pay, each on its
    # own structure's standard week, and say so.
    mixed = len(units) > 1
    unit = "year" if mixed else results[0].structure.unit
    unit_note = (
        ""
        if not mixed
        else "The offers are on structures with different units, so every figure is full-time annual pay on each "
        "structure's own standard week ("
        + "; ".join(
            f"{r.structure.id}: {r.structure.standard_hours} hours × {r.structure.weeks_per_year} weeks"
            for r in results
        )
        + ")."
    )
    base = results[0]
    labels: list[str] = []
    if base.final.floor is not None:
        labels.append(base.final.floor.name)
    for r in results:
        for p in r.structure.point_ids:
            if p not in labels:
                labels.append(p)
    points = []
    for label in labels:
        cells = [_in_unit(_cell(r, label), r.structure, unit) for r in results]
        first_rise = cells[0][1]
        points.append(
            ComparePoint(
                point=label,
                offers=[
                    _compare_cell(c, first_rise, nets[i].get(label) if nets else None, with_net=bool(nets))
                    for i, c in enumerate(cells)
                ],
            )
        )
    return CompareReport(
        offers=[r.offer.name for r in results],
        structures=[r.structure.id for r in results],
        illustrative=any(r.illustrative for r in results),
        household=household,
        costs=costs or None,
        points=points,
        unit=unit,
        unit_note=unit_note,
        illustrative_points=sorted({p for r in results for p in r.structure.illustrative_points}),
        workforce=None if workforce is None else str(workforce),
    )
