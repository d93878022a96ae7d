"""The pay structure: ordered points with rates in a unit, a rounding rule, conventions and an optional floor."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from payround.money import Period, RoundingMode, convert, quantize
from payround.schemabase import CheckedModel

__all__ = ["MAX_POINTS", "MAX_RATE", "Basis", "Floor", "PayStructure", "Point", "PointLabels", "Rounding"]

Basis = Literal["published", "derived", "computed", "illustrative"]

# Sanity bounds on rates (and floors) by unit: no one is paid £1,000 an hour or £10m a year on a pay spine; such a
# figure is a typing error, and would overflow the exact rounding of later stages.
MAX_RATE: dict[str, Decimal] = {"hour": Decimal(1_000), "year": Decimal(10_000_000)}
MAX_POINTS = 2_000


class _Strict(CheckedModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rounding(_Strict):
    """How rates are rounded at the end of each stage: to a multiple of ``quantum`` with ``mode``.

    NJC: annual salary to the pound, half-up (quantum 1). SJC: hourly rate to the penny, half-up (quantum 0.01).
    """

    quantum: Decimal = Field(ge=Decimal("0.0001"), le=1000)
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


class PointLabels(_Strict):
    """How payroll exports may write this structure's point labels. With ``prefixes: [SCP]``, 'SCP019', 'scp 19'
    and 'SCP-19' all read as point '19' (the prefix in any case, then spaces, hyphens or dots, then the number
    with leading zeros dropped). ``aliases`` maps other labels to points exactly ('Apprentice': '1')."""

    prefixes: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases_from_mapping(cls, v: object) -> object:
        # Written as a YAML mapping; kept as pairs so the structure stays hashable.
        return tuple((str(k), str(x)) for k, x in v.items()) if isinstance(v, dict) else v

    def resolve(self, label: str, points: set[str]) -> str | None:
        """The point ``label`` stands for, or None when this rule does not read it as one of ``points``."""
        for alias, point in self.aliases:
            if label.strip().casefold() == alias.strip().casefold():
                return point if point in points else None
        text = label.strip()
        for prefix in self.prefixes:
            if text[: len(prefix)].casefold() == prefix.casefold():
                rest = text[len(prefix) :].lstrip(" -._")
                if rest.isdigit():
                    number = rest.lstrip("0") or "0"
                    if number in points:
                        return number
        return None

    def describe(self) -> str:
        """Plain English: "labels such as 'SCP019' read as point 19"."""
        parts = [f"labels such as '{p}019' read as point 19" for p in self.prefixes]
        parts += [f"{a!r} reads as point {p}" for a, p in self.aliases]
        return "; ".join(parts)


_DERIVED = ("rates", "fingerprint")  # cached properties of PayStructure, dropped by model_copy


class PayStructure(_Strict):
    """A dated pay spine with its conventions. Immutable; an offer produces new rates, not a new structure."""

    id: str = Field(min_length=1)
    name: str = ""
    body: str = ""
    # Required: it chooses the income tax, NI and pension rules (a Scottish spine costed by rest-of-UK rules is wrong).
    country: Literal["scotland", "england-wales", "england", "wales", "northern-ireland"]
    pay_year: str = ""
    effective: date | None = None
    unit: Literal["hour", "year"]
    standard_hours: Decimal = Field(gt=0, le=48)
    weeks_per_year: Decimal = Field(ge=1, le=53)
    rounding: Rounding
    floor: Floor | None = None
    points: tuple[Point, ...] = Field(min_length=1, max_length=MAX_POINTS)
    notes: str = ""
    sources: tuple[str, ...] = ()
    point_labels: PointLabels | None = None  # how payroll exports may write the point labels (e.g. 'SCP019')

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
    def _plausible_rates(self) -> PayStructure:
        limit = MAX_RATE[self.unit]
        per = "an hour" if self.unit == "hour" else "a year"
        for i, p in enumerate(self.points):
            if p.rate >= limit:
                raise ValueError(
                    f"point {p.id!r} (points[{i}]) has the rate {p.rate}, £{limit:,} {per} or more; "
                    f"check the figure and the unit ({self.unit})"
                )
        if self.floor is not None and self.floor.rate >= limit:
            raise ValueError(
                f"the floor rate {self.floor.rate} is £{limit:,} {per} or more; check the figure and the unit"
            )
        return self

    @model_validator(mode="after")
    def _floor_is_not_a_point(self) -> PayStructure:
        if self.floor is not None and self.floor.name in {p.id for p in self.points}:
            raise ValueError(f"the floor is named {self.floor.name!r} like a point; give the floor another name")
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> PayStructure:
        """A copy with ``update`` applied; what is derived from the fields (rates, fingerprint) is derived anew."""
        copy = super().model_copy(update=update, deep=deep)
        for derived in _DERIVED:
            copy.__dict__.pop(derived, None)
        return copy

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

    @cached_property
    def rates(self) -> dict[str, Decimal]:
        """Rate of every point (before the floor), in structure order (built once; do not modify it)."""
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
