"""The same data on every database: values are checked against the columns' bounds before they are written.

SQLite stores integers of any size, NUL characters and strings longer than their column; PostgreSQL refuses all
three. So that a file imported at home also imports on the team's server, every row is checked here, on both:
integers within 32 bits, no NUL character in any text (JSON documents included), strings within their length.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, String, event, inspect
from sqlalchemy.orm import Session

from payround.errors import InputError
from payround.store.types import ExactDecimal

__all__ = ["INT_MAX", "INT_MIN", "check_row", "install_bounds"]

INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _where(obj: Any) -> str:
    table = str(obj.__table__.name)
    for attr in ("key", "slug", "username", "name", "offer_key"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return f"{table} {value[:40]!r}"
    return table


def _nul(value: Any, path: str) -> str | None:
    """The path of the first string holding a NUL character in a JSON-like value."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for k, v in value.items():
            found = _nul(str(k), f"{path}.{k}") or _nul(v, f"{path}.{k}")
            if found:
                return found
    if isinstance(value, list | tuple):
        for i, v in enumerate(value):
            found = _nul(v, f"{path}[{i}]")
            if found:
                return found
    return None


def check_row(obj: Any) -> None:
    """Refuse a row that one of the supported databases would not store as it is."""
    for column in obj.__table__.columns:
        attr = inspect(type(obj)).get_property_by_column(column).key
        value = getattr(obj, attr, None)
        if value is None:
            continue
        place = f"{_where(obj)}: {column.name}"
        if isinstance(column.type, Integer) and isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            raise InputError(
                "the number is too large to store.", place=place, expected=f"{INT_MIN} to {INT_MAX}", got=str(value)
            )
        if isinstance(column.type, ExactDecimal) and isinstance(value, Decimal):
            text = format(value, "f")
            if len(text) > 40:
                raise InputError("the number has too many digits.", place=place, expected="at most 40", got=text)
        found = _nul(value, column.name)
        if found:
            raise InputError(
                "text may not contain the NUL character (\\0).", place=f"{_where(obj)}: {found}", got=repr(value)[:80]
            )
        length = getattr(column.type, "length", None)
        if isinstance(column.type, String) and length and isinstance(value, str) and len(value) > length:
            raise InputError(
                "the text is too long.", place=place, expected=f"at most {length} characters", got=str(len(value))
            )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        if hasattr(obj, "__table__"):
            check_row(obj)


def install_bounds(session_class: Any) -> None:
    """Check every new or changed row of sessions made by ``session_class`` before it is flushed."""
    event.listen(session_class, "before_flush", _before_flush)
