"""A Rich table that draws the common case quickly: the same segments as :class:`rich.table.Table`, so the same bytes
on every console (a pipe, a colour terminal, ``NO_COLOR``), without Rich's per-cell layout work.

Rich lays out each cell on its own (measure, wrap, pad, crop): for a 100-row table that is most of the time the
command line takes. When every cell is one line of plain text and the table fits the console as it is, the layout
is simple — each column as wide as its widest cell plus padding, text justified in it — and this class yields those
segments itself. Anything else (a table too wide, so that Rich folds cells; a cell with a line break, markup or an
emoji code; a box or options this does not draw) is drawn by Rich. ``tests/cli/test_table.py`` checks the two agree
segment for segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.markup import escape
from rich.segment import Segment
from rich.style import Style
from rich.table import Table

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

__all__ = ["FastTable"]

_UNSAFE = ("[", "\\", "\t", "\n", "\r")


def _plain(text: str) -> bool:
    # Text that Rich would show exactly as written: no markup, no emoji code (":name:"), one printable line, no
    # surrounding spaces (Rich's wrapping could trim them) and not empty (an empty cell is padded differently).
    return (
        bool(text)
        and text.isprintable()
        and text == text.strip()
        and text.count(":") < 2
        and not any(c in text for c in _UNSAFE)
    )


class FastTable(Table):
    """A :class:`rich.table.Table` of plain-text cells (header and rows given as strings, each column ``"left"`` or
    ``"right"`` justified) that draws itself without per-cell layout when it can, exactly as Rich would."""

    def __init__(
        self, title: str, header: Sequence[tuple[str, str]], rows: Iterable[Sequence[str]], **table: object
    ) -> None:
        super().__init__(title=escape(title), **table)  # type: ignore[arg-type]
        self._header = [name for name, _ in header]
        self._justify = [justify for _, justify in header]
        self._rows = [list(r) for r in rows]
        for name, justify in header:
            self.add_column(escape(name), justify=justify, overflow="fold")  # type: ignore[arg-type]
        for r in self._rows:
            self.add_row(*(escape(x) for x in r))

    def _pads(self) -> list[tuple[int, int]]:
        _, right, _, left = self.padding
        n = len(self.columns)
        return [
            (0 if i == 0 and not self.pad_edge else left, 0 if i == n - 1 and not self.pad_edge else right)
            for i in range(n)
        ]

    def _simple(self) -> bool:
        return (
            self.box is not None
            and self.show_header
            and self.show_edge
            and not self.show_footer
            and not self.show_lines
            and not self.leading
            and not self.expand
            and self.width is None
            and self.min_width is None
            and not self.collapse_padding
            and not self.row_styles
            and self.padding[0] == self.padding[2] == 0
            and self.style in (None, "", "none")
            and self.border_style in (None, "", "none")
            and all(
                c.justify in ("left", "right")
                and c.style in (None, "", "none")
                and c.header_style in (None, "", "none")
                and c.width is None
                and c.min_width is None
                and c.max_width is None
                and c.ratio is None
                and c.vertical == "top"
                for c in self.columns
            )
            and all(r.style is None and not r.end_section for r in self.rows)
            and all(_plain(x) for x in self._header)
            and all(_plain(x) for r in self._rows for x in r)
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.columns or not self._simple():
            yield from super().__rich_console__(console, options)
            return
        pads = self._pads()
        content = [max([cell_len(h)] + [cell_len(r[i]) for r in self._rows]) for i, h in enumerate(self._header)]
        widths = [w + left + right for w, (left, right) in zip(content, pads, strict=True)]
        table_width = sum(widths) + self._extra_width
        if table_width > options.max_width:
            yield from super().__rich_console__(console, options)  # Rich folds cells to fit
            return
        render_options = options.update(width=table_width, highlight=self.highlight, height=None)
        if self.title:  # the title as Table draws it
            title = console.render_str(
                str(self.title), style=Style.pick_first(self.title_style, "table.title"), highlight=False
            )
            yield from console.render(title, options=render_options.update(justify=self.title_justify))
        yield from self._lines(console, options, widths, content, pads)

    def _lines(
        self,
        console: Console,
        options: ConsoleOptions,
        widths: list[int],
        content: list[int],
        pads: list[tuple[int, int]],
    ) -> Iterator[Segment]:
        box = self.box
        assert box is not None
        box = box.substitute(options, safe=console.safe_box if self.safe_box is None else self.safe_box)
        border = console.get_style(self.style or "") + console.get_style(self.border_style or "")
        header_style = console.get_style(self.header_style or "") + console.get_style("")
        pad_style = console.get_style("none")
        new_line = Segment.line()
        yield Segment(box.get_top(widths), border)
        yield new_line
        n_rows = len(self._rows)
        for index, cells in enumerate([self._header, *self._rows]):
            header = index == 0
            if header:
                left, right, divider = box.head_left, box.head_right, box.head_vertical
            elif index == n_rows:
                left, right, divider = box.foot_left, box.foot_right, box.foot_vertical
            else:
                left, right, divider = box.mid_left, box.mid_right, box.mid_vertical
            yield Segment(left, border)
            for i, text in enumerate(cells):
                if i:
                    yield Segment(divider, border)
                fill = " " * (content[i] - cell_len(text))
                justified = text + fill if self._justify[i] == "left" else fill + text
                pad_left, pad_right = pads[i]
                if header:
                    if pad_left:
                        yield Segment(" " * pad_left, pad_style + header_style)
                    yield Segment(justified, header_style)
                    if pad_right:
                        yield Segment(" " * pad_right, pad_style + header_style)
                else:
                    if pad_left:
                        yield Segment(" " * pad_left, pad_style)
                    yield Segment(justified)
                    if pad_right:
                        yield Segment(" " * pad_right, pad_style)
            yield Segment(right, border)
            yield new_line
            if header:
                yield Segment(box.get_row(widths, "head", edge=True), border)
                yield new_line
        yield Segment(box.get_bottom(widths), border)
        yield new_line
