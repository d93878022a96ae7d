"""Offer and structure commands: structures, show, apply, explain, validate, compare, schema.

Thin: each command parses its options, calls one function of ``payround.reports.offers`` and renders the report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from payround.cli.render import Format, render

__all__ = ["register"]

OfferArg = Annotated[
    Path, typer.Argument(help="An offer file (YAML, offer format version 1).", show_default=False, metavar="OFFER")
]
StructureOpt = Annotated[
    str | None,
    typer.Option("--structure", "-s", help="Apply to this structure (bundled id or file) instead of the offer's own."),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
MinDiffOpt = Annotated[
    float, typer.Option("--min-differential", help="Flag steps between points squeezed below this %.")
]


def _pct(value: float) -> Decimal:
    return Decimal(str(value))


def cmd_structures(fmt: FormatOpt = Format.table) -> None:
    """List the bundled pay structures."""
    from payround.reports.offers import structures_report

    render(structures_report(), fmt)


def cmd_show(
    structure: Annotated[str, typer.Argument(help="A bundled id (see `payround structures`) or a structure file.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Show a structure's points: rate, pay (floor applied), hourly and annual equivalents, and sources."""
    from payround.reports.offers import structure_report

    render(structure_report(structure), fmt)


def cmd_apply(
    offer: OfferArg,
    structure: StructureOpt = None,
    fmt: FormatOpt = Format.table,
    min_differential: MinDiffOpt = 1.0,
) -> None:
    """Apply an offer to its structure and print the table per point (floor first), with the explanation."""
    from payround.reports.offers import apply_report

    render(apply_report(offer, structure, min_differential_pct=_pct(min_differential)), fmt)


def cmd_explain(
    offer: OfferArg, structure: StructureOpt = None, min_differential: MinDiffOpt = 1.0, fmt: FormatOpt = Format.table
) -> None:
    """Explain an offer in plain English, with its headline figures and checks."""
    from payround.reports.offers import explain_report

    render(explain_report(offer, structure, min_differential_pct=_pct(min_differential)), fmt)


def cmd_validate(offer: OfferArg, structure: StructureOpt = None, fmt: FormatOpt = Format.table) -> None:
    """Check an offer file: format, dates, point labels against the structure. Exit code 2 with the reason if not."""
    from payround.reports.offers import validate_report

    render(validate_report(offer, structure), fmt)


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
    from payround.cli.progress import progress_bar
    from payround.reports.offers import compare_report

    with progress_bar() as progress:
        report = compare_report(list(offers), structure, workforce=workforce, household=household, progress=progress)
    render(report, fmt)


def cmd_schema_offer() -> None:
    """The JSON Schema of the offer file format (version 1)."""
    from payround.reports.schemas import schema_text

    typer.echo(schema_text("offer"))


def cmd_schema_structure() -> None:
    """The JSON Schema of the pay structure file format."""
    from payround.reports.schemas import schema_text

    typer.echo(schema_text("structure"))


def schema_group(app: typer.Typer) -> typer.Typer:
    """The ``schema`` group of ``app`` (made by :func:`register`), to which other modules add their formats."""
    for info in app.registered_groups:
        if info.name == "schema" and info.typer_instance is not None:
            return info.typer_instance
    raise LookupError("the offer commands (and their schema group) are registered first")


def register(app: typer.Typer) -> None:
    """Add the offer and structure commands to the main app."""
    app.command("structures")(cmd_structures)
    app.command("show")(cmd_show)
    app.command("apply")(cmd_apply)
    app.command("explain")(cmd_explain)
    app.command("validate")(cmd_validate)
    app.command("compare")(cmd_compare)
    # A new group for each app: an app built for one command and the full app never share (and double) commands.
    schema_app = typer.Typer(help="Print the JSON Schema of payround's file formats.", no_args_is_help=True)
    schema_app.command("offer")(cmd_schema_offer)
    schema_app.command("structure")(cmd_schema_structure)
    app.add_typer(schema_app, name="schema")
