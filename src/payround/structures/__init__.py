"""Pay structures (spines) as data: the model, bundled structures and loaders for user files."""

from payround.structures.loader import bundled_structure_ids, load_structure, parse_structure
from payround.structures.model import Floor, PayStructure, Point, Rounding

__all__ = [
    "Floor",
    "PayStructure",
    "Point",
    "Rounding",
    "bundled_structure_ids",
    "load_structure",
    "parse_structure",
]
