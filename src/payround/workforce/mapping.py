"""Reading a payroll as exported: which of the file's columns is which payround column, and constants for the
columns an export lacks (a single council's payroll has no ``employer`` column).

Given inline (``point=SCP,fte=FTE``, the CLI's ``--columns``) or as a small YAML file::

    columns:            # payround column: the header in the payroll export
      point: SCP
      fte: FTE
      employee_id: Employee Number
    values:             # a constant for a column the export does not have
      employer: Fife Council

Columns the mapping does not name and payround does not know are ignored, and listed in the costing's notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from payround.errors import WorkforceError
from payround.sources import Sources, active
from payround.workforce.columns import COLUMNS, normalise_header
from payround.workforce.read import RawTable

__all__ = ["ColumnMap", "apply_column_map", "load_column_map", "parse_column_map"]

_KNOWN = ", ".join(COLUMNS)


@dataclass(frozen=True)
class ColumnMap:
    """payround column -> the export's header, and payround column -> a constant value for every row."""

    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)
    source: str = "--columns"

    def describe(self) -> str:
        """Plain English, for the notes: 'point from SCP, fte from FTE; employer = Fife Council'."""
        parts = [", ".join(f"{k} from {v!r}" for k, v in self.columns.items())]
        parts.append(", ".join(f"{k} = {v!r}" for k, v in self.values.items()))
        return "; ".join(p for p in parts if p)


def _check_names(names: Mapping[str, str], source: str, place: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in names.items():
        name = normalise_header(str(key))
        if name not in COLUMNS:
            raise WorkforceError(
                f"{key!r} is not a payround workforce column.",
                file=source,
                place=place,
                expected=f"one of {_KNOWN}",
                got=repr(key),
                hint="write payround_column=Header in the file, e.g. point=SCP.",
            )
        if name in out:
            raise WorkforceError(f"the column {name!r} is mapped twice.", file=source, place=place)
        text = "" if value is None else str(value).strip()
        if not text:
            raise WorkforceError(f"the mapping of {name!r} is empty.", file=source, place=place)
        out[name] = text
    return out


def parse_column_map(text: str, source: str = "--columns") -> ColumnMap:
    """An inline mapping ``point=SCP,fte=FTE`` (payround column = the export's header)."""
    pairs: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep:
            raise WorkforceError(
                "a column mapping is NAME=HEADER pairs separated by commas.",
                file=source,
                expected="e.g. point=SCP,fte=FTE",
                got=repr(part),
                hint="or give a mapping YAML file (docs/costing.md, 'Payroll exports').",
            )
        if key.strip() in pairs:
            raise WorkforceError(f"the column {key.strip()!r} is mapped twice.", file=source)
        pairs[key.strip()] = value
    return ColumnMap(_check_names(pairs, source, "columns"), {}, source)


def load_column_map(path: str | Path, sources: Sources | None = None) -> ColumnMap:
    """A mapping YAML file with ``columns:`` (payround column: header) and optional ``values:`` (constants), read
    as ``sources`` allows."""
    from payround.yamlio import read_yaml

    p = active(sources).resolve(path, what="column mapping")
    data = read_yaml(p, WorkforceError)
    source = str(p)
    if not isinstance(data, dict) or not set(data) <= {"columns", "values"} or not data:
        raise WorkforceError(
            "a column mapping file has the keys columns (and values).",
            file=source,
            expected="columns: {point: SCP, fte: FTE}, values: {employer: Fife Council}",
            got=", ".join(map(str, data)) if isinstance(data, dict) else type(data).__name__,
        )
    parts: dict[str, dict[str, str]] = {}
    for key in ("columns", "values"):
        block = data.get(key) or {}
        if not isinstance(block, dict):
            raise WorkforceError(f"{key} must be a mapping.", file=source, place=key, got=type(block).__name__)
        parts[key] = _check_names(block, source, key)
    both = set(parts["columns"]) & set(parts["values"])
    if both:
        raise WorkforceError(
            f"{', '.join(sorted(both))} is both read from a column and given a value.", file=source, place="values"
        )
    return ColumnMap(parts["columns"], parts["values"], source)


def column_map(ref: ColumnMap | str | Path | None, sources: Sources | None = None) -> ColumnMap | None:
    """A column mapping: as given, a YAML file when ``ref`` names one, else the inline form (``point=SCP,...``)."""
    if ref is None or isinstance(ref, ColumnMap):
        return ref
    if not str(ref).strip():
        return None
    text = str(ref)
    if text.lower().endswith((".yaml", ".yml")):
        return load_column_map(text, sources)
    return parse_column_map(text)


def apply_column_map(raw: RawTable, mapping: ColumnMap) -> RawTable:
    """Rename the export's columns to payround's and add the constant columns. The export's own header is kept
    for error messages (``column SCP``)."""
    frame = raw.frame
    by_header = {normalise_header(h): h for h in frame.columns}
    renames: dict[str, str] = {}
    for name, header in mapping.columns.items():
        key = normalise_header(header)
        if key not in by_header:
            raise WorkforceError(
                f"the column {header!r} (for {name}) is not in the file.",
                file=raw.source,
                place=f"row {raw.first_row - 1}",
                expected=f"a header from: {', '.join(frame.columns)}",
                got=repr(header),
                hint=f"check the spelling in {mapping.source}.",
            )
        renames[by_header[key]] = name
    targets = set(renames.values()) | set(mapping.values)
    # A column that already has a target's name but is not its source is the export's own, not payround's.
    clash = {c: f"{c} (not used)" for c in frame.columns if c in targets and c not in renames}
    frame = frame.rename({**clash, **renames})
    if mapping.values:
        frame = frame.with_columns(pl.lit(v, dtype=pl.String).alias(k) for k, v in mapping.values.items())
    headers = dict(raw.headers)
    for old, new in clash.items():
        headers[new] = raw.headers.get(old, old)
    for old, new in renames.items():
        headers[new] = raw.headers.get(old, old)
    for k in mapping.values:
        headers[k] = f"given as {mapping.values[k]!r}"
    return RawTable(frame, raw.source, raw.first_row, headers, frozenset(targets))
