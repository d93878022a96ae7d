"""Use cases on take-home pay: ``payround takehome`` (what an offer is worth after tax, NI, pension and Universal
Credit, per point and household, with the net cost to government) and ``payround realterms`` (every increase against
CPI and RPI over the offer's period).

Each returns a frozen report whose ``model_dump(mode="json")`` is the ``--format json`` document (DESIGN §7 keys,
money as exact strings). PolicyEngine UK is imported only when a take-home figure is asked for.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from payround.engine import OfferResult
from payround.engine.realterms import PeriodInflation, RealChange, offer_real_terms, period_inflation, real_change
from payround.errors import InputError
from payround.money import HUNDRED, WIDE, quantize
from payround.reports.base import Block, Kind, Report, Row, Table, Text
from payround.reports.format import money
from payround.reports.offers import OfferInput, load_and_apply
from payround.sources import Sources

__all__ = [
    "InflationDoc",
    "NetCostDoc",
    "RealtermsOffer",
    "RealtermsReport",
    "TakehomeReport",
    "TakehomeRow",
    "parse_amount",
    "read_headcount",
    "realterms_report",
    "takehome_report",
]

_PCT = Decimal("0.01")
Progress = Callable[[str, int, int], None]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Period(_Frozen):
    """Start and end dates (ISO)."""

    start: str
    end: str


class SeriesDoc(_Frozen):
    """Inflation over the period by one series."""

    series: str
    average_12m_pct: Decimal | None
    average_to_date_12m_pct: Decimal | None
    at_start_12m_pct: Decimal | None
    months_found: int
    months: int
    missing: list[str]
    forecast_months: list[str]  # months whose rate is the bundled forecast (OBR), not a published figure


def _series(pi: PeriodInflation) -> SeriesDoc:
    def s(x: Decimal | None) -> Decimal | None:
        return None if x is None else quantize(x, _PCT)

    return SeriesDoc(
        series=pi.series,
        average_12m_pct=s(pi.average_pct),
        average_to_date_12m_pct=s(pi.average_to_date_pct),
        at_start_12m_pct=s(pi.at_start_pct),
        months_found=pi.months_found,
        months=len(pi.months),
        missing=list(pi.missing),
        forecast_months=list(pi.forecast),
    )


class InflationDoc(_Frozen):
    """CPI and RPI over the offer's period."""

    period: Period
    CPI: SeriesDoc
    RPI: SeriesDoc


class Taken(_Frozen):
    """Where the gross rise went (they add up to gross change − net change)."""

    income_tax: Decimal
    employee_ni: Decimal
    pension: Decimal
    universal_credit: Decimal
    child_benefit: Decimal
    other_benefits: Decimal
    other_income: Decimal
    lump_sum: Decimal


class TakehomeRow(_Frozen):
    """One point, household and stage, before and after (annual pounds)."""

    point: str
    household: str
    stage: str
    tax_year: str
    illustrative: bool
    gross_before: Decimal
    gross_after: Decimal
    income_tax_before: Decimal
    income_tax_after: Decimal
    employee_ni_before: Decimal
    employee_ni_after: Decimal
    pension_before: Decimal
    pension_after: Decimal
    universal_credit_before: Decimal
    universal_credit_after: Decimal
    child_benefit_before: Decimal
    child_benefit_after: Decimal
    other_benefits_before: Decimal
    other_benefits_after: Decimal
    other_income_before: Decimal
    other_income_after: Decimal
    net_before: Decimal
    net_after: Decimal
    lump_sum_before: Decimal
    lump_sum_after: Decimal
    gross_change: Decimal
    net_change: Decimal
    kept_pct: Decimal | None
    taken: Taken
    emr_before_pct: Decimal
    emr_after_pct: Decimal
    lump_sum_net: Decimal
    gross_change_pct: Decimal
    gross_real_cpi_pct: Decimal | None
    gross_real_rpi_pct: Decimal | None
    net_change_pct: Decimal
    net_real_cpi_pct: Decimal | None
    net_real_rpi_pct: Decimal | None


class NetCostDoc(_Frozen):
    """The net cost to government of an offer: always an estimate, with its assumptions."""

    estimate: bool
    stage: str
    headcount: Decimal
    employer_cost_increase: Decimal
    less_income_tax: Decimal
    less_employee_ni: Decimal
    less_employer_ni: Decimal
    less_universal_credit_saved: Decimal
    less_other_benefits_saved: Decimal
    net_cost: Decimal
    mix: dict[str, Decimal]
    assumptions: list[str]


