"""Pay round commands: ``round import|export|show|timeline|list|log``, ``ballot check``, ``calendar``, ``impact``.

A ROUND argument is a round file (``*.yaml``), a round stored in the database, or a bundled id (``sjc-2022-23``,
``birmingham-2025``), looked up in that order. The database is ``--database``, else ``$PAYROUND_DATABASE_URL``,
else ``./payround.sqlite3`` (read only when it exists; ``round import`` creates it).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from payround.cli.output import console, print_json, table
from payround.errors import DependencyError, PayroundError, RoundError
from payround.offers import Offer
from payround.report.ical import calendar_to_ical
from payround.rounds import (
    Comparison,
    RoundFile,
    assess,
    build_timeline,
    bundled_round_ids,
    check_against_reports,
    check_ballots,
    load_round,
    round_to_yaml,
    strike_calendar,
)
from payround.rounds.jsonout import ballots_json, calendar_json, impact_json, round_json, timeline_json, tonnes
from payround.rounds.loader import parse_round
from payround.rounds.schema_action import Action, Ballot
from payround.rounds.timeline import OfferCoster
from payround.store import DEFAULT_SQLITE_FILE, ENV_VAR, Store, database_url, open_store
from payround.store import export_round as db_export
from payround.store import import_round as db_import
from payround.store import list_events as db_events
from payround.store import list_rounds as db_rounds
from payround.yamlio import read_yaml

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


def _store(database: str | None, create: bool = False) -> Store | None:
    """The database if one is configured or the default file exists (or ``create``)."""
    import os

    if create or database or os.environ.get(ENV_VAR):
        return open_store(database)
    default = Path.cwd() / DEFAULT_SQLITE_FILE
    return open_store(database_url(None)) if default.exists() else None


def _resolve(ref: str, database: str | None) -> RoundFile:
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return load_round(path)
    store = _store(database)
    if store is not None:
        try:
            with store.session() as s:
                from payround.store import find_round

                if find_round(s, ref) is not None:
                    return db_export(s, ref)
        finally:
            store.close()
    if ref in bundled_round_ids():
        return load_round(ref)
    raise RoundError(
        f"{ref!r} is not a round file, a stored round or a bundled round.",
        file=ref,
        expected=f"a .yaml file or one of {', '.join(bundled_round_ids())}",
        hint="list stored rounds with `payround round list`.",
    )


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        console.print(f"Wrote {output}", style="dim", highlight=False)


def cmd_import(
    file: Annotated[str, typer.Argument(help="A round file, or a bundled id (sjc-2022-23, birmingham-2025).")],
    replace: Annotated[bool, typer.Option("--replace", help="Update a round already in the database.")] = False,
    actor: Annotated[str, typer.Option("--as", help="Who is importing (recorded in the event log).")] = "cli",
    database: DatabaseOpt = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Import a round file into the database (one transaction: all or nothing)."""
    rf = load_round(Path(file) if Path(file).suffix in (".yaml", ".yml") else file)
    store = _store(database, create=True)
    assert store is not None
    try:
        with store.session() as s:
            result = db_import(s, rf, actor, replace=replace)
    finally:
        store.close()
    if fmt is Fmt.json:
        print_json({"round": result.slug, "created": result.created, "database": _safe(store.url)} | result.changes)
        return
    verb = "Imported" if result.created else "Replaced"
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in result.changes["counts"].items())
    console.print(f"{verb} [bold]{result.slug}[/] into {_safe(store.url)}: {counts}.", highlight=False)
    revised = result.changes["offers"]["revised"]
    if revised:
        console.print(f"New offer versions: {', '.join(revised)}.", highlight=False)


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_export(
    round_ref: RoundArg,
    output: OutputOpt = None,
    side: Annotated[str | None, typer.Option("--side", help="Include this side's draft offers.")] = None,
    database: DatabaseOpt = None,
) -> None:
    """Write a round as one self-contained YAML file (offers and tables inline)."""
    if side is not None:
        store = _store(database)
        if store is None:
            raise RoundError("--side needs a database with the round in it.", place="--side")
        try:
            with store.session() as s:
                rf = db_export(s, round_ref, drafts_of=side)
        finally:
            store.close()
    else:
        rf = _resolve(round_ref, database)
    _write(round_to_yaml(rf), output)


