"""What every use case returns: a frozen, typed report that each front end renders the same way.

A report is a Pydantic model: its ``model_dump(mode="json")`` *is* the ``--format json`` document (money as exact
decimal strings, pence totals as integers). For people it offers **blocks** — lines of text and :class:`Table`s of
raw values with a column kind — which the terminal, an Excel sheet, an HTML page and a PDF all render with one
formatter (:mod:`payround.reports.format`), so the same rows look the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer

__all__ = ["Block", "Blocks", "Cell", "Column", "IntText", "Kind", "ListReport", "Report", "Row", "Table", "Text"]

IntText = Annotated[int, PlainSerializer(str, return_type=str, when_used="json")]
"""A count kept as an int, written as text in JSON (where a document has always had it so)."""

Cell = str | int | Decimal | date | bool | None
"""A raw table value; the column's kind says how people see it."""


class Kind(StrEnum):
    """How a column's values are shown to people (JSON and CSV keep the raw value)."""

    text = "text"
    money = "money"  # £1,234.56
    money0 = "money0"  # £1,234 (whole pounds, for large totals)
    rate = "rate"  # a rate in a structure's unit, to its own precision: £10.50 an hour, £20,258 a year
    pct = "pct"  # a percentage already in percent: 7.36%
    share = "share"  # a fraction of a whole: 0.1234 -> 12.34%
    integer = "integer"  # 1,234
    number = "number"  # 1,234.5 (as many places as the value has)
    date = "date"


class Column(BaseModel):
    """A column: its heading and the kind of its values."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    kind: Kind = Kind.text


class Row(BaseModel):
    """One row of raw values; ``illustrative`` marks a row whose figures are not published data."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    cells: tuple[Cell, ...]
    illustrative: bool = False


class Table(BaseModel):
    """A titled table of raw values, rendered alike by every front end."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        title: str,
        columns: Sequence[tuple[str, Kind] | str],
        rows: Sequence[Sequence[Cell] | Row],
        notes: Sequence[str] = (),
    ) -> Table:
        """A table from ``(name, kind)`` pairs (a bare name is text) and rows of cells (or Rows)."""
        cols = tuple(Column(name=c) if isinstance(c, str) else Column(name=c[0], kind=c[1]) for c in columns)
        body = tuple(r if isinstance(r, Row) else Row(cells=tuple(r)) for r in rows)
        for r in body:
            if len(r.cells) != len(cols):
                raise ValueError(f"table {title!r}: a row has {len(r.cells)} cells for {len(cols)} columns")
        return cls(title=title, columns=cols, rows=body, notes=tuple(notes))

    @property
    def header(self) -> list[str]:
        """The column names."""
        return [c.name for c in self.columns]

    @property
    def illustrative(self) -> bool:
        """True when any row is marked illustrative."""
        return any(r.illustrative for r in self.rows)


class Text(BaseModel):
    """Lines for people, with a style every renderer knows."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    lines: tuple[str, ...]
    style: Literal["heading", "text", "note", "warning", "good", "bad"] = "text"


Block = Table | Text


class Blocks:
    """What a report shows people, and the table a CSV export writes."""

    def blocks(self) -> list[Block]:
        """Text and tables, in reading order."""
        return list(self.tables())

    def tables(self) -> list[Table]:
        """The report's tables (the first is the main one)."""
        return []

    def csv_table(self) -> Table | None:
        """The table ``--format csv`` writes (default: the first)."""
        tables = self.tables()
        return tables[0] if tables else None


class Report(Blocks, BaseModel):
    """Base of every use case's result: frozen, typed; ``model_dump(mode="json")`` is its JSON document."""

    # Validators and serializers are built on first use, not at import: a command pays only for the reports it
    # makes (building every report model up front costs a noticeable part of the command line's start-up).
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=False, defer_build=True)

    def to_json(self) -> Any:
        """The ``--format json`` document."""
        return self.model_dump(mode="json")


class ListReport(Blocks):
    """Mixin for a report whose JSON document is a list: ``class X(ListReport, RootModel[list[Item]])``."""

    def to_json(self) -> Any:
        """The ``--format json`` document."""
        return self.model_dump(mode="json")  # type: ignore[attr-defined]
