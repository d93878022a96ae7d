"""Take-home and real terms for the workbench's offer preview and comparison, read only when the interactive
take-home tables are at hand (``payround.takehome.ready``): a server must answer in milliseconds, and the tables are
built by PolicyEngine UK (minutes, once per tax year) in the background. Otherwise the reports say the tables are
being prepared, and the page asks again.

Figures come from ``takehome_report`` and ``realterms_report`` (``payround takehome``, ``payround realterms``);
this module only chooses what to read and lays out the preview's and the comparison's tables.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from payround.engine import OfferResult
from payround.errors import PayroundError
from payround.reports.base import Block, Kind, Report, Row, Table, Text
from payround.reports.offers import CompareReport, OfferInput, compare_report, load_and_apply
from payround.reports.takehome import RealtermsReport, TakehomeReport, realterms_report, takehome_report
from payround.sources import Sources

if TYPE_CHECKING:
    from payround.workforce import Workforce

__all__ = [
    "CompareView",
    "TakehomeStatus",
    "compare_view_report",
    "takehome_for",
    "takehome_notes",
    "takehome_tables",
]

TakehomeStatus = Literal["ready", "preparing", "unavailable", "off"]
OnMissing = Callable[[OfferResult], None]
DEFAULT_HOUSEHOLD = "single"


def _preparing_note(results: list[OfferResult]) -> str:
    from payround.takehome.ready import offer_tax_years
    from payround.takehome.rules import tax_year_label

    years = sorted({y for r in results for y in offer_tax_years(r)})
    names = ", ".join(tax_year_label(y) for y in years)
    return (
        f"Take-home tables for {names} are being prepared: PolicyEngine UK builds them once per tax year (minutes "
        "on a new installation). Take-home appears here when they are ready; `payround takehome` builds them at once."
    )


def _status(results: list[OfferResult], on_missing: OnMissing | None) -> tuple[TakehomeStatus, str | None]:
    """Whether take-home for every result can be read now, and what to say if not (``on_missing`` is called with
    each result whose tables are missing)."""
    try:
        from payround.takehome.ready import tables_ready
    except ImportError:  # numpy (the costing extra) is missing
        return "unavailable", "Take-home needs `pip install 'payround[takehome]'`."
    missing = 0
    for r in results:
        ready = tables_ready(r)
        if ready.problem:
            return "unavailable", f"Take-home is not available for {r.offer.name}: {ready.problem}"
        missing += ready.missing
        if ready.missing and on_missing is not None:
            on_missing(r)
    return ("ready", None) if missing == 0 else ("preparing", _preparing_note(results))


def takehome_for(
    result: OfferResult, on_missing: OnMissing | None = None
) -> tuple[TakehomeReport | None, TakehomeStatus, str | None]:
    """Take-home at the final stage for every bundled archetype (interactive path), if its tables are at hand:
    the report, ``ready`` and no note; else no report, ``preparing`` or ``unavailable``, and the note to show."""
    status, note = _status([result], on_missing)
    if status != "ready":
        return None, status, note
    try:
        return takehome_report(result, stage="final"), "ready", None
    except PayroundError as exc:  # e.g. a pay outside the tables' range
        return None, "unavailable", f"Take-home: {exc}"


def _no_minus_zero(x: Decimal | None) -> Decimal | None:
    """-0.00 (a rise that inflation exactly cancels, rounded) shown as 0.00."""
    return abs(x) if x is not None and x == 0 else x


def merge_runs(rows: list[Row]) -> list[Row]:
    """Runs of three or more consecutive points with the same figures as one row ('2–19'): points paid the floor
    show the same take-home, and a spine of 124 points should not take 124 lines to say so."""
    out: list[Row] = []
    run: list[Row] = []

    def flush() -> None:
        if len(run) > 2:
            label = f"{run[0].cells[0]}–{run[-1].cells[0]}"
            out.append(Row(cells=(label, *run[0].cells[1:]), illustrative=any(r.illustrative for r in run)))
        else:
            out.extend(run)
        run.clear()

    for r in rows:
        if run and r.cells[1:] != run[-1].cells[1:]:
            flush()
        run.append(r)
    flush()
    return out


def takehome_tables(th: TakehomeReport) -> list[Table]:
    """The preview's take-home: net income change by point for each archetype side by side, then each archetype's
    net income before and after (annual, the final stage)."""
    households = list(th.households)
    by_point: dict[str, dict[str, Any]] = {}
    for r in th.rows:
        by_point.setdefault(r.point, {})[r.household] = r
    years = ", ".join(th.tax_years)
    names = {h: th.households[h].name for h in households}
    cols: list[tuple[str, Kind]] = [("point", Kind.text), ("gross rise", Kind.money)]
    cols += [(f"net rise: {names[h]}", Kind.money) for h in households]
    rows = []
    for point, per in by_point.items():
        first = next(iter(per.values()))
        cells: list[Any] = [point, first.gross_change]
        cells += [per[h].net_change if h in per else None for h in households]
        rows.append(Row(cells=tuple(cells), illustrative=any(x.illustrative for x in per.values())))
    out = [Table.build(f"Take-home: the rise in household net income, annual, {years}", cols, merge_runs(rows))]
    for h in households:
        body = [
            Row(
                cells=(
                    r.point,
                    r.net_before,
                    r.net_after,
                    r.net_change,
                    r.kept_pct,
                    _no_minus_zero(r.net_real_cpi_pct),
                ),
                illustrative=r.illustrative,
            )
            for r in th.rows
            if r.household == h
        ]
        out.append(
            Table.build(
                f"Take-home: {names[h]} (FTE {th.households[h].fte}), net income, annual, {years}",
                [
                    ("point", Kind.text),
                    ("net before", Kind.money),
                    ("net after", Kind.money),
                    ("change", Kind.money),
                    ("kept of the rise", Kind.pct),
                    ("change in real terms (CPI)", Kind.pct),
                ],
                merge_runs(body),
            )
        )
    return out


def takehome_notes(th: TakehomeReport) -> list[str]:
    """What the preview says under its take-home tables: inflation (forecast months named), path and version."""
    out = []
    for s in (th.inflation.CPI, th.inflation.RPI):
        if s.average_12m_pct is not None:
            mark = f" (forecast for {', '.join(s.forecast_months)}: OBR)" if s.forecast_months else ""
            out.append(f"{s.series} averaged {s.average_12m_pct}% over {th.period.start} to {th.period.end}{mark}.")
    out.append(
        f"Net income is the household's, before housing costs and council tax; PolicyEngine UK {th.policyengine_uk}, "
        f"{th.path} path. Households are illustrative archetypes."
    )
    return out


# ----- compare ----------------------------------------------------------------------------------------------------
class CompareView(Report):
    """The workbench's comparison: the offers per point and their cost (``compare_report``, with one household's
    net income change when the take-home tables are at hand) and every offer's rise in real terms."""

    compare: CompareReport
    realterms: RealtermsReport
    household: str | None
    household_name: str | None = None
    takehome_status: TakehomeStatus
    takehome_note: str | None = None

    def realterms_table(self) -> Table:
        """Each offer's rise and its rise in real terms against CPI, side by side per point (the floor first); †
        on a column that uses forecast inflation."""
        offers = self.realterms.offers
        labels: list[str] = []
        cells: dict[tuple[str, int], tuple[Decimal, Decimal | None]] = {}
        illustrative: set[str] = set()
        for i, o in enumerate(offers):
            entries = [("floor", o.floor.final, False)] if o.floor is not None else []
            entries += [(p.point, p.final, p.illustrative) for p in o.points]
            for label, ch, ill in entries:
                if label not in labels:
                    labels.append(label)
                if ill:
                    illustrative.add(label)
                cells[(label, i)] = (ch.CPI.nominal_pct, ch.CPI.real_pct)
        cols: list[tuple[str, Kind]] = [("point", Kind.text)]
        for i, o in enumerate(offers):
            mark = " †" if o.inflation["CPI"].forecast_months else ""
            cols += [(f"[{i + 1}] rise", Kind.pct), (f"[{i + 1}] real vs CPI{mark}", Kind.pct)]
        rows = []
        for label in labels:
            row: list[Any] = [label]
            for i in range(len(offers)):
                row += [_no_minus_zero(x) for x in cells.get((label, i), (None, None))]
            rows.append(Row(cells=tuple(row), illustrative=label in illustrative))
        head = rows[:1] if labels[:1] == ["floor"] else []  # the floor keeps its own row
        title = "In real terms: each offer's rise against CPI over its period"
        return Table.build(title, cols, head + merge_runs(rows[len(head) :]))

    def realterms_lines(self) -> list[str]:
        """Inflation over each offer's period, with the forecast months named."""
        out = []
        for i, o in enumerate(self.realterms.offers):
            s = o.inflation["CPI"]
            avg = "n/a" if s.average_12m_pct is None else f"{s.average_12m_pct}%"
            fc = f"; † forecast for {', '.join(s.forecast_months)} (OBR, March 2026)" if s.forecast_months else ""
            miss = f"; missing {', '.join(s.missing)}" if s.missing else ""
            out.append(f"[{i + 1}] {o.offer}: CPI {o.period.start} to {o.period.end} averaged {avg}{fc}{miss}.")
        return out

    def tables(self) -> list[Table]:
        """The comparison's tables, then real terms."""
        return [*self.compare.tables(), self.realterms_table()]

    def blocks(self) -> list[Block]:
        """The comparison, real terms with its inflation lines, and the take-home note."""
        out: list[Block] = [*self.compare.blocks(), self.realterms_table(), Text(lines=tuple(self.realterms_lines()))]
        if self.takehome_note:
            out.append(Text(lines=(self.takehome_note,), style="note"))
        return out


