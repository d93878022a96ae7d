"""Pay round commands: ``round import|export|show|timeline|list|log``, ``ballot check``, ``calendar``, ``impact``.

A ROUND argument is a round file (``*.yaml``), a round stored in the database, or a bundled id (``sjc-2022-23``,
``birmingham-2025``), looked up in that order. The database is ``--database``, else ``$PAYROUND_DATABASE_URL``,
else ``./payround.sqlite3`` (read only when it exists; ``round import`` creates it).
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from payround.cli.output import console, print_json, table
from payround.errors import RoundError
from payround.report.ical import calendar_to_ical
from payround.rounds import (
    Action,
    Ballot,
    Comparison,
    assess,
    build_timeline,
    bundled_round_ids,
    check_against_reports,
    check_ballots,
    load_round,
    round_to_yaml,
    strike_calendar,
)
from payround.rounds.costing_seam import workforce_coster
from payround.rounds.jsonout import ballots_json, calendar_json, impact_json, round_json, timeline_json
from payround.rounds.loader import load_ballots
from payround.rounds.views import (
    Table,
    ballot_table,
    calendar_table,
    daily_table,
    impact_tables,
    offers_table,
    timeline_table,
)
from payround.store import DEFAULT_SQLITE_FILE, ENV_VAR, database_url, export_round, import_round, list_events
from payround.store import list_rounds as stored_rounds
from payround.store.lookup import all_rounds, configured_store, resolve_round

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
    typer.Option("--database", help=f"Database URL (default: ${ENV_VAR}, else ./{DEFAULT_SQLITE_FILE})."),
]
RoundArg = Annotated[str, typer.Argument(help="A round file, a stored round or a bundled id (sjc-2022-23).")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]


def _print(t: Table, right_from: int = 99) -> None:
    title, header, rows = t
    console.print(table(title, header, rows, right_from=right_from))


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        console.print(f"Wrote {output}", style="dim", highlight=False)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise RoundError("not a date.", place=option, expected="YYYY-MM-DD", got=repr(text)) from exc


def cmd_import(
    file: Annotated[str, typer.Argument(help="A round file, or a bundled id (sjc-2022-23, birmingham-2025).")],
    replace: Annotated[bool, typer.Option("--replace", help="Update a round already in the database.")] = False,
    actor: Annotated[str, typer.Option("--as", help="Who is importing (recorded in the event log).")] = "cli",
    database: DatabaseOpt = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Import a round file into the database (one transaction: all or nothing)."""
    rf = load_round(Path(file) if Path(file).suffix in (".yaml", ".yml") else file)
    store = configured_store(database, create=True)
    assert store is not None
    try:
        with store.session() as s:
            result = import_round(s, rf, actor, replace=replace)
    finally:
        store.close()
    where = make_url(store.url).render_as_string(hide_password=True)
    if fmt is Fmt.json:
        print_json({"round": result.slug, "created": result.created, "database": where} | result.changes)
        return
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in result.changes["counts"].items())
    verb = "Imported" if result.created else "Replaced"
    console.print(f"{verb} [bold]{result.slug}[/] into {where}: {counts}.", highlight=False)
    if result.changes["offers"]["revised"]:
        console.print(f"New offer versions: {', '.join(result.changes['offers']['revised'])}.", highlight=False)


def cmd_export(
    round_ref: RoundArg,
    output: OutputOpt = None,
    side: Annotated[str | None, typer.Option("--side", help="Include this side's draft offers.")] = None,
    database: DatabaseOpt = None,
) -> None:
    """Write a round as one self-contained YAML file (offers and tables inline)."""
    if side is None:
        _write(round_to_yaml(resolve_round(round_ref, database)), output)
        return
    store = configured_store(database)
    if store is None:
        raise RoundError("--side needs a database with the round in it.", place="--side")
    try:
        with store.session() as s:
            rf = export_round(s, round_ref, drafts_of=side)
    finally:
        store.close()
    _write(round_to_yaml(rf), output)


def cmd_show(round_ref: RoundArg, fmt: FormatOpt = Fmt.table, database: DatabaseOpt = None) -> None:
    """Summarise a round: body, sides, claim and offers, ballots, industrial action, settlement."""
    rf = resolve_round(round_ref, database)
    doc = round_json(rf)
    if fmt is Fmt.json:
        print_json(doc)
        return
    year = f"{rf.pay_year.start} to {rf.pay_year.end}" if rf.pay_year else rf.period_note
    lines = [
        f"{rf.name} ({rf.id}): {rf.body.name}, {rf.body.country}; {year}",
        f"Employers: {rf.sides.employers.name} ({len(rf.sides.employers.members)} members)",
        f"Unions: {', '.join(rf.sides.unions.names())}",
    ]
    console.print("\n".join(lines), highlight=False)
    _print(offers_table(rf))
    action = doc["industrial_action"]
    statuses = ", ".join(f"{n} {k}" for k, n in sorted(action["by_status"].items()))
    console.print(f"Ballots: {doc['ballots']}. Industrial action: {action['total']} ({statuses}).", highlight=False)
    if rf.settlement:
        console.print(f"Settled on {rf.settlement.offer} ({rf.settlement.agreed or 'date not found'}).")


_WORKFORCE_HELP = (
    "Cost offers on this workforce: an id or file, 'auto' (the body's illustrative one, if costing is installed) "
    "or 'none'."
)


