"""The offer file format, version 1 (DESIGN §3), as Pydantic models.

An offer names the structure it starts from and one or more stages; each stage takes effect on a date and is a
list of steps applied in order to the rates in force at the start of the stage.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from payround.money import Period
from payround.schemabase import CheckedDate, CheckedDecimal, no_underscores

__all__ = [
    "Amount",
    "Band",
    "CapStep",
    "Case",
    "Cash",
    "FloorBy",
    "FloorRate",
    "FloorStep",
    "Greatest",
    "Least",
    "LumpSum",
    "LumpSumStep",
    "Offer",
    "OfferPeriod",
    "Percent",
    "RaiseStep",
    "RemoveStep",
    "SalaryBand",
    "Selector",
    "SetStep",
    "Stage",
    "Step",
]


# Sanity bounds: no pay figure in an offer (a flat sum, a rate, a floor, a band edge) is £10m or more, and no
# nominal week is longer than the Working Time Regulations' 48 hours. Larger values are typing errors (1e27).
# Whole numbers rather than Decimals, so that Pydantic's messages print them as written ("less than 10000000").
MAX_AMOUNT = 10_000_000
MAX_WEEK_HOURS = 48


class _Strict(BaseModel):
    # Not a CheckedModel: its checks ride on the field types here (CheckedDate, CheckedDecimal), which run them on the
    # date and number fields alone (tests/test_limits.py holds every such field to it). Validators are built on first
    # use, as CheckedModel's are (start-up pays only for the formats a command reads).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


# ----- amounts ---------------------------------------------------------------------------------------------------
class Percent(_Strict):
    """``{percent: 5}``: 5% of the rate (or the floor) at the start of the stage."""

    percent: CheckedDecimal = Field(ge=0, le=1000)


class Cash(_Strict):
    """``{cash: 1925, per: year, hours: 36}``: a flat sum for a full-timer on a nominal week."""

    cash: CheckedDecimal = Field(ge=0, lt=MAX_AMOUNT)
    per: Period = "year"
    hours: CheckedDecimal | None = Field(default=None, gt=0, le=MAX_WEEK_HOURS)


class Greatest(_Strict):
    """``{greatest: [AMOUNT, ...]}``: the larger of the amounts, point by point."""

    greatest: list[Amount] = Field(min_length=1)


class Least(_Strict):
    """``{least: [AMOUNT, ...]}``: the smaller of the amounts, point by point."""

    least: list[Amount] = Field(min_length=1)


_AMOUNT_KEYS = ("percent", "cash", "greatest", "least")


_AMOUNT_TAGS = {k: f"<{k}>" for k in _AMOUNT_KEYS}


def _amount_tag(v: Any) -> str | None:
    # Mappings first, and no list or text built: this runs for every amount of every offer validated.
    if isinstance(v, dict):
        found = None
        for k in _AMOUNT_KEYS:
            if k in v:
                if found is not None:
                    return None
                found = _AMOUNT_TAGS[k]
        return found
    if isinstance(v, BaseModel):
        return f"<{type(v).__name__.lower()}>"
    return None


Amount = Annotated[
    Annotated[Percent, Tag("<percent>")]
    | Annotated[Cash, Tag("<cash>")]
    | Annotated[Greatest, Tag("<greatest>")]
    | Annotated[Least, Tag("<least>")],
    Discriminator(
        _amount_tag,
        custom_error_type="amount",
        custom_error_message=(
            "Expected an amount: {percent: N}, {cash: N, per: hour|week|month|year, hours: H}, "
            "{greatest: [AMOUNT, ...]} or {least: [AMOUNT, ...]} (exactly one of those keys)"
        ),
    ),
]


# ----- selectors -------------------------------------------------------------------------------------------------
class Band(_Strict):
    """Bounds on a value: ``from`` (>=), ``above`` (>), ``below`` (<), ``to`` (<=); any combination."""

    from_: CheckedDecimal | None = Field(default=None, alias="from", ge=0, lt=MAX_AMOUNT)
    above: CheckedDecimal | None = Field(default=None, ge=0, lt=MAX_AMOUNT)
    below: CheckedDecimal | None = Field(default=None, ge=0, lt=MAX_AMOUNT)
    to: CheckedDecimal | None = Field(default=None, ge=0, lt=MAX_AMOUNT)

    @model_validator(mode="after")
    def _some_bound(self) -> Band:
        if self.from_ is None and self.above is None and self.below is None and self.to is None:
            raise ValueError("a band needs at least one bound; add from, above, below or to")
        lows = [x for x in (self.from_, self.above) if x is not None]
        highs = [x for x in (self.below, self.to) if x is not None]
        if lows and highs and max(lows) > min(highs):
            raise ValueError(
                f"the band is empty: its lower bound {max(lows)} is above its upper bound {min(highs)}; "
                "swap the bounds or correct one of them"
            )
        return self

    def contains(self, x: Decimal) -> bool:
        """Whether ``x`` is inside the band."""
        return (
            (self.from_ is None or x >= self.from_)
            and (self.above is None or x > self.above)
            and (self.below is None or x < self.below)
            and (self.to is None or x <= self.to)
        )


class SalaryBand(Band):
    """A band on full-time annual pay at the stage start, on a nominal ``hours`` week (default: the standard)."""

    hours: CheckedDecimal | None = Field(default=None, gt=0, le=MAX_WEEK_HOURS)


class Selector(_Strict):
    """Which points (and/or the floor) a case applies to. Keys combine with AND."""

    points: list[str] | None = Field(default=None, min_length=1)
    floor: bool | None = None
    salary: SalaryBand | None = None
    rate: Band | None = None

    @field_validator("points", mode="before")
    @classmethod
    def _labels_as_text(cls, v: Any) -> Any:
        if isinstance(v, str | int):
            return [str(v)]
        if isinstance(v, list):
            return [str(x) if isinstance(x, int) else x for x in v]
        return v

    @model_validator(mode="after")
    def _not_empty(self) -> Selector:
        if self.points is None and self.floor is None and self.salary is None and self.rate is None:
            raise ValueError("an empty 'where' selects nothing; leave 'where' out to mean every point")
        return self


# ----- steps -----------------------------------------------------------------------------------------------------
class Case(_Strict):
    """One case of a banded raise: the first case whose ``where`` matches a point decides its increase."""

    where: Selector | None = None
    by: Amount


def _raise_tag(v: Any) -> str | None:
    if isinstance(v, list):
        return "<cases>"
    if isinstance(v, dict | BaseModel):
        return "<amount>"
    return None


class RaiseStep(_Strict):
    """``raise: AMOUNT`` (every point and the floor) or ``raise: [{where, by}, ...]`` (first matching case)."""

    raise_: Annotated[
        Annotated[Amount, Tag("<amount>")] | Annotated[list[Case], Tag("<cases>")],
        Discriminator(
            _raise_tag,
            custom_error_type="raise",
            custom_error_message="Expected an amount such as {percent: 5}, or a list of cases [{where: ..., by: ...}]",
        ),
    ] = Field(alias="raise")

    @field_validator("raise_")
    @classmethod
    def _cases_not_empty(cls, v: Any) -> Any:
        if isinstance(v, list) and not v:
            raise ValueError("a list of cases cannot be empty; give at least one case (where, by) or a single amount")
        return v


class CapSpec(_Strict):
    """The body of a ``cap`` step."""

    where: Selector | None = None
    by: Amount


class CapStep(_Strict):
    """``cap: {where, by}``: the rise since the stage start may not exceed ``by`` at selected points."""

    cap: CapSpec


class FloorBy(_Strict):
    """``floor: {by: AMOUNT}``: raise the floor."""

    by: Amount


class FloorRate(_Strict):
    """``floor: {rate: 12.60, per: hour}``: set the floor to a rate given per hour, week, month or year, converted to
    the structure's unit with its standard week and weeks a year (a £12.60 an hour minimum on an annual spine)."""

    rate: CheckedDecimal = Field(ge=0, lt=MAX_AMOUNT)
    per: Period


