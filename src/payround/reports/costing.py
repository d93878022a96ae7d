"""Use cases on workforces: cost an offer (``cost_report``) and who gets what (``distribution_report``); the
workforce use cases (describe, validate, calibration) are in :mod:`payround.reports.workforce` and re-exported here.

Each returns a frozen report; ``model_dump(mode="json")`` is the ``--format json`` document (DESIGN §7 keys, money
in pounds as exact decimal strings). The typed totals underneath are :class:`payround.costing.cost.CostTotals`
(pence); these reports only turn them into pounds and tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, PrivateAttr, model_serializer

from payround.reports.base import Block, Cell, Kind, Report, Row, Table, Text
from payround.reports.costing_parts import (
    AssumptionsDoc,
    ClaimDoc,
    DecileDoc,
    DriftDoc,
    GenderDoc,
    HeadroomDoc,
    PointDoc,
    assumptions_doc,
    drift_doc,
    flat_rows,
    headroom_line,
)
from payround.reports.workforce import (
    CalibrationReport,
    WorkforceDescribeReport,
    WorkforceValidateReport,
    calibration_report,
    workforce_describe_report,
    workforce_validate_report,
)
from payround.sources import Sources
from payround.workforce.load import Progress

__all__ = [
    "CalibrationReport",
    "CostReport",
    "DistributionReport",
    "WorkforceDescribeReport",
    "WorkforceValidateReport",
    "calibration_report",
    "cost_report",
    "cost_report_for",
    "distribution_report",
    "distribution_report_for",
    "pension_rates_file",
    "workforce_describe_report",
    "workforce_validate_report",
    "write_per_employee",
    "write_workbook",
]

_TWO = Decimal("0.01")
_FOUR = Decimal("0.0001")
ILLUSTRATIVE = (
    "* Illustrative: the structure or the workforce is not published data; these figures show the method, not the "
    "real cost (docs/costing.md)."
)


def _pounds(pence: int) -> Decimal:
    return Decimal(pence).scaleb(-2).quantize(_TWO)


def _pct(increase: int, base: int) -> Decimal:
    from payround.money import pct_change

    return pct_change(Decimal(base + increase), Decimal(base))


# --- cost ---------------------------------------------------------------------------------------------------------


class Period(Report):
    """The costing period (inclusive)."""

    start: date
    end: date


class StageCost(Report):
    """The pay bill for a full year at one stage's rates."""

    effective: date
    full_year: Decimal
    increase_full_year: Decimal
    increase_full_year_pct: Decimal


class MoneyBlock(Report):
    """One item before, after (full year) and in-year, in pounds."""

    before: Decimal
    after_full_year: Decimal
    increase_full_year: Decimal
    in_year: Decimal
    increase_in_year: Decimal

    @classmethod
    def of(cls, before: int, after: int, in_year: int) -> MoneyBlock:
        """From pence."""
        return cls(
            before=_pounds(before),
            after_full_year=_pounds(after),
            increase_full_year=_pounds(after - before),
            in_year=_pounds(in_year),
            increase_in_year=_pounds(in_year - before),
        )


class PayBill(MoneyBlock):
    """The pay bill, with percentages and the full-year bill at each stage's rates."""

    increase_full_year_pct: Decimal
    increase_in_year_pct: Decimal
    stages: list[StageCost]


class OnCostBlock(MoneyBlock):
    """All employer on-costs, and each of them."""

    employer_ni: MoneyBlock
    pension: MoneyBlock
    apprenticeship_levy: MoneyBlock
    employment_allowance: MoneyBlock


class LumpSumsDoc(Report):
    """One-off payments and their on-costs (all, and those paid within the period)."""

    pay: Decimal
    on_costs: Decimal
    pay_in_period: Decimal
    on_costs_in_period: Decimal


class GroupDoc(Report):
    """Totals for one employer, group or gender (``by`` names the key its label is written under)."""

    by: str = Field(exclude=True)
    label: str = Field(exclude=True)
    headcount: int
    fte: Decimal
    paybill_before: Decimal
    paybill_after_full_year: Decimal
    increase_full_year: Decimal
    increase_full_year_pct: Decimal
    increase_in_year: Decimal
    on_costs_increase_full_year: Decimal
    lump_sums_with_on_costs: Decimal
    total_cost_increase_full_year: Decimal

    @model_serializer(mode="wrap")
    def _label_first(self, handler: Any) -> dict[str, Any]:
        return {self.by: self.label, **handler(self)}


