"""A plain summary of a workforce (``payround workforce describe``): people, hours, and counts by employer, point,
gender, group and pension scheme; with a structure, the pay bill at its rates too."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from payround.structures import PayStructure
from payround.workforce.model import Workforce

__all__ = ["describe_workforce"]

_STANDARD = 37.0  # for FTE when no structure is given


def _counts(wf: Workforce, column: str, structure: PayStructure | None) -> list[list[Any]]:
    frame = wf.frame.group_by(column).agg(pl.col("headcount").sum()).rename({"headcount": "n"})
    total = wf.headcount
    rows = [
        (str(r[column]) if r[column] is not None else "(not given)", int(r["n"])) for r in frame.iter_rows(named=True)
    ]
    if column == "point" and structure is not None:
        order = {p: i for i, p in enumerate(structure.point_ids)}
        rows.sort(key=lambda x: order.get(x[0], len(order)))
    elif column == "point":
        rows.sort(key=lambda x: (float(x[0]) if x[0].replace(".", "", 1).isdigit() else float("inf"), x[0]))
    else:
        rows.sort(key=lambda x: -x[1])
    return [[label, n, f"{n / total:.2%}"] for label, n in rows]


def describe_workforce(wf: Workforce, structure: PayStructure | None = None) -> dict[str, Any]:
    """Counts and shares; with ``structure``, pay at its rates (points checked first)."""
    hc = wf.frame["headcount"].to_numpy()
    std = float(structure.standard_hours) if structure is not None else _STANDARD
    hours = (
        wf.weekly_hours(structure)
        if structure is not None
        else (
            wf.frame["weekly_hours"].to_numpy()
            if wf.hours_column == "weekly_hours"
            else wf.frame["fte"].to_numpy() * std
        )
    )
    people = float(hc.sum())
    summary: dict[str, Any] = {
        "employers": wf.frame["employer"].n_unique(),
        "points used": wf.frame["point"].n_unique(),
        "mean weekly hours": f"{(hours * hc).sum() / people:.2f}",
        "part-time share": f"{hc[hours < std - 1e-9].sum() / people:.2%}",
    }
    if wf.has("paid_weeks"):
        summary["term-time share"] = f"{hc[wf.frame['paid_weeks'].is_not_null().to_numpy()].sum() / people:.2%}"
    if wf.has("gender"):
        women = (wf.frame["gender"].cast(pl.String) == "F").fill_null(False).to_numpy()
        summary["women"] = f"{hc[women].sum() / people:.2%}"
    names = ("employer", "point", "gender", "group", "grade", "pension_scheme")
    by = {c: _counts(wf, c, structure) for c in names if wf.has(c)}
    doc: dict[str, Any] = {
        "source": wf.name or wf.source,
        "rows": wf.rows,
        "headcount": wf.headcount,
        "fte": f"{(hours * hc).sum() / std:.2f}",
        "illustrative": wf.illustrative,
        "summary": summary,
        "by": by,
    }
    if structure is not None:
        idx, notes = wf.point_index(structure)
        annual = np.array([float(structure.full_time_annual(structure.pay(p))) for p in structure.point_ids])
        ft = annual[idx]
        paybill = (ft * hours / std * hc).sum()
        doc["pay"] = {
            "structure": structure.id,
            "pay bill (full year, approx.)": f"£{paybill:,.0f}",
            "mean full-time pay": f"£{(ft * hc).sum() / people:,.0f}",
            "median full-time pay": f"£{float(np.median(np.repeat(ft, hc))):,.0f}" if people < 5e6 else "",
            "share under £25,000 full-time": f"{hc[ft < 25000].sum() / people:.2%}",
        }
        doc["notes"] = notes
    return doc
