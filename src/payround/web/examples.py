"""Example offer files shipped with the bundled rounds, as text for the editor and the compare page."""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["example_offers"]


@cache
def example_offers() -> dict[str, str]:
    """Offer files of the bundled rounds, by ``round/file`` name (without ``.yaml``)."""
    out: dict[str, str] = {}
    root = resources.files("payround").joinpath("data", "rounds")
    for folder in sorted(root.iterdir(), key=lambda p: p.name):
        if folder.is_dir():
            for p in sorted(folder.iterdir(), key=lambda p: p.name):
                if p.name.endswith(".yaml"):
                    out[f"{folder.name}/{p.name[:-5]}"] = p.read_text(encoding="utf-8")
    return out
