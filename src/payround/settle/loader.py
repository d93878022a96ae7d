"""Reading constraints files with errors that name the file, the YAML path and the fix, and resolving what they
refer to: the structure, the workforce, dated wage floors and inflation."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from payround.costing.cost import prepared_for
from payround.costing.options import CostOptions
from payround.engine.realterms import period_inflation
from payround.engine.selectors import resolve_labels
from payround.errors import InputError, OfferError, ParameterError, SettleError, StructureError
from payround.params import load_parameter
from payround.settle.costmodel import CostModel
from payround.settle.problem import Resolved
from payround.settle.schema import TEMPLATE_KINDS, Constraints, WageFloor
from payround.sources import Sources, active
from payround.structures import PayStructure, bundled_structure_ids, load_structure
from payround.takehome.inflation import load_inflation
from payround.workforce import Workforce, load_workforce
from payround.workforce.bundled import bundled_workforce_ids
from payround.yamlio import load_yaml_text, raise_validation, read_yaml

__all__ = [
    "check_constraints",
    "constraints_json_schema",
    "load_constraints",
    "parse_constraints",
    "resolve_constraints",
]

_WAGE_NAMES = {
    "rlw_uk": "the Real Living Wage",
    "rlw_london": "the London Living Wage",
    "slglw": "the SLGLW",
    "nlw": "the National Living Wage",
}


def parse_constraints(data: Any, source: str = "<constraints>") -> Constraints:
    """Validate a mapping (or YAML text) as a constraints file; ``source`` names it in errors."""
    if isinstance(data, str):
        data = load_yaml_text(data, source, SettleError)
    if not isinstance(data, dict):
        raise SettleError(
            "a constraints file must be a mapping with the keys name, structure, effective, employers and unions.",
            file=source,
            got=type(data).__name__ if data is not None else "an empty file",
            hint="see `payround schema constraints` or examples/settle-sjc-2022-*.yaml.",
        )
    if "stages" in data:
        raise SettleError(
            "this is an offer, not a constraints file.",
            file=source,
            hint=f"use `payround apply {source}` for an offer; a constraints file states what each side needs.",
        )
    try:
        return Constraints.model_validate(data)
    except ValidationError as exc:
        raise_validation(exc, source, SettleError)
        raise


def load_constraints(path: str | Path, sources: Sources | None = None) -> Constraints:
    """Read and validate a constraints file (YAML). Raises SettleError naming the file and the YAML path.

    ``sources`` decides what ``path`` may reach (see ``payround.sources``)."""
    p = active(sources).resolve(path, what="constraints file")
    return parse_constraints(read_yaml(p, SettleError), str(path))


def constraints_json_schema() -> str:
    """The JSON Schema of the constraints file, pretty-printed."""
    schema = Constraints.model_json_schema(by_alias=True)
    schema["title"] = "payround settlement constraints file, version 1"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=False)


def _structure(ref: str, source: str, sources: Sources | None) -> PayStructure:
    if ref in bundled_structure_ids():
        return load_structure(ref)
    path = active(sources).resolve(ref, relative_to=source, what="structure")
    if path.exists():
        return load_structure(path)
    raise SettleError(
        f"the structure {ref!r} is neither a bundled structure nor a file.",
        file=source,
        place="structure",
        hint=f"use one of {', '.join(bundled_structure_ids())}, or a path to a structure file.",
    )


def _workforce(ref: str | None, source: str, override: str | None, sources: Sources | None) -> Workforce:
    if override is not None:
        return load_workforce(override, sources)
    if ref is None:
        raise SettleError(
            "no workforce to cost offers on.",
            file=source,
            place="workforce",
            hint=f"add 'workforce: ID' ({', '.join(bundled_workforce_ids())}) or a path, or pass --workforce.",
        )
    if ref in bundled_workforce_ids():
        return load_workforce(ref)
    return load_workforce(active(sources).resolve(ref, relative_to=source, what="workforce"), sources)


def _floor_target(c: Constraints, s: PayStructure, source: str) -> tuple[Decimal | None, str]:
    demand = c.unions.floor
    if demand is None:
        return None, ""
    at = demand.at_least
    if not isinstance(at, WageFloor):
        unit = "an hour" if s.unit == "hour" else "a year"
        return at, f"the floor of at least £{at} {unit}"
    try:
        hourly = load_parameter(f"wages/{at.wage}").decimal_at(at.at)
    except ParameterError as exc:
        raise SettleError(
            f"there is no {_WAGE_NAMES[at.wage]} rate on {at.at}: {exc.detail}",
            file=source,
            place="unions.floor.at_least.at",
            hint="choose a date with a published rate, or write the floor as a number: at_least: 10.85.",
        ) from exc
    target = s.from_hourly(hourly + at.plus)
    q = s.rounding.quantum
    target = (target / q).to_integral_value(rounding="ROUND_CEILING") * q
    margin = f" plus £{at.plus}" if at.plus else ""
    return target, f"the floor of at least {_WAGE_NAMES[at.wage]} on {at.at} (£{hourly}){margin}: {target}"


def _inflation(c: Constraints, start: Any, end: Any, source: str) -> Decimal | None:
    rt = c.unions.real_terms
    if rt is None:
        return None
    if rt.percent is not None:
        return rt.percent
    cpi, rpi = load_inflation()
    pi = period_inflation(cpi if rt.inflation == "cpi" else rpi, start, end)
    value = pi.average_pct if rt.measure == "average" else pi.at_start_pct
    if value is None:
        raise SettleError(
            f"{rt.inflation.upper()} is not known for every month of {start}..{end} (missing "
            f"{', '.join(pi.missing) or 'the first month'}).",
            file=source,
            place="unions.real_terms",
            hint="give the inflation to protect against yourself: percent: 9.1.",
        )
    return value


def resolve_constraints(
    c: Constraints,
    source: str,
    *,
    workforce: str | Workforce | None = None,
    template: str | None = None,
    sources: Sources | None = None,
) -> Resolved:
    """Look up everything ``c`` refers to (``workforce`` and ``template`` override the file's own)."""
    c, s, _ = check_constraints(c, source, template=template, sources=sources)
    wf = workforce if isinstance(workforce, Workforce) else _workforce(c.workforce, source, workforce, sources)
    if c.period is not None:
        start, end = c.period.start, c.period.end
    else:
        start = c.effective
        try:
            end = start.replace(year=start.year + 1) - timedelta(days=1)
        except ValueError:
            end = start.replace(year=start.year + 1, day=28)
    pw = prepared_for(wf, s, CostOptions())
    target, words = _floor_target(c, s, source)
    return Resolved(c, s, pw, start, end, source, target, words, _inflation(c, start, end, source), CostModel(pw))


def check_constraints(
    c: Constraints, source: str, *, template: str | None = None, sources: Sources | None = None
) -> tuple[Constraints, PayStructure, str]:
    """What can be checked without the workforce, quickly enough to run as a user types: the template override,
    the structure, the point labels and the wage floor the unions ask for. Returns the constraints (with the
    template), the structure and the floor demand in words ("" when there is none)."""
    if template is not None:
        if template not in TEMPLATE_KINDS:
            raise SettleError(
                f"unknown template {template!r}.",
                file="(command line)",
                place="--template",
                expected=f"one of {', '.join(TEMPLATE_KINDS)}",
            )
        try:
            c = Constraints.model_validate(
                {
                    **c.model_dump(by_alias=True, exclude_unset=True),
                    "template": {**c.template.model_dump(exclude_unset=True), "kind": template},
                }
            )
        except ValidationError as exc:
            raise_validation(exc, f"{source} with --template {template}", SettleError)
    try:
        s = _structure(c.structure, source, sources)
    except (StructureError, OfferError) as exc:
        raise SettleError(str(exc.detail), file=source, place="structure", hint=exc.hint) from exc
    _check_labels(c, s, source)
    return c, s, _floor_target(c, s, source)[1]


def _check_labels(c: Constraints, s: PayStructure, source: str) -> None:
    """Unknown point labels are errors here, with the file and place, before any solving."""
    lists: list[tuple[list[str] | None, str]] = [
        (c.template.flat_points, "template.flat_points"),
        (c.employers.top.points if c.employers.top else None, "employers.top.points"),
        (c.unions.lowest_points.points if c.unions.lowest_points else None, "unions.lowest_points.points"),
        (c.unions.differentials.points if c.unions.differentials else None, "unions.differentials.points"),
    ]
    for labels, place in lists:
        if labels:
            try:
                resolve_labels(labels, s, file=source, place=place)
            except InputError as exc:
                raise SettleError(exc.detail, file=source, place=exc.place, hint=exc.hint) from exc
