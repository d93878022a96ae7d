"""Workforce tables (Polars): loading CSV, XLSX and Parquet with located errors, bundled illustrative workforces
and the synthetic generator that builds them."""

from payround.workforce.columns import COLUMNS, Column
from payround.workforce.load import load_workforce, read_workforce
from payround.workforce.model import Workforce

__all__ = ["COLUMNS", "Column", "Workforce", "load_workforce", "read_workforce"]
