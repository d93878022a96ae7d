"""The examples the settlement and regrading pages offer: copies of the repository's ``examples/`` files shipped in
the package (``payround/data/examples``), as uploads a server may read."""

from __future__ import annotations

from functools import cache
from importlib import resources

from payround.sources import Upload

__all__ = ["REGRADE_EXAMPLE", "constraints_examples", "regrade_example_files"]

REGRADE_EXAMPLE = "birmingham-2025-wrco.yaml"
# The files the Birmingham example names: its workforce and the NJC 2025/26 award it applies.
_REGRADE_FILES = (REGRADE_EXAMPLE, "birmingham-2025-waste.csv", "njc-2025-26.yaml")


def _folder() -> resources.abc.Traversable:
    return resources.files("payround").joinpath("data", "examples")


@cache
def constraints_examples() -> dict[str, str]:
    """The settlement finder's example constraints files, by name (without ``.yaml``)."""
    return {
        p.name[:-5]: p.read_text(encoding="utf-8")
        for p in sorted(_folder().iterdir(), key=lambda p: p.name)
        if p.name.startswith("settle-") and p.name.endswith(".yaml")
    }


def regrade_example_files() -> list[Upload]:
    """The Birmingham 2025 restructure and the files it names, as uploads (the restructure first)."""
    return [Upload(name, _folder().joinpath(name).read_bytes()) for name in _REGRADE_FILES]