def compare_view_report(
    offers: list[OfferInput],
    *,
    workforce: str | Path | Workforce | None = None,
    household: str | None = DEFAULT_HOUSEHOLD,
    sources: Sources | None = None,
    on_missing: OnMissing | None = None,
) -> CompareView:
    """Compare 2–4 offers (the first is the base, e.g. the claim) with their cost on ``workforce``, real terms, and
    ``household``'s net income change at each point when the take-home tables are at hand (never built here;
    ``on_missing(result)`` is called for an offer whose tables are missing). A bundled workforce stays loaded."""
    results = [load_and_apply(o, None, sources) for o in offers]
    status: TakehomeStatus = "off"
    note = name = None
    if household is not None:
        from payround.takehome.households import load_households, select_households

        name = select_households(load_households(), [household])[0].name  # unknown: a located InputError
        status, note = _status(results, on_missing)
    parsed = [r.offer for r in results]
    if workforce is not None and not isinstance(workforce, Path | str):
        wf: str | Path | Workforce | None = workforce
    else:
        from payround.reports.preview import kept_workforce

        wf = None if workforce is None else kept_workforce(workforce, sources)
    cmp = compare_report(
        list(parsed),
        workforce=wf,
        household=household if status == "ready" else None,
        sources=sources,
    )
    real = realterms_report(list(parsed), sources=sources)
    return CompareView(
        compare=cmp,
        realterms=real,
        household=household,
        household_name=name,
        takehome_status=status,
        takehome_note=note,
    )