def cmd_show(round_ref: RoundArg, fmt: FormatOpt = Fmt.table, database: DatabaseOpt = None) -> None:
    """Summarise a round: body, sides, claim and offers, ballots, industrial action, settlement."""
    rf = _resolve(round_ref, database)
    doc = round_json(rf)
    if fmt is Fmt.json:
        print_json(doc)
        return
    year = f"{rf.pay_year.start} to {rf.pay_year.end}" if rf.pay_year else rf.period_note
    console.print(f"[bold]{rf.name}[/] ({rf.id}) - {rf.body.name}, {rf.body.country}; {year}", highlight=False)
    sides = rf.sides
    console.print(f"Employers: {sides.employers.name} ({len(sides.employers.members)} members)", highlight=False)
    console.print(f"Unions: {', '.join(sides.unions.names())}", highlight=False)
    rows = [[o["id"], o["tabled"] or "(not found)", o["by"], o["status"], o["summary"]] for o in doc["offers"]]
    console.print(table("Claim and offers", ["id", "tabled", "by", "status", "summary"], rows, right_from=9))
    action = doc["industrial_action"]
    statuses = ", ".join(f"{n} {k}" for k, n in sorted(action["by_status"].items()))
    console.print(f"Ballots: {doc['ballots']}. Industrial action: {action['total']} ({statuses}).", highlight=False)
    if rf.settlement:
        console.print(f"Settled on {rf.settlement.offer} ({rf.settlement.agreed or 'date not found'}).")


def _coster(workforce: str, rf: RoundFile) -> OfferCoster | None:
    """The costing seam: cost each offer on a workforce with ``payround.costing.cost_summary`` when installed."""
    if workforce == "none":
        return None
    auto = workforce == "auto"
    ref = f"{rf.body.kind}/illustrative" if auto else workforce
    try:
        costing = importlib.import_module("payround.costing")
        workforces = importlib.import_module("payround.workforce")
        summary = costing.cost_summary
        wf = workforces.load_workforce(ref)
    except (ImportError, AttributeError, PayroundError) as exc:
        if auto:
            return None
        raise DependencyError(f"cannot cost offers on {ref!r}: {exc}") from exc
    from payround.api import apply_offer

    def cost(offer: Offer) -> Mapping[str, Any] | None:
        try:
            return cast(Mapping[str, Any], summary(apply_offer(offer), wf))
        except PayroundError as exc:
            return {"problem": str(exc)}

    return cost


def cmd_timeline(
    round_ref: RoundArg,
    fmt: FormatOpt = Fmt.table,
    workforce: Annotated[
        str,
        typer.Option(help="Cost offers on this workforce ('auto': the body's illustrative one if costing exists)."),
    ] = "auto",
    database: DatabaseOpt = None,
) -> None:
    """The round's story in date order: offers with the floor they set (and cost), responses, ballots, action."""
    rf = _resolve(round_ref, database)
    entries = build_timeline(rf, _coster(workforce, rf))
    if fmt is Fmt.json:
        print_json(timeline_json(rf, entries))
        return
    rows = []
    for e in entries:
        floor = ""
        if e.floor is not None:
            f = e.floor
            floor = f"{f.before} -> {f.after} (+{f.increase_pct}%)" if f.after is not None else "n/a"
        cost = ""
        if e.cost is not None:
            cost = str(e.cost.get("total_cost_increase_full_year", e.cost.get("problem", "")))
        when = e.date.isoformat() if e.date else f"({e.date_note or 'date not found'})"
        rows.append([when, e.kind, e.title, e.status, floor, cost])
    console.print(table(rf.name, ["date", "kind", "what", "status", "floor", "cost"], rows, right_from=9))


