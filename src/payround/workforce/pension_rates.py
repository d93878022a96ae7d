"""Reading a table of employers' own pension contribution rates (``--pension-rates FILE``): columns ``employer`` and
``rate`` (percent, e.g. ``19.5``), one row per employer."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from payround.errors import WorkforceError
from payround.limits import MAX_CSV_BYTES, read_text_limited

__all__ = ["MAX_PENSION_RATE", "read_pension_rates"]

MAX_PENSION_RATE = Decimal(100)  # percent, as for the workforce's employer_pension_rate column


def read_pension_rates(path: Path) -> dict[str, Decimal]:
    """Employer name -> employer contribution rate as a fraction (19.5 in the file -> 0.195).

    Each rate must be a finite number of percent from 0 to 100, and each employer appear once; the error names the
    file, the row and the column.
    """
    text = read_text_limited(path, MAX_CSV_BYTES, WorkforceError, hint="save it as CSV UTF-8.")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "employer" not in header or "rate" not in header:
        raise WorkforceError(
            "the table needs the columns employer and rate.",
            file=str(path),
            place="row 1",
            expected="a header row 'employer,rate' (rate in percent, e.g. Council 01,19.5)",
            got=", ".join(header) or "an empty file",
        )
    reader.fieldnames = header
    out: dict[str, Decimal] = {}
    first: dict[str, int] = {}
    for row_no, row in enumerate(reader, start=2):
        employer = (row.get("employer") or "").strip()
        raw = (row.get("rate") or "").strip()
        if not employer:
            raise WorkforceError("the employer is empty.", file=str(path), place=f"row {row_no}, column employer")
        try:
            rate = Decimal(raw)
        except InvalidOperation:
            rate = Decimal("NaN")
        if "_" in raw or not rate.is_finite() or not 0 <= rate <= MAX_PENSION_RATE:
            raise WorkforceError(
                "the rate must be a percentage from 0 to 100.",
                file=str(path),
                place=f"row {row_no}, column rate",
                expected="a number of percent such as 19.5",
                got=repr(raw),
            )
        if employer in first:
            raise WorkforceError(
                f"the employer {employer[:40]!r} appears twice (first on row {first[employer]}).",
                file=str(path),
                place=f"row {row_no}, column employer",
                hint="give each employer's rate once.",
            )
        first[employer] = row_no
        out[employer] = rate / 100
    return out
