"""Reading offer files with errors that name the file, the YAML path and the fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from payround.errors import OfferError, StructureError
from payround.offers.schema import Offer
from payround.sources import Sources, active
from payround.structures import PayStructure, bundled_structure_ids, load_structure
from payround.yamlio import load_yaml_text, raise_validation, read_yaml

__all__ = ["load_offer", "offer_json_schema", "parse_offer", "resolve_structure"]


def parse_offer(data: Any, source: str = "<offer>") -> Offer:
    """Validate a mapping (or YAML text) as an offer; ``source`` names it in errors."""
    if isinstance(data, str):
        data = load_yaml_text(data, source, OfferError)
    if not isinstance(data, dict):
        raise OfferError(
            "an offer must be a mapping with the keys name, structure and stages.",
            file=source,
            got=type(data).__name__ if data is not None else "an empty file",
            hint="see `payround schema offer` or the examples/ folder.",
        )
    if "points" in data and "unit" in data and "stages" not in data:
        raise OfferError(
            "this is a pay structure, not an offer.",
            file=source,
            hint=f"use `payround show {source}` for a structure, or pass it to an offer with --structure.",
        )
    try:
        offer = Offer.model_validate(data)
    except ValidationError as exc:
        raise_validation(exc, source, OfferError)
        raise
    return offer.with_source_file(source)


def load_offer(path: str | Path, sources: Sources | None = None) -> Offer:
    """Read and validate an offer file (YAML). Raises OfferError naming the file and the YAML path.

    ``sources`` decides what ``path`` may reach (see ``payround.sources``)."""
    p = active(sources).resolve(path, what="offer")
    return parse_offer(read_yaml(p, OfferError), str(path))


def resolve_structure(offer: Offer, override: str | Path | None = None, sources: Sources | None = None) -> PayStructure:
    """The structure an offer applies to: ``override`` if given, else the offer's ``structure`` key (a bundled id,
    or a path relative to the offer file, as ``sources`` allows)."""
    if override is not None:
        return load_structure(override, sources)
    ref = offer.structure
    if ref in bundled_structure_ids():
        return load_structure(ref)
    path = active(sources).resolve(ref, relative_to=offer.source_file, what="structure")
    try:
        return load_structure(path)
    except StructureError as exc:
        if path.exists():
            raise
        raise OfferError(
            f"the structure {ref!r} is neither a bundled structure nor a file.",
            file=offer.source_file,
            place="structure",
            hint=f"use one of {', '.join(bundled_structure_ids())}, or a path to a structure file.",
        ) from exc


def offer_json_schema() -> str:
    """The JSON Schema of the offer file format, pretty-printed."""
    schema = Offer.model_json_schema(by_alias=True)
    schema["title"] = "payround offer file, version 1"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=False)
