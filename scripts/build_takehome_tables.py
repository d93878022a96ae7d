#!/usr/bin/env python3
"""Build the interactive take-home tables shipped in the package (src/payround/data/takehome/) with the installed
PolicyEngine UK: one per supported tax year × bundled country × bundled household archetype (docs/takehome.md,
"Where the tables live").

Usage:
    .venv/bin/python scripts/build_takehome_tables.py               # build the missing and stale tables
    .venv/bin/python scripts/build_takehome_tables.py --check       # list them and exit 1 if any (builds nothing)
    .venv/bin/python scripts/build_takehome_tables.py --force       # rebuild every table
    --years 2022 2025   only these tax years (starting April)        --jobs 2   tax year × country groups at once

A table is current when its key — the builder's code, the year's rules, the household, hours, region and the
PolicyEngine UK and Core versions — is what payround computes now; tests/takehome/test_shipped.py checks that.
A new or removed table (another tax year or archetype) is also listed in src/payround/data/PROVENANCE.yaml
(how: ours; tests/test_provenance.py names any missing).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from payround.takehome import shipped, tables

FOLDER = Path(__file__).resolve().parent.parent / "src" / "payround" / "data" / "takehome"


def main(argv: list[str] | None = None) -> int:
    """Build or check the shipped tables; 0 when they are current at the end."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="list missing or stale tables; exit 1 if any")
    parser.add_argument("--force", action="store_true", help="rebuild every table")
    parser.add_argument("--years", type=int, nargs="+", help="tax years (the April they start in)")
    parser.add_argument("--jobs", type=int, default=1, help="groups built at once (about 0.5 GB each)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if args.check:
        problems = shipped.stale_tables()
        for p in problems:
            print(p)
        print(f"{len(problems)} table(s) to rebuild" if problems else "the shipped take-home tables are current")
        return 1 if problems else 0
    started = time.perf_counter()
    manifest = shipped.ship(
        FOLDER,
        years=args.years,
        force=args.force,
        jobs=args.jobs,
        progress=lambda line: print(line, flush=True),
    )
    size = sum(f.stat().st_size for f in FOLDER.rglob("*.npz"))
    print(
        f"{len(manifest['tables'])} tables, {size / 1e6:.2f} MB in {FOLDER}; "
        f"this run took {time.perf_counter() - started:.0f} s"
    )
    tables.shipped_manifest.cache_clear()
    left = shipped.stale_tables()
    for p in left:
        print(p)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
