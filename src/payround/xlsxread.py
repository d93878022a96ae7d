"""Reading Excel workbooks safely, for the workforce and structure readers.

A workbook is checked before it is opened (``payround.limits.check_xlsx``: a zip that unzips to at most 100 MB),
read in streaming mode with its declared dimensions ignored (a 1.6 KB file can declare ``A1:XFD1048576``, and
openpyxl would pad every row to 16,384 cells and yield a million rows), with bounded rows and columns. Cells that
hold a formula with no saved result are found, so that a reader can refuse them rather than read them as empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from payround.errors import InputError
from payround.limits import MAX_TABLE_COLUMNS, check_xlsx

__all__ = ["XLSX_MAX_ROWS", "formula_cells", "open_workbook", "sheet_rows"]

XLSX_MAX_ROWS = 1_048_576  # Excel's own limit: a sheet cannot have more


def open_workbook(path: Path, error: type[InputError], *, source: str | None = None, data_only: bool = True) -> Any:
    """Open a workbook read-only after checking its size; a broken file is an error naming it."""
    from openpyxl import load_workbook

    check_xlsx(path, error, source=source)
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken file
        raise error(
            f"cannot open the workbook ({type(exc).__name__}).",
            file=source or str(path),
            hint="save it again from Excel as .xlsx, or as CSV UTF-8.",
        ) from exc


def sheet_rows(ws: Any, label: str, error: type[InputError]) -> Iterator[tuple[Any, ...]]:
    """The rows of a read-only sheet as value tuples (1-based row ``i`` is the ``i``-th item), ignoring the declared
    dimensions; more than ``MAX_TABLE_COLUMNS`` used columns or ``XLSX_MAX_ROWS`` rows is an error."""
    ws.reset_dimensions()
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if n > XLSX_MAX_ROWS:
            raise error(f"the sheet has more than {XLSX_MAX_ROWS:,} rows.", file=label)
        if len(row) > MAX_TABLE_COLUMNS and any(v is not None for v in row[MAX_TABLE_COLUMNS:]):
            raise error(
                f"this row uses more than {MAX_TABLE_COLUMNS} columns.",
                file=label,
                place=f"row {n}",
                hint="a table needs a few columns; delete stray cells far to the right.",
            )
        yield row[:MAX_TABLE_COLUMNS]


def formula_cells(
    path: Path, sheet: str, wanted: set[tuple[int, int]], error: type[InputError]
) -> set[tuple[int, int]]:
    """Which of the ``wanted`` cells (1-based row, 0-based column) of ``sheet`` hold a formula. Used on the cells a
    first reading found empty: a formula saved without its result (a file written by a program, never opened in
    Excel) reads as empty, and must not be taken for a blank."""
    if not wanted:
        return set()
    wb = open_workbook(path, error, data_only=False)
    try:
        by_row: dict[int, list[int]] = {}
        for r, c in wanted:
            by_row.setdefault(r, []).append(c)
        last = max(by_row)
        found: set[tuple[int, int]] = set()
        ws = wb[sheet]
        ws.reset_dimensions()
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if n > last:
                break
            for c in by_row.get(n, ()):
                if c < len(row) and _is_formula(row[c]):
                    found.add((n, c))
        return found
    finally:
        wb.close()


def _is_formula(v: Any) -> bool:
    if isinstance(v, str):
        return v.startswith("=")
    return type(v).__name__ in {"ArrayFormula", "DataTableFormula"}
