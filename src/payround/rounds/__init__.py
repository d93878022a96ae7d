"""Pay rounds: claims, offers, responses, ballots, industrial action and settlements, with their impacts.

```python
from payround.rounds import load_round, build_timeline, check_round_ballots, assess
rf = load_round("sjc-2022-23")                # a bundled id or a round file
for entry in build_timeline(rf): ...          # offers with their floor, responses, ballots, strikes
reports = check_round_ballots(rf)             # statutory checks by the law in force on each ballot's date
impact = assess(rf, at=date(2022, 8, 31))     # refuse backlog per council, pupil-days lost
```
"""

from payround.rounds.backlog import BacklogDay, BacklogInputs, ClearupPhase, Episode, daily_collection_tonnes, simulate
from payround.rounds.ballots import ActionCheck, BallotCheck, BallotRules, add_months, check_action, check_ballot
from payround.rounds.calendar import CalendarEvent, strike_calendar
from payround.rounds.impact import EmployerBacklog, ImpactReport, SchoolImpact, assess, refuse_actions
from payround.rounds.law import BallotReport, action_notice_days, ballot_rules, check_ballots, check_round_ballots
from payround.rounds.loader import bundled_round_ids, load_round, parse_round, round_to_mapping, round_to_yaml
from payround.rounds.observed import Comparison, check_against_reports
from payround.rounds.schema import RoundFile
from payround.rounds.schema_action import Action, Ballot
from payround.rounds.timeline import OfferCoster, OfferFloor, TimelineEntry, build_timeline, offer_floor

__all__ = [
    "Action",
    "ActionCheck",
    "BacklogDay",
    "BacklogInputs",
    "Ballot",
    "BallotCheck",
    "BallotReport",
    "BallotRules",
    "CalendarEvent",
    "ClearupPhase",
    "Comparison",
    "EmployerBacklog",
    "Episode",
    "ImpactReport",
    "OfferCoster",
    "OfferFloor",
    "RoundFile",
    "SchoolImpact",
    "TimelineEntry",
    "action_notice_days",
    "add_months",
    "assess",
    "ballot_rules",
    "build_timeline",
    "bundled_round_ids",
    "check_action",
    "check_against_reports",
    "check_ballot",
    "check_ballots",
    "check_round_ballots",
    "daily_collection_tonnes",
    "load_round",
    "offer_floor",
    "parse_round",
    "refuse_actions",
    "round_to_mapping",
    "round_to_yaml",
    "simulate",
    "strike_calendar",
]
