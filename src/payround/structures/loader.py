"""Loading pay structures: bundled ids (``sjc/2021-22``) or user files in YAML, CSV or XLSX."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from payround.errors import StructureError
from payround.limits import MAX_CSV_BYTES, read_text_limited
from payround.sources import Sources, active
from payround.structures.model import PayStructure, Point
from payround.xlsxread import formula_cells, open_workbook, sheet_rows
from payround.yamlio import load_yaml_text, raise_validation, read_yaml

__all__ = ["bundled_structure_ids", "load_structure", "parse_structure", "structure_from_csv_text"]

_META_KEYS = {
    "id",
    "name",
    "body",
    "country",
    "pay_year",
    "effective",
    "unit",
    "standard_hours",
    "weeks_per_year",
    "rounding_quantum",
    "rounding_mode",
    "floor_name",
    "floor_rate",
    "floor_basis",
    "floor_source",
    "notes",
}


def _bundled_root() -> Any:
    return resources.files("payround").joinpath("data", "structures")


def bundled_structure_ids() -> list[str]:
    """Ids of the structures shipped with payround, e.g. ``['njc/2021-22', ..., 'sjc/2024-25']``."""
    return list(_bundled_ids())


@lru_cache(maxsize=1)
def _bundled_ids() -> tuple[str, ...]:
    """The package's data does not change while it runs: list it once (every offer asks)."""
    ids: list[str] = []
    root = _bundled_root()
    for body in sorted(root.iterdir(), key=lambda p: p.name):
        if not body.is_dir():
            continue
        for f in sorted(body.iterdir(), key=lambda p: p.name):
            if f.name.endswith(".yaml"):
                ids.append(f"{body.name}/{f.name[: -len('.yaml')]}")
    return tuple(ids)


def parse_structure(data: Any, source: str) -> PayStructure:
    """Validate a structure mapping (as read from YAML) into a PayStructure; errors name ``source`` and the key."""
    if not isinstance(data, dict):
        raise StructureError(
            "a pay structure must be a mapping of keys (id, unit, standard_hours, points, ...).",
            file=source,
            got=type(data).__name__,
        )
    if "country" not in data:
        raise StructureError(
            "the structure does not say its country.",
            file=source,
            place="country",
            hint="add 'country: scotland' (or england-wales, england, wales, northern-ireland): it chooses the "
            "income tax, NI and pension rules used with it.",
        )
    try:
        return PayStructure.model_validate(data)
    except ValidationError as exc:
        raise_validation(exc, source, StructureError)
        raise  # unreachable: raise_validation always raises


@lru_cache(maxsize=64)
def _load_bundled(ref: str) -> PayStructure:
    body, _, year = ref.partition("/")
    text = _bundled_root().joinpath(body, f"{year}.yaml").read_text(encoding="utf-8")
    return parse_structure(load_yaml_text(text, f"structure {ref}", StructureError), f"structure {ref}")


def load_structure(ref: str | Path, sources: Sources | None = None) -> PayStructure:
    """Load a structure by bundled id (``njc/2024-25``) or from a YAML, CSV or XLSX file.

    Raises StructureError naming the file and the place when anything is wrong.
    """
    text_ref = str(ref)
    if isinstance(ref, str) and text_ref in bundled_structure_ids():
        return _load_bundled(text_ref)
    path = active(sources).resolve(ref, what="structure")
    suffix = path.suffix.lower()
    if not path.exists():
        known = ", ".join(bundled_structure_ids())
        raise StructureError(
            f"no bundled structure or file called {text_ref!r}.",
            file=text_ref,
            hint=f"use one of the bundled ids ({known}) or the path of a .yaml, .csv or .xlsx file.",
        )
    if suffix in {".yaml", ".yml"}:
        return parse_structure(read_yaml(path, StructureError), str(path))
    if suffix == ".csv":
        text = read_text_limited(path, MAX_CSV_BYTES, StructureError, hint="save it as CSV UTF-8.")
        return structure_from_csv_text(text, str(path))
    if suffix == ".xlsx":
        return _structure_from_xlsx(path)
    raise StructureError(
        f"unsupported file type {suffix or '(none)'!r}.",
        file=str(path),
        hint="save the structure as .yaml, .csv or .xlsx.",
    )