class HouseholdDoc(_Frozen):
    """An archetype as shown: name, share of the standard week, assumptions."""

    name: str
    fte: str
    assumptions: str


class TakehomeReport(Report):
    """``payround takehome``: per point, household and stage, the figures before and after; what was assumed."""

    offer: str
    structure: str
    country: str
    period: Period
    stages: list[str]
    tax_years: list[str]
    illustrative: bool
    policyengine_uk: str
    path: str  # 'interactive' (read from the tables) or 'exact' (a direct simulation)
    households: dict[str, HouseholdDoc]
    overrides: list[str]
    notes: list[str]
    rows: list[TakehomeRow]
    inflation: InflationDoc
    net_cost_to_government: NetCostDoc | None
    cached: bool

    def tables(self) -> list[Table]:
        """One table per household (fits 100 columns): gross pay after the offer, the rise and where it went."""
        lumps = any(r.lump_sum_after or r.lump_sum_before for r in self.rows)
        stages = len({r.stage for r in self.rows}) > 1
        cols: list[tuple[str, Kind]] = [("point", Kind.text)] + ([("stage", Kind.text)] if stages else [])
        cols += [("gross", Kind.money0), ("rise", Kind.money)]
        cols += [("one-off", Kind.money), ("its net", Kind.money)] if lumps else []
        cols += [("tax+NI+pen", Kind.money), ("UC lost", Kind.money), ("net rise", Kind.money)]
        cols += [("kept", Kind.pct), ("EMR", Kind.pct)]
        out = []
        for hid in dict.fromkeys(r.household for r in self.rows):
            body = []
            for r in (x for x in self.rows if x.household == hid):
                t = r.taken
                cells: list[Any] = [r.point] + ([r.stage] if stages else [])
                cells += [r.gross_after, r.gross_change]
                cells += [r.lump_sum_after - r.lump_sum_before, r.lump_sum_net] if lumps else []
                cells += [t.income_tax + t.employee_ni + t.pension, t.universal_credit, r.net_change]
                cells += [r.kept_pct, r.emr_after_pct]
                body.append(Row(cells=tuple(cells), illustrative=r.illustrative))
            h = self.households.get(hid)
            name = h.name if h is not None else hid
            out.append(Table.build(f"Take-home: {name}, {self.offer}, annual, {', '.join(self.tax_years)}", cols, body))
        return out

    def csv_table(self) -> Table:
        """Every row with its raw figures."""
        from payround.takehome.model import FIGURES as figures

        names = ["point", "household", "stage", "tax_year", "illustrative"]
        names += [f"{n}_{side}" for n in figures for side in ("before", "after")]
        names += ["gross_change", "net_change", "kept_pct", "emr_before_pct", "emr_after_pct", "lump_sum_net"]
        rows = [[getattr(r, n) for n in names] for r in self.rows]
        return Table.build("take-home", names, rows)

    def blocks(self) -> list[Block]:
        """The tables, inflation, the path and version, overrides and notes, and the net cost."""
        out: list[Block] = list(self.tables())
        parts = []
        for s in (self.inflation.CPI, self.inflation.RPI):
            if s.average_12m_pct is not None:
                mark = f" (forecast for {', '.join(s.forecast_months)})" if s.forecast_months else ""
                parts.append(f"{s.series} averaged {s.average_12m_pct}% over the period{mark}")
            else:
                parts.append(f"{s.series} not available for {len(s.missing)} of {s.months} months of the period")
        cached = " (cached)" if self.cached else ""
        out.append(Text(lines=("Inflation: " + "; ".join(parts) + ".",)))
        out.append(Text(lines=(f"PolicyEngine UK {self.policyengine_uk}, {self.path} path{cached}.",)))
        if self.illustrative:
            out.append(Text(lines=("* illustrative point",), style="warning"))
        out.append(Text(lines=tuple(f"Override: {o}" for o in self.overrides), style="note"))
        out.append(Text(lines=tuple(f"Note: {n}" for n in self.notes), style="note"))
        nc = self.net_cost_to_government
        if nc is not None:
            line = (
                f"Net cost to government (estimate): employer cost {money(nc.employer_cost_increase)}"
                f" − income tax {money(nc.less_income_tax)} − employee NI {money(nc.less_employee_ni)}"
                f" − employer NI {money(nc.less_employer_ni)} − UC saved {money(nc.less_universal_credit_saved)}"
                f" − other benefits saved {money(nc.less_other_benefits_saved)} = {money(nc.net_cost)}"
            )
            out.append(Text(lines=(line,), style="heading"))
            out.append(Text(lines=tuple(f"  · {a}" for a in nc.assumptions)))
        return out


