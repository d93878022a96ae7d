"""Loading workforces: a file path (CSV, XLSX, Parquet) or a bundled id (``sjc/illustrative``, ``njc/illustrative``)."""

from __future__ import annotations

from pathlib import Path

from payround.errors import WorkforceError
from payround.sources import Sources, active
from payround.workforce.model import Workforce
from payround.workforce.read import RawTable, read_table
from payround.workforce.validate import validate_table

__all__ = ["load_workforce", "read_workforce", "workforce_from_raw"]


def workforce_from_raw(raw: RawTable, **kwargs: object) -> Workforce:
    """Validate a raw table into a Workforce (keyword arguments set name, illustrative, notes...)."""
    frame = validate_table(raw)
    return Workforce(frame, raw.source, raw.first_row, **kwargs)  # type: ignore[arg-type]


def read_workforce(path: str | Path) -> Workforce:
    """Read and validate a workforce file. Raises WorkforceError naming the file, the row and the column."""
    p = Path(path)
    return workforce_from_raw(read_table(p), name=p.stem)


def load_workforce(ref: str | Path, sources: Sources | None = None) -> Workforce:
    """A bundled workforce by id, or a workforce file by path (as ``sources`` allows)."""
    from payround.workforce.bundled import bundled_workforce_ids, load_bundled

    text = str(ref)
    if isinstance(ref, str) and text in bundled_workforce_ids():
        return load_bundled(text)
    p = active(sources).resolve(ref, what="workforce")
    if not p.exists() and "/" in text and not p.suffix:
        raise WorkforceError(
            f"no bundled workforce or file called {text!r}.",
            file=text,
            expected=f"a bundled id ({', '.join(bundled_workforce_ids())}) or a .csv, .xlsx or .parquet file",
            hint="check the spelling, or give the path of your workforce file.",
        )
    return read_workforce(p)
