"""Reading inflation series: the bundled ONS series (``payround/data/inflation/uk_cpi_rpi_12m.csv``, monthly CPI and
RPI 12-month rates with the source of every figure), the bundled forecast for months not yet published
(``forecast.csv``: OBR, labelled *forecast* wherever used), and a user's own series (``--inflation FILE``: CSV with
columns month, CPI, RPI). The arithmetic lives in :mod:`payround.engine.realterms`."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path

from payround.engine.realterms import InflationSeries
from payround.errors import InputError, ParameterError

__all__ = [
    "FORECAST_FILE",
    "INFLATION_FILE",
    "load_inflation",
    "parse_inflation_csv",
    "parse_user_inflation",
    "with_forecast",
]

INFLATION_FILE = "data/inflation/uk_cpi_rpi_12m.csv"
FORECAST_FILE = "data/inflation/forecast.csv"
Month = tuple[int, int]


def _source(cell: str, which: str) -> str:
    """The part of a 'CPI: ...; RPI: ...' source cell about one series."""
    cpi_part, sep, rpi_part = cell.partition("; RPI:")
    if not sep:
        return cell.strip()
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
    cpi: dict[Month, Decimal] = {}
    rpi: dict[Month, Decimal] = {}
    cpi_src: dict[Month, str] = {}
    rpi_src: dict[Month, str] = {}
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


def parse_user_inflation(text: str, source: str) -> tuple[InflationSeries, InflationSeries]:
    """A user's series: CSV with columns month (YYYY-MM), CPI and RPI (12-month rates, %; a cell may be empty) and
    optionally source. Raises InputError naming the row and column."""
    reader = csv.DictReader(io.StringIO("\n".join(x for x in text.splitlines() if not x.startswith("#"))))
    cols = {c.strip().lower(): c for c in (reader.fieldnames or [])}
    if not {"month", "cpi", "rpi"} <= set(cols):
        raise InputError(
            "an inflation file needs the columns month, CPI, RPI.",
            file=source,
            place="row 1",
            expected="month,CPI,RPI[,source]",
            got=", ".join(reader.fieldnames or []),
        )
    out: dict[str, tuple[dict[Month, Decimal], dict[Month, str]]] = {"CPI": ({}, {}), "RPI": ({}, {})}
    for n, row in enumerate(reader, start=2):
        cell = (row.get(cols["month"]) or "").strip()
        try:
            y, m = (int(x) for x in cell.split("-"))
            if not 1 <= m <= 12:
                raise ValueError(cell)
        except ValueError as exc:
            raise InputError(
                "not a month.", file=source, place=f"row {n}, column month", expected="YYYY-MM", got=cell
            ) from exc
        src = (row.get(cols["source"]) or "").strip() if "source" in cols else ""
        for name in ("CPI", "RPI"):
            value = (row.get(cols[name.lower()]) or "").strip()
            if not value:
                continue
            try:
                out[name][0][(y, m)] = Decimal(value)
            except InvalidOperation as exc:
                raise InputError(
                    "not a rate.", file=source, place=f"row {n}, column {name}", expected="a percentage", got=value
                ) from exc
            out[name][1][(y, m)] = src or f"user file {source}"
    return (
        InflationSeries("CPI", out["CPI"][0], out["CPI"][1]),
        InflationSeries("RPI", out["RPI"][0], out["RPI"][1]),
    )


def _bundled(name: str) -> str:
    return resources.files("payround").joinpath(*name.split("/")).read_text(encoding="utf-8")


def with_forecast(published: InflationSeries, forecast: InflationSeries, last_published: Month) -> InflationSeries:
    """``published`` with ``forecast`` filling the months after ``last_published`` that it does not give."""
    rates = dict(published.rates)
    sources = dict(published.sources)
    marked = set(published.forecast)
    for month, rate in forecast.rates.items():
        if month > last_published and month not in rates:
            rates[month] = rate
            sources[month] = f"forecast: {forecast.sources[month]}"
            marked.add(month)
    return InflationSeries(published.name, rates, sources, frozenset(marked))


@lru_cache(maxsize=1)
def _bundled_series() -> tuple[InflationSeries, InflationSeries]:
    return parse_inflation_csv(_bundled(INFLATION_FILE), INFLATION_FILE)


def load_inflation(path: str | Path | None = None, *, forecast: bool = True) -> tuple[InflationSeries, InflationSeries]:
    """CPI and RPI: the bundled ONS series (CPI complete from January 2020, RPI where found), overlaid with the
    user's file ``path`` if given, and — unless ``forecast`` is false — the bundled OBR forecast for months after the
    last month ONS has published (the last CPI month of the bundled series), labelled as forecast."""
    cpi, rpi = _bundled_series()
    if path is not None:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}.", file=str(p)) from exc
        user_cpi, user_rpi = parse_user_inflation(text, str(p))
        cpi = InflationSeries("CPI", {**cpi.rates, **user_cpi.rates}, {**cpi.sources, **user_cpi.sources})
        rpi = InflationSeries("RPI", {**rpi.rates, **user_rpi.rates}, {**rpi.sources, **user_rpi.sources})
    if not forecast:
        return cpi, rpi
    if path is None:
        return _bundled_with_forecast()
    return _with_bundled_forecast(cpi, rpi)


def _with_bundled_forecast(cpi: InflationSeries, rpi: InflationSeries) -> tuple[InflationSeries, InflationSeries]:
    last = max(_bundled_series()[0].rates)  # ONS publishes CPI and RPI together: CPI is complete
    f_cpi, f_rpi = _bundled_forecast()
    return with_forecast(cpi, f_cpi, last), with_forecast(rpi, f_rpi, last)


@lru_cache(maxsize=1)
def _bundled_forecast() -> tuple[InflationSeries, InflationSeries]:
    return parse_inflation_csv(_bundled(FORECAST_FILE), FORECAST_FILE)


@lru_cache(maxsize=1)
def _bundled_with_forecast() -> tuple[InflationSeries, InflationSeries]:
    """The bundled series with the bundled forecast (the series are read-only): every preview asks for them."""
    return _with_bundled_forecast(*_bundled_series())
