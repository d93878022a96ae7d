"""Statutory checks of industrial-action ballots (pure: the rules in force are passed in, see ``rounds.law``).

A ballot gives a mandate when, under the rules in force on the day it opened:
- at least the turnout threshold of those entitled to vote voted (50%);
- a majority of the votes cast were yes;
- where the majority of those entitled to vote are in important public services and the rule is in force, yes votes
  were at least 40% of all those entitled to vote (repealed for ballots opening on or after 18 February 2026; never
  applied to devolved Welsh authorities from 13 September 2017, by the Trade Union (Wales) Act 2017);
- the employer had notice of the ballot in time, when the date of that notice is given.
The mandate expires a number of months after the ballot closes (6, or 9 by agreement; 12 from 18 February 2026).
Action taken on a ballot must start after the ballot closes, before the mandate expires, and after the notice period.

``valid`` means the figures given show a mandate. Where figures are missing, the reported outcome is used and the
reasons say so; where nothing shows it, the ballot is not shown to be valid.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from payround.rounds.schema_action import Action, Ballot

__all__ = ["ActionCheck", "BallotCheck", "BallotRules", "add_months", "check_action", "check_ballot"]

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class BallotRules:
    """The ballot law in force on one day (values from the dated parameters under ``params/ballot_law``)."""

    in_force_from: date
    turnout_threshold: Decimal
    ips_support_threshold: Decimal | None
    mandate_months: int
    mandate_months_by_agreement: int | None
    ballot_notice_days: int | None
    country: str | None = None  # set where a country's own rule replaced Great Britain's (e.g. "wales")


@dataclass(frozen=True)
class BallotCheck:
    """The outcome of checking one ballot: whether it gives a mandate, why not, and until when."""

    ballot_id: str
    valid: bool
    reasons: list[str]
    notes: list[str]
    mandate_expires: date | None
    turnout: Decimal | None
    yes_share_of_votes: Decimal | None
    yes_share_of_eligible: Decimal | None
    rules: BallotRules | None
    actions: list[ActionCheck] = field(default_factory=list)


@dataclass(frozen=True)
class ActionCheck:
    """Whether one action was taken within its ballot's mandate and after due notice."""

    action_id: str
    valid: bool
    reasons: list[str]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when that day does not exist)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _pct(x: Decimal) -> str:
    return f"{(x * HUNDRED).quantize(Decimal('0.1'))}%"


def _turnout(b: Ballot) -> tuple[Decimal | None, bool]:
    """Turnout as a share of eligible, and whether it is only a lower bound (from yes + no counts)."""
    if b.votes_cast is not None and b.eligible:
        return Decimal(b.votes_cast) / Decimal(b.eligible), False
    if b.turnout_pct is not None:
        return b.turnout_pct / HUNDRED, False
    if b.eligible and (b.votes_yes is not None or b.votes_no is not None):
        return Decimal((b.votes_yes or 0) + (b.votes_no or 0)) / Decimal(b.eligible), True
    return None, False


def _yes_share(b: Ballot) -> Decimal | None:
    if b.votes_yes is not None and b.votes_cast:
        return Decimal(b.votes_yes) / Decimal(b.votes_cast)
    if b.yes_pct is not None:
        return b.yes_pct / HUNDRED
    if b.votes_yes is not None and b.votes_no is not None and b.votes_yes + b.votes_no > 0:
        return Decimal(b.votes_yes) / Decimal(b.votes_yes + b.votes_no)
    return None


def _majority(b: Ballot) -> bool | None:
    if b.votes_yes is not None and b.votes_no is not None:
        return b.votes_yes > b.votes_no
    if b.yes_pct is not None and b.no_pct is not None:
        return b.yes_pct > b.no_pct
    if b.yes_pct is not None:
        return b.yes_pct > 50
    if b.no_pct is not None:
        return b.no_pct < 50
    if b.votes_yes is not None and b.votes_cast is not None:
        return b.votes_yes * 2 > b.votes_cast
    if b.votes_yes is not None and b.eligible is not None and b.votes_yes * 2 > b.eligible:
        return True  # more yes votes than could be cast against
    return None


def _yes_of_eligible(b: Ballot, turnout: Decimal | None, yes_share: Decimal | None) -> Decimal | None:
    if b.votes_yes is not None and b.eligible:
        return Decimal(b.votes_yes) / Decimal(b.eligible)
    if turnout is not None and yes_share is not None:
        return turnout * yes_share
    return None


