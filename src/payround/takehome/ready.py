"""Whether the interactive take-home tables an offer needs are at hand, and preparing them ahead of use.

A server must answer every request in milliseconds, but the tables of the interactive path
(:mod:`payround.takehome.grid`) are built by PolicyEngine UK on first use of a tax year and household: minutes on an
empty cache. So a server asks :func:`tables_ready` (which never builds: it reads the tables from memory or the disk
cache, or says they are missing) and starts :func:`prepare_in_background` once at start-up, a separate, low-priority
process that builds the tables of the bundled structures' years (:func:`bundled_targets`) into the disk cache, where
the server's next request finds them.

``python -m payround.takehome.ready [COUNTRY:HOURS:YEAR ...]`` builds them in the foreground (by default every
bundled target), at low priority.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from payround.engine import OfferResult
from payround.errors import PayroundError
from payround.structures import PayStructure
from payround.takehome.cache import DiskCache
from payround.takehome.gridbuild import GridRequest
from payround.takehome.households import Household, load_households

__all__ = [
    "Readiness",
    "Target",
    "bundled_targets",
    "ensure_in_background",
    "offer_targets",
    "offer_tax_years",
    "prepare_in_background",
    "prepare_tables",
    "tables_ready",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Readiness:
    """Whether take-home can be answered now: ``ready``; else ``missing`` tables (being prepared, or to prepare) or
    a ``problem`` that no table will cure (PolicyEngine UK not installed, a tax year without sourced rules)."""

    ready: bool
    missing: int = 0
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """The tables of one tax year for structures of one country and standard week (what the tables depend on,
    besides the households)."""

    country: str
    standard_hours: Decimal
    year: int

    @classmethod
    def of(cls, structure: PayStructure, year: int) -> Target:
        """The target of offers on ``structure`` taking effect in tax year ``year``."""
        return cls(structure.country, structure.standard_hours, year)

    def name(self) -> str:
        """``england-wales:37:2025``, as the builder's command line takes it."""
        return f"{self.country}:{self.standard_hours}:{self.year}"

    @classmethod
    def parse(cls, text: str) -> Target:
        """The inverse of :meth:`name`."""
        country, hours, year = text.split(":")
        return cls(country, Decimal(hours), int(year))


_SEEN: set[str] = set()  # grid keys known to be on disk or in memory (payround never deletes one)
_SEEN_LOCK = threading.Lock()
_STARTED: dict[Target, subprocess.Popen[bytes]] = {}  # builders this process started, by target


def offer_tax_years(result: OfferResult) -> list[int]:
    """The tax years take-home reads for an applied offer: those its stages take effect in."""
    from payround.takehome.rules import tax_year_of

    return sorted({tax_year_of(st.effective) for st in result.stages})


def offer_targets(result: OfferResult) -> list[Target]:
    """The tables' targets of an applied offer."""
    return [Target.of(result.structure, y) for y in offer_tax_years(result)]


def _default_households() -> list[Household]:
    """Every bundled archetype: what ``takehome_report`` and ``takehome_summary`` compute by default."""
    return list(load_households().values())


def _keys(target: Target, households: Sequence[Household]) -> list[tuple[str, GridRequest]]:
    """(grid key, request) of every table take-home needs for ``households`` under ``target``."""
    from payround.takehome.compute import _region
    from payround.takehome.lgps import lgps_schedule
    from payround.takehome.rules import tax_year_rules
    from payround.takehome.tables import grid_key

    rules = tax_year_rules(target.year)  # a DependencyError for a year without sourced rules
    schedule = lgps_schedule(target.country, rules.start)
    out = []
    for h in households:
        hours = h.worker.fte_of(target.standard_hours) * target.standard_hours  # as compute's worker
        req = GridRequest(h, hours, _region(h, target.country))
        out.append((grid_key(req, rules, schedule, target.country), req))
    return out


def _missing(targets: Sequence[Target], households: Sequence[Household], store: DiskCache) -> list[Target]:
    """The targets some of whose tables are neither shipped nor in the disk cache (targets without sourced rules are
    left out: nothing can be built for them)."""
    from payround.takehome import tables

    out = []
    for t in targets:
        try:
            keys = _keys(t, households)
        except PayroundError:
            continue
        if any(not (tables.is_shipped(k) or tables.is_cached(store, k)) for k, _ in keys):
            out.append(t)
    return out


def tables_ready(
    result: OfferResult, households: Sequence[Household] | None = None, *, cache: DiskCache | None = None
) -> Readiness:
    """Whether take-home for ``result`` (every stage, ``households``: default every bundled archetype) can be read
    from the tables now. Never builds a table: a table on disk is read into memory (so the take-home that follows
    finds it there), a missing one is counted."""
    from payround.takehome import paths, tables
    from payround.takehome.bridge import policyengine_version

    try:
        policyengine_version()
        chosen = list(households or _default_households())
        keys = [k for t in offer_targets(result) for k, _ in _keys(t, chosen)]
    except PayroundError as exc:
        return Readiness(False, problem=str(exc))
    with _SEEN_LOCK:
        todo = [k for k in keys if k not in _SEEN]
    if not todo:
        return Readiness(True)
    store = cache if cache is not None else DiskCache()
    missing = 0
    for key in todo:
        with paths._LOCK:
            held = key in paths._MEMORY
        if not held:
            hit = tables.read_shipped(key) or tables.read_cached(store, key)
            if hit is None:
                missing += 1
                continue
            with paths._LOCK:
                paths._MEMORY[key] = hit
        with _SEEN_LOCK:
            _SEEN.add(key)
    return Readiness(missing == 0, missing=missing)