class CostReport(Report):
    """``payround cost``: the pay bill before and after, on-costs, lump sums and the total (DESIGN §7), the on-cost
    rules assumed, and optionally totals by employer, group or gender and the incremental drift."""

    offer: str
    structure: str
    workforce: str
    period: Period
    headcount: int
    rows: int
    fte: Decimal
    paybill: PayBill
    on_costs: OnCostBlock
    lump_sums: LumpSumsDoc
    total_cost_before: Decimal
    total_cost_increase_full_year: Decimal
    total_cost_increase_full_year_pct: Decimal
    total_cost_increase_in_year: Decimal
    illustrative: bool
    notes: list[str]
    assumptions: AssumptionsDoc
    by: str | None = Field(default=None, exclude=True)
    groups: list[GroupDoc] | None = Field(default=None, exclude=True)
    incremental_drift: DriftDoc | None = None
    _cost: Any = PrivateAttr(default=None)  # the CostResult, for the workbook and per-employee writers
    _drift: Any = PrivateAttr(default=None)

    @model_serializer(mode="wrap")
    def _optional_blocks(self, handler: Any) -> dict[str, Any]:
        doc: dict[str, Any] = handler(self)
        if self.incremental_drift is None:
            doc.pop("incremental_drift", None)
        if self.by is not None and self.groups is not None:
            doc[f"by_{self.by}"] = [g.model_dump(mode="json") for g in self.groups]
        return doc

    @property
    def problem(self) -> str | None:
        """None: the offer was costed (the rounds timeline reads costs and problems alike)."""
        return None

    def _kind(self) -> Kind:
        # Whole pounds where totals run to hundreds of millions, so that the tables fit 100 columns.
        return Kind.money0 if abs(self.total_cost_before) >= 100_000_000 else Kind.money

    def tables(self) -> list[Table]:
        """The cost table, the pay bill at each stage (when staged) and the totals by ``--by``."""
        m = self._kind()
        pb, oc, ill = self.paybill, self.on_costs, self.illustrative
        lumps = self.lump_sums.pay + self.lump_sums.on_costs
        rows: list[Row] = [
            Row(
                cells=(
                    "Pay bill",
                    pb.before,
                    pb.after_full_year,
                    pb.increase_full_year,
                    pb.increase_full_year_pct,
                    pb.increase_in_year,
                ),
                illustrative=ill,
            )
        ]
        for label, block in (("Employer NI", oc.employer_ni), ("Employer pension", oc.pension)):
            cells = (label, block.before, block.after_full_year, block.increase_full_year, None, block.increase_in_year)
            rows.append(Row(cells=cells, illustrative=ill))
        levy = oc.apprenticeship_levy
        rows.append(
            Row(
                cells=(
                    "Apprenticeship Levy",
                    levy.before,
                    levy.after_full_year,
                    levy.increase_full_year,
                    None,
                    levy.increase_in_year,
                ),
                illustrative=ill,
            )
        )
        rows.append(Row(cells=("Lump sums + on-costs", None, None, lumps, None, None), illustrative=ill))
        total = (
            "Total cost",
            self.total_cost_before,
            None,
            self.total_cost_increase_full_year,
            self.total_cost_increase_full_year_pct,
            self.total_cost_increase_in_year,
        )
        rows.append(Row(cells=total, illustrative=ill))
        d = self.incremental_drift
        if d is not None:
            rows.append(Row(cells=("Incremental drift", None, None, d.total_full_year, None, d.total_in_year)))
            with_drift = (
                "Total with increments",
                None,
                None,
                self.total_cost_increase_full_year + d.total_full_year,
                None,
                self.total_cost_increase_in_year + d.total_in_year,
            )
            rows.append(Row(cells=with_drift, illustrative=ill))
        cols: list[tuple[str, Kind] | str] = [
            "",
            ("before", m),
            ("after (full yr)", m),
            ("increase", m),
            ("%", Kind.pct),
            ("in-year incr.", m),
        ]
        out = [Table.build("Cost", cols, rows)]
        if len(pb.stages) > 1:
            out.append(
                Table.build(
                    "Pay bill at each stage's rates (full year)",
                    [("stage", Kind.date), ("pay bill", m), ("increase", m), ("%", Kind.pct)],
                    [
                        Row(cells=(s.effective, s.full_year, s.increase_full_year, s.increase_full_year_pct))
                        for s in pb.stages
                    ],
                )
            )
        if self.by is not None and self.groups:
            out.append(
                Table.build(
                    f"By {self.by}",
                    [
                        self.by,
                        ("people", Kind.integer),
                        ("pay bill before", m),
                        ("increase", m),
                        ("%", Kind.pct),
                        ("on-costs", m),
                        ("total cost", m),
                    ],
                    [
                        Row(
                            cells=(
                                g.label,
                                g.headcount,
                                g.paybill_before,
                                g.increase_full_year,
                                g.increase_full_year_pct,
                                g.on_costs_increase_full_year,
                                g.total_cost_increase_full_year,
                            ),
                            illustrative=ill,
                        )
                        for g in self.groups
                    ],
                )
            )
        return out

    def blocks(self) -> list[Block]:
        """A heading, the tables, the drift, the assumptions and the notes."""
        head = (
            f"{self.offer} on {self.workforce} ({self.structure}, {self.period.start} to {self.period.end}): "
            f"{self.headcount:,} people, {self.fte:,} FTE"
        )
        out: list[Block] = [Text(lines=(head,), style="heading"), *self.tables()]
        if self.incremental_drift is not None:
            out.append(Text(lines=tuple(self.incremental_drift.notes)))
        out.append(Text(lines=("Assumptions",), style="heading"))
        out.append(Text(lines=tuple(f"- {n}" for n in self.assumptions.notes), style="note"))
        if self.illustrative:
            out.append(Text(lines=(ILLUSTRATIVE,), style="warning"))
        if self.notes:
            out.append(Text(lines=tuple(self.notes), style="note"))
        return out

    def csv_table(self) -> Table:
        """With ``--by``: one row per group; otherwise every figure as ``item,value``."""
        if self.by is not None and self.groups is not None:
            docs = [g.model_dump(mode="json") for g in self.groups]
            header = list(docs[0]) if docs else [self.by]
            return Table.build(f"By {self.by}", header, [tuple(d[k] for k in header) for d in docs])
        return Table.build("Cost", ["item", "value"], flat_rows(self.to_json()))


