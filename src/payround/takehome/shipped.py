"""The interactive tables shipped in the package: which there should be, whether those shipped are current, and
building them (``scripts/build_takehome_tables.py``).

One table per supported tax year × country of a bundled structure (with its standard week) × bundled archetype, at
the worker's hours and the country's default region — exactly what ``payround takehome`` asks for on a bundled
structure, so its first answer needs no simulation. Each lives in ``payround/data/takehome/<year>/<file>.npz``
(compressed), listed with its key in ``manifest.json``; a table is used only when its key is the one this code
computes (:func:`payround.takehome.tables.grid_key`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from payround.structures import PayStructure, load_structure
from payround.structures.loader import bundled_structure_ids
from payround.takehome import bridge, tables
from payround.takehome.compute import _hours, _region
from payround.takehome.gridbuild import GridRequest, Knots, build_grids
from payround.takehome.households import bundled_households
from payround.takehome.lgps import lgps_schedule
from payround.takehome.rules import supported_tax_years, tax_year_label, tax_year_rules

__all__ = ["SCRIPT", "TableSpec", "bundled_specs", "ship", "stale_tables"]

log = logging.getLogger(__name__)

SCRIPT = "python scripts/build_takehome_tables.py"


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One table that should be shipped."""

    year: int
    country: str
    request: GridRequest

    @property
    def file(self) -> str:
        """Its file in the package folder, e.g. ``2022-23/scotland-single-37h.npz``."""
        hours = format(self.request.hours.normalize(), "f")
        return f"{tax_year_label(self.year).replace('/', '-')}/{self.country}-{self.request.household.id}-{hours}h.npz"

    def key(self) -> str:
        """The key this code gives the table."""
        rules = tax_year_rules(self.year)
        return tables.grid_key(self.request, rules, lgps_schedule(self.country, rules.start), self.country)


def bundled_specs(years: Sequence[int] | None = None) -> list[TableSpec]:
    """Every table to ship: supported tax years × bundled structures' countries (and standard weeks) × archetypes."""
    weeks: dict[tuple[str, Decimal], PayStructure] = {}  # one structure per country and standard week
    for sid in bundled_structure_ids():
        s = load_structure(sid)
        weeks.setdefault((s.country, s.standard_hours), s)
    out: list[TableSpec] = []
    households = bundled_households()
    for year in years if years is not None else supported_tax_years():
        for (country, _), s in sorted(weeks.items(), key=lambda item: item[0]):
            for h in households.values():
                out.append(TableSpec(year, country, GridRequest(h, _hours(s, h), _region(h, country))))
    return out


def stale_tables() -> list[str]:
    """What is wrong with the shipped tables: each one missing, stale (its key is not what this code computes) or
    left over, named; empty when they are current."""
    shipped = {t["file"]: t for t in tables.shipped_manifest()["tables"]}
    root = tables.shipped_dir()
    problems: list[str] = []
    wanted: set[str] = set()
    for spec in bundled_specs():
        wanted.add(spec.file)
        entry = shipped.get(spec.file)
        if entry is None or not root.joinpath(spec.file).is_file():
            problems.append(f"{spec.file}: missing")
        elif entry["key"] != spec.key():
            problems.append(f"{spec.file}: stale (built for another key)")
    problems += [f"{name}: not a bundled table any more" for name in sorted(set(shipped) - wanted)]
    return problems


Progress = Callable[[str], None]


def _build(year: int, country: str, specs: Sequence[TableSpec]) -> tuple[list[Knots], list[bridge.Override], float]:
    rules = tax_year_rules(year)
    started = time.perf_counter()
    knots, overrides = build_grids([s.request for s in specs], rules, lgps_schedule(country, rules.start))
    return knots, overrides, time.perf_counter() - started


def ship(
    folder: Path,
    *,
    years: Sequence[int] | None = None,
    force: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Build the tables that are missing or stale (all with ``force``) into ``folder`` and rewrite its manifest
    after each tax year and country; returns the manifest. ``jobs`` builds that many tax-year × country groups at
    once, in separate processes (each about 0.5 GB)."""
    manifest_path = folder / tables.MANIFEST
    try:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {"tables": []}
    entries = {t["file"]: t for t in old.get("tables", [])}
    specs = bundled_specs(years)
    wanted = {s.file for s in bundled_specs()}
    groups: dict[tuple[int, str], list[TableSpec]] = {}
    for spec in specs:
        entry = entries.get(spec.file)
        if force or entry is None or entry["key"] != spec.key() or not (folder / spec.file).is_file():
            groups.setdefault((spec.year, spec.country), []).append(spec)

    def record(group: tuple[int, str], built: tuple[list[Knots], list[bridge.Override], float]) -> None:
        knots, overrides, seconds = built
        for spec, k in zip(groups[group], knots, strict=True):
            tables.write_table(folder / spec.file, k, overrides, compressed=True)
            entries[spec.file] = {
                "file": spec.file,
                "key": spec.key(),
                "tax_year": tax_year_label(spec.year),
                "country": spec.country,
                "region": spec.request.region,
                "household": spec.request.household.id,
                "hours": format(spec.request.hours.normalize(), "f"),
                "knots": len(k.x),
                "bytes": (folder / spec.file).stat().st_size,
            }
        _write_manifest(manifest_path, entries, wanted)
        if progress is not None:
            progress(f"{tax_year_label(group[0])} {group[1]}: {len(knots)} tables in {seconds:.0f} s")

    if jobs > 1 and len(groups) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {g: pool.submit(_build, g[0], g[1], groups[g]) for g in groups}
            for g, fut in futures.items():
                record(g, fut.result())
    else:
        for g in groups:
            record(g, _build(g[0], g[1], groups[g]))
    for name in set(entries) - wanted:
        (folder / name).unlink(missing_ok=True)
        del entries[name]
    return _write_manifest(manifest_path, entries, wanted)


def _write_manifest(path: Path, entries: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
    manifest = {
        "about": "Interactive take-home tables for the bundled tax years, countries and archetypes "
        f"(docs/takehome.md). Rebuild with `{SCRIPT}`.",
        "policyengine_uk": bridge.policyengine_version(),
        "tables": [entries[k] for k in sorted(entries) if k in wanted],
    }
    path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest
