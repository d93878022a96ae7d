"""The constraints file of the settlement finder, version 1 (DESIGN §8), as Pydantic models.

Each side states what it needs. Every constraint is hard unless it carries a ``weight``: then it is soft, and each
unit it falls short by (pounds for money, percentage points for percentages, pounds in the structure's unit for a
rate, points of a share) costs ``weight`` pounds in the objective."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from payround.money import Period
from payround.offers.schema import OfferPeriod

__all__ = [
    "Budget",
    "BudgetAmount",
    "Cap",
    "Constraints",
    "Differentials",
    "Employers",
    "FloorDemand",
    "Frontier",
    "LowestPoints",
    "NoRiseAbove",
    "ParamRange",
    "PercentForAll",
    "RealTerms",
    "SecondStage",
    "Template",
    "TemplateKind",
    "Toggle",
    "TopPercent",
    "Unions",
    "WageFloor",
]

TemplateKind = Literal["percent", "flat_then_percent", "greatest", "flat_then_greatest", "banded"]
TEMPLATE_KINDS: tuple[str, ...] = ("percent", "flat_then_percent", "greatest", "flat_then_greatest", "banded")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _labels(v: Any) -> Any:
    if isinstance(v, str | int):
        return [str(v)]
    if isinstance(v, list):
        return [str(x) if isinstance(x, int) else x for x in v]
    return v


class _Soft(_Strict):
    """A constraint that is hard, or soft when it has a ``weight`` (pounds per unit of shortfall)."""

    weight: Decimal | None = Field(default=None, gt=0)

    @property
    def hard(self) -> bool:
        """True unless a weight makes it soft."""
        return self.weight is None


# ----- employers -------------------------------------------------------------------------------------------------
class BudgetAmount(_Strict):
    """A budget as a share of the pay bill before the offer: ``{percent_of_paybill: 5}``."""

    percent_of_paybill: Decimal = Field(ge=0, le=100)


def _number_or_mapping(v: Any) -> str:
    # Dispatch by shape, so that errors point at the key itself rather than at a branch of the union.
    return "<mapping>" if isinstance(v, dict | BaseModel) else "<number>"


BudgetValue = Annotated[
    Annotated[Decimal, Field(ge=0), Tag("<number>")] | Annotated[BudgetAmount, Tag("<mapping>")],
    Discriminator(_number_or_mapping),
]

_BUDGET_KEYS = (
    "total_cost_increase_full_year",
    "total_cost_increase_in_year",
    "paybill_increase_full_year",
    "paybill_increase_in_year",
)


class Budget(_Soft):
    """The employers' money: any of the four measures of ``payround cost`` (pounds, or a % of the pay bill)."""

    total_cost_increase_full_year: BudgetValue | None = None
    total_cost_increase_in_year: BudgetValue | None = None
    paybill_increase_full_year: BudgetValue | None = None
    paybill_increase_in_year: BudgetValue | None = None

    @model_validator(mode="after")
    def _some_measure(self) -> Budget:
        if all(getattr(self, k) is None for k in _BUDGET_KEYS):
            raise ValueError(f"a budget needs at least one of {', '.join(_BUDGET_KEYS)}")
        return self

    def measures(self) -> list[tuple[str, Decimal | BudgetAmount]]:
        """The measures given, in a fixed order."""
        return [(k, v) for k in _BUDGET_KEYS if (v := getattr(self, k)) is not None]


class TopPercent(_Soft):
    """The most the top of the spine may rise: ``{percent_at_most: 3.5, points: ["50-"]}`` (default: the top
    point)."""

    percent_at_most: Decimal = Field(ge=0)
    points: list[str] | None = Field(default=None, min_length=1)

    _labels = field_validator("points", mode="before")(_labels)


class NoRiseAbove(_Soft):
    """No rise for points paid at least ``salary`` a year full time (on ``hours``, default the standard week)."""

    salary: Decimal = Field(gt=0)
    hours: Decimal | None = Field(default=None, gt=0, le=168)