_ASSUMED: dict[tuple[Any, ...], tuple[Any, AssumptionsDoc]] = {}


def _assumptions(cost: Any) -> AssumptionsDoc:
    """The on-cost rules of a costing. They depend on the workforce's binding, the options and the period, not on
    the offer: the editor's preview, costing offer after offer on one workforce, finds them once."""
    import weakref

    from payround.costing.assumptions import assumptions

    key = (id(cost.prepared), cost.timeline.start, cost.timeline.end, repr(cost.options))
    kept = _ASSUMED.get(key)
    if kept is not None and kept[0]() is cost.prepared:
        return kept[1]
    doc = assumptions_doc(assumptions(cost))
    if len(_ASSUMED) > 16:
        _ASSUMED.clear()
    _ASSUMED[key] = (weakref.ref(cost.prepared), doc)
    return doc


def cost_report_for(cost: Any, by: str | None = None, drift: Any = None) -> CostReport:
    """The report of a costing already made (a :class:`payround.costing.CostResult`), with totals ``by`` a
    dimension and the incremental drift when given."""
    from payround.costing.summary import breakdown

    t = cost.totals()
    b, a, y = t.before, t.after, t.in_year
    r = cost.result
    stages = [
        StageCost(
            effective=d,
            full_year=_pounds(p),
            increase_full_year=_pounds(p - b.pay),
            increase_full_year_pct=_pct(p - b.pay, b.pay),
        )
        for d, p in cost.stage_pay()
    ]
    pay = MoneyBlock.of(b.pay, a.pay, y.pay)
    groups = None
    if by is not None:
        groups = [
            GroupDoc(
                by=by,
                label=g.label,
                headcount=g.headcount,
                fte=Decimal(f"{g.fte:.2f}"),
                paybill_before=_pounds(g.paybill_before),
                paybill_after_full_year=_pounds(g.paybill_after_full_year),
                increase_full_year=_pounds(g.increase_full_year),
                increase_full_year_pct=_pct(g.increase_full_year, g.paybill_before),
                increase_in_year=_pounds(g.increase_in_year),
                on_costs_increase_full_year=_pounds(g.on_costs_increase_full_year),
                lump_sums_with_on_costs=_pounds(g.lump_sums_with_on_costs),
                total_cost_increase_full_year=_pounds(g.total_cost_increase_full_year),
            )
            for g in breakdown(cost, by)
        ]
    report = CostReport(
        offer=r.offer.name,
        structure=r.structure.id,
        workforce=cost.prepared.workforce.name or cost.prepared.workforce.source,
        period=Period(start=r.period_start, end=r.period_end),
        headcount=cost.headcount,
        rows=cost.prepared.rows,
        fte=Decimal(repr(cost.fte)).quantize(_TWO),
        paybill=PayBill(
            **pay.model_dump(),
            increase_full_year_pct=_pct(a.pay - b.pay, b.pay),
            increase_in_year_pct=_pct(y.pay - b.pay, b.pay),
            stages=stages,
        ),
        on_costs=OnCostBlock(
            **MoneyBlock.of(b.on_costs, a.on_costs, y.on_costs).model_dump(),
            employer_ni=MoneyBlock.of(b.employer_ni, a.employer_ni, y.employer_ni),
            pension=MoneyBlock.of(b.pension, a.pension, y.pension),
            apprenticeship_levy=MoneyBlock.of(b.apprenticeship_levy, a.apprenticeship_levy, y.apprenticeship_levy),
            employment_allowance=MoneyBlock.of(b.employment_allowance, a.employment_allowance, y.employment_allowance),
        ),
        lump_sums=LumpSumsDoc(
            pay=_pounds(t.lump_sums.pay),
            on_costs=_pounds(t.lump_sums.on_costs),
            pay_in_period=_pounds(t.lump_sums_in_period.pay),
            on_costs_in_period=_pounds(t.lump_sums_in_period.on_costs),
        ),
        total_cost_before=_pounds(t.total_cost_before),
        total_cost_increase_full_year=_pounds(t.total_cost_increase_full_year),
        total_cost_increase_full_year_pct=_pct(t.total_cost_increase_full_year, t.total_cost_before),
        total_cost_increase_in_year=_pounds(t.total_cost_increase_in_year),
        illustrative=cost.illustrative,
        notes=list(cost.notes),
        assumptions=_assumptions(cost),
        by=by,
        groups=groups,
        incremental_drift=None if drift is None else drift_doc(drift),
    )
    report._cost, report._drift = cost, drift
    return report


