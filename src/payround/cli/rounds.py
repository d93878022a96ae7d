"""Pay round commands: ``round import|export|show|timeline|list|log|verify``, ``ballot check``, ``calendar``,
``impact``; ``user``, ``member`` and ``db`` are in ``cli.members``.

Thin: each command parses its options, calls one function of ``payround.reports.rounds`` / ``.action`` and renders
the report. A ROUND argument is a round file (``*.yaml``), a round stored in the database, or a bundled id
(``sjc-2022-23``, ``birmingham-2025``), looked up in that order. The database is ``--database``, else
``$PAYROUND_DATABASE_URL``, else ``./payround.sqlite3`` (read only when it exists; ``round import`` creates it).
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from payround.cli.members import AsOpt
from payround.cli.members import register as register_members
from payround.cli.render import Format, err_console, render
from payround.errors import InputError

__all__ = ["register"]


class Fmt(StrEnum):
    """Output formats of the round commands."""

    table = "table"
    json = "json"


class CalFmt(StrEnum):
    """Output formats of the strike calendar."""

    ical = "ical"
    table = "table"
    json = "json"


FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")]
DatabaseOpt = Annotated[
    str | None,
    typer.Option("--database", help="Database URL (default: $PAYROUND_DATABASE_URL, else ./payround.sqlite3)."),
]
RoundArg = Annotated[str, typer.Argument(help="A round file, a stored round or a bundled id (sjc-2022-23).")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        err_console.print(f"Wrote {output}", style="dim", markup=False)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError("not a date.", place=option, expected="YYYY-MM-DD", got=repr(text)) from exc


def cmd_import(
    file: Annotated[str, typer.Argument(help="A round file, or a bundled id (sjc-2022-23, birmingham-2025).")],
    replace: Annotated[bool, typer.Option("--replace", help="Update a round already in the database.")] = False,
    actor: AsOpt = None,
    database: DatabaseOpt = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Import a round file into the database as your local user (one transaction: all or nothing)."""
    from payround.reports.rounds import round_import_report

    render(round_import_report(file, replace=replace, actor=actor, database=database), fmt)


