"""A base for the file-format models (offers, structures, rounds): values must be written as a person would mean
them, and lie within sane bounds.

Pydantic is lenient where a pay file must not be: it reads the number ``0`` as the date 1 January 1970 (seconds
since 1970) and the text ``10_85`` as the number 1085. Every field typed as a date refuses numbers and dates outside
the years 1900-2199 (a strike to 9999-12-31 is a typing error, not a plan); every Decimal field refuses
underscores. Pure: no I/O.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

__all__ = ["FIRST_YEAR", "LAST_YEAR", "CheckedModel"]

FIRST_YEAR = 1900
LAST_YEAR = 2199


def _mentions(annotation: Any, kind: type) -> bool:
    if annotation is kind:
        return True
    return any(_mentions(a, kind) for a in get_args(annotation))


@cache
def _fields_of(cls: type[BaseModel], kind: type) -> frozenset[str]:
    return frozenset(n for n, f in cls.model_fields.items() if _mentions(f.annotation, kind))


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
                raise ValueError(
                    f"a date must be written YYYY-MM-DD, e.g. 2022-04-01 (got the number {value}, which would be "
                    "read as seconds since 1970)"
                )
        elif isinstance(value, str) and "_" in value and name in _fields_of(cls, Decimal):
            raise ValueError(f"write numbers without underscores (got {value[:20]!r})")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _plausible_date(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(
                f"the date {value.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}; check the year"
            )
        return value
