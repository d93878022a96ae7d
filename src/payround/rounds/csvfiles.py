"""Tables a round file may point to: industrial action and household counts, read with row-numbered errors.

Row numbers are as a spreadsheet shows them: the header is row 1, the first record row 2.

Industrial action CSV columns: ``employer, services, union, start, status`` (required) and ``id, detail, end,
members, status_date, ballot, notice_given, note, sources`` (optional). ``services`` is a ``;``-separated list (e.g.
``refuse;street_cleansing``); ``sources`` a space-separated list of addresses.

Household CSV columns: ``employer`` (or ``council``), ``households``, ``year``, ``sources`` (or ``source_url``; one
citation, kept whole).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from payround.errors import RoundError
from payround.limits import MAX_CSV_BYTES, read_text_limited, short
from payround.rounds.schema_action import Action
from payround.rounds.schema_impact import Households
from payround.yamlio import format_loc

__all__ = ["read_actions_csv", "read_households_csv"]

_ACTION_REQUIRED = ("employer", "services", "union", "start", "status")
_ACTION_OPTIONAL = ("id", "detail", "end", "members", "status_date", "ballot", "notice_given", "note", "sources")
_HOUSEHOLD_ALIASES = {"council": "employer", "source_url": "sources"}
_HOUSEHOLD_COLUMNS = ("employer", "households", "year", "sources")


def _rows(path: Path, place: str) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        raise RoundError(
            "the CSV file it names does not exist.",
            file=str(path),
            place=place,
            hint="paths are relative to the round file; check the name.",
        )
    # A regular file of bounded size (never /dev/zero), UTF-8 text without NUL bytes (never /proc/self/environ).
    text = read_text_limited(path, MAX_CSV_BYTES, RoundError, hint="save it as UTF-8 CSV.")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise RoundError("the CSV file is empty.", file=str(path), place="row 1", hint="add a header row.")
    rows: list[dict[str, str]] = []
    for raw in reader:
        if None in raw:
            raise RoundError(
                "this row has more cells than the header.",
                file=str(path),
                place=f"row {reader.line_num}",
                expected=f"{len(header)} cells",
                hint="quote cells that contain commas.",
            )
        rows.append({k.strip(): (v or "").strip() for k, v in raw.items() if k is not None})
    return header, rows


def _check_header(header: list[str], required: tuple[str, ...], optional: tuple[str, ...], path: Path) -> None:
    for col in header:
        if col not in required + optional:
            raise RoundError(
                f"unknown column {col!r}.",
                file=str(path),
                place="row 1",
                expected=f"columns from {', '.join(required + optional)}",
                got=short(col, 40),
                hint="rename or remove the column.",
            )
    missing = [c for c in required if c not in header]
    if missing:
        raise RoundError(
            f"the column {missing[0]!r} is missing.",
            file=str(path),
            place="row 1",
            expected=f"the columns {', '.join(required)}",
            hint=f"add a {missing[0]!r} column.",
        )


def _validate_row(model: type[BaseModel], data: dict[str, Any], path: Path, row: int) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        column = format_loc([p for p in err["loc"] if isinstance(p, str)][:1]) if err["loc"] else ""
        msg = str(err["msg"]).removeprefix("Value error, ").rstrip(".")
        got = err.get("input")
        raise RoundError(
            msg + ".",
            file=str(path),
            place=f"row {row}" + (f", column {column}" if column and column != "(top level)" else ""),
            got=repr(got) if isinstance(got, str) else None,
            hint="see the column list in docs/rounds.md (industrial action and household tables).",
        ) from exc


def read_actions_csv(path: Path, place: str) -> list[tuple[int, Action]]:
    """Read an industrial action table; returns (row number, action) pairs. ``place`` is where the round names it."""
    header, rows = _rows(path, place)
    _check_header(header, _ACTION_REQUIRED, _ACTION_OPTIONAL, path)
    out: list[tuple[int, Action]] = []
    for n, row in enumerate(rows, start=2):
        data: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
        if "sources" in data:
            data["sources"] = data["sources"].split()
        out.append((n, _validate_row(Action, data, path, n)))
    return out


def read_households_csv(path: Path, place: str) -> list[Households]:
    """Read a table of household counts per employer."""
    header, rows = _rows(path, place)
    header = [_HOUSEHOLD_ALIASES.get(h, h) for h in header]
    _check_header(header, _HOUSEHOLD_COLUMNS, (), path)
    out: list[Households] = []
    for n, row in enumerate(rows, start=2):
        data: dict[str, Any] = {_HOUSEHOLD_ALIASES.get(k, k): v for k, v in row.items()}
        text = data.get("sources", "")
        data["sources"] = [text] if text else []
        out.append(_validate_row(Households, data, path, n))
    return out
