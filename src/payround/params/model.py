"""The dated parameter model (pure): values keyed by effective date, each with its references."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from payround.errors import ParameterError

__all__ = ["Parameter", "Reference", "ValueAt"]


class Reference(BaseModel):
    """Where a value comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = Field(min_length=1)
    href: str = ""


class ValueAt(BaseModel):
    """One dated value with its sources. ``value`` None means the parameter stops applying."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    value: Any = None
    reference: tuple[Reference, ...] = Field(min_length=1)
    note: str = ""

    @field_validator("value", mode="before")
    @classmethod
    def _exact_numbers(cls, v: Any) -> Any:
        return _exact(v)


def _exact(v: Any) -> Any:
    """Numbers become Decimals (floats through ``str``), recursively through lists and mappings."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int | float):
        return Decimal(str(v))
    if isinstance(v, str):
        try:
            return Decimal(v)
        except ArithmeticError:
            return v
    if isinstance(v, list):
        return [_exact(x) for x in v]
    if isinstance(v, dict):
        return {k: _exact(x) for k, x in v.items()}
    return v


class Parameter(BaseModel):
    """A parameter with its history. Use ``at(day)`` to read the value in force on a date."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = ""
    description: str = Field(min_length=1)
    metadata: dict[str, Any] = Field(default_factory=dict)
    values: dict[date, ValueAt] = Field(min_length=1)

    @model_validator(mode="after")
    def _sorted(self) -> Parameter:
        object.__setattr__(self, "values", dict(sorted(self.values.items())))
        return self

    @property
    def dates(self) -> list[date]:
        """Effective dates, oldest first."""
        return list(self.values)

    def entry_at(self, day: date) -> ValueAt:
        """The dated entry in force on ``day`` (raises ParameterError before the first date or after a null)."""
        dates = self.dates
        i = bisect_right(dates, day) - 1
        if i < 0:
            raise ParameterError(
                f"no value in force on {day.isoformat()}; the first value starts {dates[0].isoformat()}.",
                file=self.id or self.description,
                hint="add an earlier dated value with its source, or use a later date.",
            )
        entry = self.values[dates[i]]
        if entry.value is None:
            raise ParameterError(
                f"the parameter stopped applying on {dates[i].isoformat()}, before {day.isoformat()}.",
                file=self.id or self.description,
            )
        return entry

    def at(self, day: date) -> Any:
        """The value in force on ``day``."""
        return self.entry_at(day).value

    def decimal_at(self, day: date) -> Decimal:
        """The value in force on ``day``, which must be a number."""
        v = self.at(day)
        if not isinstance(v, Decimal):
            raise ParameterError("this parameter is not a single number.", file=self.id, got=type(v).__name__)
        return v

    def changes_between(self, start: date, end: date) -> list[date]:
        """Effective dates strictly after ``start`` and on or before ``end`` (mid-period changes)."""
        return [d for d in self.dates if start < d <= end]

    def periods(self, start: date, end: date) -> list[tuple[date, date, Any]]:
        """Split [start, end] (inclusive) into pieces with one value each: ``(from, to, value)``."""
        cuts = [start, *self.changes_between(start, end)]
        out: list[tuple[date, date, Any]] = []
        for i, d in enumerate(cuts):
            to = end if i + 1 == len(cuts) else date.fromordinal(cuts[i + 1].toordinal() - 1)
            out.append((d, to, self.at(d)))
        return out
