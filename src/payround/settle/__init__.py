"""The settlement finder: offers both sides can accept, or exactly how much money is missing (DESIGN §8).

- ``load_constraints(path) -> Constraints`` and ``resolve_constraints(c, source) -> Resolved`` read a constraints
  file and look up its structure, workforce, wage floors and inflation;
- ``find_settlement(resolved) -> Settlement``: the best offer of the template (HiGHS via SciPy), checked on the
  engine's and the costing's own figures, or the money missing and the demands that bind;
- ``frontier(resolved)``: the least cost as the unions' floor (or % for all) rises.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from payround.settle.finder import Binding, FrontierPoint, Settlement, find_settlement, frontier
    from payround.settle.loader import (
        constraints_json_schema,
        load_constraints,
        parse_constraints,
        resolve_constraints,
    )
    from payround.settle.problem import Resolved
    from payround.settle.schema import Constraints

# Imported on first use: the schema and loader are light, the finder brings SciPy.
_WHERE = {
    "Binding": "payround.settle.finder",
    "Constraints": "payround.settle.schema",
    "FrontierPoint": "payround.settle.finder",
    "Resolved": "payround.settle.problem",
    "Settlement": "payround.settle.finder",
    "constraints_json_schema": "payround.settle.loader",
    "find_settlement": "payround.settle.finder",
    "frontier": "payround.settle.finder",
    "load_constraints": "payround.settle.loader",
    "parse_constraints": "payround.settle.loader",
    "resolve_constraints": "payround.settle.loader",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'payround.settle' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Binding",
    "Constraints",
    "FrontierPoint",
    "Resolved",
    "Settlement",
    "constraints_json_schema",
    "find_settlement",
    "frontier",
    "load_constraints",
    "parse_constraints",
    "resolve_constraints",
]
