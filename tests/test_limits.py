"""Limits on what payround reads: the strict YAML loader (C parser, YAML 1.1 number forms refused, depth and alias
counts), careful file reading (devices, /proc files, NUL bytes) and the model checks on dates, decimals and rates."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel, BeforeValidator

from payround import load_offer, load_structure, schemabase
from payround.errors import InputError, OfferError, StructureError
from payround.limits import MAX_YAML_NODES, read_text_limited
from payround.offers import parse_offer
from payround.offers import schema as offer_schema
from payround.structures.model import PayStructure
from payround.yamlio import _StrictLoader, load_yaml_text

HEAD = "name: x\nstructure: sjc/2021-22\nstages:\n  - effective: 2021-04-01\n    steps:\n"


def test_the_c_parser_is_used_where_installed() -> None:
    if yaml.__with_libyaml__:
        assert issubclass(_StrictLoader, yaml.CSafeLoader)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: 10.50", "10.50"),
        ("a: 019", "019"),
        ("a: 12", 12),
        ("a: -3", -3),
        ("a: 1e27", "1e27"),
        ("a: 2022-04-01", "2022-04-01"),
    ],
)
def test_plain_values_read_as_written(text: str, value: object) -> None:
    assert load_yaml_text(text, "x") == {"a": value}


@pytest.mark.parametrize("text", ["a: 10:50", "a: 10_85", "a: 010", "a: 0x1A", "a: 0b11", "a: 1:30:00.5", "010: x"])
def test_yaml_11_number_forms_are_refused_with_their_place(text: str) -> None:
    with pytest.raises(InputError, match=r"x: line 1, column \d+: this value is ambiguous"):
        load_yaml_text(text, "x")


def test_quoted_forms_stay_text() -> None:
    assert load_yaml_text('a: "10:50"', "x") == {"a": "10:50"}


def test_duplicate_keys_are_still_found_with_their_line() -> None:
    with pytest.raises(InputError, match=r"line 2, column 1: .*duplicate key 'a' \(first at line 1\)"):
        load_yaml_text("a: 1\na: 2\n", "x")


def test_aliases_count_every_time_they_are_used() -> None:
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    with pytest.raises(InputError, match=f"more than {MAX_YAML_NODES:,} values"):
        load_yaml_text("\n".join(lines), "x")
    assert load_yaml_text("a: &a [1, 2]\nb: *a\n", "x") == {"a": [1, 2], "b": [1, 2]}


def test_floor_written_in_base_60_was_650_an_hour(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(HEAD + "      - floor: 10:50\n", encoding="utf-8")
    with pytest.raises(OfferError, match="'10:50' would be read as a base-60 number"):
        load_offer(path)


def test_a_date_written_as_a_number_is_not_1970(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(HEAD.replace("2021-04-01", "0") + "      - floor: 10.50\n", encoding="utf-8")
    with pytest.raises(OfferError, match=r"stages\[0\]\.effective: a date must be written YYYY-MM-DD"):
        load_offer(path)


def test_underscores_in_a_quoted_number_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(HEAD + "      - floor: '10_85'\n", encoding="utf-8")
    with pytest.raises(OfferError, match="write numbers without underscores"):
        load_offer(path)


def test_devices_and_fifos_are_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "f.csv"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        with pytest.raises(InputError, match="not a file"):
            read_text_limited(path, 1000, InputError)


def test_a_proc_file_of_size_0_is_read_with_a_bound() -> None:
    proc = Path("/proc/self/status")
    if not proc.exists():
        pytest.skip("no /proc")
    with pytest.raises(InputError, match="over the limit of 10 bytes"):
        read_text_limited(proc, 10, InputError)


def test_structure_rates_are_built_once_and_follow_copies() -> None:
    s = load_structure("sjc/2021-22")
    assert s.rates is s.rates
    fewer: PayStructure = s.model_copy(update={"points": s.points[:3]})
    assert list(fewer.rates) == s.point_ids[:3]
    assert fewer.pay(s.point_ids[0]) == s.pay(s.point_ids[0])


def test_a_latin1_structure_csv_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes("# unit: hour\n# name: Bar\xe8me\npoint,rate\n1,10\n".encode("latin-1"))
    with pytest.raises(StructureError, match="line 2: the file is not UTF-8 text"):
        load_structure(path)


def test_the_take_home_cache_honours_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from payround.takehome.cache import default_cache_dir
    from payround.workforce.bundled import cache_dir

    monkeypatch.delenv("PAYROUND_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == cache_dir() == tmp_path / "payround"


def _unchecked(annotation: object, metadata: tuple[object, ...] = ()) -> list[object]:
    """The date and Decimal leaves of a field's type that carry no check of payround.schemabase."""
    if get_origin(annotation) is Annotated:
        base, *meta = get_args(annotation)
        return _unchecked(base, tuple(meta))
    wanted = {date: schemabase.not_a_number, Decimal: schemabase.no_underscores}.get(annotation)  # type: ignore[call-overload]
    if wanted is not None:
        checked = any(isinstance(m, BeforeValidator) and m.func is wanted for m in metadata)
        return [] if checked else [annotation]
    return [leaf for arg in get_args(annotation) for leaf in _unchecked(arg)]


def test_every_date_and_number_of_the_offer_format_is_checked() -> None:
    # The offer models check their dates and numbers through the field types (CheckedDate, CheckedDecimal) rather
    # than CheckedModel's checks of every field: a new field typed plain `date` or `Decimal` must fail here.
    models = [m for m in vars(offer_schema).values() if isinstance(m, type) and issubclass(m, BaseModel)]
    assert len(models) > 15
    missing = [
        f"{m.__name__}.{name}"
        for m in models
        for name, field in m.model_fields.items()
        if _unchecked(field.annotation, tuple(field.metadata))
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        ({"effective": 0, "steps": [{"raise": {"percent": 1}}]}, "a date must be written YYYY-MM-DD"),
        ({"effective": "2199-12-31", "steps": [{"lump_sum": {"by": 1, "paid": "2200-01-01"}}]}, "outside the years"),
        ({"effective": "2024-04-01", "steps": [{"set": {"3": "20_000"}}]}, "write numbers without underscores"),
        ({"effective": "2024-04-01", "steps": [{"floor": "10_85"}]}, "write numbers without underscores"),
        (
            {
                "effective": "2024-04-01",
                "steps": [{"cap": {"where": {"salary": {"from": "4_0000"}}, "by": {"percent": 1}}}],
            },
            "write numbers without underscores",
        ),
    ],
)
def test_the_offer_checks_name_the_field(stage: dict[str, object], message: str) -> None:
    with pytest.raises(OfferError, match=message) as err:
        parse_offer({"name": "x", "structure": "njc/2022-23", "stages": [stage]}, "o.yaml")
    assert "stages[0]" in str(err.value)
