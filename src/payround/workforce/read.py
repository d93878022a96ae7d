"""Reading a workforce file (CSV, XLSX or Parquet) into a raw Polars frame, with the file's own row numbers kept for
error messages. Validation and typing happen in ``payround.workforce.validate``."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from payround.errors import WorkforceError
from payround.limits import MAX_TABLE_COLUMNS, MAX_WORKFORCE_BYTES, MAX_WORKFORCE_ROWS, check_file
from payround.workforce.columns import normalise_header
from payround.xlsxread import formula_cells, open_workbook, sheet_rows

__all__ = ["RawTable", "read_table"]

SUFFIXES = (".csv", ".xlsx", ".parquet")


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table as read: normalised column names, and the row number (as a spreadsheet shows it) of the first data
    row, so that data row ``i`` (0-based) is ``first_row + i``."""

    frame: pl.DataFrame
    source: str
    first_row: int
    headers: Mapping[str, str] = field(default_factory=dict)  # column name -> its header as the file writes it
    mapped: frozenset[str] = frozenset()  # columns read from another header through a column mapping

    def header(self, name: str) -> str:
        """How messages name a column: ``SCP (point)`` for ``point`` read through a mapping, else the name."""
        return f"{self.headers.get(name, name)} ({name})" if name in self.mapped else name


def read_table(path: Path, source: str | None = None) -> RawTable:
    """Read ``path`` by its suffix. Raises WorkforceError naming the file when it cannot be read."""
    name = source or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise WorkforceError(
            f"unsupported file type {suffix or '(none)'!r}.",
            file=name,
            expected="a .csv, .xlsx or .parquet file",
            got=path.name,
            hint="save the table as CSV (UTF-8), Excel .xlsx or Parquet.",
        )
    if not path.exists():
        raise WorkforceError(
            "no such file.", file=name, hint="check the path, or use a bundled id such as njc/illustrative."
        )
    check_file(path, MAX_WORKFORCE_BYTES, WorkforceError, source=name)
    if suffix == ".csv":
        return _read_csv(path, name)
    if suffix == ".xlsx":
        return _read_xlsx(path, name)
    return _read_parquet(path, name)


def _too_many_rows(source: str) -> WorkforceError:
    return WorkforceError(
        f"the table has more than {MAX_WORKFORCE_ROWS:,} rows.",
        file=source,
        hint="give one row per group of people (employer, point, hours) with a headcount, not one per person.",
    )


def _check_header(header: list[str], source: str, row: int) -> list[str]:
    if len(header) > MAX_TABLE_COLUMNS:
        raise WorkforceError(
            f"the header has {len(header)} columns, more than {MAX_TABLE_COLUMNS}.",
            file=source,
            place=f"row {row}",
            hint="check that this is a workforce table.",
        )
    names = [normalise_header(h) for h in header]
    if not any(names):
        raise WorkforceError(
            "the header row is empty.",
            file=source,
            place=f"row {row}",
            hint="the first row must name the columns: employer, point, weekly_hours (or fte), headcount...",
        )
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if not n:
            raise WorkforceError(
                f"column {i + 1} has no name.",
                file=source,
                place=f"row {row}",
                hint="name every column, or delete the empty one.",
            )
        if n in seen:
            raise WorkforceError(
                f"the column {n!r} appears twice (columns {seen[n] + 1} and {i + 1}).",
                file=source,
                place=f"row {row}",
                hint="keep one of them.",
            )
        seen[n] = i
    return names


def _read_csv(path: Path, source: str) -> RawTable:
    with path.open("rb") as f:
        head = f.read(1_000_000)
    if b"\x00" in head:
        raise WorkforceError("this is not a text file (it contains NUL bytes).", file=source, hint="check the path.")
    try:
        text_head = head.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < 999_990:  # a character cut at the sample's end is not an error
            raise WorkforceError("the file is not UTF-8 text.", file=source, hint="save it as CSV UTF-8.") from exc
        text_head = head[: exc.start].decode("utf-8")
    lines = text_head.splitlines()
    skip = 0
    while skip < len(lines) and (not lines[skip].strip() or lines[skip].lstrip("\ufeff").startswith("#")):
        skip += 1
    if skip >= len(lines):
        raise WorkforceError(
            "the file has no header row and no data.",
            file=source,
            hint="the first row must name the columns: employer, point, weekly_hours (or fte), headcount...",
        )
    header = next(csv.reader([lines[skip]]))
    names = _check_header(header, source, skip + 1)
    try:
        frame = pl.read_csv(
            path,
            infer_schema=False,
            skip_rows=skip,
            has_header=True,
            encoding="utf8",
            n_rows=MAX_WORKFORCE_ROWS + 1,
        )
    except pl.exceptions.PolarsError as exc:
        raise _locate_csv_problem(path, source, skip, len(names), exc) from exc
    if frame.height > MAX_WORKFORCE_ROWS:
        raise _too_many_rows(source)
    frame.columns = names
    return RawTable(frame, source, skip + 2, dict(zip(names, header, strict=True)))


