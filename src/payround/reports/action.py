"""Use cases on industrial action: ballot checks by the law in force, the strike calendar and the refuse/schools
impact. Each returns a frozen report whose JSON is the DESIGN §7 document (plus more keys)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pydantic import Field

from payround.errors import RoundError
from payround.reports.base import Block, IntText, Kind, Report, Table, Text
from payround.sources import Sources, active

__all__ = [
    "BallotsReport",
    "CalendarReport",
    "ImpactDoc",
    "ballot_check_report",
    "calendar_report",
    "impact_report",
]


def _tonnes(x: Decimal) -> Decimal:
    return x.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _share_pct(x: Decimal | None) -> Decimal | None:
    return None if x is None else (x * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- ballots ------------------------------------------------------------------------------------------------------


class BallotRules(Report):
    """The statutory rules a ballot was judged by, and their sources."""

    chosen_by: date
    in_force_from: date
    turnout_threshold: Decimal
    important_public_services_threshold: Decimal | None
    mandate_months: int
    mandate_months_by_agreement: int | None
    country: str | None = (
        None  # the country whose law judged the ballot (e.g. wales), when the ballot or round gives it
    )
    sources: list[str]


class ActionCheck(Report):
    """Action taken on a ballot: whether it had a mandate, and why not."""

    id: str
    valid: bool
    reasons: list[str]


class BallotCheck(Report):
    """One ballot judged by the law in force on its date."""

    id: str
    valid: bool
    reasons: list[str]
    mandate_expires: date | None
    union: str
    employers: list[str]
    bargaining_unit: str | None
    opened: date | None
    closed: date | None
    date_approximate: bool = False  # the date given is the nearest known (e.g. the day the result was reported)
    turnout_pct: Decimal | None
    yes_pct_of_votes: Decimal | None
    yes_pct_of_eligible: Decimal | None
    notes: list[str]
    rules: BallotRules | None
    actions: list[ActionCheck]


class BallotsReport(Report):
    """``payround ballot check``: every ballot with its verdict, the figures and the rules used."""

    ballots: list[BallotCheck]

    def tables(self) -> list[Table]:
        """Each ballot's result, mandate and reasons (or notes when valid)."""
        rows = []
        for b in self.ballots:
            actions = [f"action {a.id}: {'; '.join(a.reasons)}" for a in b.actions if a.reasons]
            why = "; ".join(b.reasons + actions) or "; ".join(b.notes)
            rows.append((b.id, "valid" if b.valid else "NOT VALID", b.mandate_expires, why))
        return [
            Table.build(
                "Ballot checks",
                ["ballot", "result", ("mandate expires", Kind.date), "reasons / notes"],
                rows,
            )
        ]


def ballot_check_report(ref: str | Path, database: str | None = None, sources: Sources | None = None) -> BallotsReport:
    """Check the ballots of a round file, a ballots file, a stored round or a bundled round."""
    from payround.rounds import check_ballots
    from payround.rounds.law import law_references
    from payround.rounds.loader import load_ballots
    from payround.store.lookup import resolve_round

    text = str(ref)
    country: str | None
    if text.endswith((".yaml", ".yml")) or Path(text).is_file():
        ballots, actions, country = load_ballots(active(sources).resolve(text, what="ballots file"))
    else:
        rf = resolve_round(text, database)
        ballots, actions, country = list(rf.ballots), list(rf.industrial_action), rf.body.country
    out = []
    for rep in check_ballots(ballots, actions, country):
        c, b = rep.check, rep.ballot
        rules = c.rules
        out.append(
            BallotCheck(
                id=c.ballot_id,
                valid=c.valid,
                reasons=c.reasons,
                mandate_expires=c.mandate_expires,
                union=b.union,
                employers=list(b.employers),
                bargaining_unit=b.bargaining_unit,
                opened=b.opened,
                closed=b.closed,
                date_approximate=b.date_approximate,
                turnout_pct=_share_pct(c.turnout),
                yes_pct_of_votes=_share_pct(c.yes_share_of_votes),
                yes_pct_of_eligible=_share_pct(c.yes_share_of_eligible),
                notes=c.notes,
                rules=None
                if rules is None or rep.rules_day is None
                else BallotRules(
                    chosen_by=rep.rules_day,
                    in_force_from=rules.in_force_from,
                    turnout_threshold=rules.turnout_threshold,
                    important_public_services_threshold=rules.ips_support_threshold,
                    mandate_months=rules.mandate_months,
                    mandate_months_by_agreement=rules.mandate_months_by_agreement,
                    country=rep.country,
                    sources=law_references(rep.rules_day, rep.country),
                ),
                actions=[ActionCheck(id=a.action_id, valid=a.valid, reasons=a.reasons) for a in c.actions],
            )
        )
    return BallotsReport(ballots=out)


