"""The hostile-input corpus (tests/hostile/<kind>/): every file runs through the CLI in its own process, which must
exit with code 2 (or the code listed), print one located line and no traceback, never echo a secret from the
environment or a password from a URL, and stay within the CPU seconds and peak memory listed for it.

CPU time (user + system, from ``wait4``) is the time measure: it is what a runaway burns, and unlike wall time it
does not grow when the machine is busy with other work. A process still running after ``WALL_LIMIT`` seconds is
killed and fails the test (that catches a process blocked on a read, which burns no CPU). Peak memory is the
process's own high-water mark (``VmHWM``), written at exit by a three-line wrapper that runs ``python -m payround``
(``runpy``): the kernel's ``ru_maxrss`` would also count the pytest worker the child was forked from.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.hostile.big import MAKERS

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "hostile"
KINDS = ("offers", "structures", "workforces", "rounds", "pension_rates")
WALL_LIMIT = 60.0
SECRET = "hostile-secret-8c41f0"  # set in the child's environment: no message may contain it
PASSWORD = "hunter2"  # in a database URL of the corpus: no message may contain it


@dataclass(frozen=True)
class Run:
    """What one CLI process did."""

    code: int
    stdout: str
    stderr: str
    cpu_seconds: float
    wall_seconds: float
    peak_mb: float


# Runs `python -m payround ARGS` and, at exit, writes the process's peak resident memory (kB) to $HOSTILE_HWM.
_WRAPPER = """
import atexit, os, runpy, sys
def _hwm():
    with open('/proc/self/status') as f, open(os.environ['HOSTILE_HWM'], 'w') as out:
        out.write(next(line.split()[1] for line in f if line.startswith('VmHWM:')))
atexit.register(_hwm)
sys.argv[0] = 'payround'
runpy.run_module('payround', run_name='__main__', alter_sys=True)
"""


def run_cli(args: list[str]) -> Run:
    """Run ``python -m payround ARGS`` from the repository root; measure its CPU time (wait4) and its own peak RSS."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    env["HOSTILE_SECRET"] = SECRET
    env.pop("PAYROUND_DATABASE_URL", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        hwm = Path(tmp) / "hwm"
        env["HOSTILE_HWM"] = str(hwm)
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRAPPER, *args],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
        killer = threading.Timer(WALL_LIMIT, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            code=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            wall_seconds=wall,
            peak_mb=int(hwm.read_text()) / 1024 if hwm.exists() else usage.ru_maxrss / 1024,  # kB on Linux
        )


def _cases() -> list[Any]:
    cases = []
    for kind in KINDS:
        spec = yaml.safe_load((HERE / kind / "expected.yaml").read_text(encoding="utf-8"))
        for name, want in (spec.get("files") or {}).items():
            cases.append(pytest.param(kind, name, False, spec["command"], want, id=f"{kind}/{name}"))
        for name, want in (spec.get("generated") or {}).items():
            cases.append(pytest.param(kind, name, True, spec["command"], want, id=f"{kind}/generated/{name}"))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("kind", "name", "generated", "command", "want"), CASES)
def test_hostile_input_is_refused_quickly_and_clearly(
    kind: str, name: str, generated: bool, command: list[str], want: dict[str, Any], tmp_path: Path
) -> None:
    if generated:
        path = MAKERS[name](tmp_path) if name in MAKERS else tmp_path / name
    else:
        path = (HERE / kind / name).relative_to(ROOT)
    args = [a.replace("{file}", str(path)) for a in want.get("args", command)]
    run = run_cli(args)
    report = f"{kind}/{name}: exit {run.code}, {run.cpu_seconds:.2f} s CPU, {run.wall_seconds:.2f} s wall, "
    report += f"{run.peak_mb:.0f} MB\nstderr: {run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr, report
    assert run.code == want.get("exit", 2), report
    if run.code == 2:
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), report
        assert want["message"] in lines[0], report
        assert len(lines[0]) < 600, report  # a message quotes what it found, never the file
    assert SECRET not in run.stderr + run.stdout, report
    assert PASSWORD not in run.stderr, report
    assert run.cpu_seconds <= want["seconds"] <= 5, report
    assert run.peak_mb <= want["mb"] <= 1024, report


def test_the_corpus_is_complete() -> None:
    """Every file of the corpus is listed with its message and bounds, and there are at least 50 hostile files."""
    listed = 0
    for kind in KINDS:
        spec = yaml.safe_load((HERE / kind / "expected.yaml").read_text(encoding="utf-8"))
        on_disk = {p.name for p in (HERE / kind).iterdir() if p.name != "expected.yaml" and not p.name.startswith("_")}
        assert on_disk == set(spec["files"]), kind
        for want in [*spec["files"].values(), *(spec.get("generated") or {}).values()]:
            assert {"message", "seconds", "mb"} <= set(want)
        listed += len(spec["files"])
    assert listed >= 50
