"""Grades as data: a grade is a named range of points on a pay structure (``"9-22"`` = SCP 9 to SCP 22 in the
structure's order), with the basis and the source of the range. A grade set groups the grades of one employer."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from payround.structures.model import Basis, PayStructure

__all__ = ["Grade", "GradeSet", "point_range"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_text(v: object) -> object:
    # Grade and point labels are text; YAML hands `3` or `9-22`-less numbers over as ints.
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class Grade(_Strict):
    """One grade: its label and its points as a range ``"A-B"`` (or one point ``"A"``) on the grade set's
    structure."""

    id: str = Field(min_length=1)
    points: str = Field(min_length=1)
    basis: Basis = "published"
    source: str = ""
    note: str = ""

    _text = field_validator("id", "points", mode="before")(_as_text)


class GradeSet(_Strict):
    """An employer's grades on one structure."""

    id: str = ""
    name: str = ""
    structure: str = Field(min_length=1)
    sources: tuple[str, ...] = ()
    grades: tuple[Grade, ...] = Field(min_length=1)

    @field_validator("grades")
    @classmethod
    def _unique(cls, grades: tuple[Grade, ...]) -> tuple[Grade, ...]:
        seen: dict[str, int] = {}
        for i, g in enumerate(grades):
            if g.id in seen:
                raise ValueError(f"grade {g.id!r} appears twice (grades[{seen[g.id]}] and grades[{i}]); keep one")
            seen[g.id] = i
        return grades

    @property
    def ids(self) -> list[str]:
        """Grade labels in file order."""
        return [g.id for g in self.grades]

    def grade(self, grade_id: str) -> Grade:
        """The grade called ``grade_id`` (KeyError if there is none)."""
        for g in self.grades:
            if g.id == grade_id:
                return g
        raise KeyError(grade_id)

    @property
    def illustrative(self) -> bool:
        """True when any grade's range is illustrative (not published)."""
        return any(g.basis == "illustrative" for g in self.grades)

    def points(self, grade_id: str, structure: PayStructure) -> list[str]:
        """The point labels of a grade on ``structure``, bottom first (ValueError naming the bad label)."""
        return point_range(self.grade(grade_id).points, structure)

    def grade_of(self, structure: PayStructure) -> dict[str, str]:
        """Point label -> grade label, for every point some grade covers (the first grade wins an overlap)."""
        out: dict[str, str] = {}
        for g in self.grades:
            for p in point_range(g.points, structure):
                out.setdefault(p, g.id)
        return out


def point_range(text: str, structure: PayStructure) -> list[str]:
    """Points of ``"A-B"`` (A to B inclusive, in structure order) or ``"A"``; ValueError with the fix if a label is
    unknown or the range runs backwards."""
    ids = structure.point_ids
    where = {p: i for i, p in enumerate(ids)}
    lo_text, sep, hi_text = text.partition("-")
    lo_text, hi_text = lo_text.strip(), (hi_text.strip() if sep else lo_text.strip())
    for label in (lo_text, hi_text):
        if label not in where:
            raise ValueError(
                f"point {label!r} is not in the structure {structure.id}; its points run {ids[0]} to {ids[-1]}"
            )
    lo, hi = where[lo_text], where[hi_text]
    if lo > hi:
        raise ValueError(f"the range {text!r} runs backwards; write the lower point first ({hi_text}-{lo_text})")
    return ids[lo : hi + 1]