def check_ballot(b: Ballot, rules: BallotRules | None, rules_note: str = "") -> BallotCheck:
    """Check one industrial-action ballot against ``rules`` (None when no rules could be chosen: ``rules_note``)."""
    reasons: list[str] = []
    notes: list[str] = [rules_note] if rules_note else []
    turnout, lower_bound = _turnout(b)
    yes_share = _yes_share(b)
    yes_eligible = _yes_of_eligible(b, turnout, yes_share)
    rounded = b.turnout_pct is not None or b.yes_pct is not None or b.no_pct is not None
    # Turnout
    if rules is not None and turnout is not None:
        if turnout < rules.turnout_threshold:
            if lower_bound:
                reasons.append(
                    f"turnout not shown: the yes and no votes given are {_pct(turnout)} of those entitled to vote, "
                    f"below the {_pct(rules.turnout_threshold)} threshold, and the total voting was not given"
                )
            else:
                reasons.append(f"turnout {_pct(turnout)} is below the {_pct(rules.turnout_threshold)} threshold")
        elif lower_bound:
            notes.append(f"at least {_pct(turnout)} voted (from the yes and no votes given)")
        if rounded and abs(turnout - rules.turnout_threshold) < Decimal("0.005"):
            notes.append("the published turnout is rounded and within half a point of the threshold")
    elif b.reported_turnout_met is not None:
        notes.append("turnout judged on the reported outcome (figures not given)")
        if not b.reported_turnout_met:
            reasons.append("the turnout threshold was not met (as reported)")
    elif turnout is not None:
        reasons.append(f"turnout {_pct(turnout)} cannot be judged without the law in force on the ballot's date")
    else:
        reasons.append("turnout not given: the ballot is not shown to meet the turnout threshold")
    # Majority of votes cast
    majority = _majority(b)
    if majority is None and b.reported_majority is not None:
        notes.append("majority judged on the reported outcome (figures not given)")
        majority = b.reported_majority
        if not majority:
            reasons.append("a majority did not vote yes (as reported)")
    elif majority is None:
        reasons.append("the yes vote was not given: the ballot is not shown to have a majority for action")
    elif not majority:
        share = f" ({_pct(yes_share)} yes)" if yes_share is not None else ""
        reasons.append(f"no majority of the votes cast for action{share}")
    # Important public services
    if b.important_public_services and rules is not None:
        if rules.ips_support_threshold is None and rules.country == "wales":
            notes.append(
                "the 40%-of-eligible rule for important public services did not apply: the ballot was at a devolved "
                "Welsh authority (Trade Union (Wales) Act 2017)"
            )
        elif rules.ips_support_threshold is None:
            notes.append("the 40%-of-eligible rule for important public services did not apply to this ballot")
        elif yes_eligible is None:
            reasons.append(
                "important public services: the yes vote as a share of all those entitled to vote was not given"
            )
        elif yes_eligible < rules.ips_support_threshold:
            reasons.append(
                f"important public services: yes votes were {_pct(yes_eligible)} of those entitled to vote, "
                f"below the {_pct(rules.ips_support_threshold)} required"
            )
    # Notice of the ballot to the employer
    if rules is not None and rules.ballot_notice_days is not None and b.notice_of_ballot and b.opened:
        given = (b.opened - b.notice_of_ballot).days
        if given < rules.ballot_notice_days:
            reasons.append(
                f"notice of the ballot was given {given} days before it opened; at least {rules.ballot_notice_days} "
                "are required"
            )
    # Mandate
    expires: date | None = None
    if rules is not None and b.closed is not None:
        months = rules.mandate_months
        if b.mandate_extended_by_agreement:
            if rules.mandate_months_by_agreement is not None:
                months = rules.mandate_months_by_agreement
            else:
                notes.append("no extension of the mandate by agreement was available for this ballot")
        expires = add_months(b.closed, months)
    elif b.closed is None:
        notes.append("closing date not given: the mandate's expiry cannot be computed")
    return BallotCheck(
        ballot_id=b.id,
        valid=not reasons,
        reasons=reasons,
        notes=notes,
        mandate_expires=expires,
        turnout=turnout,
        yes_share_of_votes=yes_share,
        yes_share_of_eligible=yes_eligible,
        rules=rules,
    )


def check_action(a: Action, ballot: Ballot, result: BallotCheck, notice_days: int | None) -> ActionCheck:
    """Check one action against the ballot it relies on; ``notice_days`` is the notice required when it was given."""
    reasons: list[str] = []
    start = a.first_day
    if not result.valid:
        reasons.append(f"relies on ballot {ballot.id}, which is not shown to give a mandate")
    if ballot.closed is not None and start <= ballot.closed:
        reasons.append(f"starts on {start}, before the ballot closed ({ballot.closed})")
    if result.mandate_expires is not None and start >= result.mandate_expires:
        reasons.append(f"starts on {start}, after the mandate expired ({result.mandate_expires})")
    if a.notice_given is not None and notice_days is not None:
        given = (start - a.notice_given).days
        if given < notice_days:
            earliest = a.notice_given + timedelta(days=notice_days)
            reasons.append(
                f"notice given {given} days before the action; {notice_days} are required (earliest start {earliest})"
            )
    return ActionCheck(action_id=a.key(), valid=not reasons, reasons=reasons)
