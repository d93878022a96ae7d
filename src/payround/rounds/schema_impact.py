"""Round file building blocks: the inputs of the impact models (households, refuse settings, pupils) and the
reported outcomes the models are checked against."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from payround.rounds.schema_parts import Sources
from payround.schemabase import CheckedModel

__all__ = ["Clearup", "Households", "Impact", "Observation", "Pupils", "RefuseSettings"]


class _Strict(CheckedModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Households(_Strict):
    """How many households an employer (a council) collects from, with the year of the count and its source."""

    employer: str = Field(min_length=1)
    households: int = Field(gt=0)
    year: int = Field(ge=1900, le=2100)
    sources: Sources = Field(min_length=1)


class Clearup(_Strict):
    """Stated clear-up capacity: tonnes a day collected from the backlog, on ``days_per_week`` days (Monday first)."""

    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    tonnes_per_day: Decimal = Field(gt=0)
    days_per_week: int = Field(default=5, ge=1, le=7)
    note: str = ""
    sources: Sources = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Clearup:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"the clear-up ends ({self.to}) before it starts ({self.from_}); check the dates")
        return self


class RefuseSettings(_Strict):
    """One council's refuse-backlog inputs where they differ from the bundled parameters (each with its source)."""

    employer: str = Field(min_length=1)
    waste_kg_per_household_week: Decimal | None = Field(default=None, gt=0, le=200)
    collection_days_per_week: int | None = Field(default=None, ge=1, le=7)
    share_missed: Decimal | None = Field(default=None, ge=0, le=1)
    clearup: list[Clearup] = Field(default_factory=list)
    note: str = ""
    sources: Sources = Field(default_factory=list)

    @model_validator(mode="after")
    def _sourced(self) -> RefuseSettings:
        stated = (self.waste_kg_per_household_week, self.collection_days_per_week, self.share_missed)
        if any(v is not None for v in stated) and not self.sources:
            raise ValueError("give the 'sources' of the figures stated for this council")
        return self


class Pupils(_Strict):
    """Pupils at the schools an employer runs, for the pupil-days a school strike costs."""

    employer: str = Field(min_length=1)
    pupils: int = Field(gt=0)
    year: str = Field(min_length=1)
    sources: Sources = Field(min_length=1)


class Observation(_Strict):
    """A reported outcome to check a model against: the backlog on a date, its peak, or the day it was cleared."""

    employer: str = Field(min_length=1)
    kind: Literal["backlog_at", "peak", "cleared_by"]
    date: dt.date | None = None
    backlog_tonnes: Decimal | None = Field(default=None, ge=0)
    note: str = ""
    sources: Sources = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> Observation:
        if self.kind in ("backlog_at", "cleared_by") and self.date is None:
            raise ValueError(f"an observation of kind {self.kind} needs its 'date'")
        if self.kind in ("backlog_at", "peak") and self.backlog_tonnes is None:
            raise ValueError(f"an observation of kind {self.kind} needs 'backlog_tonnes'")
        return self


class Impact(_Strict):
    """Inputs and reported outcomes for the impact models."""

    households: list[Households] = Field(default_factory=list)
    refuse: list[RefuseSettings] = Field(default_factory=list)
    pupils: list[Pupils] = Field(default_factory=list)
    observed: list[Observation] = Field(default_factory=list)
