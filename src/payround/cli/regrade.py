"""``payround regrade FILE --workforce W``: a restructure costed over time. Thin: parse options, call
``payround.reports.regrade.regrade_report`` once, render it (table, JSON, the per-person table as CSV) or write a
workbook of all its tables (xlsx)."""

from __future__ import annotations

import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from payround.cli.render import console, output_to, render
from payround.errors import InputError
from payround.reports.schemas import schema_text

__all__ = ["register"]


class RegradeFormat(StrEnum):
    """Output formats of ``payround regrade``."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


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
    from payround.reports.regrade import regrade_report

    report = regrade_report(
        restructure,
        workforce,
        awards=awards,
        compare_months=tuple(compare) if compare else (Decimal(6), Decimal(36)),
        people=fmt is not RegradeFormat.table,
    )
    if fmt is RegradeFormat.xlsx:
        from payround.report.tables import write_tables_workbook

        assert output is not None
        write_tables_workbook([report.people_table(), *report.detail_tables(), *report.tables()[2:]], output)
        console().print(f"Wrote {output}")
        return
    with output_to(output):
        render(report, fmt.value)


def cmd_schema_restructure() -> None:
    """The restructure file format (payround regrade)."""
    sys.stdout.write(schema_text("restructure") + "\n")


def register(app: typer.Typer) -> None:
    """Add ``regrade`` to the main app and ``restructure`` to ``payround schema``."""
    from payround.cli.offers import schema_group

    app.command("regrade")(cmd_regrade)
    schema_group(app).command("restructure")(cmd_schema_restructure)