def cmd_export(
    round_ref: RoundArg,
    output: OutputOpt = None,
    drafts: Annotated[bool, typer.Option("--drafts", help="Include your side's drafts (the read is logged).")] = False,
    actor: AsOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Write a round as one self-contained YAML file (offers and tables inline)."""
    from payround.reports.rounds import round_export

    _write(round_export(round_ref, drafts=drafts, actor=actor, database=database).yaml, output)


def cmd_show(round_ref: RoundArg, fmt: FormatOpt = Fmt.table, database: DatabaseOpt = None) -> None:
    """Summarise a round: body, sides, claim and offers, ballots, industrial action, settlement."""
    from payround.reports.rounds import round_show_report

    render(round_show_report(round_ref, database), fmt)


def cmd_timeline(
    round_ref: RoundArg,
    fmt: FormatOpt = Fmt.table,
    workforce: Annotated[
        str,
        typer.Option(
            help="Cost offers on this workforce: an id or file, 'auto' (the body's illustrative one, if costing is "
            "installed) or 'none'."
        ),
    ] = "auto",
    database: DatabaseOpt = None,
) -> None:
    """The round's story in date order: offers with the floor they set (and cost), responses, ballots, action."""
    from payround.reports.rounds import round_timeline_report

    render(round_timeline_report(round_ref, workforce, database), fmt)


def cmd_list(database: DatabaseOpt = None, fmt: FormatOpt = Fmt.table) -> None:
    """List the rounds in the database and the bundled rounds."""
    from payround.reports.rounds import round_list_report

    render(round_list_report(database), fmt)


def cmd_log(round_ref: RoundArg, actor: AsOpt = None, database: DatabaseOpt = None, fmt: FormatOpt = Fmt.table) -> None:
    """The append-only event log of a stored round: who changed what, when (your side's private events too)."""
    from payround.reports.rounds import round_log_report

    render(round_log_report(round_ref, database, actor=actor), fmt)


def cmd_verify(
    round_ref: RoundArg,
    head: Annotated[
        list[str] | None, typer.Option("--head", help="A head hash recorded earlier: it must still be in the log.")
    ] = None,
    actor: AsOpt = None,
    database: DatabaseOpt = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Check the round's hash-chained log (public, and your side's): the first break, or each chain's head.
    Exits with 1 when a chain is broken."""
    from payround.reports.rounds import round_verify_report

    report = round_verify_report(round_ref, tuple(head or ()), actor=actor, database=database)
    render(report, fmt)
    if not report.ok:
        raise typer.Exit(1)


def cmd_ballot_check(
    file: Annotated[str, typer.Argument(help="A round file, a ballots file (ballots: [...]) or a round id.")],
    fmt: FormatOpt = Fmt.table,
    database: DatabaseOpt = None,
) -> None:
    """Check industrial-action ballots against the law in force on each ballot's date (turnout, majority, 40% in
    important public services until its repeal, notice, mandate expiry) and the action taken on them."""
    from payround.reports.action import ballot_check_report

    render(ballot_check_report(file, database), fmt)


def cmd_calendar(
    employer: Annotated[str | None, typer.Option(help="Only this employer (e.g. 'City of Edinburgh').")] = None,
    service: Annotated[
        str | None, typer.Option(help="Only this service (refuse, schools, early_learning, ...).")
    ] = None,
    round_refs: Annotated[list[str] | None, typer.Option("--round", help="Only these rounds (repeatable).")] = None,
    status: Annotated[list[str] | None, typer.Option(help="Only these statuses (held, planned, ...).")] = None,
    until: Annotated[str | None, typer.Option(help="Show indefinite action up to this date (default today).")] = None,
    fmt: Annotated[CalFmt, typer.Option("--format", "-f", help="ical (default), table or json.")] = CalFmt.ical,
    output: OutputOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """The strike calendar by employer, service and day, as iCalendar (all-day events) for calendar apps."""
    from payround.reports.action import calendar_report

    report = calendar_report(
        employer=employer,
        service=service,
        rounds=round_refs,
        statuses=status,
        until=_date(until, "--until") if until else None,
        database=database,
    )
    if fmt is CalFmt.ical:
        _write(report.ical.decode("utf-8"), output)
    else:
        render(report, Format(fmt.value))


def cmd_impact(
    round_ref: RoundArg,
    at: Annotated[str, typer.Option(help="The date to report (YYYY-MM-DD).")],
    fmt: FormatOpt = Fmt.table,
    include_planned: Annotated[bool, typer.Option(help="Count planned action too (a what-if).")] = False,
    check: Annotated[bool, typer.Option(help="Compare the model with the reported figures in the round.")] = False,
    daily: Annotated[str | None, typer.Option(help="Print this employer's backlog day by day.")] = None,
    database: DatabaseOpt = None,
) -> None:
    """The refuse backlog (tonnes, days to clear) per council on a date, and pupil-days lost to school strikes."""
    from payround.reports.action import impact_report

    day = _date(at, "--at")
    render(
        impact_report(round_ref, day, include_planned=include_planned, check=check, daily=daily, database=database), fmt
    )


def register(app: typer.Typer) -> None:
    """Add ``round``, ``ballot``, ``calendar`` and ``impact`` to the main app."""
    rounds = typer.Typer(help="Pay rounds: import, export, show and the timeline.", no_args_is_help=True)
    for name, command in (
        ("import", cmd_import),
        ("export", cmd_export),
        ("show", cmd_show),
        ("timeline", cmd_timeline),
        ("list", cmd_list),
        ("log", cmd_log),
        ("verify", cmd_verify),
    ):
        rounds.command(name)(command)
    app.add_typer(rounds, name="round")
    ballots = typer.Typer(help="Industrial-action ballots.", no_args_is_help=True)
    ballots.command("check")(cmd_ballot_check)
    app.add_typer(ballots, name="ballot")
    app.command("calendar")(cmd_calendar)
    app.command("impact")(cmd_impact)
    register_members(app)
