"""Impacts of a round's industrial action: the refuse backlog per council and pupil-days lost to school strikes.

Inputs come from the round file (households, pupils, a council's own figures and clear-up capacity, each with its
source) and, where the round gives none, from the dated parameters under ``params/backlog``. Every figure used is
listed in the report's ``basis`` so that a reader can see where it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from payround.params import load_parameter
from payround.rounds.backlog import BacklogInputs, ClearupPhase, Episode, simulate
from payround.rounds.schema import RoundFile
from payround.rounds.schema_action import Action

__all__ = [
    "COUNTED_STATUSES",
    "EmployerBacklog",
    "ImpactReport",
    "SchoolImpact",
    "assess",
    "refuse_actions",
]

COUNTED_STATUSES = ("held",)
"""Action counted by default: what happened. ``include_planned`` adds planned action (a what-if)."""

_WASTE_PARAMETER = {"scotland": "backlog/scotland_household_waste_kg_per_household_week"}
_SCHOOL_SERVICES = {"schools", "early_learning"}


@dataclass(frozen=True)
class EmployerBacklog:
    """The backlog model's run for one council, with the figures it used."""

    employer: str
    inputs: BacklogInputs
    episode: Episode
    basis: list[str]


@dataclass(frozen=True)
class SchoolImpact:
    """School and early-learning strike days at one employer, and pupil-days where pupil numbers are given."""

    employer: str
    days_lost: int
    days_not_held: int
    pupils: int | None
    pupil_days_lost: int | None


@dataclass(frozen=True)
class ImpactReport:
    """Impacts of a round on a date."""

    at: date
    backlog: dict[str, EmployerBacklog]
    not_estimated: dict[str, str]
    schools: list[SchoolImpact] = field(default_factory=list)

    def backlog_at(self, employer: str) -> Decimal:
        """The modelled backlog (tonnes) at one council on the report date."""
        return self.backlog[employer].episode.at(self.at)

    @property
    def total_backlog(self) -> Decimal:
        """The modelled backlog (tonnes) over every council on the report date."""
        return sum((self.backlog_at(e) for e in self.backlog), Decimal(0))


def refuse_actions(rf: RoundFile, statuses: Iterable[str] = COUNTED_STATUSES) -> dict[str, list[Action]]:
    """Refuse action by employer, limited to the given statuses."""
    wanted = set(statuses)
    out: dict[str, list[Action]] = {}
    for a in rf.industrial_action:
        if "refuse" in a.services and a.status in wanted:
            out.setdefault(a.employer, []).append(a)
    return out


def _param(pid: str, day: date) -> tuple[Decimal, str]:
    p = load_parameter(pid)
    entry = p.entry_at(day)
    refs = "; ".join(r.href or r.title for r in entry.reference)
    note = f" ({entry.note})" if entry.note else ""
    return Decimal(entry.value), f"params/{pid}.yaml, value from {max(d for d in p.dates if d <= day)}{note}: {refs}"


