"""Exports people use: the Excel workbook (the report's tables, as the CLI writes them), CSV, and the PDF member
briefing (the same template as the page, charts as SVG), for an offer typed in the editor or one of a round."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from payround.reports.base import Table
from payround.reports.preview import PreviewReport
from payround.web.deps import CurrentAccount, DbSession, csrf_protected
from payround.web.errors import ErrorBody
from payround.web.render import templates

__all__ = ["export_response", "router"]

router = APIRouter(tags=["exports"])
ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorBody} for s in (401, 403, 422)}
Format = Literal["xlsx", "csv", "pdf"]
_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(table.header)
    for r in table.rows:
        w.writerow(["" if v is None else v for v in r.cells])
    return out.getvalue().encode()


def _xlsx(report: PreviewReport) -> bytes:
    from payround.report.tables import write_tables_workbook

    with tempfile.TemporaryDirectory(prefix="payround-export-") as d:
        path = Path(d) / "offer.xlsx"
        write_tables_workbook(report.tables(), path)
        return path.read_bytes()


#: A chart's plot width on the briefing's page, in CSS pixels: with its axis and legend it fits A4 less the margins.
PAPER_WIDTH = 480


#: Room around a chart on paper: vl-convert measures text with its own font and WeasyPrint draws it with the
#: system's, a little wider, so titles and legends need space to run into rather than be cut at the chart's edge.
PAPER_PADDING = {"left": 24, "right": 48, "top": 8, "bottom": 8}


def _on_paper(spec: dict[str, Any]) -> dict[str, Any]:
    """A chart for the briefing's page: the page's width where the pages size it to their container (without one,
    Vega draws it narrow), and room around it for text drawn wider than it was measured."""
    config = dict(spec.get("config") or {})
    # Labels drawn wider than measured also crowd each other: keep more space between those the axis keeps.
    config["axisX"] = {**config.get("axisX", {}), "labelSeparation": 8}
    out = {**spec, "padding": PAPER_PADDING, "config": config}
    if out.get("width") == "container":
        out["width"] = PAPER_WIDTH
    return out


def _pdf(request: Request, report: PreviewReport) -> bytes:
    import vl_convert as vlc
    from weasyprint import HTML

    from payround.web.charts import preview_charts

    svgs = {name: vlc.vegalite_to_svg(_on_paper(spec)) for name, spec in preview_charts(report).items()}
    html = templates.get_template("briefing.html").render(report=report, svgs=svgs)
    pdf: bytes = HTML(string=html, base_url=str(request.base_url)).write_pdf()
    return pdf


def export_response(request: Request, report: PreviewReport, fmt: str, stem: str) -> Response:
    """The report as a download."""
    if fmt == "xlsx":
        body = _xlsx(report)
    elif fmt == "csv":
        table = report.apply.csv_table()
        body = _csv(table)
    else:
        body = _pdf(request, report)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)[:60] or "offer"
    return Response(
        body, media_type=_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{safe}.{fmt}"'}
    )


@router.post(
    "/api/offers/export.{fmt}",
    responses={**ERRORS, 200: {"content": {t: {} for t in _TYPES.values()}}},
    response_class=Response,
    dependencies=[Depends(csrf_protected)],
)
def export_typed(
    request: Request,
    fmt: Annotated[Format, PathParam()],
    account: CurrentAccount,
    yaml: Annotated[str, Form(max_length=200_000)],
) -> Response:
    """The editor's offer as an Excel workbook, a CSV (per stage and point) or a PDF member briefing."""
    from payround.web.preview import run_preview

    return export_response(request, run_preview(yaml), fmt, "offer")


@router.get(
    "/api/rounds/{slug}/offers/{key}/export.{fmt}",
    responses={**ERRORS, 200: {"content": {t: {} for t in _TYPES.values()}}},
    response_class=Response,
)
def export_round_offer(
    request: Request,
    slug: Annotated[str, PathParam(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")],
    key: Annotated[str, PathParam(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")],
    fmt: Annotated[Format, PathParam()],
    account: CurrentAccount,
    db: DbSession,
) -> Response:
    """An offer of a round that you may see, as Excel, CSV or the PDF member briefing."""
    from payround.web.routes.rounds import _preview_of, _visible

    return export_response(request, _preview_of(_visible(db, account, slug, key)), fmt, key)
