"""Costing commands: ``cost``, ``distribution`` and the ``workforce`` group (validate, describe, synth, calibration).

Thin: each command loads its inputs, calls ``payround.costing`` / ``payround.workforce`` and prints the result."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from payround.cli.output import console, print_csv, print_json, table
from payround.costing import CostOptions, breakdown, cost_offer, summarise
from payround.costing.cost import CostResult
from payround.costing.distribution import distribution
from payround.costing.headroom import headroom
from payround.costing.views import distribution_document
from payround.engine import OfferResult, apply_offer
from payround.errors import InputError
from payround.offers import load_offer, resolve_structure
from payround.structures import load_structure
from payround.workforce import Workforce, load_workforce
from payround.workforce.describe import describe_workforce
from payround.workforce.pension_rates import read_pension_rates

__all__ = ["register"]


class OutFormat(StrEnum):
    """Output formats of the costing commands."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class By(StrEnum):
    """Totals by."""

    employer = "employer"
    group = "group"
    gender = "gender"


OfferArg = Annotated[Path, typer.Argument(help="An offer file (YAML, offer format version 1).", show_default=False)]
WorkforceOpt = Annotated[
    str,
    typer.Option(
        "--workforce",
        "-w",
        help="A workforce file (.csv, .xlsx, .parquet) or a bundled id: sjc/illustrative, njc/illustrative.",
        show_default=False,
    ),
]
StructureOpt = Annotated[
    str | None, typer.Option("--structure", "-s", help="Cost on this structure instead of the offer's own.")
]
FormatOpt = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format (xlsx needs --output).")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]
PensionOpt = Annotated[
    Path | None,
    typer.Option("--pension-rates", help="CSV of employer,rate (percent): each employer's own pension rate."),
]
PublicOpt = Annotated[
    bool,
    typer.Option(
        "--public-authority/--not-public-authority",
        help="Councils cannot claim the Employment Allowance; say --not-public-authority for an employer that can.",
    ),
]


def _pension_rates(path: Path | None) -> dict[str, Decimal]:
    return {} if path is None else read_pension_rates(path)


def _load(offer_path: Path, workforce: str, structure: str | None) -> tuple[OfferResult, Workforce]:
    offer = load_offer(offer_path)
    result = apply_offer(offer, resolve_structure(offer, structure))
    return result, load_workforce(workforce)


def _cost(offer: Path, workforce: str, structure: str | None, pension: Path | None, public: bool) -> CostResult:
    result, wf = _load(offer, workforce, structure)
    opts = CostOptions(public_authority=public, pension_rates=_pension_rates(pension))
    return cost_offer(result, wf, opts)


def _gbp(x: str) -> str:
    return f"£{Decimal(x):,.2f}"


def _illustrative(doc: dict[str, Any]) -> None:
    if doc.get("illustrative"):
        console.print(
            "[yellow]Illustrative:[/] the structure or the workforce is not published data; these figures show "
            "the method, not the real cost (docs/costing.md)."
        )
    for note in doc.get("notes", []):
        console.print(f"[dim]{note}[/]")


def _require_output(fmt: OutFormat, output: Path | None) -> Path | None:
    if fmt is OutFormat.xlsx and output is None:
        raise InputError("--format xlsx writes a workbook, so it needs --output FILE.xlsx.", file="(command line)")
    return output


@contextmanager
def _output_to(output: Path | None) -> Iterator[None]:
    """Send what the command prints to ``output`` (a file) instead of the terminal."""
    if output is None:
        yield
        return
    with output.open("w", encoding="utf-8", newline="") as f, redirect_stdout(f):
        yield


def _write_workbook(output: Path | None, cost: CostResult, dist: Any, heads: Any) -> None:
    """The Excel export: per-point table, cost summary and distribution on separate sheets."""
    from payround.report.excel import write_cost_workbook

    assert output is not None  # _require_output checked it
    write_cost_workbook(output, cost, dist, heads)
    console.print(f"Wrote {output}")