def _assemble(meta: dict[str, str], rows: list[dict[str, str]], source: str, first_row: int) -> PayStructure:
    """Build a structure mapping from flat metadata and point rows, then validate it with located errors."""
    unknown = sorted(set(meta) - _META_KEYS)
    if unknown:
        raise StructureError(
            f"unknown setting {unknown[0]!r}.",
            file=source,
            place="header",
            hint=f"known settings: {', '.join(sorted(_META_KEYS))}.",
        )
    for key in ("unit", "standard_hours", "weeks_per_year", "rounding_quantum", "country"):
        if not meta.get(key):
            example = "scotland" if key == "country" else "hour"
            why = " (it chooses the income tax, NI and pension rules)" if key == "country" else ""
            raise StructureError(
                f"the setting {key!r} is missing{why}.",
                file=source,
                place="header",
                hint=f"add a line '# {key}: VALUE' above the table (e.g. '# {key}: {example}'), or a row "
                f"'{key}' in the XLSX 'structure' sheet.",
            )
    points = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        place = f"row {first_row + i}"
        label = (row.get("point") or "").strip()
        if label in seen:
            raise StructureError(
                f"point {label!r} appears twice (first on row {seen[label]}).",
                file=source,
                place=place,
                hint="every point label must be unique; delete or renumber one of them.",
            )
        seen[label] = first_row + i
        rate = (row.get("rate") or "").strip()
        if not label:
            raise StructureError("the point label is empty.", file=source, place=place, hint="fill the 'point' column.")
        if not rate:
            raise StructureError(
                f"point {label!r} has no rate.", file=source, place=place, hint="fill the 'rate' column."
            )
        entry: dict[str, Any] = {"id": label, "rate": rate}
        if row.get("basis"):
            entry["basis"] = row["basis"].strip()
        if row.get("source"):
            entry["source"] = row["source"].strip()
        try:
            Point.model_validate(entry)
        except ValidationError as exc:
            raise_validation(exc, f"{source}: {place}", StructureError)
        points.append(entry)
    data: dict[str, Any] = {
        "id": meta.get("id") or Path(source).stem,
        "unit": meta["unit"],
        "standard_hours": meta["standard_hours"],
        "weeks_per_year": meta["weeks_per_year"],
        "rounding": {"quantum": meta["rounding_quantum"], "mode": meta.get("rounding_mode") or "half_up"},
        "points": points,
    }
    for key in ("name", "body", "country", "pay_year", "effective", "notes"):
        if meta.get(key):
            data[key] = meta[key]
    if meta.get("floor_rate"):
        data["floor"] = {"name": meta.get("floor_name") or "floor", "rate": meta["floor_rate"]}
        if meta.get("floor_basis"):
            data["floor"]["basis"] = meta["floor_basis"]
        if meta.get("floor_source"):
            data["floor"]["source"] = meta["floor_source"]
    return parse_structure(data, source)


def structure_from_csv_text(text: str, source: str) -> PayStructure:
    """Read a CSV structure: ``# key: value`` settings lines, then a table with columns point, rate[, basis, source]."""
    meta: dict[str, str] = {}
    lines = text.splitlines()
    body_start = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            key, sep, value = stripped.lstrip("#").partition(":")
            if sep and key.strip() and " " not in key.strip():
                meta[key.strip()] = value.strip()
            continue
        body_start = i
        break
    else:
        raise StructureError("the file has no table.", file=source, hint="add a header row 'point,rate'.")
    reader = csv.DictReader(io.StringIO("\n".join(lines[body_start:])))
    header = [h.strip() for h in (reader.fieldnames or [])]
    for col in ("point", "rate"):
        if col not in header:
            raise StructureError(
                f"the column {col!r} is missing.",
                file=source,
                place=f"row {body_start + 1}",
                expected="columns point, rate (and optionally basis, source)",
                got=", ".join(header) or "no columns",
                hint=f"name the column {col!r} in the header row.",
            )
    rows = [{(k or "").strip(): (v or "") for k, v in r.items()} for r in reader]
    return _assemble(meta, rows, source, body_start + 2)


def _structure_from_xlsx(path: Path) -> PayStructure:
    """Read an XLSX structure: sheet 'points' (point, rate[, basis, source]) and sheet 'structure' (key, value)."""
    wb = open_workbook(path, StructureError)
    try:
        if "points" not in wb.sheetnames or "structure" not in wb.sheetnames:
            raise StructureError(
                "the workbook needs two sheets, 'structure' (settings) and 'points' (the table).",
                file=str(path),
                got=", ".join(wb.sheetnames),
            )
        meta: dict[str, str] = {}
        for row in sheet_rows(wb["structure"], f"{path} (sheet structure)", StructureError):
            if row and row[0] is not None and str(row[0]).strip() not in {"key", ""}:
                meta[str(row[0]).strip()] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
        rows_iter = sheet_rows(wb["points"], f"{path} (sheet points)", StructureError)
        header = [str(h).strip() if h is not None else "" for h in next(rows_iter, ())]
        for col in ("point", "rate"):
            if col not in header:
                raise StructureError(
                    f"the column {col!r} is missing.",
                    file=f"{path} (sheet points)",
                    place="row 1",
                    got=", ".join(header) or "no columns",
                )
        rate_col = header.index("rate")
        raw = [(n, r) for n, r in enumerate(rows_iter, start=2) if any(v is not None for v in r)]
    finally:
        wb.close()
    # A rate written as a formula with no saved result reads as empty: say so rather than 'no rate'.
    empty = {(n, rate_col) for n, r in raw if rate_col >= len(r) or r[rate_col] is None}
    found = formula_cells(path, "points", empty, StructureError)
    if found:
        raise StructureError(
            "this rate is a formula with no saved result.",
            file=f"{path} (sheet points)",
            place=f"row {min(found)[0]}, column rate",
            hint="open the workbook in Excel or LibreOffice and save it, so that results are stored; or paste values.",
        )
    rows = [{h: "" if v is None else str(v) for h, v in zip(header, r, strict=False)} for _, r in raw]
    return _assemble(meta, rows, f"{path} (sheet points)", 2)
