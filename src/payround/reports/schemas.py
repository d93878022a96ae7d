"""The JSON Schemas of payround's file formats, for ``payround schema KIND`` and the web API."""

from __future__ import annotations

import json
from typing import Literal

__all__ = ["SCHEMA_KINDS", "schema_text", "template_kinds"]

SchemaKind = Literal["offer", "structure", "restructure", "constraints"]
SCHEMA_KINDS: tuple[SchemaKind, ...] = ("offer", "structure", "restructure", "constraints")


def schema_text(kind: SchemaKind) -> str:
    """The JSON Schema of a file format, pretty-printed: the offer file, a pay structure, a restructure (regrading)
    file or a constraints file of the settlement finder."""
    if kind == "offer":
        from payround.offers import offer_json_schema

        return offer_json_schema()
    if kind == "structure":
        from payround.structures import PayStructure

        return json.dumps(PayStructure.model_json_schema(), indent=2)
    if kind == "restructure":
        from payround.regrade.loader import restructure_json_schema

        return restructure_json_schema()
    from payround.settle import constraints_json_schema

    return constraints_json_schema()


TEMPLATES = ("percent", "flat_then_percent", "greatest", "flat_then_greatest", "banded")
"""The families of offers the settlement finder searches (``payround settle --template``), named here so that the
CLI's help needs no import of the finder; a test holds it equal to ``payround.settle.schema.TEMPLATE_KINDS``."""


def template_kinds() -> tuple[str, ...]:
    """The families of offers the settlement finder searches."""
    return TEMPLATES
