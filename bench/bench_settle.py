"""Settlement finder benchmark (issue 13): one solve on the 1.5M-row illustrative NJC workforce, including reading
the workforce and aggregating it (by point, hours and employer), building the programme, solving it with HiGHS, and
checking the offer with the engine and the real costing; and a 20-point frontier of cost against the floor.

Plain script: ``python bench/bench_settle.py``. Appends to bench/RESULTS.md with the machine and date. Times are the
median (and best) of 3 warm runs after one warm-up. Targets: one solve <= 2 s; a 20-point frontier <= 10 s.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record
from payround.settle import find_settlement, frontier, load_constraints, resolve_constraints
from payround.workforce.bundled import cache_path, load_bundled
from payround.workforce.load import read_workforce

ROOT = Path(__file__).resolve().parents[1]
FILE = ROOT / "examples" / "settle-njc-2022-rlw.yaml"
RUNS = 3


def one_solve() -> tuple[float, int, bool]:
    """Read the workforce afresh (so nothing is aggregated yet), resolve, solve and check."""
    t = time.perf_counter()
    wf = read_workforce(cache_path("njc/illustrative"))
    c = load_constraints(FILE)
    # the least cost of the unions' demands: one programme solved (the example's own budget is short, which adds
    # the solves for the money missing)
    c = c.model_copy(update={"employers": c.employers.model_copy(update={"budget": None})})
    res = resolve_constraints(c, str(FILE), workforce=wf)
    found = find_settlement(res)
    return time.perf_counter() - t, wf.rows, found.feasible


def one_frontier() -> tuple[float, int]:
    wf = read_workforce(cache_path("njc/illustrative"))
    res = resolve_constraints(load_constraints(FILE), str(FILE), workforce=wf)
    t = time.perf_counter()
    points = frontier(res)
    return time.perf_counter() - t, len(points)


def main() -> None:
    load_bundled("njc/illustrative")  # make sure the cache file exists
    one_solve()  # warm imports and parameters
    solves = [one_solve() for _ in range(RUNS)]
    fronts = [one_frontier() for _ in range(RUNS)]
    s_times = [s[0] for s in solves]
    f_times = [f[0] for f in fronts]
    record(
        "Settlement finder (issue 13)",
        [
            f"- one least-cost solve on njc/illustrative ({solves[0][1]:,} rows; read + aggregate + solve + "
            f"engine/costing check, feasible={solves[0][2]}): median {statistics.median(s_times):.2f} s, "
            f"best {min(s_times):.2f} s (target <= 2 s)",
            f"- a {fronts[0][1]}-point frontier of cost against the floor (each point solved, applied, costed): "
            f"median {statistics.median(f_times):.2f} s, best {min(f_times):.2f} s (target <= 10 s)",
            f"- runs: {RUNS} each, after one warm-up; measured on a shared, loaded machine",
        ],
    )


if __name__ == "__main__":
    main()
