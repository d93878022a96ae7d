"""Hostile files written at test time into a temporary folder: large files (never committed), links to devices and
``/proc`` files, and a file that is not a database. Each maker takes the folder and returns the path to pass."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.hostile.make_files import OFFER_HEAD, WORKFORCE, sheet_xml, write_xlsx

MB = 1024 * 1024


def _link(target: str, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        os.symlink(target, path)
        return path

    return make


def yaml_100mb(folder: Path) -> Path:
    """A 100 MB offer (a list of a million stages): refused by its size before it is parsed."""
    path = folder / "offer-100mb.yaml"
    line = b"  - {effective: 2021-04-01, steps: [{floor: 10.50}]}\n"
    with path.open("wb") as f:
        f.write(b"name: x\nstructure: sjc/2021-22\nstages:\n")
        chunk = line * (MB // len(line))
        for _ in range(100):
            f.write(chunk)
    return path


def offer_1_6mb(folder: Path) -> Path:
    """A 1.6 MB offer under the limits (60,000 set rates): parsed by the C loader and validated in a few seconds, then
    refused for naming points the structure lacks."""
    path = folder / "offer-1.6mb.yaml"
    rates = "".join(f"          p{i:06d}: 10.{i % 100:02d}\n" for i in range(60_000))
    path.write_text(OFFER_HEAD + "      - set:\n" + rates, encoding="utf-8")
    return path


def structure_2000_points(folder: Path) -> Path:
    """A structure at the points limit: ``show`` must be linear in points (it was quadratic)."""
    path = folder / "structure-2000.csv"
    rows = "".join(f"{i},{10 + i / 100:.2f}\n" for i in range(1, 2001))
    head = (
        "# unit: hour\n# standard_hours: 37\n# weeks_per_year: 52.143\n# rounding_quantum: 0.01\n# country: scotland\n"
    )
    path.write_text(head + "point,rate\n" + rows, encoding="utf-8")
    return path


def xlsx_zip_bomb(folder: Path) -> Path:
    """A workbook of about 1 MB whose sheet unzips to 120 MB: refused before openpyxl parses it."""
    path = folder / "bomb.xlsx"
    write_xlsx(path, {"workforce": sheet_xml(WORKFORCE)})
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Council A</t></is></c></row>'
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z, z.open("xl/padding.xml", "w") as f:
        chunk = row * (MB // len(row))
        for _ in range(120):
            f.write(chunk)
    return path


def csv_sparse_1_5gb(folder: Path) -> Path:
    """A 1.5 GB workforce CSV (sparse on disk): refused by its size before it is read."""
    path = folder / "workforce-1.5gb.csv"
    with path.open("wb") as f:
        f.write(b"employer,point,weekly_hours\n")
        f.truncate(1536 * MB)
    return path


def not_a_database(folder: Path) -> Path:
    """Random bytes where an SQLite database is expected."""
    path = folder / "not-a-database.sqlite3"
    path.write_bytes(os.urandom(8192))
    return path


MAKERS: dict[str, Callable[[Path], Path]] = {
    "yaml_100mb": yaml_100mb,
    "offer_1_6mb": offer_1_6mb,
    "structure_2000_points": structure_2000_points,
    "xlsx_zip_bomb": xlsx_zip_bomb,
    "csv_sparse_1_5gb": csv_sparse_1_5gb,
    "not_a_database": not_a_database,
    "dev_zero_yaml": _link("/dev/zero", "zero.yaml"),
    "dev_zero_csv": _link("/dev/zero", "zero.csv"),
    "dev_zero_xlsx": _link("/dev/zero", "zero.xlsx"),
    "proc_environ_csv": _link("/proc/self/environ", "environ.csv"),
    "proc_environ_yaml": _link("/proc/self/environ", "environ.yaml"),
    "fifo_csv": lambda folder: (os.mkfifo(folder / "fifo.csv"), folder / "fifo.csv")[1],
}
