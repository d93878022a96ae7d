"""Round file building blocks: ballots and industrial action."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from payround.rounds.schema_parts import Country, Slug, Sources, When
from payround.schemabase import CheckedModel

__all__ = ["SERVICES", "Action", "ActionStatus", "Ballot", "BallotKind", "Service"]

Service = Literal[
    "refuse", "recycling_centres", "street_cleansing", "schools", "early_learning", "social_care", "other"
]
SERVICES: tuple[str, ...] = (
    "refuse",
    "recycling_centres",
    "street_cleansing",
    "schools",
    "early_learning",
    "social_care",
    "other",
)
ActionStatus = Literal["planned", "held", "suspended", "called_off"]
BallotKind = Literal["industrial_action", "consultative", "offer"]

Pct = Annotated[Decimal, Field(ge=0, le=100)]
Count = Annotated[int, Field(ge=0)]


def _services(value: object) -> object:
    if isinstance(value, str):
        return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]
    return value


class _Strict(CheckedModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _close(pct: Decimal, part: int, whole: int) -> bool:
    """Whether a published percentage agrees with the counts (to within half a point of rounding)."""
    return whole > 0 and abs(pct - Decimal(part) * 100 / Decimal(whole)) <= Decimal("0.5")


class Ballot(_Strict):
    """A ballot of a union's members: a statutory industrial-action ballot, a consultative one, or a vote on an offer.

    Give the figures as counts (``eligible``, ``votes_cast``, ``votes_yes``, ``votes_no``) or as published percentages
    (``turnout_pct`` of those entitled to vote, ``yes_pct``/``no_pct`` of votes cast). Where only the outcome was
    reported, say so with ``reported_turnout_met`` and ``reported_majority``. ``country`` says where the ballot was
    held when the round's body covers more than one country (an NJC ballot at a Welsh council: ``wales``).
    ``date_approximate`` marks ``opened``/``closed`` as the nearest date known (say what is known in ``date_note``).
    """

    id: Slug
    union: str = Field(min_length=1)
    employers: list[Annotated[str, StringConstraints(min_length=1)]] = Field(min_length=1)
    bargaining_unit: str = Field(min_length=1)
    kind: BallotKind = "industrial_action"
    question: str = ""
    offer: Slug | None = None
    opened: date | None = None
    closed: date | None = None
    date_note: str = ""
    date_approximate: bool = False
    country: Country | None = None
    notice_of_ballot: date | None = None
    eligible: Count | None = None
    votes_cast: Count | None = None
    votes_yes: Count | None = None
    votes_no: Count | None = None
    turnout_pct: Pct | None = None
    yes_pct: Pct | None = None
    no_pct: Pct | None = None
    reported_turnout_met: bool | None = None
    reported_majority: bool | None = None
    important_public_services: bool = False
    mandate_extended_by_agreement: bool = False
    note: str = ""
    sources: Sources = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Ballot:
        if self.opened and self.closed and self.closed < self.opened:
            raise ValueError(f"the ballot closes ({self.closed}) before it opens ({self.opened}); check the dates")
        if self.notice_of_ballot and self.opened and self.notice_of_ballot > self.opened:
            raise ValueError(
                f"notice_of_ballot ({self.notice_of_ballot}) is after the ballot opened ({self.opened}); "
                "the employer is told before the ballot opens"
            )
        if self.eligible is not None and self.votes_cast is not None and self.votes_cast > self.eligible:
            raise ValueError(
                f"votes_cast ({self.votes_cast}) is more than eligible ({self.eligible}); check the figures"
            )
        yes_no = (self.votes_yes or 0) + (self.votes_no or 0)
        if self.votes_cast is not None and yes_no > self.votes_cast:
            raise ValueError(
                f"votes_yes + votes_no ({yes_no}) is more than votes_cast ({self.votes_cast}); check the figures"
            )
        if self.eligible is not None and yes_no > self.eligible:
            raise ValueError(
                f"votes_yes + votes_no ({yes_no}) is more than eligible ({self.eligible}); check the figures"
            )
        if self.yes_pct is not None and self.no_pct is not None and self.yes_pct + self.no_pct > 100:
            raise ValueError(f"yes_pct + no_pct ({self.yes_pct + self.no_pct}) is more than 100; check the figures")
        pairs = (
            (self.turnout_pct, self.votes_cast, self.eligible, "turnout_pct", "votes_cast / eligible"),
            (self.yes_pct, self.votes_yes, self.votes_cast, "yes_pct", "votes_yes / votes_cast"),
            (self.no_pct, self.votes_no, self.votes_cast, "no_pct", "votes_no / votes_cast"),
        )
        for pct, part, whole, name, ratio in pairs:
            if pct is not None and part is not None and whole is not None and not _close(pct, part, whole):
                raise ValueError(
                    f"{name} ({pct}) does not agree with {ratio} ({part} / {whole}); correct one, or give only one"
                )
        if self.date_approximate and not self.date_note:
            raise ValueError("a date marked date_approximate needs a date_note saying what is known of it")
        if self.kind == "industrial_action" and self.offer is not None:
            raise ValueError("only a vote on an offer (kind: offer) or a consultative ballot names an 'offer'")
        return self


class Action(_Strict):
    """Industrial action by one union's members at one employer: a strike or action short of a strike.

    ``start`` and ``end`` are dates (the end day included) or dates with times as given in the notice. When the start
    has a time of day (a 05:00 shift), days run from that time: a strike from 05:00 18 August to 04:59 30 August
    covers the 12 days 18-29 August. ``end`` is empty for indefinite action.
    """

    id: Slug | None = None
    union: str = Field(min_length=1)
    employer: str = Field(min_length=1)
    services: Annotated[list[Service], BeforeValidator(_services)] = Field(min_length=1)
    detail: str = ""
    start: When
    end: When | None = None
    members: Count | None = None
    status: ActionStatus
    status_date: date | None = None
    ballot: Slug | None = None
    notice_given: date | None = None
    note: str = ""
    sources: Sources = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered(self) -> Action:
        last = self.last_day
        if last is not None and last < self.first_day:
            raise ValueError(
                f"the action ends ({self.end}) before it starts ({self.start}); "
                "check the dates (the end day is included)"
            )
        if self.notice_given is not None and self.notice_given > self.first_day:
            raise ValueError(
                f"notice_given ({self.notice_given}) is after the action starts ({self.first_day}); "
                "notice is given before the action"
            )
        if self.status in ("suspended", "called_off") and self.status_date is None:
            raise ValueError(f"give the date the action was {self.status.replace('_', ' ')} as 'status_date'")
        return self

    @property
    def first_day(self) -> date:
        """The first day of action."""
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date | None:
        """The last day of action (None while indefinite); shift days start at the start's time of day."""
        if self.end is None:
            return None
        if not isinstance(self.end, datetime):
            return self.end
        shift = (
            timedelta(hours=self.start.hour, minutes=self.start.minute)
            if isinstance(self.start, datetime)
            else timedelta(0)
        )
        return (self.end - shift).date()

    def days(self, until: date | None = None) -> list[date]:
        """Every day of the action, up to ``until`` (needed for indefinite action)."""
        last = self.last_day
        if last is None or (until is not None and until < last):
            last = until
        if last is None:
            raise ValueError("an indefinite action needs an end date to list its days")
        n = (last - self.first_day).days + 1
        return [self.first_day + timedelta(days=i) for i in range(max(n, 0))]

    def key(self) -> str:
        """The id, or one made from union, employer, first service and start (used when the file gives none)."""
        if self.id:
            return self.id
        text = f"{self.union}-{self.employer}-{self.services[0]}-{self.first_day.isoformat()}".lower()
        return "".join(c if c.isalnum() or c in "-." else "-" for c in text).strip("-")
