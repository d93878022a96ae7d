"""Benchmark (issue 8): the command line starts fast — median of 7 runs ≤ 0.3 s for ``payround --help`` and for
``payround apply`` on an example, measured as a user runs them (a new process each time, output discarded).

Heavy libraries (Polars, SciPy, SQLAlchemy, Alembic, PolicyEngine UK) load only for the commands that use them.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import record

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7
TARGET_S = 0.3
COMMANDS = {
    "payround --help": ["--help"],
    "payround apply examples/njc-2025-26.yaml": ["apply", "examples/njc-2025-26.yaml"],
    "payround apply examples/sjc-2022-settlement.yaml": ["apply", "examples/sjc-2022-settlement.yaml"],
}


def _exe() -> list[str]:
    here = Path(sys.executable).with_name("payround")
    found = str(here) if here.exists() else shutil.which("payround")
    return [found] if found else [sys.executable, "-m", "payround"]


def time_command(args: list[str]) -> list[float]:
    """Wall time of ``payround ARGS`` in a new process, RUNS times (after one warm-up run for the OS file cache)."""
    cmd = [*_exe(), *args]
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    """Time each command; exit 1 if any median misses the target."""
    lines = ["| command | median | runs | target | met |", "|---|---|---|---|---|"]
    ok = True
    for label, args in COMMANDS.items():
        times = time_command(args)
        med = statistics.median(times)
        met = med <= TARGET_S
        ok &= met
        runs = ", ".join(f"{t * 1000:.0f}" for t in times)
        verdict = "yes" if met else "NO"
        lines.append(f"| `{label}` | **{med * 1000:.0f} ms** | {runs} ms | ≤ {TARGET_S * 1000:.0f} ms | {verdict} |")
    record("Start-up: the command line, median of 7 new processes", lines)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
