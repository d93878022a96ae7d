"""Reading restructure files and grade sets strictly (unknown and duplicate keys refused), with errors that name the
file, the YAML path and the fix; resolving the structure, the grades and the award offer files they name."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from payround.errors import InputError, RestructureError
from payround.offers import load_offer
from payround.offers.schema import Offer
from payround.regrade.awards import AssumedAward, SpineStep, spine_steps
from payround.regrade.grades import GradeSet, point_range
from payround.regrade.plan import RestructurePlan, compile_restructure
from payround.regrade.schema import Restructure
from payround.sources import Sources, active
from payround.structures import PayStructure, bundled_structure_ids, load_structure
from payround.yamlio import load_yaml_text, raise_validation, read_yaml

__all__ = [
    "LoadedRestructure",
    "bundled_grade_ids",
    "load_grades",
    "load_restructure",
    "parse_award_text",
    "parse_restructure",
    "prepare_restructure",
    "restructure_json_schema",
]


def parse_restructure(data: Any, source: str = "<restructure>") -> Restructure:
    """Validate a mapping (or YAML text) as a restructure file; ``source`` names it in errors."""
    if isinstance(data, str):
        data = load_yaml_text(data, source, RestructureError)
    if not isinstance(data, dict):
        raise RestructureError(
            "a restructure file must be a mapping with the keys name, structure, start and changes.",
            file=source,
            got=type(data).__name__ if data is not None else "an empty file",
            hint="see `payround schema restructure`, docs/regrading.md or examples/birmingham-2025-wrco.yaml.",
        )
    try:
        return Restructure.model_validate(data)
    except ValidationError as exc:
        raise_validation(exc, source, RestructureError)
        raise


def load_restructure(path: str | Path, sources: Sources | None = None) -> Restructure:
    """Read and validate a restructure file (YAML), as ``sources`` allows."""
    p = active(sources).resolve(path, what="restructure")
    return parse_restructure(read_yaml(p, RestructureError), str(p))


def _grades_root() -> Any:
    return resources.files("payround").joinpath("data", "grades")


def bundled_grade_ids() -> list[str]:
    """Ids of the bundled grade sets, e.g. ``['njc/birmingham-2024-25']``."""
    root = _grades_root()
    return sorted(
        f"{body.name}/{f.name[: -len('.yaml')]}"
        for body in root.iterdir()
        if body.is_dir()
        for f in body.iterdir()
        if f.name.endswith(".yaml")
    )


def _parse_grades(data: Any, source: str) -> GradeSet:
    if not isinstance(data, dict):
        raise RestructureError("a grade set must be a mapping with structure and grades.", file=source)
    try:
        gs = GradeSet.model_validate(data)
    except ValidationError as exc:
        raise_validation(exc, source, RestructureError)
        raise
    structure = _structure(gs.structure, source, "structure")
    for i, g in enumerate(gs.grades):
        try:
            point_range(g.points, structure)
        except ValueError as exc:
            raise RestructureError(f"{exc}.", file=source, place=f"grades[{i}].points") from exc
    return gs


@lru_cache(maxsize=16)
def _bundled_grades(grade_id: str) -> GradeSet:
    body, name = grade_id.split("/", 1)
    text = _grades_root().joinpath(body, f"{name}.yaml").read_text(encoding="utf-8")
    source = f"grades/{grade_id}.yaml"
    return _parse_grades(load_yaml_text(text, source, RestructureError), source)


def load_grades(ref: str, source: str = "", sources: Sources | None = None) -> GradeSet:
    """A grade set by bundled id, or from a YAML file (relative to the file ``source`` that names it first)."""
    if ref in bundled_grade_ids():
        return _bundled_grades(ref)
    cand = active(sources).resolve(ref, relative_to=source or None, what="grades")
    if cand.is_file():
        return _parse_grades(read_yaml(cand, RestructureError), str(cand))
    raise RestructureError(
        f"the grades {ref!r} are neither a bundled grade set nor a file.",
        file=source or None,
        place="grades",
        hint=f"use one of {', '.join(bundled_grade_ids())}, or the path of a grade file.",
    )


def _structure(ref: str, source: str, place: str, sources: Sources | None = None) -> PayStructure:
    if ref in bundled_structure_ids():
        return load_structure(ref)
    cand = active(sources).resolve(ref, relative_to=source, what="structure")
    if cand.is_file():
        return load_structure(cand, sources)
    raise RestructureError(
        f"the structure {ref!r} is neither a bundled structure nor a file.",
        file=source,
        place=place,
        hint=f"use one of {', '.join(bundled_structure_ids())}, or a path to a structure file.",
    )


_AWARD = re.compile(r"^\s*(?P<pct>[0-9]+(?:\.[0-9]+)?)\s*%?\s*(?:@\s*(?P<date>\d{4}-\d{2}-\d{2}))?\s*$")


def parse_award_text(text: str) -> Path | tuple[Decimal, date | None]:
    """An award given on the command line: an offer file path, ``3`` or ``3%`` (every year from the anniversary of
    the previous award), or ``3%@2026-04-01`` (once, from that date)."""
    m = _AWARD.match(text)
    if m is None:
        return Path(text)
    try:
        pct = Decimal(m["pct"])
        day = date.fromisoformat(m["date"]) if m["date"] else None
    except (InvalidOperation, ValueError) as exc:
        raise InputError(
            f"cannot read the award {text!r}.",
            place="--awards",
            hint="write an offer file, a percentage such as 3%, or 3%@2026-04-01.",
        ) from exc
    return pct, day


def _next_anniversary(after: date, start: date) -> date:
    d = date(after.year + 1, after.month, 1) if after != date.min else start
    return d


@dataclass(frozen=True)
class LoadedRestructure:
    """A restructure file read, checked and compiled, with the spine it projects over."""

    plan: RestructurePlan
    steps: list[SpineStep]
    awards: tuple[str, ...]  # what each award is, in words


def _awards(
    r: Restructure, source: str, override: list[str] | None, sources: Sources | None
) -> tuple[list[Offer | AssumedAward], list[str]]:
    out: list[Offer | AssumedAward] = []
    words: list[str] = []
    last = date.min
    if override is None:
        for i, a in enumerate(r.awards):
            if a.offer is not None:
                p = active(sources).resolve(a.offer, relative_to=source, what="offer")
                if not p.is_file():
                    raise RestructureError(
                        f"no offer file {a.offer!r} (looked for {p}).",
                        file=source,
                        place=f"awards[{i}].offer",
                        hint="give the offer file's path relative to the restructure file.",
                    )
                offer = load_offer(p, sources)
                out.append(offer)
                words.append(offer.name)
            else:
                assert a.percent is not None and a.effective is not None
                out.append(AssumedAward(a.percent, a.effective, a.repeat == "yearly"))
                words.append(
                    f"assumed {a.percent}% from {a.effective.isoformat()}"
                    + (", every year" if a.repeat == "yearly" else "")
                )
        return out, words
    for text in override:
        parsed = parse_award_text(text)
        if isinstance(parsed, Path):
            offer = load_offer(parsed, sources)
            out.append(offer)
            words.append(offer.name)
            last = max([last, *(s.effective for s in offer.stages)])
        else:
            pct, day = parsed
            yearly = day is None
            day = day or _next_anniversary(last, r.start)
            out.append(AssumedAward(pct, day, yearly))
            words.append(f"assumed {pct}% from {day.isoformat()}" + (", every year" if yearly else ""))
            last = day
    return out, words


def prepare_restructure(
    path: str | Path, awards: list[str] | None = None, sources: Sources | None = None
) -> LoadedRestructure:
    """Read a restructure file, resolve its structure, grades and awards (``awards`` from the command line
    replace the file's) as ``sources`` allows, check every reference and compile it."""
    p = active(sources).resolve(path, what="restructure")
    r = load_restructure(p, sources)
    source = str(p)
    structure = _structure(r.structure, source, "structure", sources)
    grades = load_grades(r.grades, source, sources) if r.grades is not None else None
    plan = compile_restructure(r, structure, grades, source)
    offers, words = _awards(r, source, awards, sources)
    steps = spine_steps(structure, offers, plan.months[-1] + timedelta(days=1), source=source)
    return LoadedRestructure(plan, steps, tuple(words))


def restructure_json_schema() -> str:
    """The JSON Schema of the restructure file format, pretty-printed."""
    schema = Restructure.model_json_schema(by_alias=True)
    schema["title"] = "payround restructure file, version 1"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=False)
