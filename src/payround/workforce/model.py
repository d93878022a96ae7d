"""The validated workforce: a typed Polars frame plus where it came from, and its link to a pay structure."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from payround.errors import WorkforceError
from payround.structures import PayStructure

__all__ = ["Workforce"]


def _as_number(label: str) -> float | None:
    try:
        return float(label)
    except ValueError:
        return None


@dataclass(frozen=True)
class Workforce:
    """A validated workforce table: one row per employee or per group of identical employees.

    ``frame`` has the columns of ``payround.workforce.columns.COLUMNS`` that the file had, typed: Enums for
    ``employer``, ``point``, ``gender``, ``group`` and ``pension_scheme``; Float64 for ``weekly_hours`` or ``fte``,
    ``paid_weeks`` and ``employer_pension_rate``; Int64 for ``headcount`` (always present) and ``age``.
    """

    frame: pl.DataFrame
    source: str
    first_row: int = 2
    name: str = ""
    illustrative: bool = False
    notes: tuple[str, ...] = ()
    # Bundled illustrative workforces only: staff on a point the structure lacks (e.g. NJC SCP 1, deleted on
    # 1 April 2023) are costed on the next point up, as a deletion moves them. User files get an error instead.
    relocate_missing_points: bool = False
    ignored_columns: tuple[str, ...] = ()  # the file's columns payround does not use, as the file names them
    column_map: str = ""  # how the file's columns were read, in plain English ('' when read as named)
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    # ----- simple facts --------------------------------------------------------------------------------------
    @property
    def rows(self) -> int:
        """Rows in the table."""
        return self.frame.height

    @property
    def headcount(self) -> int:
        """People the table stands for."""
        return int(self.frame["headcount"].sum())

    @property
    def hours_column(self) -> str:
        """``weekly_hours`` or ``fte``: how the table gives working time."""
        return "weekly_hours" if "weekly_hours" in self.frame.columns else "fte"

    def has(self, column: str) -> bool:
        """Whether the table has ``column``."""
        return column in self.frame.columns

    def labels(self, column: str) -> list[str]:
        """The category labels of an Enum column, in code order."""
        dtype = self.frame[column].dtype
        if not isinstance(dtype, pl.Enum):
            raise TypeError(f"{column} is not an Enum column")
        return list(dtype.categories)

    def codes(self, column: str) -> npt.NDArray[np.int64]:
        """Integer codes of an Enum column (-1 for empty cells)."""
        s = self.frame[column].to_physical()
        if s.null_count() == 0:
            return s.to_numpy().astype(np.int64)
        return s.cast(pl.Int64).fill_null(-1).to_numpy()

    def weekly_hours(self, structure: PayStructure) -> npt.NDArray[np.float64]:
        """Weekly hours of each row (``fte`` times the structure's standard week when the table gives fte)."""
        col = self.frame[self.hours_column].to_numpy().astype(np.float64, copy=False)
        return col if self.hours_column == "weekly_hours" else col * float(structure.standard_hours)

    @property
    def load_notes(self) -> list[str]:
        """What a costing on this table should say about how the file was read: the mapping used, columns ignored."""
        out = []
        if self.column_map:
            out.append(f"Columns read through a mapping: {self.column_map}.")
        if self.ignored_columns:
            shown = ", ".join(repr(c) for c in self.ignored_columns[:12])
            more = f" and {len(self.ignored_columns) - 12} more" if len(self.ignored_columns) > 12 else ""
            out.append(f"Columns not used by payround (ignored): {shown}{more}.")
        return out

    # ----- the link to a structure ---------------------------------------------------------------------------
    def point_index(self, structure: PayStructure) -> tuple[npt.NDArray[np.int32], list[str]]:
        """Each row's point as an index into ``structure.point_ids``, and notes on any relocation.

        Raises WorkforceError at the first row whose point the structure does not have.
        """
        key = f"points:{structure.fingerprint}"
        cached = self._cache.get(key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        for old in [k for k in self._cache if k.startswith("points:")][:-7]:
            del self._cache[old]  # a server meets many structures: keep the last few
        ids = structure.point_ids
        where = {p: i for i, p in enumerate(ids)}
        cats = self.labels("point")
        mapping = np.array([where.get(c, -1) for c in cats] or [0], dtype=np.int16)
        notes: list[str] = []
        if structure.point_labels is not None:
            self._read_labels(structure, cats, where, mapping, notes)
        missing = [i for i, c in enumerate(cats) if c not in where and mapping[i] < 0]
        codes = self.frame["point"].to_physical().to_numpy()
        if missing:
            hc = self.frame["headcount"]
            weights = None if hc.max() == 1 else hc.to_numpy()
            people = np.bincount(codes, weights=weights, minlength=len(cats))
            for i in missing:
                if people[i] == 0:
                    continue
                dest = self._relocation(cats[i], ids) if self.relocate_missing_points else None
                if dest is None:
                    self._unknown_point(cats[i], i, codes, structure)
                else:
                    mapping[i] = where[dest]
                    n = int(people[i])
                    notes.append(
                        f"{n:,} staff on point {cats[i]}, which {structure.id} does not have, are costed on point "
                        f"{dest} (the next point up, as when a point is deleted)."
                    )
        out = (mapping.astype(np.int32)[codes], notes)
        self._cache[key] = out
        return out

    @staticmethod
    def _read_labels(
        structure: PayStructure,
        cats: list[str],
        where: dict[str, int],
        mapping: npt.NDArray[np.int16],
        notes: list[str],
    ) -> None:
        """Read labels the structure's point-label rule knows ('SCP019' -> '19') as its points."""
        rule = structure.point_labels
        assert rule is not None
        known = set(where)
        read: list[str] = []
        for i, c in enumerate(cats):
            if c in where:
                continue
            point = rule.resolve(c, known)
            if point is not None:
                mapping[i] = where[point]
                read.append(f"{c!r} as {point}")
        if read:
            shown = ", ".join(read[:4]) + (f" and {len(read) - 4} more" if len(read) > 4 else "")
            notes.append(f"Point labels read by {structure.id}'s label rule ({rule.describe()}): {shown}.")

    @staticmethod
    def _relocation(label: str, ids: list[str]) -> str | None:
        x = _as_number(label)
        if x is None:
            return None
        above = [(v, p) for p in ids if (v := _as_number(p)) is not None and v > x]
        return min(above)[1] if above else None

    def _unknown_point(self, label: str, code: int, codes: npt.NDArray[np.generic], s: PayStructure) -> None:
        rows = np.flatnonzero(codes == code)
        first = self.first_row + int(rows[0])
        more = f" ({len(rows) - 1} more rows)" if len(rows) > 1 else ""
        span = f"{s.point_ids[0]} to {s.point_ids[-1]}"
        raise WorkforceError(
            f"point {label!r} is not in the structure {s.id}{more}.",
            file=self.source,
            place=f"row {first}, column point",
            expected=f"a point of {s.id} (points run {span})",
            got=repr(label),
            hint="check the point label, or cost the offer on the structure this workforce is paid on (--structure).",
        )

    def check(self, structure: PayStructure) -> list[str]:
        """Validate the workforce against ``structure`` (every point known); returns notes on relocations."""
        return self.point_index(structure)[1]