def _options(pension_rates: Mapping[str, Decimal] | None, public_authority: bool) -> Any:
    from payround.costing import CostOptions

    return CostOptions(public_authority=public_authority, pension_rates=dict(pension_rates or {}))


def _costed(
    offer: Any,
    workforce: str | Path,
    structure: str | Path | None,
    sources: Sources | None,
    columns: str | None,
    options: Any,
    progress: Progress | None = None,
) -> Any:
    from payround.costing import cost_offer
    from payround.reports.offers import load_and_apply
    from payround.workforce import load_workforce

    result = load_and_apply(offer, structure, sources)
    return cost_offer(result, load_workforce(workforce, sources, columns=columns, progress=progress), options)


def cost_report(
    offer: Any,
    workforce: str | Path,
    structure: str | Path | None = None,
    *,
    by: str | None = None,
    columns: str | None = None,
    grades: str | Path | None = None,
    pension_rates: Mapping[str, Decimal] | None = None,
    public_authority: bool = True,
    sources: Sources | None = None,
    progress: Progress | None = None,
) -> CostReport:
    """Cost an offer (a file, or an Offer) on a workforce (a bundled id or a file, read through ``columns`` - a
    :class:`payround.workforce.mapping.ColumnMap`), with totals ``by`` employer, group or gender and, with
    ``grades``, the incremental drift. ``pension_rates``: employer -> rate as a fraction."""
    options = _options(pension_rates, public_authority)
    cost = _costed(offer, workforce, structure, sources, columns, options, progress)
    drift = None
    if grades is not None:
        from payround.costing.progression import incremental_drift
        from payround.regrade.loader import load_grades

        drift = incremental_drift(cost, load_grades(str(grades), sources=sources))
    return cost_report_for(cost, by, drift)