# --- calendar -----------------------------------------------------------------------------------------------------


class CalendarEventDoc(Report):
    """A span of action at one employer for one service."""

    uid: str
    round: str
    employer: str
    service: str
    first_day: date
    last_day: date
    days: int
    open_ended: bool
    unions: list[str]
    status: str
    status_date: date | None
    actions: list[str]
    sources: list[str]


class CalendarReport(Report):
    """``payround calendar``: strike days by employer and service (also as iCalendar)."""

    events: list[CalendarEventDoc]
    name: str = Field(default="Strikes", exclude=True)
    ical: bytes = Field(default=b"", exclude=True)

    def tables(self) -> list[Table]:
        """One row per event."""
        return [
            Table.build(
                "Strike calendar",
                [
                    ("from", Kind.date),
                    ("to", Kind.date),
                    ("days", Kind.integer),
                    "employer",
                    "service",
                    "unions",
                    "status",
                ],
                [
                    (e.first_day, e.last_day, e.days, e.employer, e.service, ", ".join(e.unions), e.status)
                    for e in self.events
                ],
            )
        ]


def calendar_report(
    *,
    employer: str | None = None,
    service: str | None = None,
    rounds: list[str] | None = None,
    statuses: list[str] | None = None,
    until: date | None = None,
    database: str | None = None,
) -> CalendarReport:
    """The strike calendar of the stored and bundled rounds (or ``rounds``), filtered; indefinite action is shown up
    to ``until`` (default today)."""
    from payround.report.ical import calendar_to_ical
    from payround.rounds import strike_calendar
    from payround.store.lookup import all_rounds

    end = until or date.today()
    if end.year > 2200:
        raise RoundError("too far in the future.", place="until", expected="a date before 2200", got=end.isoformat())
    events = strike_calendar(
        all_rounds(rounds, database), until=end, employer=employer, service=service, statuses=statuses
    )
    name = "Strikes" + (f": {employer}" if employer else "") + (f" ({service})" if service else "")
    return CalendarReport(
        events=[
            CalendarEventDoc(
                uid=e.uid,
                round=e.round_id,
                employer=e.employer,
                service=e.service,
                first_day=e.first,
                last_day=e.last,
                days=e.days,
                open_ended=e.open_ended,
                unions=list(e.unions),
                status=e.status,
                status_date=e.status_date,
                actions=list(e.action_ids),
                sources=list(e.sources),
            )
            for e in events
        ],
        name=name,
        ical=calendar_to_ical(events, name),
    )


# --- impact -------------------------------------------------------------------------------------------------------


class BacklogDoc(Report):
    """One council's refuse backlog on the day, its peak and when it clears."""

    backlog_tonnes: Decimal
    days_to_clear: IntText | None
    peak_tonnes: Decimal
    peak_date: date | None
    cleared_on: date | None
    basis: list[str]


class SchoolsDoc(Report):
    """School strike days held and not held, and pupil-days lost where pupils are known."""

    employer: str
    strike_days: int
    strike_days_not_held: int
    pupils: int | None
    pupil_days_lost: int | None


class CheckAgainstReport(Report):
    """A reported figure and what the model gives for it."""

    employer: str
    kind: str
    date: date | None
    reported: str
    modelled: str
    error: str
    error_pct: str | None
    note: str
    sources: list[str]


class DayDoc(Report):
    """One day of one council's backlog."""

    day: date
    missed_tonnes: Decimal
    cleared_tonnes: Decimal
    backlog_tonnes: Decimal