def _floor_tag(v: Any) -> str | None:
    """Which form a floor is written in: a mapping by its keys (``by`` or ``rate``), anything else a rate, so that
    an error speaks of the form meant."""
    if isinstance(v, dict):
        return "<by>" if "by" in v else "<rate-per>" if "rate" in v else None
    if isinstance(v, FloorBy):
        return "<by>"
    if isinstance(v, FloorRate):
        return "<rate-per>"
    return "<rate>"


class FloorStep(_Strict):
    """``floor: RATE`` sets the floor (in the structure's unit); ``floor: {rate: R, per: PERIOD}`` sets it to a rate
    in another unit; ``floor: {by: AMOUNT}`` raises it."""

    floor: Annotated[
        Annotated[CheckedDecimal, Tag("<rate>")]
        | Annotated[FloorBy, Tag("<by>")]
        | Annotated[FloorRate, Tag("<rate-per>")],
        Discriminator(
            _floor_tag,
            custom_error_type="floor",
            custom_error_message=(
                "Expected the floor as a rate (10.50, in the structure's unit), {rate: N, per: hour|week|month|year} "
                "or {by: AMOUNT}"
            ),
        ),
    ]

    @field_validator("floor", mode="before")
    @classmethod
    def _written_as_meant(cls, v: Any) -> Any:
        return no_underscores(v)

    @field_validator("floor")
    @classmethod
    def _non_negative(cls, v: Decimal | FloorBy | FloorRate) -> Decimal | FloorBy | FloorRate:
        if isinstance(v, Decimal) and v < 0:
            raise ValueError(f"the floor cannot be negative (got {v}); write the new minimum rate, e.g. 10.50")
        if isinstance(v, Decimal) and (not v.is_finite() or v >= MAX_AMOUNT):
            raise ValueError(f"a floor of {v} is beyond any pay rate; write the new minimum rate, e.g. 10.50")
        return v