# ----- inputs -------------------------------------------------------------------------------------------------------
def parse_amount(value: str | Decimal, place: str) -> Decimal:
    """An amount in pounds from text ('12,500,000', '£250000'); InputError naming ``place`` otherwise."""
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(value.replace(",", "").replace("£", ""))
    except InvalidOperation as exc:
        raise InputError(
            "not an amount.", place=place, expected="an amount in pounds, e.g. 12500000", got=value
        ) from exc


def read_headcount(path: str | Path) -> tuple[dict[str, Decimal], dict[str, Decimal] | None]:
    """A headcount CSV (columns point, headcount[, fte]): point -> headcount (and point -> FTE when given)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}.", file=str(p)) from exc
    reader = csv.DictReader(text.splitlines())
    cols = set(reader.fieldnames or [])
    if not {"point", "headcount"} <= cols:
        raise InputError(
            "missing columns.", file=str(p), place="row 1", expected="point, headcount[, fte]", got=", ".join(cols)
        )
    heads: dict[str, Decimal] = {}
    fte: dict[str, Decimal] = {}
    for n, row in enumerate(reader, start=2):
        point = (row["point"] or "").strip()
        try:
            heads[point] = heads.get(point, Decimal(0)) + Decimal(row["headcount"])
            if "fte" in cols and row.get("fte"):
                fte[point] = fte.get(point, Decimal(0)) + Decimal(row["fte"])
        except InvalidOperation as exc:
            raise InputError("not a number.", file=str(p), place=f"row {n}", got=str(row)) from exc
    return heads, (fte if "fte" in cols else None)


def _points(spec: str | None, result: OfferResult) -> set[str] | None:
    from payround.engine.selectors import resolve_labels

    if spec is None:
        return None
    labels = [p for p in spec.split(",") if p.strip()]
    chosen, _ = resolve_labels(labels, result.structure, file="--points", place="points")
    return set(chosen)


def _real(before: Decimal, after: Decimal, inflation: dict[str, PeriodInflation]) -> tuple[Decimal, list[Any]]:
    nominal = WIDE.multiply(WIDE.divide(after - before, before), HUNDRED) if before else Decimal(0)
    reals = [real_change(nominal, inflation[n].average_pct).real_pct for n in ("CPI", "RPI")]
    return quantize(nominal, _PCT), reals


# ----- take-home ----------------------------------------------------------------------------------------------------
def takehome_report(
    offer: OfferInput | OfferResult,
    structure: str | Path | None = None,
    *,
    households: Sequence[str] | None = None,
    households_file: str | Path | None = None,
    points: str | None = None,
    stage: str = "final",
    exact: bool = False,
    use_cache: bool = True,
    inflation_file: str | Path | None = None,
    workforce: str | Path | None = None,
    headcount_file: str | Path | None = None,
    employer_cost: str | Decimal | None = None,
    employer_ni: str | Decimal = "0",
    mix_file: str | Path | None = None,
    progress: Progress | None = None,
    sources: Sources | None = None,
) -> TakehomeReport:
    """Take-home for every point of an offer and each household (default: the bundled archetypes and any in
    ``households_file``), interactive unless ``exact``; with real terms and, given a workforce or a headcount file
    and employer cost, the net cost to government. ``progress(what, done, total)`` is called while PolicyEngine runs.
    An offer already applied (an OfferResult, e.g. the editor's preview) is used as it is.
    """
    from payround.takehome.cache import DiskCache
    from payround.takehome.compute import takehome
    from payround.takehome.households import load_households, load_mix, select_households
    from payround.takehome.inflation import load_inflation
    from payround.takehome.netcost import net_cost_for_workforce, net_cost_to_government

    result = offer if isinstance(offer, OfferResult) else load_and_apply(offer, structure, sources)
    known = load_households(households_file)
    chosen = select_households(known, list(households) if households else list(known))
    point_filter = _points(points, result)
    if workforce is not None and headcount_file is not None:
        raise InputError("give a workforce or a headcount file, not both.", place="--workforce")
    if headcount_file is not None and employer_cost is None:
        raise InputError("a headcount file needs the employer cost (the full-year increase in employer cost).")
    # The exact path simulates every known household at once (one more costs little; the cached table then answers
    # any filter); the interactive path builds a table per household, so it reads only those shown — and every
    # household of the mix when the net cost is asked for.
    net = workforce is not None or headcount_file is not None
    needed = list(known.values()) if exact or net else chosen
    # Only the stage shown is computed, and the final one when the net cost (which reads it) is asked for.
    only = None if stage == "all" else sorted({stage, "final"} if net else {stage})
    full = takehome(result, needed, exact=exact, cache=DiskCache(), use_cache=use_cache, progress=progress, stages=only)
    if stage != "all" and stage not in full.stages:
        raise InputError(
            "unknown stage.", place="--stage", expected=f"all or one of {', '.join(full.stages)}", got=stage
        )
    shown = full.filter(
        points=point_filter, households=[h.id for h in chosen], stages=None if stage == "all" else [stage]
    )
    cpi, rpi = load_inflation(inflation_file)
    inflation = {s.name: period_inflation(s, result.period_start, result.period_end) for s in (cpi, rpi)}
    mix = None if mix_file is None else load_mix(mix_file)
    net_cost = None
    if workforce is not None:
        from payround.workforce import load_workforce

        net_cost = net_cost_for_workforce(full, result, load_workforce(workforce), mix=mix)
    if headcount_file is not None and employer_cost is not None:
        heads, fte = read_headcount(headcount_file)
        net_cost = net_cost_to_government(
            full,
            heads,
            parse_amount(employer_cost, "--employer-cost"),
            mix=mix,
            employer_ni_increase=parse_amount(employer_ni, "--employer-ni"),
            fte=fte,
        )
    data = shown.header()
    rows = []
    for r in shown.rows:
        g_pct, g_real = _real(r.before.gross, r.after.gross, inflation)
        n_pct, n_real = _real(r.before.net, r.after.net, inflation)
        rows.append(
            TakehomeRow.model_validate(
                {
                    **r.values(),
                    "gross_change_pct": g_pct,
                    "gross_real_cpi_pct": g_real[0],
                    "gross_real_rpi_pct": g_real[1],
                    "net_change_pct": n_pct,
                    "net_real_cpi_pct": n_real[0],
                    "net_real_rpi_pct": n_real[1],
                }
            )
        )
    period = result.offer.effective_period
    return TakehomeReport(
        offer=data["offer"],
        structure=data["structure"],
        country=data["country"],
        period=Period(**data["period"]),
        stages=data["stages"],
        tax_years=data["tax_years"],
        illustrative=data["illustrative"],
        policyengine_uk=data["policyengine_uk"],
        path=data["path"],
        households={k: HouseholdDoc(**v) for k, v in data["households"].items()},
        overrides=data["overrides"],
        notes=data["notes"],
        rows=rows,
        inflation=InflationDoc(
            period=Period(start=period.start.isoformat(), end=period.end.isoformat()),
            CPI=_series(inflation["CPI"]),
            RPI=_series(inflation["RPI"]),
        ),
        net_cost_to_government=None if net_cost is None else NetCostDoc.model_validate(net_cost.to_json()),
        cached=shown.cached,
    )


# ----- real terms ---------------------------------------------------------------------------------------------------
class ChangeDoc(_Frozen):
    """An increase against one series."""

    nominal_pct: Decimal
    inflation_pct: Decimal | None
    real_pct: Decimal | None


class ChangesDoc(_Frozen):
    """An increase against CPI and RPI."""

    CPI: ChangeDoc
    RPI: ChangeDoc


class PointChanges(_Frozen):
    """One point: the whole offer, and time-weighted over the period where it is in force."""

    point: str
    final: ChangesDoc
    in_year: ChangesDoc | None = None
    illustrative: bool = False


class FloorChanges(_Frozen):
    """The floor: the whole offer and time-weighted."""

    final: ChangesDoc
    in_year: ChangesDoc | None = None


class RealtermsOffer(_Frozen):
    """One offer (or the claim) in real terms."""

    offer: str
    period: Period
    inflation: dict[str, SeriesDoc]
    floor: FloorChanges | None
    points: list[PointChanges]
    illustrative: bool


def _changes(by_series: dict[str, RealChange]) -> ChangesDoc:
    def one(rc: RealChange) -> ChangeDoc:
        return ChangeDoc(nominal_pct=rc.nominal_pct, inflation_pct=rc.inflation_pct, real_pct=rc.real_pct)

    return ChangesDoc(CPI=one(by_series["CPI"]), RPI=one(by_series["RPI"]))


class RealtermsReport(Report):
    """``payround realterms``: every increase of each offer against CPI and RPI averaged over its period."""

    offers: list[RealtermsOffer]

    def tables(self) -> list[Table]:
        """One row per offer and point (floor first); † marks a figure that uses forecast inflation."""
        rows = []
        for o in self.offers:
            entries: list[tuple[str, ChangesDoc, bool]] = []
            if o.floor is not None:
                entries.append(("floor", o.floor.final, False))
            entries += [(p.point, p.final, p.illustrative) for p in o.points]
            for label, ch, illustrative in entries:
                cells: list[Any] = [o.offer, label, ch.CPI.nominal_pct]
                for name, c in (("CPI", ch.CPI), ("RPI", ch.RPI)):
                    mark = "†" if o.inflation[name].forecast_months and c.real_pct is not None else ""
                    cells.append("n/a" if c.real_pct is None else f"{c.real_pct:.2f}%{mark}")
                rows.append(Row(cells=tuple(cells), illustrative=illustrative))
        title = "Increases in real terms (against the average 12-month rate over each offer's period)"
        cols = [("offer", Kind.text), ("point", Kind.text), ("increase", Kind.pct)]
        cols += [("real vs CPI", Kind.number), ("real vs RPI", Kind.number)]
        return [Table.build(title, cols, rows)]

    def blocks(self) -> list[Block]:
        """The table and each offer's inflation, with missing and forecast months."""
        lines = []
        for o in self.offers:
            for s in o.inflation.values():
                avg = "n/a" if s.average_12m_pct is None else f"{s.average_12m_pct}%"
                miss = f" (missing {', '.join(s.missing)})" if s.missing else ""
                fc = f" († forecast for {', '.join(s.forecast_months)}: OBR, March 2026)" if s.forecast_months else ""
                lines.append(f"{o.offer}: {s.series} {o.period.start}–{o.period.end} average {avg}{miss}{fc}")
        out: list[Block] = [*self.tables(), Text(lines=tuple(lines))]
        if any(o.illustrative for o in self.offers):
            out.append(Text(lines=("* illustrative point",), style="warning"))
        return out


def realterms_report(
    offers: Sequence[OfferInput],
    structure: str | Path | None = None,
    *,
    inflation_file: str | Path | None = None,
    sources: Sources | None = None,
) -> RealtermsReport:
    """Every increase of each offer (and the claim) against CPI and RPI averaged over the offer's period; months not
    yet published use the bundled forecast (labelled); ``inflation_file`` overlays a user's series."""
    from payround.takehome.inflation import load_inflation

    series = list(load_inflation(inflation_file))
    out = []
    for o in offers:
        result = load_and_apply(o, structure, sources)
        rep = offer_real_terms(result, series)
        illustrative = set(result.structure.illustrative_points)
        floor = None
        if rep.floor is not None:
            floor = FloorChanges(
                final=_changes(rep.floor["final"]),
                in_year=_changes(rep.floor["in_year"]) if "in_year" in rep.floor else None,
            )
        out.append(
            RealtermsOffer(
                offer=rep.offer,
                period=Period(start=rep.start.isoformat(), end=rep.end.isoformat()),
                inflation={name: _series(pi) for name, pi in rep.inflation.items()},
                floor=floor,
                points=[
                    PointChanges(
                        point=p,
                        final=_changes(v["final"]),
                        in_year=_changes(v["in_year"]) if "in_year" in v else None,
                        illustrative=p in illustrative,
                    )
                    for p, v in rep.points.items()
                ],
                illustrative=result.structure.illustrative,
            )
        )
    return RealtermsReport(offers=out)