class ImpactDoc(Report):
    """``payround impact``: the refuse backlog per council on a date, and school days lost."""

    at: date
    backlog_tonnes: Decimal
    by_employer: dict[str, BacklogDoc]
    not_estimated: dict[str, str]
    schools: list[SchoolsDoc]
    checks: list[CheckAgainstReport] | None = Field(default=None, exclude_if=lambda v: v is None)
    daily: list[DayDoc] | None = Field(default=None, exclude_if=lambda v: v is None)
    round_name: str = Field(default="", exclude=True)
    daily_employer: str | None = Field(default=None, exclude=True)

    def blocks(self) -> list[Block]:
        """The tables, then the basis of the daily series when one was asked for."""
        out: list[Block] = list(self.tables())
        if self.daily_employer is not None:
            basis = self.by_employer[self.daily_employer].basis
            out.append(Text(lines=tuple(f"  - {b}" for b in basis), style="note"))
        return out

    def tables(self) -> list[Table]:
        """The backlog by council, school strikes, the model against reported figures, and the daily series."""
        rows: list[tuple[str, Decimal | str, int | str | None, str, date | None]] = [
            (
                name,
                v.backlog_tonnes,
                v.days_to_clear if v.days_to_clear is not None else "not cleared",
                f"{v.peak_tonnes:,} ({v.peak_date})",
                v.cleared_on,
            )
            for name, v in self.by_employer.items()
        ]
        rows += [(name, "not estimated", reason, "", None) for name, reason in self.not_estimated.items()]
        rows.append(("total", self.backlog_tonnes, None, "", None))
        out = [
            Table.build(
                f"Refuse backlog, {self.round_name}",
                [
                    "employer",
                    (f"backlog t on {self.at}", Kind.number),
                    ("days to clear", Kind.integer),
                    "peak t (date)",
                    ("cleared on", Kind.date),
                ],
                rows,
            )
        ]
        schools = [s for s in self.schools if s.strike_days or s.strike_days_not_held]
        if schools:
            out.append(
                Table.build(
                    "School strikes",
                    ["employer", ("days held", Kind.integer), ("days not held", Kind.integer), "pupil-days lost"],
                    [
                        (
                            s.employer,
                            s.strike_days,
                            s.strike_days_not_held,
                            f"{s.pupil_days_lost:,}" if s.pupil_days_lost else "pupils not given",
                        )
                        for s in schools
                    ],
                )
            )
        if self.checks:
            out.append(
                Table.build(
                    "Model against reported figures",
                    ["employer", "reported", "figure", "model", "error", "error %"],
                    [(c.employer, c.kind, c.reported, c.modelled, c.error, c.error_pct or "") for c in self.checks],
                )
            )
        if self.daily is not None:
            out.append(
                Table.build(
                    f"{self.daily_employer}, day by day",
                    [
                        ("day", Kind.date),
                        ("missed t", Kind.number),
                        ("cleared t", Kind.number),
                        ("backlog t", Kind.number),
                    ],
                    [(d.day, d.missed_tonnes, d.cleared_tonnes, d.backlog_tonnes) for d in self.daily],
                )
            )
        return out


def impact_report(
    ref: str,
    at: date,
    *,
    include_planned: bool = False,
    check: bool = False,
    daily: str | None = None,
    database: str | None = None,
) -> ImpactDoc:
    """The refuse backlog (tonnes, days to clear) per council on ``at``, pupil-days lost to school strikes; with
    ``check`` the model against the reported figures; with ``daily`` one council's backlog day by day."""
    from payround.rounds import assess, check_against_reports
    from payround.store.lookup import resolve_round

    rf = resolve_round(ref, database)
    checks = check_against_reports(rf, include_planned)[1] if check else []
    until = max([at, *(o.date for o in rf.impact.observed if o.date)]) if check else at
    report = assess(rf, at=at, include_planned=include_planned, until=until)
    if daily is not None and daily not in report.backlog:
        raise RoundError(f"no backlog estimate for {daily!r}.", place="daily", expected=", ".join(report.backlog))
    by_employer = {}
    for name, run in report.backlog.items():
        ep = run.episode
        days = ep.days_to_clear(report.at)
        peak = ep.peak
        by_employer[name] = BacklogDoc(
            backlog_tonnes=_tonnes(ep.at(report.at)),
            days_to_clear=days,
            peak_tonnes=_tonnes(peak.backlog) if peak else Decimal(0),
            peak_date=peak.day if peak else None,
            cleared_on=ep.cleared_on,
            basis=list(run.basis),
        )
    return ImpactDoc(
        at=report.at,
        backlog_tonnes=_tonnes(report.total_backlog),
        by_employer=by_employer,
        not_estimated=dict(report.not_estimated),
        schools=[
            SchoolsDoc(
                employer=s.employer,
                strike_days=s.days_lost,
                strike_days_not_held=s.days_not_held,
                pupils=s.pupils,
                pupil_days_lost=s.pupil_days_lost,
            )
            for s in report.schools
        ],
        checks=[CheckAgainstReport.model_validate(c.as_dict()) for c in checks] if checks else None,
        daily=None
        if daily is None
        else [
            DayDoc(
                day=d.day,
                missed_tonnes=_tonnes(d.missed),
                cleared_tonnes=_tonnes(d.cleared),
                backlog_tonnes=_tonnes(d.backlog),
            )
            for d in report.backlog[daily].episode.days
        ],
        round_name=rf.name,
        daily_employer=daily,
    )