def cmd_cost(
    offer: OfferArg,
    workforce: WorkforceOpt,
    structure: StructureOpt = None,
    by: Annotated[By | None, typer.Option("--by", help="Also give totals by employer, group or gender.")] = None,
    fmt: FormatOpt = OutFormat.table,
    output: OutputOpt = None,
    pension_rates: PensionOpt = None,
    public_authority: PublicOpt = True,
) -> None:
    """Cost an offer on a workforce: pay bill before and after (full year, in-year, per stage), employer on-costs
    (NI, pension, Apprenticeship Levy), lump sums and the total."""
    _require_output(fmt, output)
    cost = _cost(offer, workforce, structure, pension_rates, public_authority)
    doc = summarise(cost)
    rows = breakdown(cost, by.value) if by is not None else []
    if by is not None:
        doc[f"by_{by.value}"] = rows
    if fmt is OutFormat.xlsx:
        _write_workbook(output, cost, distribution(cost), headroom(cost.result))
        return
    with _output_to(output):
        if fmt is OutFormat.json:
            print_json(doc)
        elif fmt is OutFormat.csv:
            if rows:
                print_csv(list(rows[0]), [list(r.values()) for r in rows])
            else:
                print_csv(["item", "value"], _flat(doc))
        else:
            _cost_table(doc, rows, by)


def _flat(doc: dict[str, Any], prefix: str = "") -> list[list[Any]]:
    out: list[list[Any]] = []
    for k, v in doc.items():
        if isinstance(v, dict):
            out += _flat(v, f"{prefix}{k}.")
        elif isinstance(v, list):
            for i, x in enumerate(v):
                out += _flat(x, f"{prefix}{k}[{i}].") if isinstance(x, dict) else [[f"{prefix}{k}[{i}]", x]]
        else:
            out.append([prefix + k, v])
    return out


def _cost_table(doc: dict[str, Any], rows: list[dict[str, Any]], by: By | None) -> None:
    pb, oc = doc["paybill"], doc["on_costs"]
    console.print(
        f"[bold]{doc['offer']}[/] on [bold]{doc['workforce']}[/] ({doc['structure']}, "
        f"{doc['period']['start']} to {doc['period']['end']}): {doc['headcount']:,} people, {doc['fte']} FTE"
    )
    lines = [
        [
            "Pay bill",
            _gbp(pb["before"]),
            _gbp(pb["after_full_year"]),
            _gbp(pb["increase_full_year"]),
            pb["increase_full_year_pct"] + "%",
            _gbp(pb["increase_in_year"]),
        ],
        *(
            [
                label,
                _gbp(oc[key]["before"]),
                _gbp(oc[key]["after_full_year"]),
                _gbp(oc[key]["increase_full_year"]),
                "",
                _gbp(oc[key]["increase_in_year"]),
            ]
            for label, key in (
                ("Employer NI", "employer_ni"),
                ("Employer pension", "pension"),
                ("Apprenticeship Levy", "apprenticeship_levy"),
            )
        ),
        [
            "Lump sums (with on-costs)",
            "",
            "",
            _gbp(str(Decimal(doc["lump_sums"]["pay"]) + Decimal(doc["lump_sums"]["on_costs"]))),
            "",
            "",
        ],
        [
            "Total cost",
            _gbp(doc["total_cost_before"]),
            "",
            _gbp(doc["total_cost_increase_full_year"]),
            doc["total_cost_increase_full_year_pct"] + "%",
            _gbp(doc["total_cost_increase_in_year"]),
        ],
    ]
    header = ["", "before", "after (full year)", "increase (full year)", "%", "increase (in-year)"]
    console.print(table("Cost", header, lines))
    if len(pb["stages"]) > 1:
        console.print(
            table(
                "Pay bill at each stage's rates (full year)",
                ["stage", "pay bill", "increase", "%"],
                [
                    [
                        s["effective"],
                        _gbp(s["full_year"]),
                        _gbp(s["increase_full_year"]),
                        s["increase_full_year_pct"] + "%",
                    ]
                    for s in pb["stages"]
                ],
            )
        )
    if by is not None and rows:
        console.print(
            table(
                f"By {by.value}",
                [by.value, "headcount", "pay bill before", "increase", "%", "on-costs", "total cost"],
                [
                    [
                        r[by.value],
                        f"{r['headcount']:,}",
                        _gbp(r["paybill_before"]),
                        _gbp(r["increase_full_year"]),
                        r["increase_full_year_pct"] + "%",
                        _gbp(r["on_costs_increase_full_year"]),
                        _gbp(r["total_cost_increase_full_year"]),
                    ]
                    for r in rows
                ],
            )
        )
    _illustrative(doc)


