"""Writing the per-employee costing (``payround cost --per-employee FILE``) as CSV, Parquet or Excel: money in
pounds with two decimals, exactly (CSV text, Parquet Decimal(18, 2), Excel numbers rounded to the penny with a
total row of SUM formulas)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from payround.costing.records import PerEmployee
from payround.errors import InputError

__all__ = ["SUFFIXES", "pounds", "write_per_employee"]

SUFFIXES = (".csv", ".parquet", ".xlsx")
_XLSX_ROWS = 1_048_574  # Excel's row limit less the header and the total row


def pounds(column: str) -> pl.Expr:
    """A pence column as exact pounds text with two decimals ('-1234.05')."""
    a = pl.col(column).abs()
    sign = pl.when(pl.col(column) < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.format("{}{}.{}", sign, a // 100, (a % 100).cast(pl.String).str.zfill(2)).alias(column)


def _inert(frame: pl.DataFrame, money: tuple[str, ...]) -> pl.DataFrame:
    """Text cells a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) get a leading quote: names
    and ids come from the user's file."""
    text = [c for c, t in frame.schema.items() if t == pl.String and c not in money]
    risky = pl.lit("^[=+\\-@\t\r]")
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(risky) & pl.col(c).cast(pl.Float64, strict=False).is_null())
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )


def write_per_employee(path: str | Path, data: PerEmployee) -> Path:
    """Write one row per employee (row of the workforce table) to ``path`` by its suffix."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            "the per-employee file must be .csv, .parquet or .xlsx.", file=str(out), got=suffix or "(no suffix)"
        )
    data = PerEmployee(_inert(data.frame, data.money), data.money)
    text = data.frame.with_columns(pounds(c) for c in data.money)
    if suffix == ".csv":
        text.write_csv(out)
    elif suffix == ".parquet":
        text.with_columns(pl.col(c).cast(pl.Decimal(18, 2)) for c in data.money).write_parquet(out)
    else:
        _write_xlsx(out, data)
    return out


def _write_xlsx(out: Path, data: PerEmployee) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    frame = data.frame
    if frame.height > _XLSX_ROWS:
        raise InputError(
            f"{frame.height:,} rows do not fit in an Excel sheet.",
            file=str(out),
            hint="write the per-employee file as .csv or .parquet.",
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Per employee")
    bold = Font(bold=True)
    money = set(data.money)
    columns = frame.columns
    ws.append([_header_cell(ws, c, bold) for c in columns])
    scaled = frame.with_columns((pl.col(c) / 100).round(2) for c in data.money)
    for row in scaled.iter_rows():
        ws.append(list(row))
    last = frame.height + 1
    total: list[object] = []
    for j, c in enumerate(columns, start=1):
        if c in money or c == "headcount":
            col = get_column_letter(j)
            cell = WriteOnlyCell(ws, value=f"=SUM({col}2:{col}{last})")
        else:
            cell = WriteOnlyCell(ws, value="Total" if j == 1 else None)
        cell.font = bold
        total.append(cell)
    ws.append(total)
    wb.save(out)


def _header_cell(ws: object, name: str, bold: object) -> object:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=name)
    cell.font = bold
    return cell
