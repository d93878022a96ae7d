"""Reading the bundled inflation series (``payround/data/inflation/uk_cpi_rpi_12m.csv``): monthly CPI and RPI
12-month rates with the source of every figure. The arithmetic lives in :mod:`payround.engine.realterms`."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

from payround.engine.realterms import InflationSeries
from payround.errors import ParameterError

__all__ = ["INFLATION_FILE", "load_inflation", "parse_inflation_csv"]

INFLATION_FILE = "data/inflation/uk_cpi_rpi_12m.csv"


def _source(cell: str, which: str) -> str:
    """The part of a 'CPI: ...; RPI: ...' source cell about one series."""
    cpi_part, _, rpi_part = cell.partition("; RPI:")
    if which == "RPI":
        return rpi_part.strip()
    return cpi_part.strip().removeprefix("CPI:").strip()


def parse_inflation_csv(text: str, source: str) -> tuple[InflationSeries, InflationSeries]:
    """CPI and RPI from CSV text (columns date, cpi_12m, rpi_12m, source_url; '#' lines are comments)."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(body))
    if reader.fieldnames is None or not {"date", "cpi_12m", "rpi_12m", "source_url"} <= set(reader.fieldnames):
        raise ParameterError(
            "the inflation file needs the columns date, cpi_12m, rpi_12m, source_url.",
            file=source,
            got=", ".join(reader.fieldnames or []),
        )
    cpi: dict[tuple[int, int], Decimal] = {}
    rpi: dict[tuple[int, int], Decimal] = {}
    cpi_src: dict[tuple[int, int], str] = {}
    rpi_src: dict[tuple[int, int], str] = {}
    for n, row in enumerate(reader, start=2):
        try:
            y, m = (int(x) for x in row["date"].split("-"))
            month = (y, m)
            if row["cpi_12m"].strip():
                cpi[month] = Decimal(row["cpi_12m"].strip())
                cpi_src[month] = _source(row["source_url"], "CPI")
            if row["rpi_12m"].strip():
                rpi[month] = Decimal(row["rpi_12m"].strip())
                rpi_src[month] = _source(row["source_url"], "RPI")
        except (ValueError, InvalidOperation) as exc:
            raise ParameterError(f"cannot read this row: {exc}.", file=source, place=f"row {n}") from exc
    return InflationSeries("CPI", cpi, cpi_src), InflationSeries("RPI", rpi, rpi_src)


@lru_cache(maxsize=1)
def load_inflation() -> tuple[InflationSeries, InflationSeries]:
    """The bundled CPI and RPI series (ONS D7G7 complete from January 2020; RPI where found)."""
    text = resources.files("payround").joinpath(*INFLATION_FILE.split("/")).read_text(encoding="utf-8")
    return parse_inflation_csv(text, INFLATION_FILE)
