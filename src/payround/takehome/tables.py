"""Where an interactive take-home table comes from, and the key that says which table is which.

A table (:class:`~payround.takehome.grid.Grid`) is read from the first of: memory, the tables **shipped** in the
package (``payround/data/takehome/``, built by ``scripts/build_takehome_tables.py`` for the bundled tax years,
countries, archetypes and hours), the **disk cache** (``grids/<key>.npz``), or it is built. Each is found by its
key, so a shipped table is used only when it is exactly what this code would build.

The key holds everything a table's content depends on, and nothing else, so that unrelated edits keep the tables:

- the **code** that builds it: the definitions reachable from ``build_grids``, as syntax without docstrings
  (:mod:`payround.takehome.fingerprint`) — editing the exact path, a comment or the code that reads tables keeps
  them; editing the table builder, the PolicyEngine bridge or the LGPS rule does not;
- the **rules** as values: the tax year's pinned income tax and NI rules (:class:`TaxYearRules`) and the LGPS
  schedule in force (for a worker in the LGPS), not the parameter files' bytes — a corrected source address or
  another year's value keeps the table; a changed rate of this year does not;
- the **household** as PolicyEngine sees it (its id, name and assumptions are words, not inputs), the worker's hours,
  the country and region;
- the installed **policyengine-uk** and **policyengine-core** versions; and :data:`GRID_VERSION`, bumped by hand for
  a change none of these can see.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import threading
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from payround.takehome import bridge
from payround.takehome.cache import DiskCache, cache_key
from payround.takehome.fingerprint import code_fingerprint
from payround.takehome.grid import Grid
from payround.takehome.gridbuild import GridRequest, Knots
from payround.takehome.lgps import LgpsSchedule
from payround.takehome.rules import TaxYearRules

__all__ = [
    "GRID_VERSION",
    "MANIFEST",
    "Loaded",
    "code_digest",
    "grid_key",
    "read_cached",
    "read_shipped",
    "shipped_dir",
    "shipped_manifest",
    "write_cached",
    "write_table",
]

#: Bump to rebuild every table for a change the key cannot see.
GRID_VERSION = "takehome-grid-2"
#: The table builder: the code fingerprinted into every key.
BUILDER = ("payround.takehome.gridbuild", "build_grids")
MANIFEST = "manifest.json"
#: Household fields that are words, not inputs to PolicyEngine (the region is keyed as resolved).
_WORDS = {"id", "name", "assumptions", "region"}

Loaded = tuple[Grid, list[bridge.Override]]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The fingerprint of the table builder's code."""
    return code_fingerprint(BUILDER)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # '0.12' and '0.120' are one rate
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot key {type(value).__name__}")


def _canonical(value: Any) -> str:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    return json.dumps(value, sort_keys=True, default=_plain, separators=(",", ":"))


@lru_cache(maxsize=8)  # installed versions do not change while a process runs; reading them is slow
def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


_KEYS: dict[tuple[Any, ...], str] = {}
_KEYS_SIZE = 1024
_KEYS_LOCK = threading.Lock()


def grid_key(req: GridRequest, rules: TaxYearRules, schedule: LgpsSchedule | None, country: str) -> str:
    """The content key of one table: everything it depends on (module doc).

    Remembered by the same inputs as values (rules and schedule compare by value; the household by its fields
    without the words), because the editor's preview asks for the same few keys on every keystroke and hashing the
    rules' canonical text costs more than the rest of reading a table from memory."""
    lgps = schedule if req.household.worker.pension == "lgps" and schedule is not None else None
    memo = (
        code_digest(),
        bridge.policyengine_version(),
        rules,
        lgps,
        country,
        req.region,
        req.hours,
        req.household.model_dump_json(exclude=_WORDS),
    )
    with _KEYS_LOCK:
        hit = _KEYS.get(memo)
    if hit is not None:
        return hit
    key = _grid_key(req, rules, lgps, country)
    with _KEYS_LOCK:
        if len(_KEYS) >= _KEYS_SIZE:
            _KEYS.clear()
        _KEYS[memo] = key
    return key


def _grid_key(req: GridRequest, rules: TaxYearRules, lgps: LgpsSchedule | None, country: str) -> str:
    return cache_key(
        GRID_VERSION,
        code_digest(),
        f"policyengine-uk {bridge.policyengine_version()}",
        f"policyengine-core {_version('policyengine-core')}",
        _canonical(rules),
        "no pension" if lgps is None else _canonical({"method": lgps.method, "bands": lgps.bands}),
        country,
        req.region,
        _canonical(req.hours),
        _canonical(req.household.model_dump(exclude=_WORDS)),
    )


# ----- reading and writing one table -------------------------------------------------------------------------------
def _read(source: Any) -> Loaded | None:
    try:
        with source.open("rb") as fh, np.load(fh, allow_pickle=False) as f:
            grid = Grid(f["x"], f["values"], f["pension"])
            meta = json.loads(str(f["meta"]))
    except (OSError, ValueError, KeyError):
        return None
    return grid, [bridge.Override(**o) for o in meta["overrides"]]


def write_table(path: Path, knots: Knots, overrides: list[bridge.Override], *, compressed: bool = False) -> None:
    """Write a table atomically (temporary file, then rename); raises OSError."""
    meta = json.dumps({"overrides": [_as_dict(o) for o in overrides]})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as f:
            save = np.savez_compressed if compressed else np.savez
            save(f, x=knots.x, values=knots.values, pension=knots.pension, meta=np.array(meta))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def _as_dict(o: bridge.Override) -> dict[str, str]:
    return {k: getattr(o, k) for k in ("parameter", "policyengine", "payround", "source", "regime")}


def read_cached(store: DiskCache, key: str) -> Loaded | None:
    """A table from the disk cache, or None (missing or unreadable: it is rebuilt)."""
    return _read(store.root / "grids" / f"{key}.npz")


def write_cached(store: DiskCache, key: str, knots: Knots, overrides: list[bridge.Override]) -> None:
    """Keep a built table in the disk cache; a cache that cannot be written is skipped."""
    try:
        write_table(store.root / "grids" / f"{key}.npz", knots, overrides)
    except OSError:
        return


# ----- shipped tables ----------------------------------------------------------------------------------------------
def shipped_dir() -> Any:
    """The package folder of the shipped tables (a Traversable)."""
    return resources.files("payround").joinpath("data", "takehome")


@lru_cache(maxsize=1)
def shipped_manifest() -> dict[str, Any]:
    """The shipped tables' manifest (``{"tables": [{"file", "key", ...}]}``); empty when none are shipped."""
    try:
        data = json.loads(shipped_dir().joinpath(MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"tables": []}
    return data if isinstance(data, dict) and isinstance(data.get("tables"), list) else {"tables": []}


@lru_cache(maxsize=1)
def _shipped_files() -> dict[str, str]:
    return {t["key"]: t["file"] for t in shipped_manifest()["tables"]}


def is_shipped(key: str) -> bool:
    """Whether the package ships the table with this key (without reading it)."""
    return key in _shipped_files()


def is_cached(store: DiskCache, key: str) -> bool:
    """Whether the disk cache holds a table with this key (without reading it)."""
    return (store.root / "grids" / f"{key}.npz").is_file()


def read_shipped(key: str) -> Loaded | None:
    """The shipped table with this key, or None."""
    name = _shipped_files().get(key)
    return None if name is None else _read(shipped_dir().joinpath(name))
