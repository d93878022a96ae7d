"""iCalendar (RFC 5545) export of the strike calendar, for phones and calendar apps.

Each event is an all-day span: ``DTSTART;VALUE=DATE`` is the first day and ``DTEND;VALUE=DATE`` the day after the
last (the end is exclusive in iCalendar). UIDs are stable across exports, so re-importing a refreshed calendar
updates events. Held action is CONFIRMED, planned action TENTATIVE, suspended or called-off action CANCELLED.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from payround.rounds.calendar import CalendarEvent

__all__ = ["PRODID", "calendar_to_ical", "event_summary"]

PRODID = "-//payround//strike calendar 1.0//EN"
_STATUS = {"held": "CONFIRMED", "planned": "TENTATIVE", "suspended": "CANCELLED", "called_off": "CANCELLED"}
_SERVICE_NAMES = {
    "refuse": "Bin collections",
    "recycling_centres": "Recycling centres",
    "street_cleansing": "Street cleansing",
    "schools": "Schools",
    "early_learning": "Early learning and childcare",
    "social_care": "Social care",
    "other": "Council services",
}


def event_summary(e: CalendarEvent) -> str:
    """A one-line title such as 'Bin collections strike: City of Edinburgh (GMB, Unite)'."""
    service = _SERVICE_NAMES.get(e.service, e.service)
    state = {"held": "", "planned": " (planned)", "suspended": " (suspended)", "called_off": " (called off)"}
    return f"{service} strike: {e.employer} ({', '.join(e.unions)}){state.get(e.status, '')}"


def _description(e: CalendarEvent) -> str:
    lines = [f"{', '.join(e.unions)} industrial action at {e.employer}, {e.first} to {e.last} ({e.days} days)."]
    if e.open_ended:
        lines.append("Indefinite action: shown up to the date the calendar was made.")
    if e.status_date is not None:
        lines.append(f"Status: {e.status.replace('_', ' ')} on {e.status_date}.")
    else:
        lines.append(f"Status: {e.status.replace('_', ' ')}.")
    lines += list(e.details)
    lines.append(f"Pay round: {e.round_id}. Sources: " + " ".join(e.sources))
    return "\n".join(lines)


def calendar_to_ical(events: Iterable[CalendarEvent], name: str, stamp: datetime | None = None) -> bytes:
    """The events as an iCalendar file (bytes, CRLF line endings as the standard requires)."""
    when = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", when)
        ev.add("dtstart", e.first)
        ev.add("dtend", e.last + timedelta(days=1))
        ev.add("summary", event_summary(e))
        ev.add("description", _description(e))
        ev.add("status", _STATUS.get(e.status, "TENTATIVE"))
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", [e.service, *e.unions])
        ev.add("location", e.employer)
        cal.add_component(ev)
    return bytes(cal.to_ical())
