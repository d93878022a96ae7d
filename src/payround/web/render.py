"""Templates and how a report's tables are shown in a page (the one formatter of ``payround.reports.format``)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from payround.reports.base import Block, Cell, Kind, Table, Text
from payround.reports.format import cell_text

__all__ = ["STATIC_DIR", "assets_present", "templates"]

_HERE = Path(str(resources.files("payround.web")))
STATIC_DIR = _HERE / "static"
VENDOR = ("htmx.min.js", "vega.min.js", "vega-lite.min.js", "vega-embed.min.js")

templates = Jinja2Templates(directory=str(_HERE / "templates"))


def assets_present() -> bool:
    """True when the vendored JavaScript is installed (``make web-assets``)."""
    return all((STATIC_DIR / "vendor" / f).is_file() for f in VENDOR)


def _cell(value: Cell, kind: str) -> str:
    return cell_text(value, Kind(kind))


def _is_table(block: Block) -> bool:
    return isinstance(block, Table)


def _is_text(block: Block) -> bool:
    return isinstance(block, Text)


def _tojson_attr(value: Any) -> Markup:
    """A JSON value safe inside a double-quoted HTML attribute."""
    text = json.dumps(value, separators=(",", ":"))
    return Markup(text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))


templates.env.filters["cell"] = _cell
templates.env.filters["jsonattr"] = _tojson_attr
templates.env.tests["table"] = _is_table
templates.env.tests["text"] = _is_text
templates.env.globals["assets_present"] = assets_present
