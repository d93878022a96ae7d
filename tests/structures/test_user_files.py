"""Users load their own structures from YAML, CSV or XLSX (`--structure PATH`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from tests.conftest import EXAMPLES

from payround import apply_offer, load_offer, load_structure
from payround.errors import StructureError

CSV = """# id: my-council/2022-23
# country: scotland
# unit: hour
# standard_hours: 36
# weeks_per_year: 52.14
# rounding_quantum: 0.01
# floor_name: SLGLW
# floor_rate: 9.78
point,rate,basis,source
19,9.90,published,payslip
20,10.05,published,payslip
21,10.20,published,payslip
"""


def test_csv_structure_with_settings_lines(tmp_path: Path) -> None:
    path = tmp_path / "spine.csv"
    path.write_text(CSV, encoding="utf-8")
    s = load_structure(path)
    assert s.id == "my-council/2022-23" and s.weeks_per_year == Decimal("52.14")
    assert s.floor is not None and s.floor.rate == Decimal("9.78")
    r = apply_offer(load_offer(EXAMPLES / "sjc-2022-08-revised-offer.yaml"), path)
    assert r.final.point("19").after == Decimal("10.50")
    assert r.final.point("21").after == Decimal("10.71")


def test_xlsx_structure(tmp_path: Path) -> None:
    wb = Workbook()
    meta = wb.active
    meta.title = "structure"
    for row in [
        ("key", "value"),
        ("unit", "year"),
        ("country", "england-wales"),
        ("standard_hours", 37),
        ("weeks_per_year", 52.143),
        ("rounding_quantum", 1),
    ]:
        meta.append(row)
    pts = wb.create_sheet("points")
    pts.append(("point", "rate"))
    pts.append(("1", 18333))
    pts.append(("2", 18516))
    path = tmp_path / "spine.xlsx"
    wb.save(path)
    s = load_structure(path)
    assert s.unit == "year" and s.rates == {"1": Decimal("18333"), "2": Decimal("18516")}


def test_xlsx_without_the_sheets_names_them(tmp_path: Path) -> None:
    wb = Workbook()
    path = tmp_path / "empty.xlsx"
    wb.save(path)
    with pytest.raises(StructureError, match="'structure' \\(settings\\) and 'points'"):
        load_structure(path)


def test_yaml_structure_round_trips_through_its_schema(tmp_path: Path) -> None:
    s = load_structure("njc/2024-25")
    path = tmp_path / "copy.yaml"
    import yaml

    path.write_text(yaml.safe_dump(s.model_dump(mode="json")), encoding="utf-8")
    assert load_structure(path) == s


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "spine.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(StructureError, match=r"save the structure as \.yaml, \.csv or \.xlsx"):
        load_structure(path)