class Employers(_Strict):
    """What the employers' side needs."""

    budget: Budget | None = None
    top: TopPercent | None = None
    no_rise_above: NoRiseAbove | None = None


# ----- unions ----------------------------------------------------------------------------------------------------
class WageFloor(_Strict):
    """A dated wage floor plus a margin: ``{wage: rlw_uk, at: 2022-11-01, plus: 0.10}`` (pounds an hour)."""

    wage: Literal["rlw_uk", "rlw_london", "slglw", "nlw"]
    at: date
    plus: Decimal = Decimal(0)


class FloorDemand(_Soft):
    """The lowest rate on the spine (the structure's floor, e.g. the SLGLW): ``{at_least: 10.85}`` in the
    structure's unit, or ``{at_least: {wage: rlw_uk, at: DATE, plus: 0.10}}`` (an hourly wage floor on the date)."""

    at_least: Annotated[
        Annotated[Decimal, Tag("<number>")] | Annotated[WageFloor, Tag("<mapping>")],
        Discriminator(_number_or_mapping),
    ]

    @field_validator("at_least")
    @classmethod
    def _positive(cls, v: Decimal | WageFloor) -> Decimal | WageFloor:
        if isinstance(v, Decimal) and v <= 0:
            raise ValueError(f"the floor must be more than zero (got {v})")
        return v


class PercentForAll(_Soft):
    """Every point's full-year pay rises at least this %, after rounding."""

    percent_at_least: Decimal = Field(ge=0, le=100)


class LowestPoints(_Soft):
    """At least ``cash_at_least`` a year (for a full-timer on ``hours``) at the selected points, after rounding."""

    points: list[str] = Field(min_length=1)
    cash_at_least: Decimal = Field(gt=0)
    per: Period = "year"
    hours: Decimal | None = Field(default=None, gt=0, le=168)

    _labels = field_validator("points", mode="before")(_labels)


class RealTerms(_Soft):
    """At least ``share_at_least`` of the workforce (a fraction of headcount) gets a full-year rise of at least
    inflation over the period: ``percent`` if given, else the CPI (or RPI) measured by ``measure``."""

    share_at_least: Decimal = Field(gt=0, le=1)
    inflation: Literal["cpi", "rpi"] = "cpi"
    measure: Literal["average", "at_start"] = "average"
    percent: Decimal | None = Field(default=None, ge=0, le=100)


class Toggle(_Soft):
    """A yes/no demand (e.g. ``no_leapfrogging: true``), soft when it has a weight."""

    on: bool = True


class Differentials(_Soft):
    """Adjacent points above the floor stay at least ``percent_at_least`` % apart (optionally among ``points``)."""

    percent_at_least: Decimal = Field(gt=0, le=100)
    points: list[str] | None = Field(default=None, min_length=1)

    _labels = field_validator("points", mode="before")(_labels)


class Unions(_Strict):
    """What the unions' side needs."""

    floor: FloorDemand | None = None
    all_points: PercentForAll | None = None
    lowest_points: LowestPoints | None = None
    real_terms: RealTerms | None = None
    no_leapfrogging: Toggle | None = None
    differentials: Differentials | None = None

    @field_validator("no_leapfrogging", mode="before")
    @classmethod
    def _bool(cls, v: Any) -> Any:
        return {"on": v} if isinstance(v, bool) else v


# ----- templates -------------------------------------------------------------------------------------------------
class ParamRange(_Strict):
    """Bounds on a parameter the finder chooses (``min``/``max``), or ``fixed`` to pin it."""

    min: Decimal | None = Field(default=None, ge=0)
    max: Decimal | None = Field(default=None, ge=0)
    fixed: Decimal | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> ParamRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max}); swap them")
        if self.fixed is not None and (self.min is not None or self.max is not None):
            raise ValueError("give either fixed, or min and/or max, not both")
        return self


def _range(v: Any) -> Any:
    if isinstance(v, int | float | str | Decimal) and not isinstance(v, bool):
        return {"fixed": v}
    return v