def _inputs(rf: RoundFile, employer: str, actions: list[Action]) -> tuple[BacklogInputs, list[str]]:
    first = min(a.first_day for a in actions)
    households = next(h for h in rf.impact.households if h.employer == employer)
    own = next((r for r in rf.impact.refuse if r.employer == employer), None)
    basis = [f"households: {households.households:,} ({households.year}; {'; '.join(households.sources)})"]
    own_sources = "; ".join(own.sources) if own else ""
    if own and own.waste_kg_per_household_week is not None:
        waste = own.waste_kg_per_household_week
        basis.append(f"waste per household per week: {waste} kg (round file: {own.note} Sources: {own_sources})")
    else:
        waste, src = _param(_WASTE_PARAMETER[rf.body.country], first)
        basis.append(f"waste per household per week: {waste} kg ({src})")
    values: dict[str, Decimal] = {}
    for key, pid in (
        ("collection_days_per_week", "backlog/collection_days_per_week"),
        ("share_missed", "backlog/share_missed_on_strike_day"),
        ("surplus_share", "backlog/clearup_surplus_share"),
    ):
        stated = getattr(own, key, None) if own else None
        if stated is not None:
            values[key] = Decimal(stated)
            basis.append(f"{key.replace('_', ' ')}: {stated} (round file: {own_sources})")
        else:
            values[key], src = _param(pid, first)
            basis.append(f"{key.replace('_', ' ')}: {values[key]} ({src})")
    phases = tuple(
        ClearupPhase(start=c.from_, end=c.to, tonnes_per_day=c.tonnes_per_day, days_per_week=c.days_per_week)
        for c in (own.clearup if own else [])
    )
    for c in own.clearup if own else []:
        to = c.to.isoformat() if c.to else "on"
        basis.append(f"clear-up {c.from_}-{to}: {c.tonnes_per_day} t a day, {c.days_per_week} days a week ({c.note})")
    days: set[date] = set()
    open_from: date | None = None
    for a in actions:
        if a.last_day is None:
            open_from = a.first_day if open_from is None else min(open_from, a.first_day)
        else:
            days.update(a.days())
    return (
        BacklogInputs(
            households=households.households,
            waste_kg_per_household_week=waste,
            collection_days_per_week=int(values["collection_days_per_week"]),
            share_missed=values["share_missed"],
            surplus_share=values["surplus_share"],
            strike_days=frozenset(days),
            strike_open_from=open_from,
            clearup=phases,
        ),
        basis,
    )


def _missing_reason(rf: RoundFile, employer: str) -> str | None:
    if not any(h.employer == employer for h in rf.impact.households):
        return "households not given (add them under impact.households)"
    own = next((r for r in rf.impact.refuse if r.employer == employer), None)
    if (own is None or own.waste_kg_per_household_week is None) and rf.body.country not in _WASTE_PARAMETER:
        return (
            f"no bundled waste-per-household figure for {rf.body.country}: "
            "give impact.refuse[].waste_kg_per_household_week with its source"
        )
    return None


def assess(rf: RoundFile, at: date, include_planned: bool = False, until: date | None = None) -> ImpactReport:
    """The impacts of a round's action on ``at`` (the model runs on to ``until`` and until backlogs clear)."""
    statuses = ("held", "planned") if include_planned else COUNTED_STATUSES
    backlog: dict[str, EmployerBacklog] = {}
    missing: dict[str, str] = {}
    for employer, actions in sorted(refuse_actions(rf, statuses).items()):
        reason = _missing_reason(rf, employer)
        if reason:
            missing[employer] = reason
            continue
        end = max(at, until or at)
        inputs, basis = _inputs(rf, employer, actions)
        episode = simulate(inputs, min(a.first_day for a in actions), end)
        backlog[employer] = EmployerBacklog(employer=employer, inputs=inputs, episode=episode, basis=basis)
    return ImpactReport(at=at, backlog=backlog, not_estimated=missing, schools=_schools(rf, at, statuses))


def _weekdays(actions: Iterable[Action], until: date) -> set[date]:
    out: set[date] = set()
    for a in actions:
        if a.first_day <= until:
            out.update(d for d in a.days(until=until) if d.weekday() < 5)
    return out


def _schools(rf: RoundFile, at: date, statuses: Iterable[str]) -> list[SchoolImpact]:
    counted = set(statuses)
    by_employer: dict[str, list[Action]] = {}
    for a in rf.industrial_action:
        if _SCHOOL_SERVICES & set(a.services):
            by_employer.setdefault(a.employer, []).append(a)
    out: list[SchoolImpact] = []
    for employer, actions in sorted(by_employer.items()):
        lost = _weekdays((a for a in actions if a.status in counted), at)
        not_held = _weekdays((a for a in actions if a.status not in counted), at) - lost
        pupils = next((p.pupils for p in rf.impact.pupils if p.employer == employer), None)
        out.append(
            SchoolImpact(
                employer=employer,
                days_lost=len(lost),
                days_not_held=len(not_held),
                pupils=pupils,
                pupil_days_lost=None if pupils is None else pupils * len(lost),
            )
        )
    return out
