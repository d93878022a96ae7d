"""Round file building blocks: the bargaining body, sides, the claim and offers, responses, settlement, milestones.

Every model is strict (unknown keys are errors) and keeps its sources: a list of addresses or citations.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, PlainSerializer, StringConstraints, model_validator

from payround.offers.schema import Offer
from payround.schemabase import CheckedModel

__all__ = [
    "Body",
    "Country",
    "Milestone",
    "OfferEntry",
    "OfferStatus",
    "PayYear",
    "Response",
    "ResponseKind",
    "Settlement",
    "Side",
    "SideName",
    "Sides",
    "Slug",
    "Sources",
    "When",
    "parse_when",
]

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80),
]
"""An identifier: lower-case letters, digits, '.', '_' and '-' (e.g. ``offer-3``, ``unison-2022-09``)."""

SideName = Literal["employers", "unions", "neutral"]
Country = Literal["scotland", "england", "wales", "england-wales", "great-britain", "northern-ireland"]
"""Where a round or a ballot is: the law that applies can differ by country (e.g. Wales from September 2017)."""
OfferStatus = Literal["draft", "tabled", "rejected", "accepted", "withdrawn", "superseded"]
ResponseKind = Literal["accept", "reject", "consult", "ballot"]


def parse_when(value: Any) -> Any:
    """Read a date (``2022-08-18``) or a date and time (``2022-08-18T05:00``) without guessing between them."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)") from exc
    return value


def _when_text(value: date) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    return value.isoformat()


When = Annotated[
    datetime | date,
    BeforeValidator(parse_when),
    PlainSerializer(_when_text, return_type=str, when_used="json"),
]
"""A date, or a date with a time of day when the source gives one (e.g. a strike from 05:00)."""


def approximate_needs_a_note(model: Any) -> Any:
    """A date marked ``date_approximate`` must say what is known of it in ``date_note``."""
    if getattr(model, "date_approximate", False) and not getattr(model, "date_note", ""):
        raise ValueError("a date marked date_approximate needs a date_note saying what is known of it")
    return model


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Sources = Annotated[list[Annotated[str, StringConstraints(min_length=1)]], BeforeValidator(_as_list)]
"""Where a fact comes from: one address or citation, or a list of them."""


class _Strict(CheckedModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _approximate_dates_say_why(self) -> Any:
        return approximate_needs_a_note(self)


class Body(_Strict):
    """The bargaining body: a national joint council (SJC, NJC) or a single employer."""

    kind: Literal["sjc", "njc", "single_employer", "other"]
    name: str = Field(min_length=1)
    country: Country


class PayYear(_Strict):
    """The pay year the round settles (1 April to 31 March for SJC and NJC)."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> PayYear:
        if self.end <= self.start:
            raise ValueError(f"the pay year ends ({self.end}) on or before it starts ({self.start}); swap the dates")
        return self


class Side(_Strict):
    """One side of the table: its name (e.g. COSLA) and its member organisations (councils, unions)."""

    name: str = Field(min_length=1)
    members: list[Annotated[str, StringConstraints(min_length=1)]] = Field(default_factory=list)
    sources: Sources = Field(default_factory=list)

    def names(self) -> list[str]:
        """The side's own name and its members' names."""
        return [self.name, *self.members]


class Sides(_Strict):
    """The employers' side, the unions' side and, optionally, a neutral party (e.g. Acas)."""

    employers: Side
    unions: Side
    neutral: Side | None = None


class OfferEntry(_Strict):
    """A claim or an offer tabled in the round.

    ``offer`` is an offer in the offer file format (DESIGN §3). When the construction was not published, leave it out
    and say what is known in ``described``: the offer is recorded but cannot be applied to a pay structure.
    """

    id: Slug
    tabled: date | None = None
    date_note: str = ""
    date_approximate: bool = False
    by: str = Field(min_length=1)
    status: OfferStatus = "tabled"
    summary: str = Field(min_length=1)
    offer: Offer | None = None
    described: str = ""
    note: str = ""
    sources: Sources = Field(default_factory=list)

    @model_validator(mode="after")
    def _offer_or_description(self) -> OfferEntry:
        if self.offer is None and not self.described:
            raise ValueError(
                "give the offer's construction under 'offer' (or 'file'), or say under 'described' what is known "
                "of an offer whose construction was not published"
            )
        return self


class Response(_Strict):
    """A union's response to an offer: accept, reject, consult its members, or ballot them."""

    offer: Slug
    union: str = Field(min_length=1)
    response: ResponseKind
    date: dt.date | None = None
    date_note: str = ""
    date_approximate: bool = False
    ballot: Slug | None = None
    note: str = ""
    sources: Sources = Field(default_factory=list)


class Settlement(_Strict):
    """How the round ended: the offer that was agreed, and when."""

    offer: Slug
    agreed: date | None = None
    date_note: str = ""
    date_approximate: bool = False
    note: str = ""
    sources: Sources = Field(default_factory=list)


class Milestone(_Strict):
    """A dated event of the story that is not an offer, response, ballot or strike (e.g. 'strikes suspended')."""

    date: dt.date
    what: str = Field(min_length=1)
    date_approximate: bool = False
    date_note: str = ""
    kind: Literal["call_off", "escalation", "talks", "incident", "cost", "other"] = "other"
    sources: Sources = Field(default_factory=list)
