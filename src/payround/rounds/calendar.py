"""The strike calendar: industrial action by employer x service x day, merged across unions striking together.

One event is one span of action at one employer for one service; unions whose action has the same span and status
share the event (Edinburgh's Unite and GMB refuse strike of 18-29 August 2022 is one event). Indefinite action is
shown up to ``until``.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from payround.errors import RoundError
from payround.rounds.schema import RoundFile
from payround.rounds.schema_action import Action
from payround.schemabase import LAST_YEAR

__all__ = ["CalendarEvent", "strike_calendar"]


class _Key(NamedTuple):
    round_id: str
    employer: str
    service: str
    first: date
    last: date
    open_ended: bool
    status: str
    status_date: date | None


@dataclass(frozen=True)
class CalendarEvent:
    """A span of action (first and last day inclusive) at one employer for one service."""

    round_id: str
    employer: str
    service: str
    first: date
    last: date
    open_ended: bool
    unions: tuple[str, ...]
    status: str
    status_date: date | None
    action_ids: tuple[str, ...]
    details: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def days(self) -> int:
        """Days in the span."""
        return (self.last - self.first).days + 1

    @property
    def uid(self) -> str:
        """A stable identifier, so that re-exported calendars update events rather than duplicate them."""
        key = f"{self.round_id}|{self.employer}|{self.service}|{self.first}|{','.join(self.action_ids)}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@payround"


def _match(name: str, known: Iterable[str], what: str, option: str) -> str:
    names = sorted(set(known))
    for n in names:
        if n.casefold() == name.casefold():
            return n
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    raise RoundError(
        f"no industrial action recorded for the {what} {name!r}.",
        place=option,
        expected=f"one of {', '.join(names[:8])}{', ...' if len(names) > 8 else ''}",
        got=repr(name),
        hint=(f"Did you mean {' or '.join(repr(c) for c in close)}?" if close else "Check the spelling."),
    )


def strike_calendar(
    rounds: Iterable[RoundFile],
    until: date,
    employer: str | None = None,
    service: str | None = None,
    statuses: Iterable[str] | None = None,
) -> list[CalendarEvent]:
    """Events of every round's action, optionally for one employer, one service and some statuses."""
    if until.year > LAST_YEAR:
        raise RoundError(
            f"the calendar can run to the end of {LAST_YEAR} at most.",
            place="--until",
            got=until.isoformat(),
            hint="give a date such as 2026-03-31.",
        )
    rounds = list(rounds)
    actions = [(rf.id, a) for rf in rounds for a in rf.industrial_action]
    if employer is not None:
        employer = _match(employer, (a.employer for _, a in actions), "employer", "--employer")
    if service is not None:
        service = _match(service, (s for _, a in actions for s in a.services), "service", "--service")
    wanted = set(statuses) if statuses is not None else None
    groups: dict[_Key, list[Action]] = {}
    for round_id, a in actions:
        if (employer is not None and a.employer != employer) or (wanted is not None and a.status not in wanted):
            continue
        if a.first_day > until:
            continue
        last = a.last_day if a.last_day is not None and a.last_day <= until else until
        for s in a.services:
            if service is None or s == service:
                key = _Key(round_id, a.employer, s, a.first_day, last, a.last_day is None, a.status, a.status_date)
                groups.setdefault(key, []).append(a)
    events = [
        CalendarEvent(
            round_id=k.round_id,
            employer=k.employer,
            service=k.service,
            first=k.first,
            last=k.last,
            open_ended=k.open_ended,
            unions=tuple(sorted({a.union for a in acts})),
            status=k.status,
            status_date=k.status_date,
            action_ids=tuple(a.key() for a in acts),
            details=tuple(sorted({a.detail for a in acts if a.detail})),
            sources=tuple(sorted({x for a in acts for x in a.sources})),
        )
        for k, acts in groups.items()
    ]
    events.sort(key=lambda e: (e.first, e.employer, e.service, e.unions))
    return events
