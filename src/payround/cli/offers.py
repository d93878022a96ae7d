"""Offer and structure commands: structures, show, apply, explain, validate, compare, schema."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from payround.api import apply_offer
from payround.cli.output import Format, console, print_csv, print_json, table
from payround.engine import OfferResult
from payround.engine.checks import Finding, check_result
from payround.engine.explain import explain_offer
from payround.money import format_money, pct_change
from payround.offers import load_offer, offer_json_schema
from payround.structures import PayStructure, bundled_structure_ids, load_structure

__all__ = ["register"]

OfferArg = Annotated[Path, typer.Argument(help="An offer file (YAML, offer format version 1).", show_default=False)]
StructureOpt = Annotated[
    str | None,
    typer.Option("--structure", "-s", help="Apply to this structure (bundled id or file) instead of the offer's own."),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
MinDiffOpt = Annotated[
    float, typer.Option("--min-differential", help="Flag steps between points squeezed below this %.")
]


def _illustrative_note(s: PayStructure) -> None:
    if s.illustrative:
        console.print(
            f"[yellow]Illustrative:[/] {len(s.illustrative_points)} of {len(s.points)} points of {s.id} are built by "
            "a documented rule, not published; figures on them are illustrative (see docs/structures.md)."
        )


def cmd_structures(fmt: FormatOpt = Format.table) -> None:
    """List the bundled pay structures."""
    rows = []
    for sid in bundled_structure_ids():
        s = load_structure(sid)
        rows.append(
            [
                s.id,
                s.body,
                s.pay_year,
                s.unit,
                len(s.points),
                f"{s.points[0].id}–{s.points[-1].id}",
                f"{s.floor.name} {s.floor.rate}" if s.floor else "",
                "yes" if s.illustrative else "no",
            ]
        )
    header = ["id", "body", "pay year", "unit", "points", "range", "floor", "illustrative"]
    if fmt is Format.json:
        print_json([dict(zip(header, r, strict=True)) for r in rows])
    elif fmt is Format.csv:
        print_csv(header, rows)
    else:
        console.print(table("Bundled pay structures", header, rows, right_from=4))


def cmd_show(
    structure: Annotated[str, typer.Argument(help="A bundled id (see `payround structures`) or a structure file.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Show a structure's points: rate, pay (floor applied), hourly and annual equivalents, and sources."""
    s = load_structure(structure)
    rows = []
    for p in s.points:
        pay = s.pay(p.id)
        rows.append(
            [
                p.id,
                str(p.rate),
                str(pay),
                f"{s.to_hourly(pay):.2f}",
                f"{s.full_time_annual(pay):.2f}",
                p.basis,
                p.source,
            ]
        )
    header = ["point", "rate", "pay", "hourly", "annual", "basis", "source"]
    if fmt is Format.json:
        print_json(
            {
                "id": s.id,
                "name": s.name,
                "unit": s.unit,
                "standard_hours": str(s.standard_hours),
                "weeks_per_year": str(s.weeks_per_year),
                "rounding": {"quantum": str(s.rounding.quantum), "mode": s.rounding.mode},
                "floor": None if s.floor is None else {"name": s.floor.name, "rate": str(s.floor.rate)},
                "illustrative": s.illustrative,
                "points": [dict(zip(header, r, strict=True)) for r in rows],
            }
        )
        return
    if fmt is Format.csv:
        print_csv(header, rows)
        return
    console.print(
        f"[bold]{s.name or s.id}[/] — {s.unit}ly rates, {s.standard_hours}-hour week, {s.weeks_per_year} weeks, "
        f"rounded {s.rounding.describe()}" + (f"; floor {s.floor.name} £{s.floor.rate}" if s.floor else "")
    )
    console.print(table(s.id, header[:-1], [r[:-1] for r in rows]))
    _illustrative_note(s)


def _apply_rows(result: OfferResult) -> tuple[list[str], list[list[str]]]:
    s = result.structure
    multi = len(result.stages) > 1
    header = ["point", "before"]
    if multi:
        header += [f"from {st.effective}" for st in result.stages]
    header += ["after", "increase", "%", "hourly", "annual", "in-year", "in-year %"]
    rows: list[list[str]] = []
    final = {p.point: p for p in result.final.points}
    if result.final.floor is not None:
        f = result.final.floor
        row = [f.name, str(f.before)]
        if multi:
            row += [str(st.floor.after) if st.floor else "" for st in result.stages]
        iy = result.in_year_floor
        row += [
            str(f.after),
            str(f.increase),
            str(f.increase_pct),
            f"{s.to_hourly(f.after):.2f}",
            f"{s.full_time_annual(f.after):.2f}",
            str(iy.value) if iy else "",
            str(iy.increase_pct) if iy else "",
        ]
        rows.append(row)
    moved = {c.point: c for c in result.moved_changes}
    for label in s.point_ids:
        iy_p = result.in_year[label]
        if label not in final:
            c = moved[label]  # deleted: its staff are paid on the point they moved to
            rows.append(
                [
                    f"{label} (deleted → {result.final.removed[label]})",
                    str(c.before),
                    *([""] * len(result.stages) if multi else []),
                    str(c.after),
                    str(c.increase),
                    str(c.increase_pct),
                    str(c.after_hourly),
                    str(c.after_annual),
                    str(iy_p.value),
                    str(iy_p.increase_pct),
                ]
            )
            continue
        p = final[label]
        row = [label, str(p.before)]
        if multi:
            for st in result.stages:
                here = next((q for q in st.points if q.point == label), None)
                row.append(str(here.after) if here else "")
        row += [
            str(p.after),
            str(p.increase),
            str(p.increase_pct),
            str(p.after_hourly),
            str(p.after_annual),
            str(iy_p.value),
            str(iy_p.increase_pct),
        ]
        rows.append(row)
    return header, rows


