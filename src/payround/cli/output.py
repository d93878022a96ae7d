"""Shared output helpers for the CLI: formats, tables, JSON and CSV on stdout."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

from payround.report.safe import safe_cell

__all__ = ["Format", "console", "err_console", "print_csv", "print_json", "table"]


def _width() -> int | None:
    # In a terminal Rich measures it; piped to a file or another program, tables should not be squeezed to 80.
    if sys.stdout.isatty():
        return None
    try:
        return max(80, int(os.environ.get("COLUMNS", "160")))
    except ValueError:
        return 160


console = Console(width=_width(), soft_wrap=True)
err_console = Console(stderr=True)


class Format(StrEnum):
    """Output formats every figure-printing command offers."""

    table = "table"
    json = "json"
    csv = "csv"


def print_json(data: Any) -> None:
    """Print JSON (money as exact decimal strings) to stdout."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print CSV to stdout; text that a spreadsheet would run as a formula is escaped (``safe_cell``)."""
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow([safe_cell(str(h)) for h in header])
    for r in rows:
        w.writerow(["" if v is None else safe_cell(str(v)) for v in r])


def table(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, right_from: int = 1) -> Table:
    """A Rich table with numbers right-aligned from column ``right_from``."""
    t = Table(title=title, title_justify="left", header_style="bold")
    for i, h in enumerate(header):
        t.add_column(h, justify="right" if i >= right_from else "left")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    return t