def _claims(values: list[str]) -> list[tuple[float, float]]:
    out = []
    for v in values:
        share, sep, above = v.partition(":")
        try:
            out.append((float(share), float(above)))
        except ValueError as exc:
            raise InputError(
                "a claim is SHARE:ABOVE, as in 12:5 for 'the lowest-paid 12% get more than 5%'.",
                file="(command line)",
                place="--claim",
                got=repr(v),
            ) from exc
        if not sep:
            raise InputError("a claim is SHARE:ABOVE, e.g. 12:5.", file="(command line)", place="--claim", got=repr(v))
    return out


def cmd_distribution(
    offer: OfferArg,
    workforce: WorkforceOpt,
    structure: StructureOpt = None,
    claim: Annotated[
        list[str] | None,
        typer.Option("--claim", help="Check 'the lowest-paid SHARE% get more than ABOVE%', written SHARE:ABOVE."),
    ] = None,
    fmt: FormatOpt = OutFormat.table,
    output: OutputOpt = None,
) -> None:
    """Who gets what: shares of staff by size of increase, the lowest-paid statements, deciles, the equality impact
    by gender and the headroom of every point over the NLW, RLW (UK, London) and SLGLW."""
    _require_output(fmt, output)
    cost = _cost(offer, workforce, structure, None, True)
    dist = distribution(cost)
    heads = headroom(cost.result)
    doc = distribution_document(cost, dist, heads, _claims(claim or []))
    if fmt is OutFormat.xlsx:
        _write_workbook(output, cost, dist, heads)
        return
    with _output_to(output):
        if fmt is OutFormat.json:
            print_json(doc)
        elif fmt is OutFormat.csv:
            print_csv(
                ["increase_above_pct", "share_of_headcount", "share_of_fte", "lowest_paid_share_all_above"],
                [
                    [
                        t,
                        doc["share_with_increase_above"][t],
                        doc["share_fte_with_increase_above"][t],
                        doc["lowest_paid_share_with_increase_above"][t],
                    ]
                    for t in doc["share_with_increase_above"]
                ],
            )
        else:
            _distribution_table(doc)


def _pc(x: str) -> str:
    return f"{100 * float(x):.1f}%"