def _merge_floor_rows(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """For the terminal: merge runs of points that are identical to the floor row ('2–18') into one row."""
    if not rows or len(rows) < 3:
        return header, rows
    floor_values = rows[0][1:]
    out = [rows[0]]
    run: list[list[str]] = []

    def flush() -> None:
        if len(run) > 2:
            out.append([f"{run[0][0]}–{run[-1][0]}", *run[0][1:]])
        else:
            out.extend(run)
        run.clear()

    for r in rows[1:]:
        if r[1:] == floor_values:
            run.append(r)
        else:
            flush()
            out.append(r)
    flush()
    return header, out


def cmd_apply(
    offer: OfferArg,
    structure: StructureOpt = None,
    fmt: FormatOpt = Format.table,
    min_differential: MinDiffOpt = 1.0,
) -> None:
    """Apply an offer to its structure and print the table per point (floor first), with the explanation."""
    o = load_offer(offer)
    result = apply_offer(o, structure)
    findings = check_result(result, min_differential_pct=Decimal(str(min_differential)))
    if fmt is Format.json:
        data = result.to_json()
        data["checks"] = [f.to_json() for f in findings]
        data["explanation"] = explain_offer(o, result)
        print_json(data)
        return
    if fmt is Format.csv:
        rows = []
        for label, st in [(st.effective.isoformat(), st) for st in result.stages] + [("final", result.final)]:
            if st.floor is not None:
                f = st.floor
                rows.append([label, f.name, f.before, f.after, f.increase, f.increase_pct, "", ""])
            for p in st.points:
                rows.append(
                    [
                        label,
                        p.point,
                        p.before,
                        p.after,
                        p.increase,
                        p.increase_pct,
                        p.after_hourly,
                        p.after_annual,
                    ]
                )
        print_csv(
            ["stage", "point", "before", "after", "increase", "increase_pct", "after_hourly", "after_annual"],
            rows,
        )
        return
    header, point_rows = _merge_floor_rows(*_apply_rows(result))
    s = result.structure
    console.print(table(f"{o.name} — {s.id} ({s.unit}ly rates)", header, point_rows))
    for line in explain_offer(o, result):
        console.print(line, highlight=False)
    _print_findings(findings)


def _print_findings(findings: list[Finding]) -> None:
    if not findings:
        console.print("Checks: no leapfrogging, no squeezed differentials, no points newly absorbed by the floor.")
        return
    console.print(f"[bold]Checks ({len(findings)}):[/]")
    for f in findings[:20]:
        style = "bold red" if f.severity == "alert" else ""
        line = f"  • {escape('[' + f.kind + ']')} {escape(f.message)}"
        console.print(f"[{style}]{line}[/]" if style else line, highlight=False)
    if len(findings) > 20:
        console.print(f"  … and {len(findings) - 20} more (use --format json for all).")


def cmd_explain(offer: OfferArg, structure: StructureOpt = None, min_differential: MinDiffOpt = 1.0) -> None:
    """Explain an offer in plain English, with its headline figures and checks."""
    o = load_offer(offer)
    result = apply_offer(o, structure)
    for line in explain_offer(o, result):
        console.print(line, highlight=False)
    _print_findings(check_result(result, min_differential_pct=Decimal(str(min_differential))))


def cmd_validate(offer: OfferArg, structure: StructureOpt = None) -> None:
    """Check an offer file: format, dates, point labels against the structure. Exit code 2 with the reason if not."""
    o = load_offer(offer)
    result = apply_offer(o, structure)
    console.print(f"OK: {offer} — {o.name!r}, {len(o.stages)} stage(s) on {result.structure.id}.", highlight=False)
    for f in check_result(result):
        if f.kind in ("selector", "cut", "date"):
            console.print(f"Warning: {escape(f.message)}", highlight=False)


def cmd_compare(
    offers: Annotated[list[Path], typer.Argument(help="Two or more offer files.", show_default=False)],
    structure: StructureOpt = None,
    fmt: FormatOpt = Format.table,
    workforce: Annotated[
        str | None,
        typer.Option("--workforce", "-w", help="Add cost columns: a workforce file or id (e.g. sjc/illustrative)."),
    ] = None,
    household: Annotated[
        str | None,
        typer.Option("--household", help="Add take-home columns: net change per point for this household archetype."),
    ] = None,
) -> None:
    """Compare offers side by side per point: pay after, £ and % rise, in-year %, and the difference from the first;
    with --workforce, what each costs; with --household, what each is worth after tax, NI, pension and UC."""
    loaded = [load_offer(p) for p in offers]
    results = [apply_offer(o, structure) for o in loaded]
    costs: list[dict[str, Any]] = []
    if workforce is not None:
        from payround.costing import cost_summary  # heavy (Polars); only when asked
        from payround.workforce import load_workforce

        wf = load_workforce(workforce)
        costs = [cost_summary(r, wf) for r in results]
    nets: list[dict[str, Decimal]] = []
    if household is not None:
        from payround.takehome import takehome_summary  # heavy (PolicyEngine UK); only when asked

        nets = [takehome_summary(r, household) for r in results]
    base = results[0]
    labels: list[str] = []
    if base.final.floor is not None:
        labels.append(base.final.floor.name)
    for r in results:
        for p in r.structure.point_ids:
            if p not in labels:
                labels.append(p)

    def cell(r: OfferResult, label: str) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
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

    names = [o.name for o in loaded]
    data_rows = []
    for label in labels:
        cells = [cell(r, label) for r in results]
        data_rows.append((label, cells))
    if fmt is Format.json:
        print_json(
            {
                "offers": names,
                "structures": [r.structure.id for r in results],
                "illustrative": any(r.illustrative for r in results),
                "household": household,
                "costs": costs or None,
                "points": [
                    {
                        "point": label,
                        "offers": [
                            {
                                "after": None if c[0] is None else str(c[0]),
                                "increase": None if c[1] is None else str(c[1]),
                                "increase_pct": None if c[2] is None else str(c[2]),
                                "in_year_increase_pct": None if c[3] is None else str(c[3]),
                                "difference_from_first": None
                                if c[1] is None or cells[0][1] is None
                                else str(c[1] - cells[0][1]),
                                **(
                                    {"net_change": None if label not in nets[i] else str(nets[i][label])}
                                    if nets
                                    else {}
                                ),
                            }
                            for i, c in enumerate(cells)
                        ],
                    }
                    for label, cells in data_rows
                ],
            }
        )
        return
    header = ["point"]
    for i in range(len(names)):
        tag = f"[{i + 1}]"
        header += [f"{tag} after", f"{tag} +£", f"{tag} %", f"{tag} in-year %"]
        if nets:
            header.append(f"{tag} net +£/yr")
        if i:
            header.append(f"{tag}−[1] £")
    table_rows: list[list[str]] = []
    for label, cells in data_rows:
        row: list[str] = [label]
        for i, c in enumerate(cells):
            row += ["" if v is None else str(v) for v in c]
            if nets:
                row.append(str(nets[i].get(label, "")))
            if i:
                row.append("" if c[1] is None or cells[0][1] is None else str(c[1] - cells[0][1]))
        table_rows.append(row)
    if fmt is Format.csv:
        print_csv(header, table_rows)
        return
    for i, n in enumerate(names):
        console.print(f"[{i + 1}] {n} ({results[i].structure.id})", highlight=False)
    console.print(table("Offers compared (final pay, structure unit)", header, table_rows))
    if nets:
        console.print(f"net +£/yr: change in annual household net income for the '{household}' household.")
    if costs:
        console.print(
            table(
                f"Cost on {workforce}",
                ["offer", "pay bill before", "pay increase (full year)", "%", "in-year", "on-costs", "total cost"],
                [
                    [
                        f"[{i + 1}]",
                        format_money(Decimal(c["paybill"]["before"]), 0),
                        format_money(Decimal(c["paybill"]["increase_full_year"]), 0),
                        c["paybill"]["increase_full_year_pct"],
                        format_money(Decimal(c["paybill"]["increase_in_year"]), 0),
                        format_money(Decimal(c["on_costs"]["increase_full_year"]), 0),
                        format_money(Decimal(c["total_cost_increase_full_year"]), 0),
                    ]
                    for i, c in enumerate(costs)
                ],
            )
        )
    for r in results:
        if r.illustrative:
            _illustrative_note(r.structure)
            break


schema_app = typer.Typer(help="Print the JSON Schema of payround's file formats.", no_args_is_help=True)


@schema_app.command("offer")
def cmd_schema_offer() -> None:
    """The JSON Schema of the offer file format (version 1)."""
    typer.echo(offer_json_schema())


@schema_app.command("structure")
def cmd_schema_structure() -> None:
    """The JSON Schema of the pay structure file format."""
    typer.echo(json.dumps(PayStructure.model_json_schema(), indent=2))


def register(app: typer.Typer) -> None:
    """Add the offer and structure commands to the main app."""
    app.command("structures")(cmd_structures)
    app.command("show")(cmd_show)
    app.command("apply")(cmd_apply)
    app.command("explain")(cmd_explain)
    app.command("validate")(cmd_validate)
    app.command("compare")(cmd_compare)
    app.add_typer(schema_app, name="schema")
