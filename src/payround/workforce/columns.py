"""The workforce table's columns: names, meaning, kinds and limits (one place, used by the loader, the docs and
the error messages)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "COLUMNS",
    "FTE_MAX",
    "HOURS_MAX",
    "ID_COLUMNS",
    "NUMBER_COLUMNS",
    "TEXT_COLUMNS",
    "Column",
    "normalise_header",
]

Kind = Literal["text", "number", "integer"]

HOURS_MAX = 48.0  # the Working Time Regulations' weekly average limit: more is almost surely a typing error
FTE_MAX = 1.3  # 48 hours on a 37-hour standard week


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a workforce table."""

    name: str
    kind: Kind
    required: bool
    meaning: str
    low: float | None = None  # exclusive lower limit for numbers unless low_inclusive
    high: float | None = None  # inclusive upper limit
    low_inclusive: bool = False
    expected: str = ""


COLUMNS: dict[str, Column] = {
    c.name: c
    for c in (
        Column(
            "employer",
            "text",
            True,
            "the employing council or body (totals and the Apprenticeship Levy are per employer)",
        ),
        Column("point", "text", True, "the pay point label, as in the structure (e.g. '19')"),
        Column(
            "weekly_hours",
            "number",
            False,
            "contracted hours a week (give this or fte)",
            0.0,
            HOURS_MAX,
            expected="more than 0 and at most 48 hours a week",
        ),
        Column(
            "fte",
            "number",
            False,
            "full-time equivalent, hours / the structure's standard week (give this or weekly_hours)",
            0.0,
            FTE_MAX,
            expected="a full-time equivalent more than 0 and at most 1.3",
        ),
        Column(
            "headcount",
            "integer",
            False,
            "people the row stands for (default 1)",
            1.0,
            1e9,
            low_inclusive=True,
            expected="a whole number of people, 1 or more",
        ),
        Column(
            "paid_weeks",
            "number",
            False,
            "weeks paid a year, for term-time staff (default: the structure's weeks a year)",
            0.0,
            53.0,
            expected="more than 0 and at most 53 weeks",
        ),
        Column("gender", "text", False, "F, M or another value (for the equality impact summary)"),
        Column(
            "age",
            "integer",
            False,
            "age in years",
            14.0,
            100.0,
            low_inclusive=True,
            expected="a whole number of years from 14 to 100",
        ),
        Column("group", "text", False, "any grouping for totals (service, job family, bargaining unit...)"),
        Column("grade", "text", False, "the employee's grade, for incremental progression (--grades)"),
        Column("pension_scheme", "text", False, "lgps_ew, lgps_scotland, lgps_scotland_lothian or none"),
        Column("employee_id", "text", False, "a unique id per person (rows with an id stand for one person)"),
        Column(
            "employer_pension_rate",
            "number",
            False,
            "the employer's pension contribution rate in percent, overriding the scheme's default",
            0.0,
            100.0,
            low_inclusive=True,
            expected="a percentage from 0 to 100",
        ),
    )
}

TEXT_COLUMNS = tuple(n for n, c in COLUMNS.items() if c.kind == "text")
NUMBER_COLUMNS = tuple(n for n, c in COLUMNS.items() if c.kind != "text")
ID_COLUMNS = ("employer", "point", "gender", "group", "grade", "pension_scheme")  # low-cardinality text, kept as Enums


def normalise_header(name: str) -> str:
    """'Weekly Hours' -> 'weekly_hours': headers match case-insensitively, with spaces or hyphens for underscores."""
    return name.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")
