"""``payround takehome`` (what an offer is worth after tax, NI, pension and Universal Credit) and ``payround realterms``
(every increase against CPI and RPI over the offer's period). Thin: the work is in ``payround.takehome``."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from payround.api import apply_offer
from payround.cli.output import Format, console, print_csv, print_json, table
from payround.cli.progress import progress_bar
from payround.engine import OfferResult
from payround.engine.realterms import PeriodInflation, RealTermsReport, offer_real_terms, real_change
from payround.engine.selectors import resolve_labels
from payround.errors import InputError
from payround.money import HUNDRED, format_money, quantize
from payround.offers import load_offer
from payround.takehome.cache import DiskCache
from payround.takehome.compute import takehome
from payround.takehome.households import load_households, load_mix, select_households
from payround.takehome.inflation import load_inflation
from payround.takehome.model import FIGURES, Row, TakehomeTable
from payround.takehome.netcost import net_cost_for_workforce, net_cost_to_government

__all__ = ["register"]

_PCT = Decimal("0.01")

OfferArg = Annotated[Path, typer.Argument(help="An offer file (YAML, offer format version 1).", show_default=False)]
OffersArg = Annotated[list[Path], typer.Argument(help="Offer files (the claim and each offer).", show_default=False)]
StructureOpt = Annotated[
    str | None,
    typer.Option("--structure", "-s", help="Apply to this structure (bundled id or file) instead of the offer's own."),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
HouseholdOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--household",
        help="Household archetype id (repeat for several). Default: the bundled ones and any in --households.",
    ),
]
HouseholdsFileOpt = Annotated[
    Path | None, typer.Option("--households", help="A YAML file of extra (or replacement) household archetypes.")
]
PointsOpt = Annotated[
    str | None, typer.Option("--points", help="Points to show: labels and ranges, e.g. '2-10' or '2-18,30,44-'.")
]
StageOpt = Annotated[
    str, typer.Option("--stage", help="'final' (the whole offer), 'all', or a stage's effective date YYYY-MM-DD.")
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Exact path: recompute instead of using the disk cache.")]
ExactOpt = Annotated[
    bool,
    typer.Option("--exact", help="Simulate every pay level directly (the reference path) instead of the tables."),
]
InflationOpt = Annotated[
    Path | None,
    typer.Option("--inflation", help="Your own inflation series: CSV with columns month (YYYY-MM), CPI, RPI."),
]
HeadcountOpt = Annotated[
    Path | None,
    typer.Option("--headcount", help="CSV with columns point, headcount[, fte]: adds the net cost to government."),
]
EmployerCostOpt = Annotated[
    str | None, typer.Option("--employer-cost", help="Full-year increase in employer cost, £ (with --headcount).")
]
EmployerNiOpt = Annotated[
    str, typer.Option("--employer-ni", help="The part of --employer-cost that is employer NI, £ (it returns to HMRC).")
]
MixOpt = Annotated[Path | None, typer.Option("--mix", help="YAML household mix for the net cost (default: bundled).")]
WorkforceOpt = Annotated[
    str | None,
    typer.Option(
        "--workforce", "-w", help="Workforce (bundled id or file): adds the net cost to government, costed by payround."
    ),
]


def _points(spec: str | None, result: OfferResult) -> set[str] | None:
    if spec is None:
        return None
    labels = [p for p in spec.split(",") if p.strip()]
    chosen, _ = resolve_labels(labels, result.structure, file="--points", place="points")
    return set(chosen)


def _stages(spec: str, table_: TakehomeTable) -> list[str] | None:
    if spec == "all":
        return None
    if spec not in table_.stages:
        raise InputError(
            "unknown stage.", place="--stage", expected=f"all or one of {', '.join(table_.stages)}", got=spec
        )
    return [spec]


def _dec_option(value: str, place: str) -> Decimal:
    try:
        return Decimal(value.replace(",", "").replace("£", ""))
    except InvalidOperation as exc:
        raise InputError(
            "not an amount.", place=place, expected="an amount in pounds, e.g. 12500000", got=value
        ) from exc


def _read_headcount(path: Path) -> tuple[dict[str, Decimal], dict[str, Decimal] | None]:
    """point -> headcount (and point -> fte when the column is there)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}.", file=str(path)) from exc
    reader = csv.DictReader(text.splitlines())
    cols = set(reader.fieldnames or [])
    if not {"point", "headcount"} <= cols:
        raise InputError(
            "missing columns.", file=str(path), place="row 1", expected="point, headcount[, fte]", got=", ".join(cols)
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
            raise InputError("not a number.", file=str(path), place=f"row {n}", got=str(row)) from exc
    return heads, (fte if "fte" in cols else None)


def _inflation_json(pi: PeriodInflation) -> dict[str, Any]:
    def s(x: Decimal | None) -> str | None:
        return None if x is None else str(quantize(x, _PCT))

    return {
        "series": pi.series,
        "average_12m_pct": s(pi.average_pct),
        "average_to_date_12m_pct": s(pi.average_to_date_pct),
        "at_start_12m_pct": s(pi.at_start_pct),
        "months_found": pi.months_found,
        "months": len(pi.months),
        "missing": list(pi.missing),
        "forecast_months": list(pi.forecast),
    }


def _real_row(row: Row, inflation: dict[str, PeriodInflation]) -> dict[str, Any]:
    """Per-row real-terms changes of gross and net income against each series' period average."""
    out: dict[str, Any] = {}
    for what, before, after in (
        ("gross", row.before.gross, row.after.gross),
        ("net", row.before.net, row.after.net),
    ):
        nominal = (after - before) / before * HUNDRED if before else Decimal(0)
        out[f"{what}_change_pct"] = str(quantize(nominal, _PCT))
        for name, pi in inflation.items():
            rc = real_change(nominal, pi.average_pct)
            out[f"{what}_real_{name.lower()}_pct"] = None if rc.real_pct is None else str(rc.real_pct)
    return out


def cmd_takehome(
    offer: OfferArg,
    household: HouseholdOpt = None,
    households: HouseholdsFileOpt = None,
    points: PointsOpt = None,
    structure: StructureOpt = None,
    stage: StageOpt = "final",
    fmt: FormatOpt = Format.table,
    no_cache: NoCacheOpt = False,
    headcount: HeadcountOpt = None,
    employer_cost: EmployerCostOpt = None,
    employer_ni: EmployerNiOpt = "0",
    mix: MixOpt = None,
    workforce: WorkforceOpt = None,
    exact: ExactOpt = False,
    inflation_file: InflationOpt = None,
) -> None:
    """What an offer is worth after income tax, NI, LGPS contributions and Universal Credit, per point and household.

    Annual figures, before and after the offer, computed with PolicyEngine UK (Scottish income tax for SJC structures).
    """
    result = apply_offer(load_offer(offer), structure)
    known = load_households(households)
    chosen = select_households(known, household or list(known))  # default: the bundled ones and any from the file
    point_filter = _points(points, result)
    # Every known household in one simulation (it costs little more than one), so any later filter is a cache hit.
    with progress_bar() as progress:
        full = takehome(
            result, list(known.values()), exact=exact, cache=DiskCache(), use_cache=not no_cache, progress=progress
        )
    shown = full.filter(points=point_filter, households=[h.id for h in chosen], stages=_stages(stage, full))
    cpi, rpi = load_inflation(inflation_file)
    period = result.offer.effective_period
    inflation = {s.name: offer_real_terms(result, [s]).inflation[s.name] for s in (cpi, rpi)}
    net_cost = None
    if workforce is not None and headcount is not None:
        raise InputError("give --workforce or --headcount, not both.", place="--workforce")
    if workforce is not None:
        from payround.workforce import load_workforce

        net_cost = net_cost_for_workforce(
            full, result, load_workforce(workforce), mix=None if mix is None else load_mix(mix)
        )
    if headcount is not None:
        if employer_cost is None:
            raise InputError("--headcount needs --employer-cost (the full-year increase in employer cost).")
        heads, fte = _read_headcount(headcount)
        net_cost = net_cost_to_government(
            full,
            heads,
            _dec_option(employer_cost, "--employer-cost"),
            mix=None if mix is None else load_mix(mix),
            employer_ni_increase=_dec_option(employer_ni, "--employer-ni"),
            fte=fte,
        )
    if fmt is Format.json:
        data = shown.to_json()
        data["inflation"] = {
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            **{name: _inflation_json(pi) for name, pi in inflation.items()},
        }
        for r, d in zip(shown.rows, data["rows"], strict=True):
            d.update(_real_row(r, inflation))
        data["net_cost_to_government"] = None if net_cost is None else net_cost.to_json()
        data["cached"] = shown.cached
        print_json(data)
        return
    if fmt is Format.csv:
        header = ["point", "household", "stage", "tax_year", "illustrative"]
        header += [f"{n}_{side}" for n in FIGURES for side in ("before", "after")]
        header += ["gross_change", "net_change", "kept_pct", "emr_before_pct", "emr_after_pct", "lump_sum_net"]
        rows = []
        for r in shown.rows:
            j = r.to_json()
            rows.append([j[h] for h in header])
        print_csv(header, rows)
        return
    _print_table(shown, inflation)
    if net_cost is not None:
        nc = net_cost
        console.print(
            f"\n[bold]Net cost to government (estimate)[/]: employer cost {format_money(nc.employer_cost_increase)}"
            f" − income tax {format_money(nc.income_tax)} − employee NI {format_money(nc.employee_ni)}"
            f" − employer NI {format_money(nc.employer_ni)} − UC saved {format_money(nc.universal_credit_saved)}"
            f" − other benefits saved {format_money(nc.other_benefits_saved)} = {format_money(nc.net_cost)}"
        )
        for a in nc.assumptions:
            console.print(f"  · {a}")


def _print_table(t: TakehomeTable, inflation: dict[str, PeriodInflation]) -> None:
    """One table per household (fits 100 columns): the rise and where it went."""
    lumps = any(r.after.lump_sum or r.before.lump_sum for r in t.rows)
    stages = len({r.stage for r in t.rows}) > 1
    header = ["point"] + (["stage"] if stages else [])
    header += ["gross after", "rise"] + (["one-off", "its net"] if lumps else [])
    header += ["tax+NI+pen", "UC lost", "net rise", "kept %", "EMR %"]
    for hid in dict.fromkeys(r.household for r in t.rows):
        rows = []
        for r in (x for x in t.rows if x.household == hid):
            taken = r.taken
            deductions = taken["income_tax"] + taken["employee_ni"] + taken["pension"]
            kept = r.kept_pct
            row = [r.point + ("*" if r.illustrative else "")] + ([r.stage] if stages else [])
            row += [format_money(r.after.gross, 0), format_money(r.gross_change)]
            if lumps:
                row += [format_money(r.change("lump_sum")), format_money(r.lump_sum_net)]
            row += [
                format_money(deductions),
                format_money(taken["universal_credit"]),
                format_money(r.net_change),
                "" if kept is None else str(quantize(kept, Decimal("0.1"))),
                str(quantize(r.after.emr * HUNDRED, Decimal("0.1"))),
            ]
            rows.append(row)
        name = t.households.get(hid, {}).get("name", hid)
        title = f"Take-home: {name} ({hid}), {t.offer}, annual, {', '.join(t.tax_years)}"
        console.print(table(title, header, rows, right_from=2 if stages else 1))
    parts = []
    for name, pi in inflation.items():
        if pi.average_pct is not None:
            mark = f" (forecast for {', '.join(pi.forecast)})" if pi.forecast else ""
            parts.append(f"{name} averaged {quantize(pi.average_pct, _PCT)}% over the period{mark}")
        else:
            parts.append(f"{name} not available for {len(pi.missing)} of {len(pi.months)} months of the period")
    console.print("Inflation: " + "; ".join(parts) + ".")
    console.print(f"PolicyEngine UK {t.policyengine_version}, {t.path} path" + (" (cached)" if t.cached else "") + ".")
    if t.illustrative:
        console.print("[yellow]* illustrative point[/]")
    for o in t.overrides:
        console.print(f"[dim]Override: {o}[/]")
    for n in t.notes:
        console.print(f"[dim]Note: {n}[/]")


def _report_json(rep: RealTermsReport) -> dict[str, Any]:
    def changes(d: dict[str, Any]) -> dict[str, Any]:
        return {
            when: {
                name: {
                    "nominal_pct": str(rc.nominal_pct),
                    "inflation_pct": None if rc.inflation_pct is None else str(rc.inflation_pct),
                    "real_pct": None if rc.real_pct is None else str(rc.real_pct),
                }
                for name, rc in by_series.items()
            }
            for when, by_series in d.items()
        }

    return {
        "offer": rep.offer,
        "period": {"start": rep.start.isoformat(), "end": rep.end.isoformat()},
        "inflation": {name: _inflation_json(pi) for name, pi in rep.inflation.items()},
        "floor": None if rep.floor is None else changes(rep.floor),
        "points": [{"point": p, **changes(v)} for p, v in rep.points.items()],
    }


def cmd_realterms(
    offers: OffersArg,
    structure: StructureOpt = None,
    fmt: FormatOpt = Format.table,
    inflation_file: InflationOpt = None,
) -> None:
    """Every increase of each offer (and the claim) against CPI and RPI averaged over the offer's period."""
    series = list(load_inflation(inflation_file))
    results = [apply_offer(load_offer(p), structure) for p in offers]
    reports = [offer_real_terms(r, series) for r in results]
    if fmt is Format.json:
        docs = [_report_json(r) for r in reports]
        for doc, res in zip(docs, results, strict=True):
            illustrative = set(res.structure.illustrative_points)
            doc["illustrative"] = res.structure.illustrative
            for p in doc["points"]:
                p["illustrative"] = p["point"] in illustrative
        print_json({"offers": docs})
        return
    rows: list[list[Any]] = []
    for rep, res in zip(reports, results, strict=True):
        illustrative = set(res.structure.illustrative_points)
        entries: list[tuple[str, dict[str, Any]]] = []
        if rep.floor is not None:
            entries.append(("floor", rep.floor))
        entries += list(rep.points.items())
        for label, v in entries:
            final = v["final"]
            cells = []
            for n in ("CPI", "RPI"):
                real = final[n].real_pct
                mark = "†" if rep.inflation[n].forecast and real is not None else ""
                cells.append("n/a" if real is None else f"{real}{mark}")
            rows.append(
                [rep.offer, label + ("*" if label in illustrative else ""), str(final["CPI"].nominal_pct), *cells]
            )
    header = ["offer", "point", "increase %", "real vs CPI %", "real vs RPI %"]
    if fmt is Format.csv:
        print_csv(header, rows)
        return
    console.print(
        table(
            "Increases in real terms (against the average 12-month rate over each offer's period)",
            header,
            rows,
            right_from=2,
        )
    )
    for rep in reports:
        for name, pi in rep.inflation.items():
            avg = "n/a" if pi.average_pct is None else f"{quantize(pi.average_pct, _PCT)}%"
            miss = f" (missing {', '.join(pi.missing)})" if pi.missing else ""
            fc = f" († forecast for {', '.join(pi.forecast)}: OBR, March 2026)" if pi.forecast else ""
            console.print(f"{rep.offer}: {name} {rep.start}–{rep.end} average {avg}{miss}{fc}")
    if any(r.structure.illustrative for r in results):
        console.print("[yellow]* illustrative point[/]")


def register(app: typer.Typer) -> None:
    """Add ``takehome`` and ``realterms`` to the main app."""
    app.command("takehome")(cmd_takehome)
    app.command("realterms")(cmd_realterms)
