"""Both databases accept exactly the same data: what PostgreSQL would refuse, SQLite refuses too, with the same
located error, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from payround.errors import InputError
from payround.rounds import load_round, parse_round, round_to_mapping
from payround.store import Store, list_rounds
from payround.store import import_round as store_import
from tests.store.conftest import as_user


def _eligible(d: dict[str, Any]) -> None:
    d["ballots"][0].update(eligible=3_000_000_000, votes_cast=None, votes_yes=None, votes_no=None)


def _nul_in_a_name(d: dict[str, Any]) -> None:
    d["sides"]["employers"]["members"].append("Nowhere\x00Council")


def _nul_in_a_note(d: dict[str, Any]) -> None:
    d["milestones"][0]["what"] = "talks\x00"


def _long_name(d: dict[str, Any]) -> None:
    d["name"] = "x" * 301


CASES: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_eligible, "too large to store"),
    (_nul_in_a_name, "NUL"),
    (_nul_in_a_note, "NUL"),
    (_long_name, "too long"),
]


@pytest.mark.parametrize(("change", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_what_one_database_refuses_both_refuse(
    store: Store, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = round_to_mapping(load_round("sjc-2022-23"))
    change(data)
    rf = parse_round(data, "edge.yaml")  # a valid round file: only the database columns set these bounds
    with pytest.raises(InputError, match=message) as err, as_user(store, "alice") as s:
        store_import(s, rf)
    assert err.value.as_dict()["place"]
    with store.session() as s:
        assert list_rounds(s) == []


def test_the_largest_number_both_store_is_accepted(store: Store) -> None:
    data = round_to_mapping(load_round("sjc-2022-23"))
    data["ballots"][0].update(eligible=2**31 - 1, votes_cast=None, votes_yes=None, votes_no=None)
    with as_user(store, "alice") as s:
        store_import(s, parse_round(data, "edge.yaml"))
    with store.session() as s:
        assert [r.slug for r in list_rounds(s)] == ["sjc-2022-23"]