class SetStep(_Strict):
    """``set: {POINT: RATE}``: set rates explicitly (a published 'smoothing')."""

    set: dict[str, Annotated[CheckedDecimal, Field(ge=0, lt=MAX_AMOUNT)]] = Field(min_length=1)

    @field_validator("set", mode="before")
    @classmethod
    def _keys_as_text(cls, v: Any) -> Any:
        return {str(k): x for k, x in v.items()} if isinstance(v, dict) else v


class RemoveStep(_Strict):
    """``remove: [POINT, ...]``: delete points; their staff move to the next point up."""

    remove: list[str] = Field(min_length=1)

    @field_validator("remove", mode="before")
    @classmethod
    def _labels_as_text(cls, v: Any) -> Any:
        if isinstance(v, str | int):
            return [str(v)]
        return [str(x) if isinstance(x, int) else x for x in v] if isinstance(v, list) else v


class LumpSumCash(_Strict):
    """A one-off sum for a full-timer on a nominal week (pro rata for part-timers)."""

    cash: CheckedDecimal = Field(ge=0, lt=MAX_AMOUNT)
    hours: CheckedDecimal | None = Field(default=None, gt=0, le=MAX_WEEK_HOURS)


class LumpSum(_Strict):
    """The body of a ``lump_sum`` step."""

    where: Selector | None = None
    by: LumpSumCash
    paid: CheckedDate

    @field_validator("by", mode="before")
    @classmethod
    def _plain_number(cls, v: Any) -> Any:
        if isinstance(v, int | float | str | Decimal) and not isinstance(v, bool):
            return {"cash": v}
        return v


class LumpSumStep(_Strict):
    """``lump_sum: {where, by, paid}``: a non-consolidated payment, costed but never added to rates."""

    lump_sum: LumpSum


_STEP_KEYS = ("raise", "cap", "floor", "set", "remove", "lump_sum")


_STEP_TAGS = {k: f"<{k}>" for k in _STEP_KEYS}


