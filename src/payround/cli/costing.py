"""Costing commands: ``cost``, ``distribution`` and the ``workforce`` group (validate, describe, synth, calibration).

Thin: each command parses its options, calls one function of ``payround.reports.costing`` (or ``.workforce``) and
renders the report; a bundled workforce generated on first use shows a progress bar on stderr."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from payround.cli.progress import progress_bar
from payround.cli.render import err_console, output_to, render
from payround.errors import InputError

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
ColumnsOpt = Annotated[
    str | None,
    typer.Option(
        "--columns",
        help="Read a payroll export as it is: NAME=HEADER pairs (point=SCP,fte=FTE,employer=Organisation) or a "
        "mapping YAML file (docs/costing.md, 'Payroll exports').",
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


def _require_output(fmt: OutFormat, output: Path | None) -> Path | None:
    if fmt is OutFormat.xlsx and output is None:
        raise InputError("--format xlsx writes a workbook, so it needs --output FILE.xlsx.", file="(command line)")
    return output


def _wrote(path: Path) -> None:
    err_console.print(f"Wrote {path}", markup=False)


def cmd_cost(
    offer: OfferArg,
    workforce: WorkforceOpt,
    structure: StructureOpt = None,
    by: Annotated[By | None, typer.Option("--by", help="Also give totals by employer, group or gender.")] = None,
    fmt: FormatOpt = OutFormat.table,
    output: OutputOpt = None,
    pension_rates: PensionOpt = None,
    public_authority: PublicOpt = True,
    columns: ColumnsOpt = None,
    grades: Annotated[
        str | None,
        typer.Option(
            "--grades",
            help="A grade file (grades as point ranges): also cost incremental progression ('drift') apart.",
        ),
    ] = None,
    per_employee: Annotated[
        Path | None,
        typer.Option(
            "--per-employee",
            help="Also write each employee's costing (.csv, .parquet or .xlsx) to reconcile with payroll.",
        ),
    ] = None,
) -> None:
    """Cost an offer on a workforce: pay bill before and after (full year, in-year, per stage), employer on-costs
    (NI, pension, Apprenticeship Levy), lump sums and the total, with the on-cost rules assumed."""
    from payround.reports.costing import cost_report, pension_rates_file, write_per_employee, write_workbook

    _require_output(fmt, output)
    with progress_bar() as progress:
        report = cost_report(
            offer,
            workforce,
            structure,
            by=None if by is None else by.value,
            columns=columns,
            grades=grades,
            pension_rates=pension_rates_file(pension_rates) if pension_rates is not None else None,
            public_authority=public_authority,
            progress=progress,
        )
    if per_employee is not None:
        _wrote(write_per_employee(report, per_employee))
    if fmt is OutFormat.xlsx:
        assert output is not None  # _require_output checked it
        _wrote(write_workbook(report, output))
        return
    with output_to(output):
        render(report, fmt.value)


def _claims(values: list[str]) -> list[tuple[Decimal, Decimal]]:
    out = []
    for v in values:
        share, sep, above = v.partition(":")
        try:
            if not sep:
                raise InvalidOperation
            out.append((Decimal(share), Decimal(above)))
        except InvalidOperation as exc:
            raise InputError(
                "a claim is SHARE:ABOVE, as in 12:5 for 'the lowest-paid 12% get more than 5%'.",
                file="(command line)",
                place="--claim",
                got=repr(v),
            ) from exc
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
    columns: ColumnsOpt = None,
) -> None:
    """Who gets what: shares of staff by size of increase, the lowest-paid statements, deciles, the equality impact
    by gender and the headroom of every point over the NLW, RLW (UK, London) and SLGLW."""
    from payround.reports.costing import distribution_report, write_workbook

    _require_output(fmt, output)
    with progress_bar() as progress:
        report = distribution_report(
            offer, workforce, structure, claims=_claims(claim or []), columns=columns, progress=progress
        )
    if fmt is OutFormat.xlsx:
        assert output is not None
        _wrote(write_workbook(report, output))
        return
    with output_to(output):
        render(report, fmt.value)


workforce_app = typer.Typer(help="Workforce tables: check, describe and generate them.", no_args_is_help=True)
TableOrJson = Annotated[OutFormat, typer.Option("--format", "-f", help="table or json.")]


@workforce_app.command("validate")
def cmd_validate(
    file: Annotated[str, typer.Argument(help="A workforce file or a bundled id.", show_default=False)],
    structure: Annotated[str | None, typer.Option("--structure", "-s", help="Also check every point exists.")] = None,
    columns: ColumnsOpt = None,
    fmt: TableOrJson = OutFormat.table,
) -> None:
    """Check a workforce file; errors name the file, the row and the column (exit code 2)."""
    from payround.reports.workforce import workforce_validate_report

    with progress_bar() as progress:
        report = workforce_validate_report(file, structure, columns=columns, progress=progress)
    render(report, fmt.value)


@workforce_app.command("describe")
def cmd_describe(
    file: Annotated[str, typer.Argument(help="A workforce file or a bundled id.", show_default=False)],
    structure: Annotated[str | None, typer.Option("--structure", "-s", help="Pay the workforce on it.")] = None,
    fmt: TableOrJson = OutFormat.table,
    columns: ColumnsOpt = None,
) -> None:
    """Summarise a workforce: people, FTE, employers, points, hours, gender, groups (and pay, with --structure)."""
    from payround.reports.workforce import workforce_describe_report

    with progress_bar() as progress:
        report = workforce_describe_report(file, structure, columns=columns, progress=progress)
    render(report, fmt.value)


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
    from payround.reports.workforce import synth_report

    render(synth_report(body, output, seed=seed, headcount=headcount, calibrate=calibrate))


@workforce_app.command("calibration")
def cmd_calibration(
    ids: Annotated[list[str] | None, typer.Argument(help="Bundled ids (default: all).")] = None,
    fmt: TableOrJson = OutFormat.table,
) -> None:
    """How the illustrative workforces meet the published figures: anchors, calibration targets, untuned checks
    (the NJC 2024/25 and 2022/23 costs) and COSLA's 'lowest-paid 12%' claim."""
    from payround.reports.workforce import calibration_report

    with progress_bar() as progress:
        report = calibration_report(ids, progress=progress)
    render(report, fmt.value)


def register(app: typer.Typer) -> None:
    """Add ``cost``, ``distribution`` and the ``workforce`` group to the main app."""
    app.command("cost")(cmd_cost)
    app.command("distribution")(cmd_distribution)
    app.add_typer(workforce_app, name="workforce")
