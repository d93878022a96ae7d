"""Charts as Vega-Lite specifications, drawn with Altair on the server from a report's figures and embedded in the
page with vega-embed (and turned into SVG for the PDF briefing)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import altair as alt

from payround.reports.action import ImpactDoc
from payround.reports.offers import CompareReport
from payround.reports.preview import PreviewReport

__all__ = ["compare_charts", "impact_chart", "preview_charts"]

Spec = dict[str, Any]


def _data(values: list[dict[str, Any]]) -> alt.Data:
    """Inline data for a chart."""
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def _spec(chart: alt.TopLevelMixin) -> Spec:
    # Validation against the schema costs more than drawing; the charts are built from typed reports.
    spec: Spec = chart.to_dict(validate=False)
    return spec


_TEMPLATES: dict[str, str] = {}


def _filled(name: str, build: Callable[[], alt.Chart], values: list[dict[str, Any]], **extra: Any) -> Spec:
    """A chart drawn once by Altair with no data (its specification kept as text), filled with ``values``: the
    editor redraws on every keystroke, and building an Altair chart costs more than the preview's arithmetic."""
    if name not in _TEMPLATES:
        _TEMPLATES[name] = json.dumps(_spec(build()))
    spec: Spec = json.loads(_TEMPLATES[name])
    spec["data"] = {"values": values}
    for path, value in extra.items():
        target = spec
        *parents, last = path.split("__")
        for p in parents:
            target = target[p]
        target[last] = value
    return spec


def preview_charts(report: PreviewReport) -> dict[str, Spec]:
    """The rise by point (bars, width by headcount when costed) and the mean rise by decile of staff."""
    out: dict[str, Spec] = {}
    illustrative = set(report.apply.illustrative_points)
    if report.distribution is not None:
        rows = [
            {
                "point": p.point,
                "rise %": float(p.increase_pct),
                "staff": p.headcount,
                "illustrative": p.point in illustrative,
            }
            for p in report.distribution.points
        ]
    else:
        rows = [
            {"point": p.point, "rise %": float(p.increase_pct), "staff": None, "illustrative": False}
            for p in report.apply.final.points
        ]
    order = [str(r["point"]) for r in rows]

    def by_point() -> alt.Chart:
        chart: alt.Chart = (
            alt.Chart(_data([]), title="Rise by point (%)")
            .mark_bar()
            .encode(
                x=alt.X("point:N", sort=[], title="point", axis=alt.Axis(labelOverlap="greedy", labelAngle=0)),
                y=alt.Y("rise %:Q", title="rise, %"),
                color=alt.Color("illustrative:N", scale=alt.Scale(domain=[False, True], range=["#2b6cb0", "#b7791f"])),
                tooltip=["point:N", "rise %:Q", "staff:Q", "illustrative:N"],
            )
            .properties(width="container", height=180)
        )
        return chart

    out["by_point"] = _filled("preview.by_point", by_point, rows, encoding__x__sort=order)
    if report.distribution is not None:
        drows = [{"decile": d.decile, "mean rise %": float(d.mean_increase_pct)} for d in report.distribution.deciles]

        def deciles() -> alt.Chart:
            chart: alt.Chart = (
                alt.Chart(_data([]), title="Mean rise by decile of staff, lowest paid first (%)")
                .mark_bar(color="#2f855a")
                .encode(x=alt.X("decile:O"), y=alt.Y("mean rise %:Q"), tooltip=["decile:O", "mean rise %:Q"])
                .properties(width="container", height=160)
            )
            return chart

        out["deciles"] = _filled("preview.deciles", deciles, drows)
    return out


def _field(doc: Any, key: str) -> Any:
    """A field of a cost document (a mapping, or a typed model)."""
    return doc[key] if isinstance(doc, dict) else getattr(doc, key)


def compare_charts(report: CompareReport) -> dict[str, Spec]:
    """The rise by point of each offer (lines) and, when costed, the cost of each (bars)."""
    rows = [
        {"point": p.point, "offer": f"{i + 1}. {report.offers[i]}", "rise %": float(c.increase_pct)}
        for p in report.points
        for i, c in enumerate(p.offers)
        if c.increase_pct is not None
    ]
    order = [p.point for p in report.points]
    out: dict[str, Spec] = {
        "by_point": _spec(
            alt.Chart(_data(rows), title="Rise by point (%)")
            .mark_line(point=True)
            .encode(
                x=alt.X("point:N", sort=order, axis=alt.Axis(labelOverlap="greedy", labelAngle=0)),
                y=alt.Y("rise %:Q"),
                color=alt.Color("offer:N", legend=alt.Legend(orient="bottom", columns=1)),
                tooltip=["offer:N", "point:N", "rise %:Q"],
            )
            .properties(width="container", height=220)
        )
    }
    if report.costs:
        crows = []
        for i, c in enumerate(report.costs):
            for when, key in (
                ("full year", "total_cost_increase_full_year"),
                ("in year", "total_cost_increase_in_year"),
            ):
                crows.append({"offer": f"{i + 1}", "when": when, "£m": float(_field(c, key)) / 1e6})
        out["cost"] = _spec(
            alt.Chart(_data(crows), title="Cost of the rise with on-costs (£m)")
            .mark_bar()
            .encode(
                x=alt.X("offer:N", axis=alt.Axis(labelAngle=0)),
                xOffset="when:N",
                y=alt.Y("£m:Q"),
                color=alt.Color("when:N"),
                tooltip=["offer:N", "when:N", alt.Tooltip("£m:Q", format=",.1f")],
            )
            .properties(width="container", height=180)
        )
    return out


def impact_chart(report: ImpactDoc) -> Spec | None:
    """The refuse backlog per council on the date (tonnes)."""
    rows = [{"council": k, "tonnes": float(v.backlog_tonnes)} for k, v in report.by_employer.items()]
    if not rows:
        return None
    return _spec(
        alt.Chart(_data(rows), title=f"Refuse backlog on {report.at} (tonnes)")
        .mark_bar(color="#c05621")
        .encode(x=alt.X("tonnes:Q"), y=alt.Y("council:N", sort="-x"), tooltip=["council:N", "tonnes:Q"])
        .properties(width="container", height=max(60, 22 * len(rows)))
    )
