"""The fast table draws exactly what Rich's table draws — segment for segment, so byte for byte on any console —
and takes its fast path on the tables the commands print."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.table import Table as RichTable

from payround.cli.render import _rich_table
from payround.cli.table import FastTable
from payround.reports.offers import apply_report, explain_report, structure_report, structures_report
from payround.structures import bundled_structure_ids
from tests.conftest import EXAMPLES

OFFERS = sorted(p.name for p in EXAMPLES.glob("[ns]jc-*.yaml") if not p.name.endswith(".expected.yaml"))


def _consoles(width: int, every: bool) -> Iterator[Console]:
    common = {"file": io.StringIO(), "width": width, "soft_wrap": False, "highlight": False}
    yield Console(**common, force_terminal=True, color_system="truecolor")
    if every:
        yield Console(**common)  # a pipe
        yield Console(**common, force_terminal=True, color_system="standard", no_color=True)


def _same(t: FastTable, width: int, every: bool = True) -> None:
    """The same segments as Rich's table on each console, and (so through the same writer) the same output."""
    for con in _consoles(width, every):
        assert list(t.__rich_console__(con, con.options)) == list(RichTable.__rich_console__(t, con, con.options))
    printed = []
    for drawn in (t, _Plain(t)):
        con.file = io.StringIO()
        con.print(drawn)
        printed.append(con.file.getvalue())
    assert printed[0] == printed[1]


class _Plain:
    """Draws a FastTable through Rich's own Table code."""

    def __init__(self, t: FastTable) -> None:
        self.t = t

    def __rich_console__(self, console: Console, options: object) -> Iterator[Segment]:
        yield from RichTable.__rich_console__(self.t, console, options)  # type: ignore[arg-type]


def _report_tables() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for name in OFFERS:
        path = EXAMPLES / name
        out += [(f"apply {name}", t) for t in apply_report(path).tables()]
        out += [(f"explain {name}", t) for t in explain_report(path).tables()]
    out += [("structures", t) for t in structures_report().tables()]
    for sid in bundled_structure_ids()[:4]:
        out += [(f"show {sid}", t) for t in structure_report(sid).tables()]
    return out


TABLES = _report_tables()


def test_every_table_of_the_offer_commands_is_drawn_as_rich_draws_it() -> None:
    assert len(TABLES) > 10
    for _, table in TABLES:
        _same(_rich_table(table), 100, every=False)  # type: ignore[arg-type]
    for _, table in TABLES[:: max(1, len(TABLES) // 4)]:
        _same(_rich_table(table), 100)  # type: ignore[arg-type]
        _same(_rich_table(table), 60, every=False)  # type: ignore[arg-type] - too wide: Rich folds it


def test_the_fast_path_is_taken_where_a_table_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> Iterator[Segment]:
        raise AssertionError("drawn by Rich's table code")
        yield Segment("")

    applied = [t for label, t in TABLES if label.startswith("apply sjc-2022-settlement")]
    assert applied
    monkeypatch.setattr(RichTable, "__rich_console__", refuse)
    con = Console(file=io.StringIO(), width=100)
    for t in applied:
        con.print(_rich_table(t))  # type: ignore[arg-type]
    assert "SLGLW" in con.file.getvalue()  # type: ignore[attr-defined]


_TEXT = st.text(alphabet="ab Z9£–*:.,%[]\\中é-_/()", max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    title=_TEXT,
    columns=st.lists(st.tuples(_TEXT, st.sampled_from(["left", "right"])), min_size=1, max_size=5),
    rows=st.lists(st.lists(_TEXT, min_size=5, max_size=5), max_size=6),
    width=st.integers(min_value=20, max_value=120),
)
def test_any_table_is_drawn_as_rich_draws_it(
    title: str, columns: list[tuple[str, str]], rows: list[list[str]], width: int
) -> None:
    t = FastTable(
        title, columns, [r[: len(columns)] for r in rows], title_justify="left", header_style="bold", pad_edge=False
    )
    _same(t, width)
