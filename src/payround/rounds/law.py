"""The ballot law in force on a date, read from the dated parameters under ``params/ballot_law`` and applied.

Thresholds, the important-public-services rule and the mandate are chosen by the day the ballot opened (the closing
day when the opening day is not given); the notice of action by the day the notice was given. No rule here is
written as ``if year == ...``: a change in the law is a new dated value in a parameter file, with its source.

Where the law differs by country, a country's own parameter file replaces the Great Britain one: in Wales the
important-public-services threshold was disapplied for devolved Welsh authorities (councils and schools included) by
the Trade Union (Wales) Act 2017 (``ballot_law/important_public_services_support_wales``). A ballot's country is its
own ``country`` or else the round's ``body.country``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from payround.params import Parameter, load_parameter
from payround.rounds.ballots import BallotCheck, BallotRules, check_action, check_ballot
from payround.rounds.schema import RoundFile
from payround.rounds.schema_action import Action, Ballot

__all__ = [
    "BallotReport",
    "action_notice_days",
    "ballot_rules",
    "check_ballots",
    "check_round_ballots",
    "law_references",
]

_IDS = {
    "turnout": "ballot_law/turnout_threshold",
    "ips": "ballot_law/important_public_services_support",
    "mandate": "ballot_law/mandate_months",
    "mandate_agreed": "ballot_law/mandate_months_by_agreement",
    "ballot_notice": "ballot_law/ballot_notice_days",
    "action_notice": "ballot_law/action_notice_days",
}
# Country-specific parameter files that replace the Great Britain ones (see the module docstring).
_BY_COUNTRY = {"wales": {"ips": "ballot_law/important_public_services_support_wales"}}
# Rounds whose body covers Wales and England: a ballot there may or may not be at a devolved Welsh authority.
_MIXED = ("england-wales", "great-britain")


def _ids(country: str | None) -> dict[str, str]:
    return {**_IDS, **_BY_COUNTRY.get(country or "", {})}


def _entry(param: Parameter, day: date) -> tuple[date, Any] | None:
    """(effective date, value) in force on ``day``; value None after a repeal; None before the first value."""
    dates = param.dates
    i = bisect_right(dates, day) - 1
    if i < 0:
        return None
    return dates[i], param.values[dates[i]].value


def _int(v: Any) -> int | None:
    return None if v is None else int(Decimal(v))


def ballot_rules(day: date, country: str | None = None) -> BallotRules | None:
    """The rules for a ballot that opened on ``day`` in ``country`` (None: Great Britain's rules), or None before the
    bundled law starts (1 March 2017)."""
    found = {k: _entry(load_parameter(pid), day) for k, pid in _ids(country).items() if k != "action_notice"}
    turnout = found["turnout"]
    mandate = found["mandate"]
    if turnout is None or mandate is None or turnout[1] is None or mandate[1] is None:
        return None
    since = max(e[0] for e in found.values() if e is not None)
    ips, agreed, notice = found["ips"], found["mandate_agreed"], found["ballot_notice"]
    return BallotRules(
        in_force_from=since,
        turnout_threshold=Decimal(turnout[1]),
        ips_support_threshold=None if ips is None or ips[1] is None else Decimal(ips[1]),
        mandate_months=int(Decimal(mandate[1])),
        mandate_months_by_agreement=None if agreed is None else _int(agreed[1]),
        ballot_notice_days=None if notice is None else _int(notice[1]),
        country=country if country in _BY_COUNTRY else None,
    )


def action_notice_days(day: date) -> int | None:
    """Days of notice of industrial action required for a notice given on ``day``."""
    found = _entry(load_parameter(_IDS["action_notice"]), day)
    return None if found is None else _int(found[1])


def law_references(day: date, country: str | None = None) -> list[str]:
    """The sources of every ballot rule in force on ``day`` in ``country``, for reports."""
    out: list[str] = []
    for pid in _ids(country).values():
        param = load_parameter(pid)
        found = _entry(param, day)
        if found is None:
            continue
        for ref in param.values[found[0]].reference:
            text = f"{ref.title} <{ref.href}>" if ref.href else ref.title
            if text not in out:
                out.append(text)
    return out


@dataclass(frozen=True)
class BallotReport:
    """A ballot, the day its rules were chosen by, and its check."""

    ballot: Ballot
    rules_day: date | None
    check: BallotCheck
    country: str | None = None


def _country_note(b: Ballot, country: str | None, day: date) -> str:
    """Warn where a ballot in important public services may be at a devolved Welsh authority, whose rule differs."""
    if not b.important_public_services or country not in _MIXED:
        return ""
    wales, gb = ballot_rules(day, "wales"), ballot_rules(day)
    if wales is None or gb is None or wales.ips_support_threshold == gb.ips_support_threshold:
        return ""
    return (
        f"the round covers {country}: if this ballot was at a devolved Welsh authority (a Welsh council or school), "
        "the 40% important-public-services threshold did not apply (Trade Union (Wales) Act 2017); "
        f"give the ballot's country ('wales' or 'england')"
    )


def _check_one(b: Ballot, country: str | None) -> tuple[date | None, BallotCheck]:
    day = b.opened or b.closed
    if day is None:
        note = "ballot dates not given: the law in force could not be chosen; judged on the figures or report alone"
        return None, check_ballot(b, None, note)
    rules = ballot_rules(day, country)
    if rules is None:
        note = f"no ballot law is bundled for {day} (it starts on 1 March 2017, the Trade Union Act 2016)"
        return day, check_ballot(b, None, note)
    notes = [
        "" if b.opened else "opening date not given: the law in force on the closing date was used",
        "the ballot's date is approximate, so the law chosen and the mandate's expiry are too"
        if b.date_approximate
        else "",
        _country_note(b, country, day),
    ]
    return day, check_ballot(b, rules, "; ".join(n for n in notes if n))


def check_ballots(
    ballots: Sequence[Ballot], actions: Sequence[Action] = (), country: str | None = None
) -> list[BallotReport]:
    """Check every industrial-action ballot (consultative ballots and votes on offers are left out) and the action
    taken on each, by the law of each ballot's country (its own ``country``, else ``country``: the round's)."""
    out: list[BallotReport] = []
    for b in ballots:
        if b.kind != "industrial_action":
            continue
        where = b.country or country
        day, result = _check_one(b, where)
        checked = [
            check_action(a, b, result, action_notice_days(a.notice_given) if a.notice_given else None)
            for a in actions
            if a.ballot == b.id
        ]
        out.append(BallotReport(ballot=b, rules_day=day, check=replace(result, actions=checked), country=where))
    return out


def check_round_ballots(rf: RoundFile) -> list[BallotReport]:
    """Check the industrial-action ballots of a round and the action taken on them."""
    return check_ballots(rf.ballots, rf.industrial_action, rf.body.country)