# --- distribution -------------------------------------------------------------------------------------------------


class DistributionReport(Report):
    """``payround distribution``: who gets what (DESIGN §7 keys), the lowest-paid claims, deciles, the equality
    impact by gender, the points and the headroom over the wage floors."""

    model_config = ConfigDict(frozen=True)

    offer: str
    structure: str
    workforce: str
    headcount: int
    measure: str
    share_with_increase_above: dict[str, Decimal]
    share_fte_with_increase_above: dict[str, Decimal]
    lowest_paid_share_with_increase_above: dict[str, Decimal]
    deciles: list[DecileDoc]
    by_gender: GenderDoc | dict[str, Any]
    claims: list[ClaimDoc]
    points: list[PointDoc]
    headroom: list[HeadroomDoc]
    illustrative: bool
    notes: list[str]
    _cost: Any = PrivateAttr(default=None)  # the CostResult, for the workbook writer

    def tables(self) -> list[Table]:
        """Shares by threshold, deciles and (when the workforce records gender) the equality impact."""
        ill = self.illustrative
        out = [
            Table.build(
                "Share of staff whose pay rises by more than ...",
                [
                    ("more than", Kind.pct),
                    ("headcount", Kind.share),
                    ("FTE", Kind.share),
                    ("lowest paid, all above", Kind.share),
                ],
                [
                    Row(
                        cells=(
                            f"{t}%",
                            v,
                            self.share_fte_with_increase_above[t],
                            self.lowest_paid_share_with_increase_above[t],
                        ),
                        illustrative=ill,
                    )
                    for t, v in self.share_with_increase_above.items()
                ],
            ),
            Table.build(
                "Deciles (from the lowest paid, full-time pay a year)",
                [
                    ("decile", Kind.integer),
                    ("pay from", Kind.money0),
                    ("pay to", Kind.money0),
                    ("mean incr.", Kind.pct),
                    ("mean £ (FT)", Kind.money),
                    ("share of money", Kind.share),
                ],
                [
                    Row(
                        cells=(
                            d.decile,
                            d.pay_from,
                            d.pay_to,
                            d.mean_increase_pct,
                            d.mean_increase_full_time,
                            d.share_of_increase,
                        ),
                        illustrative=ill,
                    )
                    for d in self.deciles
                ],
            ),
        ]
        if isinstance(self.by_gender, GenderDoc):
            out.append(self.by_gender.table(ill))
        return out

    def blocks(self) -> list[Block]:
        """Heading, tables, claims, the gender summary, a headroom line per date, and the notes."""
        out: list[Block] = [
            Text(lines=(f"{self.offer} on {self.workforce}: {self.headcount:,} people",), style="heading"),
            *self.tables()[:2],
        ]
        for c in self.claims:
            verdict = "holds" if c.holds else "does not hold"
            smallest = "n/a" if c.smallest_increase_pct is None else f"{c.smallest_increase_pct}%"
            share = f"{c.lowest_paid_share_above * 100:.1f}%"
            out.append(
                Text(
                    lines=(
                        f"Claim: {c.claim} - {verdict} (smallest increase among them {smallest}); the lowest-paid "
                        f"{share} all get more.",
                    ),
                    style="good" if c.holds else "bad",
                )
            )
        if isinstance(self.by_gender, GenderDoc):
            out += [self.by_gender.table(self.illustrative), Text(lines=tuple(self.by_gender.summary))]
        lines = [line for h in self.headroom if (line := headroom_line(h))]
        if lines:
            out.append(Text(lines=tuple(lines)))
        if self.illustrative:
            out.append(Text(lines=(ILLUSTRATIVE,), style="warning"))
        if self.notes:
            out.append(Text(lines=tuple(self.notes), style="note"))
        return out

    def csv_table(self) -> Table:
        """One row per threshold: shares of headcount and FTE, and the lowest-paid share all above."""
        rows: list[Sequence[Cell]] = [
            (
                t,
                v,
                self.share_fte_with_increase_above[t],
                self.lowest_paid_share_with_increase_above[t],
            )
            for t, v in self.share_with_increase_above.items()
        ]
        header = ["increase_above_pct", "share_of_headcount", "share_of_fte", "lowest_paid_share_all_above"]
        return Table.build("Distribution", header, rows)