def _locate_csv_problem(path: Path, source: str, skip: int, width: int, exc: Exception) -> WorkforceError:
    """Find the row behind a parse error (slow path, only on failure)."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            for _ in range(skip):
                f.readline()
            for i, row in enumerate(csv.reader(f)):
                if row and len(row) != width:
                    return WorkforceError(
                        f"this row has {len(row)} fields but the header has {width}.",
                        file=source,
                        place=f"row {skip + 1 + i}",
                        expected=f"{width} comma-separated fields",
                        got=str(len(row)),
                        hint="check for a stray comma, or quote text that contains commas.",
                    )
    except UnicodeDecodeError:
        return WorkforceError("the file is not UTF-8 text.", file=source, hint="save it as CSV UTF-8.")
    except csv.Error as err:
        return WorkforceError(f"the CSV cannot be parsed: {err}.", file=source)
    # The parser's own message may quote the file: name the kind of problem only.
    return WorkforceError(
        f"the CSV cannot be parsed ({type(exc).__name__}).", file=source, hint="save the table again as CSV UTF-8."
    )


def _cell(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _read_xlsx(path: Path, source: str) -> RawTable:
    wb = open_workbook(path, WorkforceError, source=source)
    try:
        sheet_name = "workforce" if "workforce" in wb.sheetnames else wb.sheetnames[0]
        label = f"{source} (sheet {sheet_name})"
        header_row, header, names, data, blanks = _xlsx_columns(
            sheet_rows(wb[sheet_name], label, WorkforceError), label
        )
    finally:
        wb.close()
    _refuse_unsaved_formulas(path, sheet_name, label, names, blanks)
    frame = pl.DataFrame({n: pl.Series(n, col, dtype=pl.String) for n, col in zip(names, data, strict=True)})
    # Trailing rows that are entirely empty are formatting, not data.
    nonempty = frame.select(pl.any_horizontal(pl.all().is_not_null() & (pl.all().str.strip_chars() != "")))
    keep = nonempty.to_series()
    if len(keep) and not keep.all():
        last = int(keep.arg_true()[-1]) if keep.any() else -1
        frame = frame.head(last + 1)
    return RawTable(frame, label, header_row + 1, dict(zip(names, header, strict=False)))


def _xlsx_columns(
    rows: Any, label: str
) -> tuple[int, list[str], list[str], list[list[str | None]], list[tuple[int, int]]]:
    """Header row number, the header as written, column names, the columns as text, and the empty cells (row,
    column) of rows with data."""
    header_row = 0
    header: list[str] = []
    for header_row, r in enumerate(rows, start=1):  # noqa: B007 - the row number is used after the loop
        if r and any(v is not None and str(v).strip() for v in r):
            header = ["" if v is None else str(v) for v in r]
            break
    else:
        raise WorkforceError("the sheet is empty.", file=label, hint="put the column names in the first row.")
    while header and not header[-1].strip():
        header.pop()
    names = _check_header(header, label, header_row)
    width = len(names)
    data: list[list[str | None]] = [[] for _ in range(width)]
    blanks: list[tuple[int, int]] = []
    extra_row = None
    for i, r in enumerate(rows):
        if i >= MAX_WORKFORCE_ROWS:
            raise _too_many_rows(label)
        cells = list(r)
        if any(v is not None and str(v).strip() for v in cells[width:]) and extra_row is None:
            extra_row = header_row + 1 + i
        has_data = False
        for j in range(width):
            v = cells[j] if j < len(cells) else None
            data[j].append(_cell(v))
            if v is None:
                blanks.append((header_row + 1 + i, j))
            else:
                has_data = True
        if not has_data and blanks and blanks[-1][0] == header_row + 1 + i:
            del blanks[-width:]  # an empty row is formatting; only blanks among data matter
    if extra_row is not None:
        raise WorkforceError(
            "this row has a value in a column with no name.",
            file=label,
            place=f"row {extra_row}",
            hint="name the column in the header row, or clear the cell.",
        )
    return header_row, header, names, data, blanks


def _refuse_unsaved_formulas(
    path: Path, sheet: str, label: str, names: list[str], blanks: list[tuple[int, int]]
) -> None:
    """A formula saved without its result reads as an empty cell (a headcount of '=10000' would count as 1 person):
    look again at the empty cells, and refuse formulas."""
    found = formula_cells(path, sheet, set(blanks), WorkforceError)
    if found:
        row, col = min(found)
        raise WorkforceError(
            f"this cell holds a formula with no saved result ({len(found)} such cell(s) in the sheet).",
            file=label,
            place=f"row {row}, column {names[col]}",
            hint="open the workbook in Excel or LibreOffice and save it, so that results are stored; or paste values.",
        )


def _read_parquet(path: Path, source: str) -> RawTable:
    try:
        schema = pl.read_parquet_schema(path)
        if len(schema) > MAX_TABLE_COLUMNS:
            raise WorkforceError(f"the table has {len(schema)} columns, more than {MAX_TABLE_COLUMNS}.", file=source)
        if pl.scan_parquet(path).select(pl.len()).collect().item() > MAX_WORKFORCE_ROWS:
            raise _too_many_rows(source)
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise WorkforceError(
            f"cannot read the Parquet file ({type(exc).__name__}).",
            file=source,
            hint="write it again with Polars or pandas.",
        ) from exc
    header = list(frame.columns)
    names = _check_header(header, source, 1)
    frame.columns = names
    return RawTable(frame, source, 2, dict(zip(names, header, strict=True)))


def csv_text_table(text: str, source: str = "<csv>") -> RawTable:
    """Read CSV text (for tests and the web layer) the same way as a file."""
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    header = list(frame.columns)
    names = _check_header(header, source, 1)
    frame.columns = names
    return RawTable(frame, source, 2, dict(zip(names, header, strict=True)))
