"""Charts of the settlement finder and the regrading pages: Vega-Lite specifications drawn with Altair from the
figures of the reports (nothing is computed here; the by-year chart reads the report's own by-year table)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import altair as alt

from payround.reports.regrade_model import RegradeReport
from payround.reports.settle import SettleReport
from payround.web.charts import Spec, _data, _spec  # one way to build a spec for every page

__all__ = ["regrade_charts", "settle_charts"]


def settle_charts(report: SettleReport) -> dict[str, Spec]:
    """The frontier: the least cost (full year, with on-costs) of each level of the unions' demand."""
    if not report.frontier:
        return {}
    over = report.frontier_over or "level"
    rows = [
        {
            over: float(f.value),
            "£m": None if f.total_cost_increase_full_year is None else float(f.total_cost_increase_full_year) / 1e6,
            "within budget": "no budget" if f.within_budget is None else ("yes" if f.within_budget else "no"),
        }
        for f in report.frontier
        if f.feasible
    ]
    if not rows:
        return {}
    base = alt.Chart(_data(rows), title=f"Least cost against the {over} (full year, with on-costs, £m)").encode(
        x=alt.X(f"{over}:Q", scale=alt.Scale(zero=False), title=over),
        y=alt.Y("£m:Q", scale=alt.Scale(zero=False)),
    )
    points = base.mark_point(filled=True, size=70).encode(
        color=alt.Color(
            "within budget:N",
            scale=alt.Scale(domain=["yes", "no", "no budget"], range=["#2f855a", "#c53030", "#2b6cb0"]),
        ),
        tooltip=[f"{over}:Q", alt.Tooltip("£m:Q", format=",.2f"), "within budget:N"],
    )
    chart = (base.mark_line(color="#a0aec0") + points).properties(width="container", height=220)
    return {"frontier": _spec(chart)}


def regrade_charts(report: RegradeReport) -> dict[str, Spec]:
    """Cost before and after by year with the saving, and the loss a year at each point."""
    out: dict[str, Spec] = {}
    by_year = report.tables()[0]
    names = [c.name for c in by_year.columns]
    rows: list[dict[str, Any]] = []
    for r in by_year.rows:
        cells = dict(zip(names, r.cells, strict=True))
        for label in ("cost before", "cost after", "protection", "saving"):
            amount = cells[label]
            assert isinstance(amount, Decimal)
            rows.append({"year": f"{cells['year']} ({cells['from']})", "measure": label, "£m": float(amount) / 1e6})
    out["by_year"] = _spec(
        alt.Chart(_data(rows), title="Cost by year: before and after the restructure, protection, saving (£m)")
        .mark_bar()
        .encode(
            x=alt.X("year:N", axis=alt.Axis(labelAngle=0), title=None),
            xOffset=alt.XOffset("measure:N", sort=["cost before", "cost after", "protection", "saving"]),
            y=alt.Y("£m:Q"),
            color=alt.Color(
                "measure:N",
                sort=["cost before", "cost after", "protection", "saving"],
                scale=alt.Scale(range=["#718096", "#2b6cb0", "#b7791f", "#2f855a"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["year:N", "measure:N", alt.Tooltip("£m:Q", format=",.3f")],
        )
        .properties(width="container", height=220)
    )
    losses = [
        {"point": f"{p.point_before} → {p.point_after}", "change": p.change, "loss £": float(p.loss_at_change)}
        for p in report.point_losses
        if p.people
    ]
    if losses:
        out["losses"] = _spec(
            alt.Chart(_data(losses), title="Loss a year at the change, by point (full-time, £)")
            .mark_bar()
            .encode(
                x=alt.X("point:N", sort=None, axis=alt.Axis(labelAngle=-45), title=None),
                y=alt.Y("loss £:Q"),
                color=alt.Color("change:N", legend=alt.Legend(orient="bottom", columns=1)),
                tooltip=["change:N", "point:N", alt.Tooltip("loss £:Q", format=",.0f")],
            )
            .properties(width="container", height=200)
        )
    return out