def distribution_report_for(cost: Any, claims: Sequence[tuple[Decimal, Decimal]] = ()) -> DistributionReport:
    """The distribution of a costing already made."""
    from payround.costing.distribution import distribution, lowest_paid_claim
    from payround.costing.headroom import headroom
    from payround.reports.costing_parts import decile_doc, gender_doc, headroom_doc, point_docs

    dist = distribution(cost)
    st = dist.stats

    def shares(values: dict[int, float]) -> dict[str, Decimal]:
        return {str(t): Decimal(f"{v:.4f}") for t, v in values.items()}

    claim_docs = []
    for share, above in claims:
        c = lowest_paid_claim(st, float(share), float(above))
        claim_docs.append(
            ClaimDoc(
                claim=c.claim,
                holds=c.holds,
                smallest_increase_pct=None
                if c.smallest_increase_pct is None
                else Decimal(f"{float(c.smallest_increase_pct):.2f}"),
                lowest_paid_share_above=Decimal(f"{c.lowest_paid_share_above:.4f}"),
            )
        )
    r = cost.result
    report = DistributionReport(
        offer=r.offer.name,
        structure=r.structure.id,
        workforce=cost.prepared.workforce.name or cost.prepared.workforce.source,
        headcount=dist.headcount,
        measure="consolidated pay increase at each person's point, full year (lump sums not counted)",
        share_with_increase_above=shares(dist.share_above),
        share_fte_with_increase_above=shares(dist.share_fte_above),
        lowest_paid_share_with_increase_above=shares(dist.lowest_paid_above),
        deciles=[decile_doc(d) for d in dist.deciles],
        by_gender={} if dist.by_gender is None else gender_doc(dist.by_gender),
        claims=claim_docs,
        points=point_docs(st),
        headroom=[headroom_doc(h) for h in headroom(r)],
        illustrative=dist.illustrative,
        notes=list(cost.notes),
    )
    report._cost = cost
    return report


def distribution_report(
    offer: Any,
    workforce: str | Path,
    structure: str | Path | None = None,
    *,
    claims: Sequence[tuple[Decimal, Decimal]] = (),
    columns: str | None = None,
    sources: Sources | None = None,
    progress: Progress | None = None,
) -> DistributionReport:
    """Who gets what when ``offer`` is applied to ``workforce``; ``claims``: (share, above) pairs to check, as in
    "the lowest-paid 12% get more than 5%" = (12, 5)."""
    cost = _costed(offer, workforce, structure, sources, columns, _options(None, True), progress)
    return distribution_report_for(cost, claims)


# --- files --------------------------------------------------------------------------------------------------------


def pension_rates_file(path: str | Path, sources: Sources | None = None) -> dict[str, Decimal]:
    """A CSV of ``employer,rate`` (rate in percent) as employer -> rate as a fraction; each rate a finite percentage
    from 0 to 100, each employer once (``payround.workforce.pension_rates``)."""
    from payround.sources import active
    from payround.workforce.pension_rates import read_pension_rates

    return read_pension_rates(active(sources).resolve(path, what="pension rates"))


def write_workbook(report: CostReport | DistributionReport, path: str | Path) -> Path:
    """The Excel workbook of a costing (``--format xlsx``): points, cost, a sheet per ``--by``, assumptions,
    distribution and headroom."""
    from payround.costing.distribution import distribution
    from payround.costing.headroom import headroom
    from payround.report.excel import write_cost_workbook

    cost = report._cost
    if cost is None:
        raise ValueError("this report was not made by cost_report or distribution_report")
    by = ("employer",) if not isinstance(report, CostReport) or report.by is None else ("employer", report.by)
    drift = report._drift if isinstance(report, CostReport) else None
    return write_cost_workbook(path, cost, distribution(cost), headroom(cost.result), by=by, drift=drift)


def write_per_employee(report: CostReport, path: str | Path) -> Path:
    """Each employee's costing (CSV, Parquet or Excel), adding up to the report's totals to the penny."""
    from payround.costing.records import per_employee
    from payround.report.per_employee import write_per_employee as write

    if report._cost is None:
        raise ValueError("this report was not made by cost_report")
    return write(path, per_employee(report._cost))
