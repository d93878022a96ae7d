"""Workforce reading within limits: rows, unsaved formulas (refused) and saved ones (read), and the sealed cache of
the bundled workforces (a damaged file is generated again, not trusted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from payround.errors import WorkforceError
from payround.workforce import read as read_module
from payround.workforce import read_workforce
from payround.workforce.load import workforce_from_raw
from payround.workforce.read import csv_text_table
from tests.hostile.make_files import sheet_xml, write_xlsx

HEADER = ["employer", "point", "weekly_hours", "headcount"]


def test_rows_over_the_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_module, "MAX_WORKFORCE_ROWS", 5)
    path = tmp_path / "wf.csv"
    path.write_text("employer,point,weekly_hours\n" + "A,19,37\n" * 6, encoding="utf-8")
    with pytest.raises(WorkforceError, match="more than 5 rows"):
        read_workforce(path)


def test_a_formula_headcount_without_a_saved_result_is_not_one_person(tmp_path: Path) -> None:
    path = tmp_path / "wf.xlsx"
    write_xlsx(path, {"workforce": sheet_xml([HEADER, ["A", "19", 37, ("f", "10000+3")]])})
    with pytest.raises(WorkforceError, match="row 2, column headcount: this cell holds a formula with no saved"):
        read_workforce(path)


def test_a_formula_with_its_saved_result_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wf.xlsx"
    rows = sheet_xml([HEADER, ["A", "19", 37, 1]]).replace("<v>1</v>", "<f>10000+3</f><v>10003</v>")
    write_xlsx(path, {"workforce": rows})
    assert read_workforce(path).frame["headcount"].to_list() == [10003]


def test_a_damaged_cached_workforce_is_generated_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from payround.workforce import bundled

    gen_module = importlib.import_module("payround.workforce.synth.generate")

    calls: list[int] = []

    def tiny(config: object, **_: object) -> object:
        calls.append(1)
        raw = csv_text_table("employer,point,weekly_hours\nA,19,37\nB,20,30\n")
        return workforce_from_raw(raw, name="tiny")

    monkeypatch.setenv("PAYROUND_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gen_module, "generate", tiny)
    first = bundled.load_bundled("sjc/illustrative")
    path = bundled.cache_path("sjc/illustrative")
    assert len(calls) == 1 and first.rows == 2
    bundled.load_bundled("sjc/illustrative")
    assert len(calls) == 1  # intact: trusted
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, different content
    path.write_bytes(bytes(data))
    again = bundled.load_bundled("sjc/illustrative")
    assert len(calls) == 2 and again.rows == 2
    path.write_bytes(b"PAR1 not parquet")
    bundled.load_bundled("sjc/illustrative")
    assert len(calls) == 3
