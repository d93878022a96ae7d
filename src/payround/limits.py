"""Sanity limits on what payround reads, and the careful file reading that enforces them.

Every user file is read through here: it must be a regular file (not ``/dev/zero``, a pipe or a directory), no
larger than the limit for its kind, read with a bound even when the system reports a size of 0 (``/proc`` files),
and text must be UTF-8 without NUL bytes. Errors name the file and the limit, never echo the file's content.
The limits are documented in docs/offer-format.md and docs/costing.md ("Limits").
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from payround.errors import InputError

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_TABLE_COLUMNS",
    "MAX_WORKFORCE_BYTES",
    "MAX_WORKFORCE_ROWS",
    "MAX_XLSX_UNZIPPED_BYTES",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "check_file",
    "check_xlsx",
    "describe_size",
    "read_bytes_limited",
    "read_text_limited",
    "short",
]

MB = 1024 * 1024

MAX_YAML_BYTES = 2 * MB  # offers, structures, rounds: the largest bundled file is 21 KB
MAX_YAML_DEPTH = 40  # nesting of mappings and lists; real files nest fewer than 10 levels
MAX_YAML_NODES = 200_000  # scalars, lists and mappings, with aliases counted every time they are used
MAX_CSV_BYTES = 20 * MB  # structure, strike, household and pension-rate tables
MAX_WORKFORCE_BYTES = 1024 * MB  # a workforce as CSV or Parquet
MAX_WORKFORCE_ROWS = 5_000_000  # the bundled NJC workforce has 1.5 million rows
MAX_XLSX_UNZIPPED_BYTES = 100 * MB  # all parts of a workbook once unzipped (XLSX is a zip of XML)
MAX_TABLE_COLUMNS = 256


def describe_size(n: int) -> str:
    """A byte count for people: '1.6 KB', '267 MB'."""
    if n < 1024:
        return f"{n} bytes"
    if n < MB:
        return f"{n / 1024:.1f} KB"
    return f"{n / MB:,.0f} MB" if n >= 10 * MB else f"{n / MB:.1f} MB"


def short(value: object, limit: int = 60) -> str:
    """``repr`` of a value for an error message, cut to ``limit`` characters: a message quotes what was found
    without ever reproducing a file's content."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_file(path: Path, limit: int, error: type[InputError], *, source: str | None = None) -> int:
    """Check that ``path`` is a regular file no larger than ``limit`` bytes; returns its size.

    Raises ``error`` naming the file for a missing file, a device, pipe or directory, or a file over the limit.
    """
    name = source or str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise error("no such file.", file=name, hint="check the path.") from exc
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}.", file=name) from exc
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a device, pipe or socket"
        raise error(
            f"this is {kind}, not a file.",
            file=name,
            hint="give the path of an ordinary file.",
        )
    if st.st_size > limit:
        raise error(
            f"the file is {describe_size(st.st_size)}, over the limit of {describe_size(limit)} for this kind of file.",
            file=name,
            hint="check that this is the right file; split a very large table, or use Parquet for a workforce.",
        )
    return st.st_size


def read_bytes_limited(path: Path, limit: int, error: type[InputError], *, source: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (checked before and while reading)."""
    name = source or str(path)
    check_file(path, limit, error, source=source)
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)  # /proc files report size 0: the read itself is bounded too
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}.", file=name) from exc
    if len(data) > limit:
        raise error(
            f"the file is over the limit of {describe_size(limit)} for this kind of file.",
            file=name,
            hint="check that this is the right file.",
        )
    return data


def read_text_limited(
    path: Path, limit: int, error: type[InputError], *, source: str | None = None, hint: str = "save it as UTF-8."
) -> str:
    """UTF-8 text of a regular file of at most ``limit`` bytes; a byte-order mark is dropped. Binary content (a NUL
    byte) or another encoding is an error naming the file (and the line of the first bad byte)."""
    name = source or str(path)
    data = read_bytes_limited(path, limit, error, source=source)
    if b"\x00" in data:
        raise error("this is not a text file (it contains NUL bytes).", file=name, hint="check the path.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            "the file is not UTF-8 text.",
            file=name,
            place=f"line {line}",
            got=f"the byte 0x{data[exc.start]:02x}",
            hint=hint,
        ) from exc
    return text.removeprefix("\ufeff")


def check_xlsx(path: Path, error: type[InputError], *, source: str | None = None) -> None:
    """Check a workbook before opening it: a regular file, a zip whose parts unzip to at most
    ``MAX_XLSX_UNZIPPED_BYTES`` (a small file can declare gigabytes: a 'zip bomb')."""
    name = source or str(path)
    check_file(path, MAX_XLSX_UNZIPPED_BYTES, error, source=source)
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise error(
            "this is not an Excel .xlsx workbook (it is not a zip archive).",
            file=name,
            hint="save it again from Excel as .xlsx, or as CSV UTF-8.",
        ) from exc
    if total > MAX_XLSX_UNZIPPED_BYTES:
        raise error(
            f"the workbook unzips to {describe_size(total)}, over the limit of "
            f"{describe_size(MAX_XLSX_UNZIPPED_BYTES)}.",
            file=name,
            hint="save a large table as CSV or Parquet instead.",
        )
