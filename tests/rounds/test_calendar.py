"""The strike calendar and its iCalendar export (valid for calendar apps: UID, DTSTAMP, all-day exclusive end)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from payround.errors import RoundError
from payround.report.ical import PRODID, calendar_to_ical
from payround.rounds import load_round, strike_calendar

ROUNDS = [load_round("sjc-2022-23"), load_round("birmingham-2025")]
STAMP = datetime(2026, 1, 27, 12, 0, tzinfo=UTC)


def test_edinburgh_bins_merge_the_unions_striking_together() -> None:
    events = strike_calendar(ROUNDS, until=date(2026, 1, 27), employer="City of Edinburgh", service="refuse")
    assert [(e.first, e.last, e.unions, e.status) for e in events] == [
        (date(2022, 8, 18), date(2022, 8, 29), ("GMB", "Unite"), "held"),
        (date(2022, 9, 6), date(2022, 9, 13), ("GMB", "Unite"), "suspended"),
    ]


def test_the_ical_file_is_valid_for_calendar_apps() -> None:
    events = strike_calendar(ROUNDS, until=date(2026, 1, 27), employer="City of Edinburgh", service="refuse")
    raw = calendar_to_ical(events, "Edinburgh bins", STAMP)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    cal = Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]) == PRODID
    vevents = list(cal.walk("VEVENT"))
    assert len(vevents) == 2
    first = vevents[0]
    assert first.decoded("DTSTART") == date(2022, 8, 18)
    assert first.decoded("DTEND") == date(2022, 8, 30)  # exclusive: the day after 29 August
    assert "VALUE=DATE" in first.to_ical().decode()
    assert first.decoded("DTSTAMP") == STAMP
    assert str(first["STATUS"]) == "CONFIRMED" and str(vevents[1]["STATUS"]) == "CANCELLED"
    uids = [str(v["UID"]) for v in vevents]
    assert len(set(uids)) == 2 and all(u.endswith("@payround") for u in uids)


def test_uids_are_stable_across_exports() -> None:
    a = strike_calendar(ROUNDS, until=date(2026, 1, 27))
    b = strike_calendar([load_round("sjc-2022-23"), load_round("birmingham-2025")], until=date(2026, 6, 1))
    assert [e.uid for e in a if not e.open_ended] == [e.uid for e in b if not e.open_ended]
    assert len({e.uid for e in a}) == len(a)


def test_indefinite_action_runs_to_the_until_date() -> None:
    events = strike_calendar(ROUNDS, until=date(2025, 4, 30), employer="Birmingham City Council", statuses=["held"])
    all_out = next(e for e in events if e.open_ended)
    assert (all_out.first, all_out.last) == (date(2025, 3, 11), date(2025, 4, 30))


def test_schools_calendar_counts_every_council_and_union() -> None:
    events = strike_calendar(ROUNDS, until=date(2026, 1, 27), service="schools")
    assert {e.status for e in events} == {"suspended"}
    assert len({e.employer for e in events}) == 12


def test_unknown_names_suggest_the_right_one() -> None:
    with pytest.raises(RoundError, match="Did you mean 'City of Edinburgh'"):
        strike_calendar(ROUNDS, until=date(2026, 1, 27), employer="Edinburgh City")
    with pytest.raises(RoundError, match="--service"):
        strike_calendar(ROUNDS, until=date(2026, 1, 27), service="bins")
