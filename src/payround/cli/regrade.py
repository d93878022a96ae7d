"""``payround regrade FILE --workforce W``: a restructure costed over time. Thin: parse options, call
``payround.reports.regrade.regrade_report`` once, render its blocks (table), its JSON, its per-person table (CSV)
or a workbook of all its tables (xlsx)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from openpyxl import Workbook
from rich.table import Table as RichTable

from payround.cli.output import console, print_json
from payround.errors import InputError
from payround.regrade.loader import restructure_json_schema
from payround.reports.base import Kind, Table, Text
from payround.reports.format import cell_text
from payround.reports.regrade import RegradeReport, regrade_report

__all__ = ["register"]


class RegradeFormat(StrEnum):
    """Output formats of ``payround regrade``."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


_RIGHT = {Kind.money, Kind.money0, Kind.rate, Kind.pct, Kind.share, Kind.integer, Kind.number}


def _show(t: Table) -> RichTable:
    rt = RichTable(title=t.title, title_justify="left", header_style="bold")
    for c in t.columns:
        rt.add_column(c.name, justify="right" if c.kind in _RIGHT else "left")
    for r in t.rows:
        rt.add_row(*[cell_text(v, c.kind) for v, c in zip(r.cells, t.columns, strict=True)])
    return rt


def _print(report: RegradeReport) -> None:
    for b in report.blocks():
        if isinstance(b, Text):
            style = {"heading": "bold", "warning": "yellow", "note": "dim"}.get(b.style, "")
            for line in b.lines:
                console.print(line, style=style or None, highlight=False)
        else:
            console.print(_show(b))
            for n in b.notes:
                console.print(n, style="dim", highlight=False)


def _raw(v: object) -> object:
    return "" if v is None else v.isoformat() if hasattr(v, "isoformat") else v


def _csv(t: Table) -> None:
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(t.header)
    for r in t.rows:
        w.writerow([_raw(v) for v in r.cells])


def _xlsx(report: RegradeReport, path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for i, t in enumerate([report.people_table(), *report.tables()]):
        ws = wb.create_sheet(f"{i + 1} {t.title[:25]}".replace(":", "").replace("/", "-"))
        ws.append([t.title + (" (illustrative)" if t.illustrative else "")])
        ws.append(t.header)
        for r in t.rows:
            ws.append([_raw(v) for v in r.cells])  # Decimals are written as exact numbers
        for j, c in enumerate(t.columns, start=1):
            if c.kind in (Kind.money, Kind.money0):
                for row in ws.iter_rows(min_row=3, min_col=j, max_col=j):
                    row[0].number_format = "£#,##0.00" if c.kind is Kind.money else "£#,##0"
    wb.save(path)


@contextmanager
def _to(output: Path | None) -> Iterator[None]:
    if output is None:
        yield
        return
    with output.open("w", encoding="utf-8", newline="") as f, redirect_stdout(f):
        yield


def cmd_regrade(
    restructure: Annotated[Path, typer.Argument(help="A restructure file (YAML).", show_default=False)],
    workforce: Annotated[
        str | None,
        typer.Option("--workforce", "-w", help="A workforce file or bundled id (default: the file's own)."),
    ] = None,
    awards: Annotated[
        list[str] | None,
        typer.Option(
            "--awards",
            help="Replace the file's awards, in order: an offer file, 3% (every year from the previous award's "
            "anniversary) or 3%@2026-04-01 (once). Repeat the option.",
        ),
    ] = None,
    compare: Annotated[
        list[Decimal] | None,
        typer.Option("--compare-months", help="Protection lengths (months) to cost side by side (default 6, 36)."),
    ] = None,
    fmt: Annotated[RegradeFormat, typer.Option("--format", "-f", help="Output (xlsx needs --output).")] = (
        RegradeFormat.table
    ),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Cost a restructure over time: savings, protection, one-off costs, on-costs; who loses, how much, how long."""
    if fmt is RegradeFormat.xlsx and output is None:
        raise InputError("--format xlsx writes a workbook, so it needs --output FILE.xlsx.", file="(command line)")
    report = regrade_report(
        restructure,
        workforce,
        awards=awards,
        compare_months=tuple(compare) if compare else (Decimal(6), Decimal(36)),
        people=fmt is not RegradeFormat.table,
    )
    if fmt is RegradeFormat.xlsx:
        assert output is not None
        _xlsx(report, output)
        console.print(f"Wrote {output}")
        return
    with _to(output):
        if fmt is RegradeFormat.json:
            print_json(report.to_json())
        elif fmt is RegradeFormat.csv:
            _csv(report.people_table())
        else:
            _print(report)


def cmd_schema_restructure() -> None:
    """The restructure file format (payround regrade)."""
    sys.stdout.write(restructure_json_schema() + "\n")


def register(app: typer.Typer) -> None:
    """Add ``regrade`` to the main app and ``restructure`` to ``payround schema``."""
    from payround.cli.offers import schema_app

    app.command("regrade")(cmd_regrade)
    schema_app.command("restructure")(cmd_schema_restructure)
