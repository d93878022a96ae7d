"""Every kind of usage mistake prints click's usage line and one error line, exits 2, and never a traceback; so does
a payround error (a located message)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CASES = {
    "unknown command": (["no-such-command"], "No such command"),
    "unknown subcommand": (["round", "nope"], "No such command"),
    "unknown option": (["apply", "examples/njc-2025-26.yaml", "--nope"], "No such option"),
    "missing argument": (["apply"], "Missing argument"),
    "missing option": (["cost", "examples/njc-2025-26.yaml"], "Missing option"),
    "option without its value": (["apply", "examples/njc-2025-26.yaml", "--format"], "requires an argument"),
    "bad choice": (["structures", "--format", "xml"], "Invalid value"),
    "not a number": (["apply", "examples/njc-2025-26.yaml", "--min-differential", "abc"], "Invalid value"),
    "extra argument": (["structures", "extra"], "unexpected extra argument"),
    "payround error": (["apply", "no-such-offer.yaml"], "error: "),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_usage_mistakes_exit_2_without_a_traceback(case: str) -> None:
    args, message = CASES[case]
    done = subprocess.run([sys.executable, "-m", "payround", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert message in done.stderr
    assert done.stdout == ""


HEAVY = ("polars", "numpy", "scipy", "sqlalchemy", "alembic", "policyengine_uk", "openpyxl", "icalendar", "fastapi")


@pytest.mark.parametrize("args", [["--help"], ["apply", "examples/njc-2025-26.yaml"]], ids=["help", "apply"])
def test_start_up_loads_no_heavy_library(args: list[str]) -> None:
    """Heavy libraries load only for the commands that use them (start-up time is measured in bench/)."""
    script = (
        "import sys, runpy\n"
        f"sys.argv = ['payround', *{args!r}]\n"
        "try:\n    runpy.run_module('payround', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
