"""Spreadsheet-safe exports: names from users' files never become live formulas in CSV or Excel output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from payround.report.safe import safe_cell

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-12.50", "-12.50"),
        ("-£1,290.00", "-£1,290.00"),
        ("-3.2%", "-3.2%"),
        ("Council A", "Council A"),
        (12, 12),
    ],
)
def test_safe_cell(value: object, safe: object) -> None:
    assert safe_cell(value) == safe


def _cost(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    wf = tmp_path / "wf.csv"
    wf.write_text('employer,point,weekly_hours,headcount\n"=1+1",19,37,10\n@SUM(A1),20,37,5\n', encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "payround", "cost", str(ROOT / "examples/njc-2024-25.yaml"), "-w", str(wf), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_csv_output_escapes_formula_names(tmp_path: Path) -> None:
    proc = _cost(tmp_path, "--by", "employer", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    firsts = [line.split(",")[0] for line in proc.stdout.splitlines()]
    assert "'=1+1" in firsts and "'@SUM(A1)" in firsts
    assert "=1+1" not in firsts


def test_workbook_stores_formula_names_as_text(tmp_path: Path) -> None:
    out = tmp_path / "cost.xlsx"
    proc = _cost(tmp_path, "--format", "xlsx", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    wb = load_workbook(out)
    ws = wb["By employer"]
    names = [ws.cell(row=r, column=1) for r in range(2, ws.max_row)]
    assert {c.value for c in names} >= {"'=1+1", "'@SUM(A1)"}
    assert all(c.data_type == "s" for c in names)
