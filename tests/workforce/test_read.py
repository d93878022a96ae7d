"""Reading workforce tables: CSV (with comment lines and friendly headers), XLSX and Parquet give the same typed
table; row numbers in errors are the file's own."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from payround.errors import WorkforceError
from payround.structures import load_structure
from payround.workforce import read_workforce
from payround.workforce.bundled import write_parquet

CSV = """# Council A payroll extract, March 2023
# one row per group of people
Employer,Point,Weekly Hours,Headcount,Gender,Group,Paid-Weeks,Employee ID
Council A,19,37,,female,Care,,E1
Council A,20,18.5,1,M,Care,45.6,E2
Council B,25,22.25,7,,Schools,,
"""


def _check(frame: pl.DataFrame) -> None:
    assert frame.columns == [
        "employer",
        "point",
        "weekly_hours",
        "headcount",
        "gender",
        "group",
        "paid_weeks",
        "employee_id",
    ]
    assert frame["headcount"].to_list() == [1, 1, 7]
    assert frame["weekly_hours"].to_list() == [37.0, 18.5, 22.25]
    assert frame["gender"].cast(pl.String).to_list() == ["F", "M", None]
    assert frame["paid_weeks"].to_list() == [None, 45.6, None]
    assert isinstance(frame["point"].dtype, pl.Enum)


def test_csv_with_comments_and_friendly_headers(tmp_path: Path) -> None:
    path = tmp_path / "wf.csv"
    path.write_text(CSV, encoding="utf-8")
    wf = read_workforce(path)
    _check(wf.frame)
    assert wf.headcount == 9 and wf.rows == 3
    assert wf.first_row == 4  # two comment lines and the header


def test_xlsx_and_parquet_read_the_same(tmp_path: Path) -> None:
    csv_path = tmp_path / "wf.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    wf = read_workforce(csv_path)
    book = Workbook()
    ws = book.active
    ws.title = "workforce"
    for line in CSV.splitlines()[2:]:
        ws.append([float(v) if v.replace(".", "", 1).isdigit() else (v or None) for v in line.split(",")])
    book.save(tmp_path / "wf.xlsx")
    _check(read_workforce(tmp_path / "wf.xlsx").frame)
    write_parquet(wf, tmp_path / "wf.parquet")
    _check(read_workforce(tmp_path / "wf.parquet").frame)


def test_fte_tables_convert_with_the_structure(tmp_path: Path) -> None:
    path = tmp_path / "fte.csv"
    path.write_text("employer,point,fte\nA,10,0.5\nA,11,1\n", encoding="utf-8")
    wf = read_workforce(path)
    s = load_structure("njc/2022-23")
    assert wf.weekly_hours(s).tolist() == [18.5, 37.0]


def test_errors_count_rows_as_the_file_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "wf.csv"
    path.write_text("# note\nemployer,point,weekly_hours\nA,19,37\nA,20,-1\nA,21,99\nA,22,50\n", encoding="utf-8")
    with pytest.raises(WorkforceError) as err:
        read_workforce(path)
    assert err.value.place == "row 4, column weekly_hours"
    assert "(2 more rows: 5, 6)" in str(err.value)


def test_relocation_is_only_for_bundled_illustrative_workforces(tmp_path: Path) -> None:
    path = tmp_path / "wf.csv"
    path.write_text("employer,point,weekly_hours\nA,1,37\nA,2,37\n", encoding="utf-8")
    s = load_structure("njc/2023-24")  # SCP 1 was deleted on 1 April 2023
    with pytest.raises(WorkforceError, match="point '1' is not in the structure njc/2023-24"):
        read_workforce(path).check(s)
    from payround.workforce.load import workforce_from_raw
    from payround.workforce.read import read_table

    moved = workforce_from_raw(read_table(path), relocate_missing_points=True)
    idx, notes = moved.point_index(s)
    assert [s.point_ids[i] for i in idx] == ["2", "2"]
    assert notes == [
        "1 staff on point 1, which njc/2023-24 does not have, are costed on point 2 (the next point up, "
        "as when a point is deleted)."
    ]
