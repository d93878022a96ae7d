"""Reading payrolls as exported: extra columns ignored and listed, a column mapping (inline or YAML), constants for
columns an export lacks, and point labels such as 'SCP019' read by the structure's label rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from payround.errors import WorkforceError
from payround.structures import load_structure
from payround.structures.model import PointLabels
from payround.workforce import read_workforce
from payround.workforce.mapping import column_map, load_column_map, parse_column_map

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "examples" / "payroll" / "payroll-export.csv"
MAPPING = ROOT / "examples" / "payroll" / "columns.yaml"


def test_the_example_export_reads_unedited_through_its_mapping() -> None:
    wf = read_workforce(EXPORT, load_column_map(MAPPING))
    assert wf.rows == 40 and wf.hours_column == "fte"
    assert set(wf.labels("employer")) == {"Example Council"}
    assert "Salary Paid" in wf.ignored_columns and "SCP" not in wf.ignored_columns
    notes = " ".join(wf.load_notes)
    assert "point from 'SCP'" in notes and "'Date of Birth'" in notes
    idx, point_notes = wf.point_index(load_structure("njc/2023-24"))
    ids = load_structure("njc/2023-24").point_ids
    assert ids[int(idx[0])] == "10"  # SCP010
    assert "'SCP002' as 2" in " ".join(point_notes)


def test_extra_columns_are_ignored_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "wf.csv"
    path.write_text("employer,point,weekly_hours,Cost Centre,salary\nA,19,37,C100,21000\n", encoding="utf-8")
    wf = read_workforce(path)
    assert wf.ignored_columns == ("Cost Centre", "salary")
    assert wf.frame.columns == ["employer", "point", "weekly_hours", "headcount"]


def test_inline_mapping_and_the_export_header_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "wf.csv"
    path.write_text("Org,SCP,FTE\nA,SCP019,1\nA,SCP020,lots\n", encoding="utf-8")
    with pytest.raises(WorkforceError, match=r"row 3, column FTE \(fte\)"):
        read_workforce(path, parse_column_map("employer=Org,point=SCP,fte=FTE"))


def test_constant_values_from_a_mapping_file(tmp_path: Path) -> None:
    (tmp_path / "map.yaml").write_text("columns: {point: SCP, fte: FTE}\nvalues: {employer: Fife Council}\n")
    (tmp_path / "wf.csv").write_text("SCP,FTE,Point\nSCP019,1,x\n", encoding="utf-8")
    wf = read_workforce(tmp_path / "wf.csv", column_map(str(tmp_path / "map.yaml")))
    assert wf.labels("employer") == ["Fife Council"] and wf.labels("point") == ["SCP019"]
    assert wf.ignored_columns == ("Point",)  # the export's own 'Point' is not the mapped one


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("point", "NAME=HEADER"),
        ("pay_point=SCP", "not a payround workforce column"),
        ("point=SCP,point=X", "mapped twice"),
        ("point=", "is empty"),
    ],
)
def test_bad_inline_mappings(text: str, message: str) -> None:
    with pytest.raises(WorkforceError, match=message):
        parse_column_map(text)


def test_a_mapped_header_missing_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "wf.csv").write_text("employer,SCP,FTE\nA,19,1\n", encoding="utf-8")
    with pytest.raises(WorkforceError, match="'Point No' \\(for point\\) is not in the file"):
        read_workforce(tmp_path / "wf.csv", parse_column_map("point=Point No"))


def test_bad_mapping_files(tmp_path: Path) -> None:
    bad = tmp_path / "map.yaml"
    bad.write_text("colums: {point: SCP}\n")
    with pytest.raises(WorkforceError, match="has the keys columns"):
        load_column_map(bad)
    bad.write_text("columns: {employer: Org}\nvalues: {employer: Fife}\n")
    with pytest.raises(WorkforceError, match="both read from a column and given a value"):
        load_column_map(bad)


def test_point_label_rule() -> None:
    rule = PointLabels(prefixes=("SCP",), aliases={"Apprentice": "2"})  # type: ignore[arg-type]
    points = {"2", "19", "43"}
    assert [rule.resolve(x, points) for x in ("SCP019", "scp 19", "SCP-19", "SCP19", "SCP0043")] == ["19"] * 4 + ["43"]
    assert rule.resolve("apprentice", points) == "2"
    assert rule.resolve("SCP99", points) is None and rule.resolve("GR19", points) is None


def test_labels_read_only_where_the_structure_says_so(tmp_path: Path) -> None:
    (tmp_path / "wf.csv").write_text("employer,point,weekly_hours\nA,SCP019,37\n", encoding="utf-8")
    wf = read_workforce(tmp_path / "wf.csv")
    plain = load_structure("njc/2023-24").model_copy(update={"point_labels": None})
    with pytest.raises(WorkforceError, match="point 'SCP019' is not in the structure"):
        wf.check(plain)
    assert wf.check(load_structure("njc/2023-24"))  # the bundled NJC structures say 'SCP019' is 19
