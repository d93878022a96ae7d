"""Spreadsheet-safe text: a name from a user's file must never become a live formula in an export.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some that start
with a tab or a carriage return) as a formula, in CSV files and in workbooks alike: an employer called
``=HYPERLINK("http://…","Click")`` or ``@SUM(A1)`` would run when the export is opened. Such text gets a leading
apostrophe, which spreadsheets show as text; numbers (``-12.50``, ``-£5.00``, ``-3.2%``) are left alone.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["safe_cell"]

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?£?[0-9][0-9,]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?%?")


def safe_cell(value: Any) -> Any:
    """``value`` unchanged unless it is text a spreadsheet would run as a formula; then the text with a leading
    apostrophe."""
    if isinstance(value, str) and value.startswith(_RISKY) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
