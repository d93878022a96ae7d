"""Benchmark (issue 8): the command line starts fast — median of 7 runs ≤ 0.3 s for ``payround --help`` and for
``payround apply`` on an example, measured as a user runs them (a new process each time, output discarded).

Heavy libraries (Polars, SciPy, SQLAlchemy, Alembic, PolicyEngine UK) load only for the commands that use them.

Python runs an installed package from cached bytecode; a shell with ``PYTHONDONTWRITEBYTECODE`` set (as some
development set-ups have) would instead compile payround's source on every run, adding tens of milliseconds that no
user sees. So the runs here cache bytecode in a temporary directory (``PYTHONPYCACHEPREFIX``), filled by the
warm-up run, and never write into the source tree.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def time_command(args: list[str], env: dict[str, str]) -> list[float]:
    """Wall time of ``payround ARGS`` in a new process, RUNS times (after one warm-up run for the OS file cache and
    the bytecode cache)."""
    cmd = [*_exe(), *args]
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=True)
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return times


def installed_env(pycache: str) -> dict[str, str]:
    """The environment of the runs: bytecode cached (in ``pycache``), as for an installed package."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    """Time each command; exit 1 if any median misses the target. ``--label TEXT`` adds TEXT to the heading (say,
    which checkout was timed when comparing two)."""
    args = sys.argv[1:] if argv is None else argv
    which = f" ({args[args.index('--label') + 1]})" if "--label" in args[:-1] else ""
    lines = ["| command | median | runs | target | met |", "|---|---|---|---|---|"]
    ok = True
    with tempfile.TemporaryDirectory(prefix="payround-bench-pycache-") as pycache:
        env = installed_env(pycache)
        timed = {label: time_command(args, env) for label, args in COMMANDS.items()}
    for label, times in timed.items():
        med = statistics.median(times)
        met = med <= TARGET_S
        ok &= met
        runs = ", ".join(f"{t * 1000:.0f}" for t in times)
        verdict = "yes" if met else "NO"
        lines.append(f"| `{label}` | **{med * 1000:.0f} ms** | {runs} ms | ≤ {TARGET_S * 1000:.0f} ms | {verdict} |")
    lines.append("")
    lines.append(f"Bytecode cached as for an installed package; load average at the end {_load()}.")
    record(f"Start-up: the command line, median of 7 new processes{which}", lines)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