def cmd_list(database: DatabaseOpt = None, fmt: FormatOpt = Fmt.table) -> None:
    """List the rounds in the database and the bundled rounds."""
    store = _store(database)
    stored = []
    if store is not None:
        try:
            with store.session() as s:
                stored = db_rounds(s)
        finally:
            store.close()
    rows = [[r.slug, "database", r.name, r.pay_year, r.offers, r.actions] for r in stored]
    names = {r.slug for r in stored}
    for rid in bundled_round_ids():
        if rid not in names:
            rf = load_round(rid)
            year = f"{rf.pay_year.start} to {rf.pay_year.end}" if rf.pay_year else ""
            rows.append([rid, "bundled", rf.name, year, len(rf.all_offers()), len(rf.industrial_action)])
    header = ["id", "where", "name", "pay year", "offers", "actions"]
    if fmt is Fmt.json:
        print_json([dict(zip(header, r, strict=True)) for r in rows])
    else:
        console.print(table("Pay rounds", header, rows, right_from=4))


def cmd_log(round_ref: RoundArg, database: DatabaseOpt = None, fmt: FormatOpt = Fmt.table) -> None:
    """The append-only event log of a stored round: who changed what, when."""
    store = _store(database)
    if store is None:
        raise RoundError("no database yet.", file=database_url(database), hint="import a round first.")
    try:
        with store.session() as s:
            events = [(e.occurred_at, e.actor, e.action, e.entity, e.payload) for e in db_events(s, round_ref)]
    finally:
        store.close()
    if fmt is Fmt.json:
        keys = ("at", "actor", "action", "entity", "payload")
        print_json([dict(zip(keys, (e[0].isoformat(), *e[1:]), strict=True)) for e in events])
        return
    rows = [[e[0].isoformat(timespec="seconds"), e[1], e[2], e[3]] for e in events]
    console.print(table(f"Events of {round_ref}", ["when (UTC)", "who", "what", "entity"], rows, right_from=9))


def _ballot_source(ref: str, database: str | None) -> tuple[list[Ballot], list[Action]]:
    path = Path(ref)
    if path.is_file():
        data = read_yaml(path, RoundError)
        if isinstance(data, dict) and "ballots" in data and "sides" not in data:
            from payround.rounds.loader import parse_ballots

            return parse_ballots(data, str(path))
        rf = parse_round(data, str(path), base_dir=path.parent)
    else:
        rf = _resolve(ref, database)
    return list(rf.ballots), list(rf.industrial_action)


def cmd_ballot_check(
    file: Annotated[str, typer.Argument(help="A round file, a ballots file (ballots: [...]) or a round id.")],
    fmt: FormatOpt = Fmt.table,
    database: DatabaseOpt = None,
) -> None:
    """Check industrial-action ballots against the law in force on each ballot's date (turnout, majority, 40% in
    important public services until its repeal, notice, mandate expiry) and the action taken on them."""
    ballots, actions = _ballot_source(file, database)
    reports = check_ballots(ballots, actions)
    if fmt is Fmt.json:
        print_json(ballots_json(reports))
        return
    rows = []
    for rep in reports:
        c = rep.check
        verdict = "valid" if c.valid else "NOT VALID"
        why = "; ".join(c.reasons + [f"action {a.action_id}: {'; '.join(a.reasons)}" for a in c.actions if a.reasons])
        rows.append([c.ballot_id, verdict, str(c.mandate_expires or ""), why or "; ".join(c.notes)])
    console.print(
        table("Ballot checks", ["ballot", "result", "mandate expires", "reasons / notes"], rows, right_from=9)
    )