def bundled_targets() -> list[Target]:
    """The tax year each bundled structure takes effect in and the next (an offer on last year's spine), among the
    years with sourced rules; newest first, as live rounds need those."""
    from payround.structures import bundled_structure_ids, load_structure
    from payround.takehome.rules import supported_tax_years, tax_year_of

    supported = set(supported_tax_years())
    out: set[Target] = set()
    for sid in bundled_structure_ids():
        s = load_structure(sid)
        first = tax_year_of(s.effective) if s.effective is not None else _year_of_label(s.pay_year)
        if first is not None:
            out |= {Target.of(s, y) for y in (first + 1, first) if y in supported}
    return sorted(out, key=lambda t: (-t.year, t.country, t.standard_hours))


def _year_of_label(pay_year: str) -> int | None:
    """2024 for '2024-25' or '2024/25'."""
    head = pay_year[:4]
    return int(head) if head.isdigit() else None


def prepare_tables(
    targets: Sequence[Target] | None = None,
    households: Sequence[Household] | None = None,
    *,
    cache: DiskCache | None = None,
) -> int:
    """Build (blocking: minutes per tax year on an empty cache) every missing table of ``targets`` (default: the
    bundled ones) for ``households`` (default: the bundled archetypes) into the disk cache; returns how many were
    built. One build at a time per cache (a lock file, per target): another waits, then builds only what is still
    missing. A target without sourced rules is skipped with a log line."""
    from payround.takehome import paths, tables
    from payround.takehome.lgps import lgps_schedule
    from payround.takehome.rules import tax_year_rules

    store = cache if cache is not None else DiskCache()
    chosen = list(households or _default_households())
    built = 0
    for t in targets if targets is not None else bundled_targets():
        try:
            keys = _keys(t, chosen)
        except PayroundError as exc:
            log.info("take-home tables for %s skipped: %s", t.name(), exc)
            continue
        # Locked per target, so that a table a page is waiting for can be built between two of a long list.
        with _build_lock(store):
            todo = [req for key, req in keys if (tables.read_shipped(key) or tables.read_cached(store, key)) is None]
            if not todo:
                continue
            log.info("building %d take-home tables for %s", len(todo), t.name())
            rules = tax_year_rules(t.year)
            paths.load_grids(todo, rules, lgps_schedule(t.country, rules.start), t.country, cache=store)
            built += len(todo)
    return built


@contextmanager
def _build_lock(store: DiskCache) -> Iterator[None]:
    """Hold the cache's build lock (PolicyEngine needs about 0.5 GB and a core: one build at a time)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    folder = store.root / "grids"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        f = (folder / ".build.lock").open("a")
    except OSError:
        yield
        return
    with f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def prepare_in_background(targets: Sequence[Target] | None = None) -> subprocess.Popen[bytes] | None:
    """Start a low-priority process that builds the missing tables of ``targets`` (default: the bundled ones) into
    the disk cache, and return it (the caller stops it when it stops); None when PolicyEngine UK is not installed or
    when no table is missing. Never blocks the caller."""
    from payround.takehome.bridge import policyengine_version

    try:
        policyengine_version()
    except PayroundError:
        return None
    wanted = list(targets) if targets is not None else bundled_targets()
    if not _missing(wanted, _default_households(), DiskCache()):
        return None  # every table is shipped or cached already (the usual case): no process to start
    return subprocess.Popen(
        [sys.executable, "-m", "payround.takehome.ready", *(t.name() for t in wanted)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )


def ensure_in_background(result: OfferResult) -> None:
    """Start building the tables ``result`` needs in the background, unless this process already started a builder
    for them (one attempt per target: a builder that failed is not restarted). Never blocks."""
    for t in offer_targets(result):
        with _SEEN_LOCK:
            if t in _STARTED:
                continue
            proc = prepare_in_background([t])
            if proc is not None:
                _STARTED[t] = proc


def _exit_with_parent() -> None:
    """Stop when the process that started this one ends (a server stopped by a signal may not get to stop it)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(2)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


def main(argv: Sequence[str] | None = None) -> int:
    """Build the tables named ``COUNTRY:HOURS:YEAR`` (default: every bundled target), at low priority."""
    with contextlib.suppress(OSError):
        os.nice(10)  # a server's requests come first
    _exit_with_parent()
    logging.basicConfig(level=logging.INFO, format="payround take-home tables: %(message)s")
    names = list(sys.argv[1:] if argv is None else argv)
    targets = [Target.parse(n) for n in names] if names else None
    built = prepare_tables(targets)
    log.info("ready (%d built)", built)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