def _step_tag(v: Any) -> str | None:
    if isinstance(v, dict):  # exactly one key, a step's
        return _STEP_TAGS.get(next(iter(v))) if len(v) == 1 else None
    if isinstance(v, BaseModel):
        tags: dict[type[BaseModel], str] = {
            RaiseStep: "<raise>",
            CapStep: "<cap>",
            FloorStep: "<floor>",
            SetStep: "<set>",
            RemoveStep: "<remove>",
            LumpSumStep: "<lump_sum>",
        }
        return tags.get(type(v))
    return None


Step = Annotated[
    Annotated[RaiseStep, Tag("<raise>")]
    | Annotated[CapStep, Tag("<cap>")]
    | Annotated[FloorStep, Tag("<floor>")]
    | Annotated[SetStep, Tag("<set>")]
    | Annotated[RemoveStep, Tag("<remove>")]
    | Annotated[LumpSumStep, Tag("<lump_sum>")],
    Discriminator(
        _step_tag,
        custom_error_type="step",
        custom_error_message=(
            "Expected one step: a mapping with exactly one key of raise, cap, floor, set, remove, lump_sum"
        ),
    ),
]


class Stage(_Strict):
    """Steps that take effect together on one date; rounding applies at the end of the stage."""

    effective: CheckedDate
    steps: list[Step] = Field(min_length=1)
    note: str = ""


class OfferPeriod(_Strict):
    """The pay year, for in-year values."""

    start: CheckedDate
    end: CheckedDate

    @model_validator(mode="after")
    def _ordered(self) -> OfferPeriod:
        if self.end <= self.start:
            raise ValueError(
                f"the period ends ({self.end}) on or before it starts ({self.start}); the end must come after the start"
            )
        return self


class Offer(_Strict):
    """A pay offer (or claim, or settlement) in the offer file format, version 1."""

    version: Literal[1] = 1
    name: str = Field(min_length=1)
    structure: str = Field(min_length=1)
    period: OfferPeriod | None = None
    stages: list[Stage] = Field(min_length=1)
    description: str = ""
    source: str | list[str] = ""
    _source_file: str = PrivateAttr(default="<offer>")

    @field_validator("stages")
    @classmethod
    def _stages_in_order(cls, stages: list[Stage]) -> list[Stage]:
        for i in range(1, len(stages)):
            if stages[i].effective <= stages[i - 1].effective:
                raise ValueError(
                    f"stages must be in date order with distinct dates: stages[{i}] takes effect "
                    f"{stages[i].effective}, not after stages[{i - 1}] ({stages[i - 1].effective}); "
                    "list stages oldest first and merge stages that share a date"
                )
        return stages

    @property
    def source_file(self) -> str:
        """The file the offer was read from (or '<offer>'), for error messages."""
        # Read the private value directly: pydantic's __getattr__ would cost a Python call each time (the engine
        # asks once per offer it compiles).
        private = self.__pydantic_private__
        return str(private["_source_file"]) if private else "<offer>"

    def with_source_file(self, name: str) -> Offer:
        """Remember where this offer came from (used in error messages)."""
        self._source_file = name
        return self

    @property
    def effective_period(self) -> OfferPeriod:
        """The stated period, or twelve months from the first stage."""
        if self.period is not None:
            return self.period
        start, end = self.period_dates
        # Built from a validated date and ordered by construction: no need to validate it again.
        return OfferPeriod.model_construct(start=start, end=end)

    @property
    def period_dates(self) -> tuple[date, date]:
        """The first and last days of ``effective_period``, without building a model (the engine reads them for
        every offer it applies)."""
        if self.period is not None:
            return self.period.start, self.period.end
        start = self.stages[0].effective
        try:
            nxt = start.replace(year=start.year + 1)
        except ValueError:  # 29 February
            nxt = start.replace(year=start.year + 1, day=28)
        return start, nxt - timedelta(days=1)


# Greatest and Least refer to Amount, defined after them: their validators are built on first use (_Strict defers
# building), by which time the module is complete, so no model_rebuild() is needed here.