def _all_rounds(refs: list[str], database: str | None) -> list[RoundFile]:
    if refs:
        return [_resolve(r, database) for r in refs]
    rounds: dict[str, RoundFile] = {}
    store = _store(database)
    if store is not None:
        try:
            with store.session() as s:
                for summary in db_rounds(s):
                    rounds[summary.slug] = db_export(s, summary.slug)
        finally:
            store.close()
    for rid in bundled_round_ids():
        rounds.setdefault(rid, load_round(rid))
    return list(rounds.values())


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
    rounds = _all_rounds(round_refs or [], database)
    events = strike_calendar(rounds, until=end, employer=employer, service=service, statuses=status)
    if fmt is CalFmt.json:
        print_json(calendar_json(events))
    elif fmt is CalFmt.table:
        rows = [[e.first, e.last, e.days, e.employer, e.service, ", ".join(e.unions), e.status] for e in events]
        header = ["from", "to", "days", "employer", "service", "unions", "status"]
        console.print(table("Strike calendar", header, rows, right_from=9))
    else:
        name = "Strikes" + (f": {employer}" if employer else "") + (f" ({service})" if service else "")
        _write(calendar_to_ical(events, name).decode("utf-8"), output)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise RoundError("not a date.", place=option, expected="YYYY-MM-DD", got=repr(text)) from exc


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
    rf = _resolve(round_ref, database)
    day = _date(at, "--at")
    checks: list[Comparison] = []
    if check:
        _, checks = check_against_reports(rf, include_planned=include_planned)
    until = max([day, *(o.date for o in rf.impact.observed if o.date)]) if check else day
    report = assess(rf, at=day, include_planned=include_planned, until=until)
    if fmt is Fmt.json:
        print_json(impact_json(report, checks))
        return
    doc = impact_json(report, checks)
    rows = [
        [name, v["backlog_tonnes"], v["days_to_clear"] or "not cleared", f"{v['peak_tonnes']} ({v['peak_date']})",
         v["cleared_on"] or ""]
        for name, v in doc["by_employer"].items()
    ]  # fmt: skip
    header = ["employer", f"backlog t on {day}", "days to clear", "peak t (date)", "cleared on"]
    console.print(table(f"Refuse backlog, {rf.name}", header, rows))
    console.print(f"Total: {doc['backlog_tonnes']} t.", highlight=False)
    for name, reason in report.not_estimated.items():
        console.print(f"Not estimated: {name}: {reason}", highlight=False)
    schools = [s for s in report.schools if s.days_lost or s.days_not_held]
    if schools:
        rows = [[s.employer, s.days_lost, s.days_not_held, s.pupil_days_lost or "pupils not given"] for s in schools]
        console.print(table("School strikes", ["employer", "days held", "days not held", "pupil-days lost"], rows))
    if checks:
        rows = [[c.employer, c.kind, c.reported, c.modelled, c.error, c.error_pct or ""] for c in checks]
        header = ["employer", "reported", "figure", "model", "error", "error %"]
        console.print(table("Model against reported figures", header, rows, right_from=2))
    if daily is not None:
        run = report.backlog.get(daily)
        if run is None:
            raise RoundError(f"no backlog estimate for {daily!r}.", place="--daily", expected=", ".join(report.backlog))
        rows = [[d.day, tonnes(d.missed), tonnes(d.cleared), tonnes(d.backlog)] for d in run.episode.days]
        console.print(table(f"{daily}, day by day", ["day", "missed t", "cleared t", "backlog t"], rows))
        console.print("\n".join(f"  - {b}" for b in run.basis), highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``round``, ``ballot``, ``calendar`` and ``impact`` to the main app."""
    rounds = typer.Typer(help="Pay rounds: import, export, show and the timeline.", no_args_is_help=True)
    rounds.command("import")(cmd_import)
    rounds.command("export")(cmd_export)
    rounds.command("show")(cmd_show)
    rounds.command("timeline")(cmd_timeline)
    rounds.command("list")(cmd_list)
    rounds.command("log")(cmd_log)
    app.add_typer(rounds, name="round")
    ballots = typer.Typer(help="Industrial-action ballots.", no_args_is_help=True)
    ballots.command("check")(cmd_ballot_check)
    app.add_typer(ballots, name="ballot")
    app.command("calendar")(cmd_calendar)
    app.command("impact")(cmd_impact)
