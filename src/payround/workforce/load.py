"""Loading workforces: a file path (CSV, XLSX, Parquet) or a bundled id (``sjc/illustrative``, ``njc/illustrative``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from payround.errors import WorkforceError
from payround.sources import Sources, active
from payround.workforce.mapping import ColumnMap, apply_column_map, column_map
from payround.workforce.model import Workforce
from payround.workforce.read import RawTable, read_table
from payround.workforce.validate import ignored_columns, validate_table

__all__ = ["Progress", "load_workforce", "read_workforce", "workforce_from_raw"]

Progress = Callable[[str, int, int], None]
"""Reports long work as (what, done, total): the CLI shows it as a progress bar on stderr; the library never prints."""


def workforce_from_raw(raw: RawTable, columns: ColumnMap | None = None, **kwargs: object) -> Workforce:
    """Validate a raw table into a Workforce, reading its columns through ``columns`` when given (keyword
    arguments set name, illustrative, notes...). Columns payround does not use are ignored and listed."""
    if columns is not None:
        raw = apply_column_map(raw, columns)
    ignored = tuple(raw.headers.get(c, c) for c in ignored_columns(raw))
    frame = validate_table(raw)
    described = columns.describe() if columns is not None else ""
    return Workforce(
        frame,
        raw.source,
        raw.first_row,
        ignored_columns=ignored,
        column_map=described,
        **kwargs,  # type: ignore[arg-type]
    )


def read_workforce(path: str | Path, columns: ColumnMap | None = None) -> Workforce:
    """Read and validate a workforce file (through a column mapping when given). Raises WorkforceError naming the
    file, the row and the column."""
    p = Path(path)
    return workforce_from_raw(read_table(p), columns, name=p.stem)


def load_workforce(
    ref: str | Path,
    sources: Sources | None = None,
    *,
    columns: ColumnMap | str | None = None,
    progress: Progress | None = None,
) -> Workforce:
    """A bundled workforce by id, or a workforce file by path (as ``sources`` allows), read through ``columns``
    when given. A bundled workforce is generated into the cache on first use, reporting to ``progress``."""
    from payround.workforce.bundled import bundled_workforce_ids, load_bundled

    columns = column_map(columns, sources)
    text = str(ref)
    if isinstance(ref, str) and text in bundled_workforce_ids():
        if columns is not None:
            raise WorkforceError(
                "a column mapping applies to a payroll file, not to a bundled workforce.",
                file=text,
                hint="leave out --columns, or give the path of your payroll export.",
            )
        return load_bundled(text, progress)
    p = active(sources).resolve(ref, what="workforce")
    if not p.exists() and "/" in text and not p.suffix:
        raise WorkforceError(
            f"no bundled workforce or file called {text!r}.",
            file=text,
            expected=f"a bundled id ({', '.join(bundled_workforce_ids())}) or a .csv, .xlsx or .parquet file",
            hint="check the spelling, or give the path of your workforce file.",
        )
    return read_workforce(p, columns)
