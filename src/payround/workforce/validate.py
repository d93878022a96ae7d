"""Validating a raw workforce table, column by column and vectorised: every problem is reported with the file, the row
(as a spreadsheet shows it) and the column, and nothing is half-loaded: the first problem stops the load."""

from __future__ import annotations

import difflib
from functools import lru_cache

import polars as pl

from payround.errors import WorkforceError
from payround.params import parameter_ids
from payround.workforce.columns import COLUMNS, ID_COLUMNS, Column
from payround.workforce.read import RawTable

__all__ = ["pension_schemes", "validate_table"]

_GENDER = {
    "f": "F",
    "female": "F",
    "woman": "F",
    "w": "F",
    "m": "M",
    "male": "M",
    "man": "M",
}


@lru_cache(maxsize=1)
def pension_schemes() -> tuple[str, ...]:
    """Scheme ids a workforce may name: every bundled ``pension_employer/<id>`` parameter."""
    return tuple(sorted(i.split("/", 1)[1] for i in parameter_ids() if i.startswith("pension_employer/")))


class _Checker:
    """Raises located errors for one table."""

    def __init__(self, raw: RawTable) -> None:
        self.raw = raw

    def fail(
        self,
        bad: pl.Series,
        column: str,
        message: str,
        *,
        values: pl.Series | None = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        """Raise for the first row where ``bad`` is true, listing how many more rows have the same problem."""
        idx = bad.fill_null(False).arg_true()
        if len(idx) == 0:
            return
        first = int(idx[0])
        row = self.raw.first_row + first
        more = ""
        if len(idx) > 1:
            shown = ", ".join(str(self.raw.first_row + int(i)) for i in idx[1:4])
            more = f" ({len(idx) - 1} more row{'s' if len(idx) > 2 else ''}: {shown}{', ...' if len(idx) > 4 else ''})"
        got = None
        if values is not None:
            v = values[first]
            got = "an empty cell" if v is None or (isinstance(v, str) and not v.strip()) else repr(v)
        raise WorkforceError(
            message.rstrip(".") + more + ".",
            file=self.raw.source,
            place=f"row {row}, column {self.raw.header(column)}",
            expected=expected,
            got=got,
            hint=hint,
        )


def _text(frame: pl.DataFrame, name: str) -> pl.Series:
    """A text column as stripped strings, with empty cells as null."""
    s = frame[name]
    if isinstance(s.dtype, pl.Enum) and all(c and c == c.strip() for c in s.dtype.categories):
        return s  # fast path for Parquet files written with Enum columns
    if s.dtype != pl.String:
        s = s.cast(pl.String)
    s = s.str.strip_chars()
    return s.set(s == "", None) if (s == "").any() else s


def _enum(s: pl.Series) -> pl.Series:
    """Low-cardinality text as an Enum (fast codes for the costing)."""
    if s.dtype == pl.Enum:
        return s
    cats = s.drop_nulls().unique().sort().to_list()
    return s.cast(pl.Enum(cats))


def _number(chk: _Checker, frame: pl.DataFrame, col: Column) -> pl.Series:
    orig = frame[col.name]
    problems: list[tuple[pl.Series, str, str | None]] = []
    if orig.dtype == pl.String:
        text = orig.str.strip_chars()
        text = text.set(text == "", None) if (text == "").any() else text
        values = text.str.replace_all(",", "").cast(pl.Float64, strict=False)
        problems.append(
            (
                text.is_not_null() & values.is_null(),
                f"{col.name} must be a number.",
                "write a plain number such as 18.5, without units.",
            )
        )
    elif orig.dtype.is_numeric():
        values = orig.cast(pl.Float64)
        problems.append((values.is_nan(), f"{col.name} must be a number.", None))
    else:
        raise WorkforceError(
            f"the column {col.name!r} must hold numbers.",
            file=chk.raw.source,
            place=f"column {chk.raw.header(col.name)}",
            expected=col.expected,
            got=f"a column of type {orig.dtype}",
            hint="store numbers as numbers (or as text such as 18.5).",
        )
    low = col.low if col.low is not None else float("-inf")
    high = col.high if col.high is not None else float("inf")
    below = values < low if col.low_inclusive else values <= low
    problems.append((below | (values > high), f"{col.name} is out of range.", _range_hint(col.name)))
    if col.kind == "integer":
        problems.append((values != values.floor(), f"{col.name} must be a whole number.", None))
    # Report the earliest row with any problem.
    firsts = [
        (int(m.fill_null(False).arg_true()[0]), i) for i, (m, _, _) in enumerate(problems) if m.fill_null(False).any()
    ]
    if firsts:
        mask, message, hint = problems[min(firsts)[1]]
        chk.fail(mask, col.name, message, values=orig, expected=col.expected, hint=hint)
    return values.cast(pl.Int64) if col.kind == "integer" else values


def _range_hint(name: str) -> str:
    return {
        "weekly_hours": "hours are per week; a negative, zero or very long week is usually a typing error.",
        "fte": "fte is hours / the standard week (0.5 for half time); for hours use a weekly_hours column.",
        "headcount": "headcount counts people; leave it empty for 1.",
        "paid_weeks": "term-time staff are typically paid for 39 to 47 weeks; leave it empty for all year.",
        "age": "write the age in years.",
        "employer_pension_rate": "write the rate in percent, e.g. 19.5 for 19.5%.",
    }.get(name, "check the value.")


def ignored_columns(raw: RawTable) -> list[str]:
    """Columns of the table that payround does not use (a payroll export's names, salaries, cost centres...)."""
    return [name for name in raw.frame.columns if name not in COLUMNS]


def _guesses(ignored: list[str]) -> str:
    """' Ignored columns that look like payround's: 'weekly_hour' (weekly_hours?).' for a missing-column hint."""
    close = []
    for name in ignored:
        match = difflib.get_close_matches(name, list(COLUMNS), n=1, cutoff=0.75)
        if match:
            close.append(f"{name!r} ({match[0]}?)")
    return f" Ignored columns that look like payround's: {', '.join(close)}." if close else ""


def validate_table(raw: RawTable) -> pl.DataFrame:
    """Check every column and return the typed frame (Enums for labels, floats for numbers, Int64 for counts).
    Columns payround does not know are dropped (``ignored_columns`` lists them)."""
    chk = _Checker(raw)
    frame = raw.frame
    header_place = f"row {raw.first_row - 1}"
    ignored = ignored_columns(raw)
    if ignored:
        frame = frame.drop(ignored)
    guess = _guesses(ignored)
    for name in ("employer", "point"):
        if name not in frame.columns:
            raise WorkforceError(
                f"the column {name!r} is missing.",
                file=raw.source,
                place=header_place,
                expected="at least the columns employer, point and weekly_hours (or fte)",
                got=", ".join(frame.columns),
                hint=f"add a column named {name}, or map yours (--columns {name}=HEADER).{guess}",
            )
    has_hours, has_fte = "weekly_hours" in frame.columns, "fte" in frame.columns
    if has_hours == has_fte:
        raise WorkforceError(
            "give either weekly_hours or fte, not both." if has_hours else "the hours column is missing.",
            file=raw.source,
            place=header_place,
            expected="exactly one of the columns weekly_hours or fte",
            got=", ".join(frame.columns),
            hint="keep one: weekly_hours (e.g. 18.5) or fte (e.g. 0.5)." + ("" if has_hours else guess),
        )
    if frame.height == 0:
        raise WorkforceError(
            "the table has no rows.", file=raw.source, hint="add one row per employee or per group of employees."
        )
    out: dict[str, pl.Series] = {}
    for name in frame.columns:
        col = COLUMNS[name]
        if col.kind == "text":
            s = _text(frame, name)
            if col.required:
                chk.fail(s.is_null(), name, f"{name} is empty.", values=s, hint=f"fill in the {name} of every row.")
            out[name] = s
        else:
            s = _number(chk, frame, col)
            if name in ("weekly_hours", "fte"):
                chk.fail(s.is_null(), name, f"{name} is empty.", values=s, hint="fill in the hours of every row.")
            out[name] = s
    _cross_checks(chk, out)
    return _finish(out, frame.height)


def _cross_checks(chk: _Checker, cols: dict[str, pl.Series]) -> None:
    schemes = pension_schemes()
    if "pension_scheme" in cols and not _enum_within(cols["pension_scheme"], schemes):
        s = cols["pension_scheme"].cast(pl.String).str.to_lowercase().str.replace_all("-", "_")
        chk.fail(
            s.is_not_null() & ~s.is_in(list(schemes)),
            "pension_scheme",
            "unknown pension scheme.",
            values=cols["pension_scheme"],
            expected=f"one of {', '.join(schemes)} (or an empty cell for the structure's default)",
            hint="use a scheme id, or give the employer's rate in an employer_pension_rate column.",
        )
        cols["pension_scheme"] = s
    if "gender" in cols and not _enum_within(cols["gender"], ("F", "M"), canonical_only=True):
        g = cols["gender"].cast(pl.String)
        cols["gender"] = g.str.to_lowercase().replace_strict(_GENDER, default=g, return_dtype=pl.String)
    if "employee_id" in cols:
        ids = cols["employee_id"]
        if "headcount" in cols:
            chk.fail(
                ids.is_not_null() & (cols["headcount"] > 1),
                "headcount",
                "a row with an employee_id stands for one person, so its headcount must be 1.",
                values=cols["headcount"],
                hint="split the row per person, or leave employee_id empty for a group row.",
            )
        dup = ids.is_duplicated() & ids.is_not_null()
        if dup.any():
            first = int(dup.arg_true()[0])
            same = (ids == ids[first]).arg_true()
            chk.fail(
                dup & (pl.Series(range(len(ids))) != first),
                "employee_id",
                f"employee_id {ids[first]!r} is also on row {chk.raw.first_row + int(same[0])}.",
                values=ids,
                hint="each employee_id must be unique; merge or correct the duplicate rows.",
            )


def _enum_within(s: pl.Series, allowed: tuple[str, ...], *, canonical_only: bool = False) -> bool:
    """True when ``s`` is an Enum whose categories need no normalising (fast path, no per-row work)."""
    if not isinstance(s.dtype, pl.Enum):
        return False
    cats = list(s.dtype.categories)
    if canonical_only:
        return all(c in allowed or c.lower() not in _GENDER for c in cats)
    return all(c in allowed for c in cats)


def _finish(cols: dict[str, pl.Series], height: int) -> pl.DataFrame:
    if "headcount" in cols:
        cols["headcount"] = cols["headcount"].fill_null(1)
    else:
        cols["headcount"] = pl.Series("headcount", [1], dtype=pl.Int64).extend_constant(1, height - 1)
    for name in ID_COLUMNS:
        if name in cols:
            cols[name] = _enum(cols[name])
    return pl.DataFrame([s.alias(n) for n, s in cols.items()])
