"""Any report's tables as an Excel workbook: one sheet per table, raw values (exact decimals as numbers), money
columns formatted in pounds, illustrative tables marked in their title row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from payround.reports.base import Cell, Kind, Table

__all__ = ["write_tables_workbook"]

_FORMATS = {Kind.money: "£#,##0.00", Kind.money0: "£#,##0", Kind.date: "yyyy-mm-dd"}


def _value(v: Cell) -> object:
    return "" if v is None else v


def write_tables_workbook(tables: Sequence[Table], path: Path) -> None:
    """Write ``tables`` to ``path`` (.xlsx), one sheet each, in order."""
    wb = Workbook()
    wb.remove(wb.active)
    for i, t in enumerate(tables):
        title = "".join(ch for ch in t.title if ch not in "[]:*?/\\")[:26]
        ws = wb.create_sheet(f"{i + 1} {title}")
        ws.append([t.title + (" (illustrative)" if t.illustrative else "")])
        ws.append(t.header)
        for r in t.rows:
            ws.append([_value(v) for v in r.cells])
        for j, c in enumerate(t.columns, start=1):
            fmt = _FORMATS.get(c.kind)
            if fmt is None:
                continue
            for (cell,) in ws.iter_rows(min_row=3, min_col=j, max_col=j):
                if isinstance(cell.value, int | float | Decimal | date):
                    cell.number_format = fmt
    wb.save(path)
