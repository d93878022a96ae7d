"""The restructure file (version 1) as Pydantic models: which posts move from which grade or point to which, or are
deleted with the options offered, from which date; the pay-protection policy and how annual awards interact with
it; the annual awards of the projection; and the equal-pay comparisons to size. See docs/regrading.md."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "Assimilation",
    "Award",
    "Change",
    "EqualPay",
    "EqualPayComparison",
    "EqualPayGroup",
    "LumpSum",
    "Option",
    "Protection",
    "Restructure",
    "Target",
    "Where",
]

Assimilation = Literal["nearest_above", "top", "bottom", "same_step"]
AwardsRule = Literal["old_pay", "frozen", "frozen_difference"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _text(v: object) -> object:
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


def _first_of_month(d: date, what: str) -> date:
    if d.day != 1:
        raise ValueError(
            f"{what} must be the first day of a month (got {d.isoformat()}); the projection runs in calendar "
            f"months: use {d.replace(day=1).isoformat()} or the first of the next month"
        )
    return d


# ----- awards ----------------------------------------------------------------------------------------------------
class Award(_Strict):
    """One annual award in the projection: an offer file (``offer: PATH``, applied exactly by the engine to the
    spine in force), or an assumed percentage from a date (``percent: 3, effective: 2026-04-01``), optionally
    repeated every year after (``repeat: yearly``)."""

    offer: str | None = None
    percent: Decimal | None = Field(default=None, ge=0, le=100)
    effective: date | None = None
    repeat: Literal["none", "yearly"] = "none"

    @model_validator(mode="after")
    def _one_kind(self) -> Award:
        if (self.offer is None) == (self.percent is None):
            raise ValueError(
                "an award is either 'offer: PATH' (an offer file) or 'percent: N' with 'effective: DATE'; give one"
            )
        if self.percent is not None and self.effective is None:
            raise ValueError("an assumed award needs the date it takes effect; add 'effective: YYYY-MM-DD'")
        if self.offer is not None and (self.effective is not None or self.repeat != "none"):
            raise ValueError(
                "an offer file brings its own dates; remove 'effective' and 'repeat' from this award, or write an "
                "assumed award with 'percent'"
            )
        return self


# ----- protection ------------------------------------------------------------------------------------------------
class LumpSum(_Strict):
    """A one-off payment to each person who loses pay: ``cash`` pounds, or ``loss_multiple`` times their annual loss
    at the date of the change (a buy-out of protection), paid ``paid_after_months`` after the change."""

    cash: Decimal | None = Field(default=None, ge=0)
    loss_multiple: Decimal | None = Field(default=None, ge=0, le=20)
    paid_after_months: int = Field(default=0, ge=0, le=120)

    @model_validator(mode="after")
    def _one(self) -> LumpSum:
        if (self.cash is None) == (self.loss_multiple is None):
            raise ValueError("a lump sum is 'cash: POUNDS' or 'loss_multiple: N' (times the annual loss); give one")
        return self


class TaperStep(_Strict):
    """``{months: 12, percent: 50}``: for this many months, this share of the loss is paid."""

    months: Decimal = Field(gt=0, le=600, decimal_places=2)
    percent: Decimal = Field(ge=0, le=100, decimal_places=2)


class Protection(_Strict):
    """How pay is protected after a change that lowers it.

    - ``none``: the new pay from the date of the change;
    - ``full``: the whole loss is paid for ``months``;
    - ``tapered``: ``steps`` of months with a share of the loss (e.g. 12 months at 100%, then 12 at 50%);
    - ``mark_time``: pay is frozen at the old pay until the new grade's pay catches up (for ``months`` at most, or
      without limit), awards not applied to it;
    - ``buy_out``: no protection; a ``lump_sum`` instead.

    ``awards`` says how the annual awards meet protected pay: ``old_pay`` (protected pay follows the old pay with
    its awards), ``frozen`` (protected pay is frozen in cash at the old pay on the date of the change; awards to the
    new pay close the gap) or ``frozen_difference`` (the loss on the date of the change is paid as a fixed cash
    amount on top of the new pay, which gets the awards). Protected pay never exceeds the old pay with its awards.
    Any policy may add a ``lump_sum``.
    """

    kind: Literal["none", "full", "tapered", "mark_time", "buy_out"]
    months: Decimal | None = Field(default=None, gt=0, le=600, decimal_places=2)
    steps: tuple[TaperStep, ...] | None = None
    awards: AwardsRule | None = None
    lump_sum: LumpSum | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Protection:
        k = self.kind
        if k == "full" and self.months is None:
            raise ValueError("full protection needs its length; add 'months: N' (e.g. months: 6)")
        if k == "tapered" and not self.steps:
            raise ValueError(
                "tapered protection needs its steps, e.g. steps: [{months: 12, percent: 100}, {months: 12, "
                "percent: 50}]"
            )
        if k != "tapered" and self.steps is not None:
            raise ValueError(f"'steps' belong to tapered protection, not {k}; remove them or write kind: tapered")
        if k in ("none", "buy_out", "tapered") and self.months is not None:
            raise ValueError(f"{k} protection takes no 'months'; remove it (tapered: give the months of each step)")
        if k == "mark_time" and self.awards not in (None, "frozen"):
            raise ValueError("mark-time protection freezes pay, so awards are never applied to it; remove 'awards'")
        if k in ("none", "buy_out") and self.awards is not None:
            raise ValueError(f"{k} protects nothing, so 'awards' has no meaning here; remove it")
        if k == "buy_out" and self.lump_sum is None:
            raise ValueError("a buy-out is a lump sum; add 'lump_sum: {cash: POUNDS}' or '{loss_multiple: N}'")
        return self

    @property
    def awards_rule(self) -> AwardsRule:
        """The awards rule in force (mark-time: frozen; otherwise the given one, by default old_pay)."""
        if self.kind == "mark_time":
            return "frozen"
        return self.awards or "old_pay"

    def schedule(self) -> tuple[tuple[Decimal, Decimal], ...]:
        """(months, percent of the loss) in order; an empty schedule protects nothing; mark-time without a limit
        runs for 6,000 months (beyond any projection)."""
        if self.kind == "full":
            return ((self.months or Decimal(0), Decimal(100)),)
        if self.kind == "tapered":
            return tuple((s.months, s.percent) for s in self.steps or ())
        if self.kind == "mark_time":
            return ((self.months or Decimal(6000), Decimal(100)),)
        return ()


# ----- selecting posts and where they go -------------------------------------------------------------------------
class Where(_Strict):
    """Which workforce records a change concerns; keys combine with AND. ``group`` and ``employer`` list labels
    of those columns; ``grade`` a grade of the grade set; ``points`` ranges ``"A-B"``; ``gender`` labels."""

    group: tuple[str, ...] | None = Field(default=None, min_length=1)
    employer: tuple[str, ...] | None = Field(default=None, min_length=1)
    grade: str | None = None
    points: tuple[str, ...] | None = Field(default=None, min_length=1)
    gender: tuple[str, ...] | None = Field(default=None, min_length=1)

    _grade_text = field_validator("grade", mode="before")(_text)

    @field_validator("group", "employer", "points", "gender", mode="before")
    @classmethod
    def _texts(cls, v: Any) -> Any:
        if isinstance(v, str | int):
            return (str(v),)
        return [_text(x) for x in v] if isinstance(v, list) else v

    @model_validator(mode="after")
    def _something(self) -> Where:
        if all(x is None for x in (self.group, self.employer, self.grade, self.points, self.gender)):
            raise ValueError("'where' selects everyone; give at least one of group, employer, grade, points, gender")
        return self


class Target(_Strict):
    """Where people go: a ``grade`` with an ``assimilation`` rule, or an explicit ``point``.

    Assimilation: ``nearest_above`` (the lowest point of the new grade paying at least the old pay, else its top:
    the usual rule), ``top``, ``bottom``, or ``same_step`` (the same step from the bottom, capped at the top)."""

    grade: str | None = None
    point: str | None = None
    assimilation: Assimilation = "nearest_above"

    _t = field_validator("grade", "point", mode="before")(_text)

    @model_validator(mode="after")
    def _one(self) -> Target:
        if (self.grade is None) == (self.point is None):
            raise ValueError("say where people go with one of 'grade: G' or 'point: P'")
        return self


class Option(_Strict):
    """One option offered when a post is deleted, taken by ``share`` of the people (shares add up to 1).

    - ``redeploy``: another post at the same pay;
    - ``lower_grade``: a post on a lower grade (``to``), with the change's protection;
    - ``training``: training into another role (``to``) for ``months`` at the old pay, costing ``cost`` each;
    - ``voluntary_redundancy``: leaving after ``notice_months`` with ``payment`` (cash, or weeks of pay).
    """

    option: Literal["redeploy", "lower_grade", "training", "voluntary_redundancy"]
    share: Decimal = Field(gt=0, le=1)
    to: Target | None = None
    months: int = Field(default=0, ge=0, le=60)
    cost: Decimal = Field(default=Decimal(0), ge=0)
    notice_months: int = Field(default=0, ge=0, le=24)
    payment_cash: Decimal | None = Field(default=None, ge=0)
    payment_weeks: Decimal | None = Field(default=None, ge=0, le=200)

    @model_validator(mode="after")
    def _fields(self) -> Option:
        o = self.option
        if o in ("lower_grade", "training") and self.to is None:
            raise ValueError(f"the {o} option needs 'to: {{grade: G}}' (or a point)")
        if o in ("redeploy", "voluntary_redundancy") and self.to is not None:
            raise ValueError(f"the {o} option takes no 'to'; remove it")
        if o != "training" and (self.months or self.cost):
            raise ValueError("'months' and 'cost' belong to the training option; remove them")
        if o != "voluntary_redundancy" and (
            self.notice_months or self.payment_cash is not None or self.payment_weeks is not None
        ):
            raise ValueError("'notice_months' and the payment belong to voluntary_redundancy; remove them")
        if o == "voluntary_redundancy" and self.payment_cash is None and self.payment_weeks is None:
            raise ValueError("voluntary redundancy needs its payment: 'payment_cash: POUNDS' or 'payment_weeks: N'")
        return self


class Delete(_Strict):
    """The post is deleted; its holders take the ``options`` offered."""

    options: tuple[Option, ...] = Field(min_length=1)

    @field_validator("options")
    @classmethod
    def _shares(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        total = sum((o.share for o in options), Decimal(0))
        if total != 1:
            raise ValueError(f"the options' shares add up to {total}, not 1; make them add up to 1 (e.g. 0.6 and 0.4)")
        return options


class Change(_Strict):
    """Records matching ``where`` move ``to`` a grade or point, or their post is deleted (``delete``), from
    ``effective`` (the first of a month). ``protection`` overrides the file's policy; ``cost_per_person`` is a
    one-off cost of the change (e.g. consultation, retraining) per person."""

    name: str = Field(min_length=1)
    effective: date
    where: Where
    to: Target | None = None
    delete: Delete | None = None
    protection: Protection | None = None
    cost_per_person: Decimal = Field(default=Decimal(0), ge=0)

    @field_validator("effective")
    @classmethod
    def _month(cls, d: date) -> date:
        return _first_of_month(d, "a change's date")

    @model_validator(mode="after")
    def _one(self) -> Change:
        if (self.to is None) == (self.delete is None):
            raise ValueError("a change either moves people ('to: {grade: G}') or deletes the post ('delete'); give one")
        return self


# ----- equal pay -------------------------------------------------------------------------------------------------
class EqualPayGroup(_Strict):
    """A group in an equal-pay comparison: its pay (a ``point`` of the structure, or ``pay`` pounds a year
    full-time) plus any ``extra`` (bonus, allowance) a year, its headcount, average FTE and share of women."""

    name: str = Field(min_length=1)
    point: str | None = None
    pay: Decimal | None = Field(default=None, gt=0)
    extra: Decimal = Field(default=Decimal(0), ge=0)
    headcount: int = Field(ge=1)
    fte: Decimal = Field(default=Decimal(1), gt=0, le=Decimal("1.3"))
    women: Decimal = Field(ge=0, le=1)

    _p = field_validator("point", mode="before")(_text)

    @model_validator(mode="after")
    def _pay(self) -> EqualPayGroup:
        if (self.point is None) == (self.pay is None):
            raise ValueError("give the group's pay as 'point: P' or 'pay: POUNDS' (one of them)")
        return self


class EqualPayComparison(_Strict):
    """Two groups the user says do work of equal value: ``claimants`` (paid less) and ``comparators``."""

    name: str = Field(min_length=1)
    claimants: EqualPayGroup
    comparators: EqualPayGroup
    since: date | None = None  # when the difference began (the back pay never reaches before it)


class EqualPay(_Strict):
    """An equal-pay exposure estimate: claims lodged on ``claim_date`` in ``jurisdiction``."""

    jurisdiction: Literal["england-wales", "scotland"]
    claim_date: date
    comparisons: tuple[EqualPayComparison, ...] = Field(min_length=1)
    include_men: bool = False  # men in the claimant group bring "piggy-back" claims on the women's success


# ----- the file --------------------------------------------------------------------------------------------------
class Restructure(_Strict):
    """A restructure file: structure and grades, the projection, the awards, the changes, protection, equal pay."""

    version: Literal[1] = 1
    name: str = Field(min_length=1)
    structure: str = Field(min_length=1)
    grades: str | None = None
    workforce: str | None = None
    start: date
    years: int = Field(default=5, ge=1, le=20)
    awards: tuple[Award, ...] = ()
    protection: Protection = Field(default_factory=lambda: Protection(kind="none"))
    changes: tuple[Change, ...] = Field(min_length=1)
    thresholds: tuple[Decimal, ...] = (Decimal(1000), Decimal(3000), Decimal(6000))
    equal_pay: EqualPay | None = None
    notes: str = ""

    @field_validator("start")
    @classmethod
    def _month(cls, d: date) -> date:
        return _first_of_month(d, "the projection's start")

    @property
    def end(self) -> date:
        """The first day after the projection."""
        return date(self.start.year + self.years, self.start.month, 1)
