"""A library user who installs only the core (pydantic, PyYAML) can load, apply and explain offers, and use the
reports layer for them: nothing on that path imports a front end or a heavy extra."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import EXAMPLES

EXTRAS = ["polars", "numpy", "scipy", "typer", "rich", "sqlalchemy", "alembic", "openpyxl", "icalendar"]
EXTRAS += ["policyengine_uk", "fastapi", "psycopg"]

SCRIPT = f"""
import sys
for name in {EXTRAS!r}:
    sys.modules[name] = None  # importing it now raises ImportError, as if it were not installed
import payround
from payround.reports import apply_report, compare_report, structure_report
r = payround.apply_offer_file({str(EXAMPLES / "sjc-2022-08-revised-offer.yaml")!r})
assert str(r.final.floor.increase_pct) == "7.36"
assert apply_report({str(EXAMPLES / "njc-2025-26.yaml")!r}).to_json()["final"]["points"]
assert structure_report("sjc/2021-22").points
assert compare_report([{str(EXAMPLES / "njc-2024-25.yaml")!r}, {str(EXAMPLES / "njc-2025-26.yaml")!r}]).points
print("ok")
"""


def test_the_core_runs_without_any_extra() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
