"""``payround takehome`` (what an offer is worth after tax, NI, pension and Universal Credit) and ``payround realterms``
(every increase against CPI and RPI over the offer's period).

Thin: each command parses its options, calls one function of ``payround.reports.takehome`` (with a progress bar on
stderr while PolicyEngine UK runs) and renders the report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from payround.cli.progress import progress_bar
from payround.cli.render import Format, render

__all__ = ["register"]

OfferArg = Annotated[
    Path, typer.Argument(help="An offer file (YAML, offer format version 1).", show_default=False, metavar="OFFER")
]
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

    Annual figures, before and after the offer, from PolicyEngine UK (Scottish income tax for SJC structures): read
    from tables of its answer over gross pay (built once per tax year), or simulated directly with --exact.
    """
    from payround.reports.takehome import takehome_report

    with progress_bar() as progress:
        report = takehome_report(
            offer,
            structure,
            households=household,
            households_file=households,
            points=points,
            stage=stage,
            exact=exact,
            use_cache=not no_cache,
            inflation_file=inflation_file,
            workforce=workforce,
            headcount_file=headcount,
            employer_cost=employer_cost,
            employer_ni=employer_ni,
            mix_file=mix,
            progress=progress,
        )
    render(report, fmt)


def cmd_realterms(
    offers: OffersArg,
    structure: StructureOpt = None,
    fmt: FormatOpt = Format.table,
    inflation_file: InflationOpt = None,
) -> None:
    """Every increase of each offer (and the claim) against CPI and RPI averaged over the offer's period (months not
    yet published: the bundled OBR forecast, marked †)."""
    from payround.reports.takehome import realterms_report

    render(realterms_report(offers, structure, inflation_file=inflation_file), fmt)


def register(app: typer.Typer) -> None:
    """Add ``takehome`` and ``realterms`` to the main app."""
    app.command("takehome")(cmd_takehome)
    app.command("realterms")(cmd_realterms)