class Cap(_Strict):
    """A cap on the rise at high salaries: no more than ``cash`` a year (on ``hours``) from ``from_salary`` up."""

    from_salary: Decimal = Field(gt=0)
    cash: Decimal = Field(ge=0)
    hours: Decimal | None = Field(default=None, gt=0, le=168)


class SecondStage(_Strict):
    """A second stage on ``effective``: a further ``percent`` on every point and the floor (fixed)."""

    effective: date
    percent: Decimal = Field(ge=0, le=100)


class Template(_Strict):
    """The family of offers to search.

    - ``percent``: the same % on every point, and a floor;
    - ``flat_then_percent``: a flat sum on ``flat_points``, a % on the rest, and a floor;
    - ``greatest``: the greater of a % and a flat sum on every point, and a floor;
    - ``flat_then_greatest``: a flat sum on ``flat_points``, the greater of a % and a flat sum on the rest;
    - ``banded``: a % per salary band (``bands``: the full-time salaries where a band starts), and a floor.

    Parameters (``percent``, ``cash``, ``flat_cash``, ``floor``) take bounds ``{min, max}`` or a fixed number;
    cash is a year's sum for a full-timer on ``hours`` a week (default the structure's standard week)."""

    kind: TemplateKind = "percent"
    flat_points: list[str] | None = Field(default=None, min_length=1)
    bands: list[Decimal] | None = Field(default=None, min_length=1)
    hours: Decimal | None = Field(default=None, gt=0, le=168)
    percent: ParamRange = ParamRange()
    cash: ParamRange = ParamRange()
    flat_cash: ParamRange = ParamRange()
    floor: ParamRange | Literal[False] = ParamRange()
    cap: Cap | None = None
    second_stage: SecondStage | None = None

    _labels = field_validator("flat_points", mode="before")(_labels)
    _ranges = field_validator("percent", "cash", "flat_cash", mode="before")(_range)

    @field_validator("floor", mode="before")
    @classmethod
    def _floor(cls, v: Any) -> Any:
        if v is True:
            return {}
        return v if v is False else _range(v)

    @model_validator(mode="after")
    def _kind_needs(self) -> Template:
        if self.kind.startswith("flat_then") and not self.flat_points:
            raise ValueError(f"the template {self.kind} needs flat_points, e.g. flat_points: ['2-24']")
        if self.kind == "banded":
            if not self.bands:
                raise ValueError("the banded template needs bands: the salaries where each band starts, e.g. [25000]")
            if list(self.bands) != sorted(set(self.bands)):
                raise ValueError("bands must be distinct salaries in increasing order")
        return self


class Frontier(_Strict):
    """The frontier: the least cost as the unions' floor (or the % for all) runs over ``points`` values."""

    over: Literal["floor", "all_points"] = "floor"
    points: int = Field(default=20, ge=2, le=200)
    start: Decimal | None = None
    end: Decimal | None = None


class Constraints(_Strict):
    """A settlement question: the structure, the workforce, the period, what each side needs, and the family of
    offers to search."""

    version: Literal[1] = 1
    name: str = Field(min_length=1)
    structure: str = Field(min_length=1)
    workforce: str | None = None
    period: OfferPeriod | None = None
    effective: date
    objective: Literal["min_cost", "max_lowest_pay", "max_min_percent"] = "min_cost"
    employers: Employers = Employers()
    unions: Unions = Unions()
    template: Template = Template()
    frontier: Frontier | None = None
    description: str = ""

    @model_validator(mode="after")
    def _coherent(self) -> Constraints:
        if self.period is not None and not (self.period.start <= self.effective <= self.period.end):
            raise ValueError(
                f"effective ({self.effective}) is outside the period {self.period.start}..{self.period.end}; "
                "move the date or the period"
            )
        ss = self.template.second_stage
        if ss is not None and ss.effective <= self.effective:
            raise ValueError(
                f"template.second_stage.effective ({ss.effective}) must come after effective ({self.effective})"
            )
        if self.objective != "min_cost" and (self.employers.budget is None or not self.employers.budget.hard):
            raise ValueError(
                f"the objective {self.objective} spends a budget: add a hard employers.budget, or use min_cost"
            )
        return self
