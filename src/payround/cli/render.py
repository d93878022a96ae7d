"""Render a report for the terminal (Rich), as JSON or as CSV — the only place the CLI turns results into text.

Tables are drawn to fit the terminal (100 columns is the width we design for); numbers use the one style of
:mod:`payround.reports.format`; rows marked illustrative carry a ``*``.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from payround.report.safe import safe_cell

if TYPE_CHECKING:  # Rich and the report models load when something is rendered, not when the CLI starts
    from rich.console import Console
    from rich.table import Table as RichTable

    from payround.reports.base import Block, Table

__all__ = [
    "Format",
    "Renderable",
    "console",
    "err_console",
    "output_to",
    "render",
    "stderr_console",
    "write_csv",
    "write_json",
]


class Format(StrEnum):
    """Output formats (a command offers the ones it supports)."""

    table = "table"
    json = "json"
    csv = "csv"


class Renderable(Protocol):
    """What every report offers its renderers."""

    def blocks(self) -> list[Block]: ...

    def csv_table(self) -> Table | None: ...

    def to_json(self) -> Any: ...


def _width() -> int | None:
    # In a terminal Rich measures it; piped, use $COLUMNS (else 100, the width we design every table for).
    if sys.stdout.isatty():
        return None
    try:
        return max(60, int(os.environ.get("COLUMNS", "100")))
    except ValueError:
        return 100


def console() -> Console:
    """The console for stdout, measured now (tests and redirections change stdout and $COLUMNS)."""
    from rich.console import Console

    return Console(width=_width(), soft_wrap=False, highlight=False)


_stderr: list[Console] = []


def stderr_console() -> Console:
    """The Rich console on stderr (progress bars, notes), made on first use so that starting the CLI does not
    import Rich."""
    if not _stderr:
        from rich.console import Console

        _stderr.append(Console(stderr=True, highlight=False))
    return _stderr[0]


class _StderrConsole:
    """``err_console.print(...)`` without importing Rich until something is printed; pass ``stderr_console()``
    where Rich needs the console itself (a progress bar)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(stderr_console(), name)


err_console: Any = _StderrConsole()

_STYLE = {"heading": "bold", "text": "", "note": "dim", "warning": "yellow", "good": "green", "bad": "red"}


def _rich_table(t: Table) -> RichTable:
    from payround.cli.table import FastTable
    from payround.reports.base import Kind
    from payround.reports.format import cell_text

    header = [(c.name, "left" if c.kind in (Kind.text, Kind.date) else "right") for c in t.columns]
    rows = []
    for r in t.rows:
        cells = [cell_text(v, c.kind) for v, c in zip(r.cells, t.columns, strict=True)]
        if r.illustrative and cells:
            cells[0] += "*"
        rows.append(cells)
    return FastTable(t.title, header, rows, title_justify="left", header_style="bold", pad_edge=False)


def render_blocks(blocks: list[Block], out: Console | None = None) -> None:
    """Print text and tables for people."""
    from rich.markup import escape

    from payround.reports.base import Text

    con = out or console()
    for b in blocks:
        if isinstance(b, Text):
            style = _STYLE[b.style]
            for line in b.lines:
                con.print(escape(line), style=style or None, soft_wrap=True)
        else:
            con.print(_rich_table(b))
            for n in b.notes:
                con.print(escape(n), style="dim", soft_wrap=True)


def write_json(data: Any) -> None:
    """JSON on stdout (money as exact decimal strings), nothing else."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _safe(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (the shared rule of ``payround.report.safe``)."""
    return str(safe_cell("" if value is None else str(value)))


def write_csv(t: Table) -> None:
    """A table as CSV on stdout: raw values (exact decimals), no formatting."""
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow([_safe(h) for h in t.header])
    for r in t.rows:
        w.writerow([_safe(v) for v in r.cells])


def render(report: Renderable, fmt: Format | str = Format.table) -> None:
    """Print ``report`` in ``fmt``: JSON is its document, CSV its main table, a table its blocks."""
    fmt = Format(str(fmt))
    if fmt is Format.json:
        write_json(report.to_json())
    elif fmt is Format.csv:
        t = report.csv_table()
        if t is None:
            raise ValueError("this report has no table to write as CSV")
        write_csv(t)
    else:
        render_blocks(report.blocks())


@contextmanager
def output_to(path: Path | None) -> Iterator[None]:
    """Send what is printed on stdout to ``path`` (a file) instead of the terminal."""
    if path is None:
        yield
        return
    with path.open("w", encoding="utf-8", newline="") as f, redirect_stdout(f):
        yield