def _distribution_table(doc: dict[str, Any]) -> None:
    console.print(f"[bold]{doc['offer']}[/] on [bold]{doc['workforce']}[/]: {doc['headcount']:,} people")
    console.print(
        table(
            "Share of staff whose pay rises by more than ...",
            ["more than", "headcount", "FTE", "lowest paid, all above"],
            [
                [
                    f"{t}%",
                    _pc(v),
                    _pc(doc["share_fte_with_increase_above"][t]),
                    _pc(doc["lowest_paid_share_with_increase_above"][t]),
                ]
                for t, v in doc["share_with_increase_above"].items()
            ],
        )
    )
    for c in doc["claims"]:
        verdict = "[green]holds[/]" if c["holds"] else "[red]does not hold[/]"
        console.print(
            f"Claim: {c['claim']} - {verdict} (smallest increase among them {c['smallest_increase_pct']}%); "
            f"the lowest-paid {_pc(c['lowest_paid_share_above'])} all get more."
        )
    console.print(
        table(
            "Deciles (from the lowest paid, full-time pay a year)",
            ["decile", "pay from", "pay to", "mean increase", "mean £ (full time)", "share of the money"],
            [
                [
                    d["decile"],
                    _gbp(d["pay_from"]),
                    _gbp(d["pay_to"]),
                    d["mean_increase_pct"] + "%",
                    _gbp(d["mean_increase_full_time"]),
                    _pc(d["share_of_increase"]),
                ]
                for d in doc["deciles"]
            ],
        )
    )
    g = doc["by_gender"]
    if g:
        console.print(
            table(
                "By gender",
                ["gender", "headcount", "share", "mean increase", "median increase", "share of the money"],
                [
                    [
                        x["gender"],
                        f"{float(x['headcount']):,.0f}",
                        _pc(x["share_of_headcount"]),
                        x["mean_increase_pct"] + "%",
                        x["median_increase_pct"] + "%",
                        _pc(x["share_of_increase"]),
                    ]
                    for x in g["groups"]
                ],
            )
        )
        for line in g["summary"]:
            console.print(line)
    for h in doc["headroom"]:
        lowest = min(h["points"], key=lambda p: Decimal(p["hourly"])) if h["points"] else None
        if lowest is None:
            continue
        parts = [
            f"{k} {v}: {'+' if Decimal(lowest['headroom'][k]) >= 0 else ''}{lowest['headroom'][k]}"
            for k, v in h["floors"].items()
            if v is not None
        ]
        below = {k: v for k, v in h["below"].items() if v}
        console.print(
            f"Headroom on {h['date']} ({h['why']}): lowest point {lowest['point']} at £{lowest['hourly']}/h; "
            + ", ".join(parts)
            + (f"; below: {below}" if below else "")
        )
    _illustrative(doc)


workforce_app = typer.Typer(help="Workforce tables: check, describe and generate them.", no_args_is_help=True)


@workforce_app.command("validate")
def cmd_validate(
    file: Annotated[str, typer.Argument(help="A workforce file or a bundled id.", show_default=False)],
    structure: Annotated[str | None, typer.Option("--structure", "-s", help="Also check every point exists.")] = None,
) -> None:
    """Check a workforce file; errors name the file, the row and the column (exit code 2)."""
    wf = load_workforce(file)
    notes = wf.check(load_structure(structure)) if structure else []
    console.print(
        f"OK: {wf.source}: {wf.rows:,} rows, {wf.headcount:,} people"
        + (f", points in {structure}" if structure else "")
    )
    for n in notes:
        console.print(f"[dim]{n}[/]")


@workforce_app.command("describe")
def cmd_describe(
    file: Annotated[str, typer.Argument(help="A workforce file or a bundled id.", show_default=False)],
    structure: Annotated[str | None, typer.Option("--structure", "-s", help="Pay the workforce on it.")] = None,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="table or json.")] = OutFormat.table,
) -> None:
    """Summarise a workforce: people, FTE, employers, points, hours, gender, groups (and pay, with --structure)."""
    wf = load_workforce(file)
    doc = describe_workforce(wf, load_structure(structure) if structure else None)
    if fmt is OutFormat.json:
        print_json(doc)
        return
    console.print(f"[bold]{doc['source']}[/]: {doc['rows']:,} rows, {doc['headcount']:,} people, {doc['fte']} FTE")
    console.print(table("Summary", ["item", "value"], [[k, v] for k, v in doc["summary"].items()]))
    for name, counts in doc["by"].items():
        console.print(table(f"By {name}", [name, "headcount", "share"], counts[:40]))
    if doc.get("pay"):
        console.print(table("Pay", ["item", "value"], [[k, v] for k, v in doc["pay"].items()]))


