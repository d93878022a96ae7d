"""Grades as data: a grade is a range of points on a structure (``points: "9-22"``), with its basis and source.
Staff below the top of their grade move up a point on their increment date (``payround.costing.progression``).

A grade file (YAML)::

    id: example/grades
    name: Example Council grades on the NJC spine
    structure: njc/2023-24          # the spine the ranges are written on
    sources: ["https://..."]
    grades:
      - {id: G1, points: "2-3"}
      - {id: G2, points: "3-6", basis: published, source: "https://...", note: "..."}
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from payround.errors import StructureError
from payround.structures.model import Basis, PayStructure

__all__ = ["Grade", "GradeSet", "bundled_grade_ids", "load_grades", "parse_grades"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Grade(_Strict):
    """One grade: its id and its points as a range ``"9-22"`` or a list ``"2, 3, 4"`` on the structure."""

    id: str = Field(min_length=1)
    points: str = Field(min_length=1)
    basis: Basis = "published"
    source: str = ""
    note: str = ""

    @field_validator("id", "points", mode="before")
    @classmethod
    def _as_text(cls, v: object) -> object:
        return str(v) if isinstance(v, int) else v


class GradeSet(_Strict):
    """An employer's grades on a structure."""

    id: str = Field(min_length=1)
    name: str = ""
    structure: str = ""
    sources: tuple[str, ...] = ()
    grades: tuple[Grade, ...] = Field(min_length=1)

    @field_validator("grades")
    @classmethod
    def _unique(cls, grades: tuple[Grade, ...]) -> tuple[Grade, ...]:
        seen = {g.id for g in grades}
        if len(seen) != len(grades):
            dup = next(g.id for i, g in enumerate(grades) if g.id in {h.id for h in grades[:i]})
            raise ValueError(f"grade {dup!r} appears twice")
        return grades

    def ranges(self, structure: PayStructure, source: str = "") -> dict[str, list[int]]:
        """Each grade's points as indexes into ``structure.point_ids``, in structure order. A point the
        structure lacks (e.g. one deleted since the grades were written) is left out; a range whose ends are both
        missing is an error."""
        index = {p: i for i, p in enumerate(structure.point_ids)}
        numbers = {p: float(p) for p in structure.point_ids if p.replace(".", "", 1).isdigit()}
        out: dict[str, list[int]] = {}
        for k, g in enumerate(self.grades):
            chosen: set[int] = set()
            for part in (x.strip() for x in g.points.split(",")):
                lo, sep, hi = part.partition("-")
                if not sep:
                    if part in index:
                        chosen.add(index[part])
                    continue
                try:
                    a, b = float(lo), float(hi)
                except ValueError:
                    raise StructureError(
                        f"cannot read the range {part!r}.",
                        file=source or self.id,
                        place=f"grades[{k}].points",
                        expected="points as '9-22' or '2, 3, 4'",
                        got=repr(g.points),
                    ) from None
                chosen |= {index[p] for p, v in numbers.items() if a <= v <= b}
            if not chosen:
                raise StructureError(
                    f"grade {g.id!r} has no point on {structure.id}.",
                    file=source or self.id,
                    place=f"grades[{k}].points",
                    expected=f"points of {structure.id} ({structure.point_ids[0]} to {structure.point_ids[-1]})",
                    got=repr(g.points),
                )
            out[g.id] = sorted(chosen)
        return out


def _root() -> Path:
    return Path(str(resources.files("payround").joinpath("data", "grades")))


def bundled_grade_ids() -> list[str]:
    """Ids of the bundled grade sets (``njc/birmingham-2024-25``...), if any are shipped."""
    root = _root()
    if not root.is_dir():
        return []
    return sorted(f"{p.parent.name}/{p.stem}" for p in root.glob("*/*.yaml"))


def parse_grades(data: object, source: str) -> GradeSet:
    """Validate a grade-set mapping (as read from YAML); errors name ``source`` and the key."""
    from payround.yamlio import raise_validation

    if not isinstance(data, dict):
        raise StructureError("a grade file is a mapping (id, structure, grades).", file=source)
    try:
        return GradeSet.model_validate(data)
    except ValidationError as exc:
        raise_validation(exc, source, StructureError)
        raise


def load_grades(ref: str | Path) -> GradeSet:
    """A grade set by bundled id or from a YAML file."""
    from payround.yamlio import read_yaml

    text = str(ref)
    path = _root().joinpath(f"{text}.yaml") if text in bundled_grade_ids() else Path(ref)
    if not path.is_file():
        raise StructureError(
            "no such grade file.",
            file=text,
            hint="give a YAML file of grades as point ranges (docs/costing.md, 'Incremental progression').",
        )
    return parse_grades(read_yaml(path, StructureError), text)
