"""The pay structure: ordered points with rates in a unit, a rounding rule, conventions and an optional floor."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from payround.money import Period, RoundingMode, convert, quantize

__all__ = ["Basis", "Floor", "PayStructure", "Point", "Rounding"]

Basis = Literal["published", "derived", "computed", "illustrative"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rounding(_Strict):
    """How rates are rounded at the end of each stage: to a multiple of ``quantum`` with ``mode``.

    NJC: annual salary to the pound, half-up (quantum 1). SJC: hourly rate to the penny, half-up (quantum 0.01).
    """

    quantum: Decimal = Field(gt=0)
    mode: RoundingMode = "half_up"

    def apply(self, value: Decimal) -> Decimal:
        """Round one rate."""
        return quantize(value, self.quantum, self.mode)

    def describe(self) -> str:
        """Plain English, e.g. 'to the nearest £0.01, half-up'."""
        return f"to the nearest £{self.quantum}, {self.mode.replace('_', '-')}"


class Point(_Strict):
    """One pay point: its label, its rate in the structure's unit, and where the figure comes from."""

    id: str = Field(min_length=1)
    rate: Decimal = Field(ge=0)
    basis: Basis = "published"
    source: str = ""

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, v: object) -> object:
        # Point labels are text ("2", "19", "SCP19"); YAML and CSV readers hand numbers over as ints.
        return str(v) if isinstance(v, int) else v


class Floor(_Strict):
    """A named minimum rate (e.g. the SLGLW): pay at every point is max(rate, floor)."""

    name: str = Field(min_length=1)
    rate: Decimal = Field(ge=0)
    basis: Basis = "published"
    source: str = ""


class PayStructure(_Strict):
    """A dated pay spine with its conventions. Immutable; an offer produces new rates, not a new structure."""

    id: str = Field(min_length=1)
    name: str = ""
    body: str = ""
    country: Literal["scotland", "england-wales", "england", "wales", "northern-ireland"] = "england-wales"
    pay_year: str = ""
    effective: date | None = None
    unit: Literal["hour", "year"]
    standard_hours: Decimal = Field(gt=0, le=168)
    weeks_per_year: Decimal = Field(gt=0, le=53)
    rounding: Rounding
    floor: Floor | None = None
    points: tuple[Point, ...] = Field(min_length=1)
    notes: str = ""
    sources: tuple[str, ...] = ()

    @field_validator("points")
    @classmethod
    def _unique_points(cls, points: tuple[Point, ...]) -> tuple[Point, ...]:
        seen: dict[str, int] = {}
        for i, p in enumerate(points):
            if p.id in seen:
                raise ValueError(
                    f"point {p.id!r} appears twice (points[{seen[p.id]}] and points[{i}]); "
                    "delete or renumber one of them"
                )
            seen[p.id] = i
        return points

    @model_validator(mode="after")
    def _floor_is_not_a_point(self) -> PayStructure:
        if self.floor is not None and self.floor.name in {p.id for p in self.points}:
            raise ValueError(f"the floor is named {self.floor.name!r} like a point; give the floor another name")
        return self

    # ----- lookups -------------------------------------------------------------------------------------------
    @cached_property
    def fingerprint(self) -> str:
        """A digest of everything the structure says: a cache key that two equal structures share and that changes
        whenever a rate, the floor or a convention does (unlike ``id()``, which a new object may reuse)."""
        return hashlib.blake2b(self.model_dump_json().encode(), digest_size=16).hexdigest()

    @property
    def point_ids(self) -> list[str]:
        """Point labels in structure order."""
        return [p.id for p in self.points]

    @property
    def rates(self) -> dict[str, Decimal]:
        """Rate of every point (before the floor), in structure order."""
        return {p.id: p.rate for p in self.points}

    @property
    def illustrative(self) -> bool:
        """True when any figure is illustrative (built by a documented rule, not published)."""
        return any(p.basis == "illustrative" for p in self.points) or (
            self.floor is not None and self.floor.basis == "illustrative"
        )

    @property
    def illustrative_points(self) -> list[str]:
        """Labels of points whose rate is illustrative."""
        return [p.id for p in self.points if p.basis == "illustrative"]

    def pay(self, point_id: str) -> Decimal:
        """Pay at a point: max(rate, floor)."""
        rate = self.rates[point_id]
        return max(rate, self.floor.rate) if self.floor else rate

    # ----- conversions ---------------------------------------------------------------------------------------
    def to_hourly(self, amount: Decimal) -> Decimal:
        """The hourly rate equivalent to ``amount`` in the structure's unit (on the standard week), unrounded."""
        if self.unit == "hour":
            return amount
        return amount / (self.weeks_per_year * self.standard_hours)

    def from_hourly(self, hourly: Decimal) -> Decimal:
        """The amount in the structure's unit equivalent to an hourly rate (on the standard week), unrounded."""
        if self.unit == "hour":
            return hourly
        return hourly * self.weeks_per_year * self.standard_hours

    def full_time_annual(self, amount: Decimal, hours: Decimal | None = None) -> Decimal:
        """Full-time annual pay on a ``hours`` week (default: standard) for a rate in the structure's unit."""
        week = self.standard_hours if hours is None else hours
        return self.to_hourly(amount) * self.weeks_per_year * week

    def cash_to_unit(self, amount: Decimal, per: Period, hours: Decimal | None = None) -> Decimal:
        """An offer's flat sum, ``amount`` per ``per`` for a full-timer on a nominal ``hours`` week, as a change in
        the structure's unit. Everyone gets the same change in hourly rate, whatever their own week (COSLA 2021)."""
        week = self.standard_hours if hours is None else hours
        hourly = convert(amount, per, "hour", hours=week, weeks_per_year=self.weeks_per_year)
        return self.from_hourly(hourly)
