"""A base for the file-format models (offers, structures, rounds): values must be written as a person would mean
them, and lie within sane bounds.

Pydantic is lenient where a pay file must not be: it reads the number ``0`` as the date 1 January 1970 (seconds
since 1970) and the text ``10_85`` as the number 1085. Every field typed as a date refuses numbers and dates outside
the years 1900-2199 (a strike to 9999-12-31 is a typing error, not a plan); every Decimal field refuses
underscores. Pure: no I/O.

Two ways to get the checks: subclass :class:`CheckedModel` (every date and Decimal field is checked, whatever its
type says), or type the fields :data:`CheckedDate` / :data:`CheckedDecimal` on a plain model, which runs the checks on
those fields alone. The offer format does the latter: offers are validated once per variant by the settlement finder
and the benchmarks, and two Python calls for every field of every model were a third of that time.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator

__all__ = ["FIRST_YEAR", "LAST_YEAR", "CheckedDate", "CheckedDecimal", "CheckedModel", "no_underscores", "not_a_number"]

FIRST_YEAR = 1900
LAST_YEAR = 2199


def _mentions(annotation: Any, kind: type) -> bool:
    if annotation is kind:
        return True
    return any(_mentions(a, kind) for a in get_args(annotation))


@cache
def _fields_of(cls: type[BaseModel], kind: type) -> frozenset[str]:
    return frozenset(n for n, f in cls.model_fields.items() if _mentions(f.annotation, kind))


def not_a_number(value: Any) -> Any:
    """Refuse a number where a date is expected (Pydantic would read it as seconds since 1970)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise ValueError(
            f"a date must be written YYYY-MM-DD, e.g. 2022-04-01 (got the number {value}, which would be "
            "read as seconds since 1970)"
        )
    return value


def no_underscores(value: Any) -> Any:
    """Refuse text such as '10_85' where a number is expected (Decimal would drop the underscores)."""
    if isinstance(value, str) and "_" in value:
        raise ValueError(f"write numbers without underscores (got {value[:20]!r})")
    return value


def _plausible(value: Any) -> Any:
    """Refuse a date outside the years FIRST_YEAR-LAST_YEAR."""
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the date {value.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}; check the year")
    return value


CheckedDate = Annotated[date, BeforeValidator(not_a_number), AfterValidator(_plausible)]
"""A date field with :class:`CheckedModel`'s checks (no numbers, years 1900-2199)."""

CheckedDecimal = Annotated[Decimal, BeforeValidator(no_underscores)]
"""A Decimal field with :class:`CheckedModel`'s check (no underscores)."""


class CheckedModel(BaseModel):
    """Refuses numbers for dates, dates outside 1900-2199 and underscores in decimals (see the module's doc)."""

    # Validators are built on first use, not at import: a command pays only for the file formats it reads (building
    # every format's validator up front costs a tenth of a second of start-up).
    model_config = ConfigDict(defer_build=True)

    @field_validator("*", mode="before")
    @classmethod
    def _written_as_meant(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name
        if name is None:
            return value
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            if name in _fields_of(cls, date):
                not_a_number(value)
        elif isinstance(value, str) and name in _fields_of(cls, Decimal):
            no_underscores(value)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _plausible_date(cls, value: Any) -> Any:
        return _plausible(value)
