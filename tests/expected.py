"""Compare an offer result (its DESIGN §3 JSON) with an ``.expected.yaml`` file of published figures.

The expected file lists only what was published; every listed value must match exactly, as a string:

    final:
      floor: {before: "9.78", after: "10.50", increase_pct: "7.36"}
      points:
        "1": {before: "18333", after: "20258", increase: "1925", increase_pct: "10.50"}
      hourly: {"1": "10.50"}          # after_hourly per point
      annual: {"1": "20258"}          # after_annual per point
    stages:                            # optional, by position
      - {floor: {...}, points: {...}}
    in_year:
      floor: {value: "...", increase_pct: "..."}
      points: {"19": {value: "...", increase_pct: "..."}}
"""

from __future__ import annotations

from typing import Any

__all__ = ["mismatches"]


def _points_by_label(points: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(p["point"]): p for p in points}


def _stage(actual: dict[str, Any], expected: dict[str, Any], where: str) -> list[str]:
    out: list[str] = []
    pts = _points_by_label(actual.get("points", []))
    for key, want in expected.items():
        if key == "floor":
            got_floor = actual.get("floor")
            if want is None:
                if got_floor is not None:
                    out.append(f"{where}.floor: expected none, got {got_floor}")
                continue
            if got_floor is None:
                out.append(f"{where}.floor: expected {want}, got no floor")
                continue
            for field, value in want.items():
                if str(got_floor.get(field)) != str(value):
                    out.append(f"{where}.floor.{field}: expected {value}, got {got_floor.get(field)}")
        elif key == "points":
            for label, fields in want.items():
                row = pts.get(str(label))
                if row is None:
                    out.append(f"{where}.points[{label}]: missing from the result")
                    continue
                for field, value in fields.items():
                    if str(row.get(field)) != str(value):
                        out.append(f"{where}.points[{label}].{field}: expected {value}, got {row.get(field)}")
        elif key in {"hourly", "annual"}:
            field = f"after_{key}"
            for label, value in want.items():
                row = pts.get(str(label))
                got = None if row is None else row.get(field)
                if str(got) != str(value):
                    out.append(f"{where}.{key}[{label}]: expected {value}, got {got}")
        else:
            out.append(f"{where}.{key}: unknown key in the expected file")
    return out


def mismatches(actual: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Every difference between the result JSON and the expected figures (empty when all match)."""
    out: list[str] = []
    for key, want in (expected or {}).items():
        if key == "final":
            out += _stage(actual["final"], want, "final")
        elif key == "stages":
            for i, st in enumerate(want):
                if i >= len(actual["stages"]):
                    out.append(f"stages[{i}]: the result has only {len(actual['stages'])} stage(s)")
                    continue
                out += _stage(actual["stages"][i], st, f"stages[{i}]")
        elif key == "in_year":
            iy = actual["in_year"]
            for field, value in (want.get("floor") or {}).items():
                got = (iy.get("floor") or {}).get(field)
                if str(got) != str(value):
                    out.append(f"in_year.floor.{field}: expected {value}, got {got}")
            pts = _points_by_label(iy["points"])
            for label, fields in (want.get("points") or {}).items():
                for field, value in fields.items():
                    got = pts.get(str(label), {}).get(field)
                    if str(got) != str(value):
                        out.append(f"in_year.points[{label}].{field}: expected {value}, got {got}")
        else:
            out.append(f"{key}: unknown key in the expected file")
    return out