def cmd_timeline(
    round_ref: RoundArg,
    fmt: FormatOpt = Fmt.table,
    workforce: Annotated[str, typer.Option(help=_WORKFORCE_HELP)] = "auto",
    database: DatabaseOpt = None,
) -> None:
    """The round's story in date order: offers with the floor they set (and cost), responses, ballots, action."""
    rf = resolve_round(round_ref, database)
    entries = build_timeline(rf, workforce_coster(workforce, rf.body.kind))
    if fmt is Fmt.json:
        print_json(timeline_json(rf, entries))
    else:
        _print(timeline_table(rf, entries))


def cmd_list(database: DatabaseOpt = None, fmt: FormatOpt = Fmt.table) -> None:
    """List the rounds in the database and the bundled rounds."""
    store = configured_store(database)
    rows: list[list[str]] = []
    if store is not None:
        try:
            with store.session() as s:
                rows = [
                    [r.slug, "database", r.name, r.pay_year, str(r.offers), str(r.actions)] for r in stored_rounds(s)
                ]
        finally:
            store.close()
    stored = {r[0] for r in rows}
    for rf in (load_round(rid) for rid in bundled_round_ids() if rid not in stored):
        year = f"{rf.pay_year.start} to {rf.pay_year.end}" if rf.pay_year else ""
        rows.append([rf.id, "bundled", rf.name, year, str(len(rf.all_offers())), str(len(rf.industrial_action))])
    header = ["id", "where", "name", "pay year", "offers", "actions"]
    if fmt is Fmt.json:
        print_json([dict(zip(header, r, strict=True)) for r in rows])
    else:
        _print(("Pay rounds", header, rows), right_from=4)


def cmd_log(round_ref: RoundArg, database: DatabaseOpt = None, fmt: FormatOpt = Fmt.table) -> None:
    """The append-only event log of a stored round: who changed what, when."""
    store = configured_store(database)
    if store is None:
        raise RoundError("no database yet.", file=database_url(database), hint="import a round first.")
    try:
        with store.session() as s:
            events = [(e.occurred_at, e.actor, e.action, e.entity, e.payload) for e in list_events(s, round_ref)]
    finally:
        store.close()
    if fmt is Fmt.json:
        keys = ("at", "actor", "action", "entity", "payload")
        print_json([dict(zip(keys, (e[0].isoformat(), *e[1:]), strict=True)) for e in events])
        return
    rows = [[e[0].isoformat(timespec="seconds"), e[1], e[2], e[3]] for e in events]
    _print((f"Events of {round_ref}", ["when (UTC)", "who", "what", "entity"], rows))


def _ballots(ref: str, database: str | None) -> tuple[list[Ballot], list[Action], str | None]:
    if Path(ref).is_file():
        return load_ballots(Path(ref))
    rf = resolve_round(ref, database)
    return list(rf.ballots), list(rf.industrial_action), rf.body.country


def cmd_ballot_check(
    file: Annotated[str, typer.Argument(help="A round file, a ballots file (ballots: [...]) or a round id.")],
    fmt: FormatOpt = Fmt.table,
    database: DatabaseOpt = None,
) -> None:
    """Check industrial-action ballots against the law in force on each ballot's date (turnout, majority, 40% in
    important public services until its repeal, notice, mandate expiry) and the action taken on them."""
    reports = check_ballots(*_ballots(file, database))
    if fmt is Fmt.json:
        print_json(ballots_json(reports))
    else:
        _print(ballot_table(reports))


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
    end = _date(until, "--until") if until else date.today()
    rounds = all_rounds(round_refs, database)
    events = strike_calendar(rounds, until=end, employer=employer, service=service, statuses=status)
    if fmt is CalFmt.json:
        print_json(calendar_json(events))
    elif fmt is CalFmt.table:
        _print(calendar_table(events))
    else:
        name = "Strikes" + (f": {employer}" if employer else "") + (f" ({service})" if service else "")
        _write(calendar_to_ical(events, name).decode("utf-8"), output)


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
    rf = resolve_round(round_ref, database)
    day = _date(at, "--at")
    checks: list[Comparison] = check_against_reports(rf, include_planned)[1] if check else []
    until = max([day, *(o.date for o in rf.impact.observed if o.date)]) if check else day
    report = assess(rf, at=day, include_planned=include_planned, until=until)
    if daily is not None and daily not in report.backlog:
        raise RoundError(f"no backlog estimate for {daily!r}.", place="--daily", expected=", ".join(report.backlog))
    if fmt is Fmt.json:
        print_json(impact_json(report, checks))
        return
    for t in impact_tables(rf, report, checks):
        _print(t, right_from=1)
    if daily is not None:
        series, basis = daily_table(report, daily)
        _print(series, right_from=1)
        console.print("\n".join(f"  - {b}" for b in basis), highlight=False, soft_wrap=True)


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
    ):
        rounds.command(name)(command)
    app.add_typer(rounds, name="round")
    ballots = typer.Typer(help="Industrial-action ballots.", no_args_is_help=True)
    ballots.command("check")(cmd_ballot_check)
    app.add_typer(ballots, name="ballot")
    app.command("calendar")(cmd_calendar)
    app.command("impact")(cmd_impact)