@workforce_app.command("synth")
def cmd_synth(
    body: Annotated[str, typer.Argument(help="sjc or njc: which illustrative workforce to generate.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Write it here (.parquet or .csv).")],
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed (default: the configuration's).")] = None,
    headcount: Annotated[int | None, typer.Option("--headcount", help="People (default: the configuration's).")] = None,
    calibrate: Annotated[
        bool, typer.Option("--calibrate/--no-calibrate", help="Re-solve the calibrated knobs for this seed and size.")
    ] = False,
) -> None:
    """Generate an illustrative workforce from its configuration, deterministically from a seed."""
    from payround.workforce.bundled import write_parquet
    from payround.workforce.synth import calibrate as solve
    from payround.workforce.synth import calibration_report, generate, load_config

    config = load_config(f"{body.lower()}-illustrative")
    if calibrate:
        config, _ = solve(config, headcount=headcount, seed=seed)
        console.print(f"Calibrated: gamma_scale={config.knobs[0]:.6f}, group weight={config.knobs[1]:.6f}")
    wf = generate(config, headcount=headcount, seed=seed)
    if output.suffix.lower() == ".csv":
        wf.frame.drop("headcount").write_csv(output)
    else:
        write_parquet(wf, output)
    console.print(f"Wrote {wf.rows:,} rows to {output}")
    if headcount is None or headcount == config.headcount:
        rep = calibration_report(config, wf)
        for t in [*rep["targets"], *rep["checks"]]:
            console.print(
                f"{t['role']}: {t['offer']}: published {t['published_increase']} ({t['published_increase_pct']}%), "
                f"payround {t['payround_increase']} ({t['payround_increase_pct']}%)"
            )


@workforce_app.command("calibration")
def cmd_calibration(
    ids: Annotated[list[str] | None, typer.Argument(help="Bundled ids (default: all).")] = None,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="table or json.")] = OutFormat.table,
) -> None:
    """How the illustrative workforces meet the published figures: anchors, calibration targets, untuned checks
    (the NJC 2024/25 and 2022/23 costs) and COSLA's 'lowest-paid 12%' claim."""
    from payround.workforce.bundled import bundled_workforce_ids
    from payround.workforce.synth import calibration_report, load_config

    reports = []
    for wid in ids or bundled_workforce_ids():
        reports.append(calibration_report(load_config(wid.replace("/", "-", 1)), load_workforce(wid)))
    if fmt is OutFormat.json:
        print_json(reports)
        return
    for rep in reports:
        console.print(
            f"[bold]{rep['workforce']}[/]: {rep['headcount']:,} people, {rep['employers']} employers, "
            f"{rep['fte']} FTE {rep['knobs'] or ''}"
        )
        if rep["anchors"]:
            console.print(
                table(
                    "Published shares (calibration anchors)",
                    ["at or below SCP", "published", "payround"],
                    [[a["point"], a["published_share"], a["payround_share"]] for a in rep["anchors"]],
                )
            )
        comps = [*rep["targets"], *rep["checks"]]
        if comps:
            console.print(
                table(
                    "Published costings (pay bill increase)",
                    [
                        "offer",
                        "role",
                        "published £",
                        "payround £",
                        "diff",
                        "published %",
                        "payround %",
                        "payround with on-costs",
                    ],
                    [
                        [
                            c["offer"],
                            c["role"],
                            c["published_increase"],
                            c["payround_increase"],
                            (c["difference_pct"] or "") + "%",
                            c["published_increase_pct"] or "",
                            c["payround_increase_pct"],
                            f"{_gbp(c['total_cost_increase_full_year'])} ({c['total_cost_increase_full_year_pct']}%)",
                        ]
                        for c in comps
                    ],
                )
            )
        for c in rep["claims"]:
            console.print(
                f"Claim ({c['offer']}): {c['published']} - {'holds' if c['holds'] else 'does not hold'} on this "
                f"workforce; the lowest-paid {c['payround_lowest_paid_share_above']} all get more. {c['caveat']}"
            )


def register(app: typer.Typer) -> None:
    """Add ``cost``, ``distribution`` and the ``workforce`` group to the main app."""
    app.command("cost")(cmd_cost)
    app.command("distribution")(cmd_distribution)
    app.add_typer(workforce_app, name="workforce")
