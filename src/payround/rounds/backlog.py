"""The refuse-backlog model (pure): uncollected waste by day during and after refuse strikes at one council.

Each collection day a council normally collects

    daily collection (t) = households x waste per household per week (kg) / 1000 / collection days per week

On a collection day covered by a held refuse strike, ``share_missed`` of that is left uncollected and joins the
backlog. The backlog is cleared at a stated capacity (tonnes a day, on the first ``days_per_week`` days of each
week, Monday first) while a clear-up phase is in force; on other collection days outside strikes, the council's
spare capacity (``surplus_share`` of its daily collection) clears it. The backlog never goes below zero.

Every input is given by the caller with its source (see ``rounds.impact``); nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

__all__ = ["BacklogDay", "BacklogInputs", "ClearupPhase", "Episode", "daily_collection_tonnes", "simulate"]

KG_PER_TONNE = Decimal(1000)


@dataclass(frozen=True)
class ClearupPhase:
    """Stated clear-up capacity over a period (``end`` None: open-ended)."""

    start: date
    end: date | None
    tonnes_per_day: Decimal
    days_per_week: int = 5

    def capacity_on(self, day: date) -> Decimal:
        """Tonnes this phase clears on ``day`` (zero outside the phase or on its days off)."""
        if day < self.start or (self.end is not None and day > self.end) or day.weekday() >= self.days_per_week:
            return Decimal(0)
        return self.tonnes_per_day


@dataclass(frozen=True)
class BacklogInputs:
    """Everything the model needs for one council."""

    households: int
    waste_kg_per_household_week: Decimal
    collection_days_per_week: int
    share_missed: Decimal
    surplus_share: Decimal
    strike_days: frozenset[date]
    strike_open_from: date | None = None
    clearup: tuple[ClearupPhase, ...] = ()

    def on_strike(self, day: date) -> bool:
        """Whether a held refuse strike covers ``day`` (indefinite strikes cover every day from their start)."""
        return day in self.strike_days or (self.strike_open_from is not None and day >= self.strike_open_from)


@dataclass(frozen=True)
class BacklogDay:
    """One day of the model: tonnes left uncollected, tonnes cleared, and the backlog at the end of the day."""

    day: date
    missed: Decimal
    cleared: Decimal
    backlog: Decimal


@dataclass(frozen=True)
class Episode:
    """The model's run for one council from the first strike day: the days, the peak and when it clears."""

    days: list[BacklogDay]

    def at(self, day: date) -> Decimal:
        """The backlog at the end of ``day`` (zero before the first strike day)."""
        found = Decimal(0)
        for d in self.days:
            if d.day > day:
                break
            found = d.backlog
        return found

    @property
    def peak(self) -> BacklogDay | None:
        """The day of the largest backlog."""
        return max(self.days, key=lambda d: d.backlog, default=None)

    def days_to_clear(self, day: date) -> int | None:
        """Days from ``day`` until the backlog is cleared (0 if none is left; None if it does not clear)."""
        if self.at(day) == 0:
            return 0
        later = [d.day for d in self.days if d.day > day and d.backlog == 0]
        return (later[0] - day).days if later else None

    @property
    def cleared_on(self) -> date | None:
        """The first day after the peak on which the backlog is back to zero (None if it does not clear)."""
        peak = self.peak
        if peak is None or peak.backlog == 0:
            return None
        return next((d.day for d in self.days if d.day > peak.day and d.backlog == 0), None)


def daily_collection_tonnes(inputs: BacklogInputs) -> Decimal:
    """Tonnes collected on a normal collection day."""
    weekly = Decimal(inputs.households) * inputs.waste_kg_per_household_week / KG_PER_TONNE
    return weekly / Decimal(inputs.collection_days_per_week)


def _capacity(inputs: BacklogInputs, day: date, normal: Decimal, striking: bool) -> Decimal:
    stated = [p.capacity_on(day) for p in inputs.clearup if p.start <= day and (p.end is None or day <= p.end)]
    if stated:
        return sum(stated, Decimal(0))
    if striking or day.weekday() >= inputs.collection_days_per_week:
        return Decimal(0)
    return normal * inputs.surplus_share


def simulate(inputs: BacklogInputs, start: date, until: date, horizon_days: int = 1095) -> Episode:
    """Run the model from ``start`` to ``until`` and on until the backlog is back to zero (at most ``horizon_days``
    more: a backlog that never clears, e.g. an indefinite strike without clear-up capacity, stops there)."""
    normal = daily_collection_tonnes(inputs)
    backlog = Decimal(0)
    days: list[BacklogDay] = []
    last = until + timedelta(days=horizon_days)
    day = start
    while day <= last:
        striking = inputs.on_strike(day)
        collection_day = day.weekday() < inputs.collection_days_per_week
        missed = normal * inputs.share_missed if striking and collection_day else Decimal(0)
        cleared = min(_capacity(inputs, day, normal, striking), backlog + missed)
        backlog = backlog + missed - cleared
        days.append(BacklogDay(day=day, missed=missed, cleared=cleared, backlog=backlog))
        if day >= until and backlog == 0:
            break
        day += timedelta(days=1)
    return Episode(days=days)
