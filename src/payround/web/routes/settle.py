"""The settlement finder: a constraints file (typed, or one of the examples) checked as you type, the template to
search, the solve (in the thread pool, a few at once, the frontier bounded), the offer found with the engine's
per-point table and its cost, or the missing money and the demands that bind; the found offer opens in the editor."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from payround.errors import PayroundError
from payround.reports.offers import ApplyReport, apply_report
from payround.reports.schemas import template_kinds
from payround.reports.settle import ConstraintsCheckReport, SettleReport, constraints_check_report, settle_report
from payround.sources import Sources, Upload
from payround.web.deps import CurrentAccount, MaybeSession, csrf_protected
from payround.web.errors import ErrorBody
from payround.web.jobs import bounded
from payround.web.plan_charts import settle_charts
from payround.web.plan_examples import constraints_examples
from payround.web.render import templates

__all__ = ["MAX_FRONTIER_POINTS", "router"]

router = APIRouter(tags=["settle"])
ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorBody} for s in (401, 403, 422, 503)}
MAX_YAML = 100_000
MAX_FRONTIER_POINTS = 10  # a frontier point is one solve: bound what one request may ask of the server
FILE = "constraints.yaml"
Workforce = Literal["file", "njc/illustrative", "sjc/illustrative"]
# "file" (the file's own template) or one of the finder's families
TEMPLATE_PATTERN = "^(file|" + "|".join(template_kinds()) + ")$"


class ConstraintsText(BaseModel):
    """A constraints file's text (DESIGN §8), the template to search (``file``: the file's own) and the workforce."""

    model_config = ConfigDict(extra="forbid")

    yaml: str = Field(max_length=MAX_YAML)
    template: str = Field(default="file", pattern=TEMPLATE_PATTERN)
    workforce: Workforce = "file"


class SettleRequest(ConstraintsText):
    """A solve: with ``frontier``, also the least cost along the unions' floor (at most 10 points here)."""

    frontier: bool = False


def _opt(value: str) -> str | None:
    return None if value == "file" else value


def run_check(text: str, template: str = "file") -> ConstraintsCheckReport:
    """Check a typed constraints file without solving."""
    with Sources.server([Upload(FILE, text.encode())]) as src:
        return constraints_check_report(FILE, template=_opt(template), sources=src)


def run_settle(body: SettleRequest) -> SettleReport:
    """Solve a typed constraints file (the frontier bounded), in a free slot of the server."""

    def work() -> SettleReport:
        with Sources.server([Upload(FILE, body.yaml.encode())]) as src:
            return settle_report(
                FILE,
                workforce=_opt(body.workforce),
                template=_opt(body.template),
                with_frontier=body.frontier,
                max_frontier_points=MAX_FRONTIER_POINTS,
                sources=src,
            )

    return bounded(work)


def found_offer_table(report: SettleReport) -> ApplyReport | None:
    """The engine's per-point table of the offer found (None when there is none)."""
    text = report.offer_yaml()
    if text is None:
        return None
    with Sources.server([Upload("found-offer.yaml", text.encode())]) as src:
        return apply_report("found-offer.yaml", sources=src)


# --- JSON API -----------------------------------------------------------------------------------------------------


@router.post("/api/settle/check", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_check(body: ConstraintsText, account: CurrentAccount) -> ConstraintsCheckReport:
    """Check a constraints file (format, template, structure, point labels, wage floors) without solving."""
    return run_check(body.yaml, body.template)


@router.post("/api/settle", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_settle(body: SettleRequest, account: CurrentAccount) -> SettleReport:
    """Find the cheapest offer (or the best within the budget) meeting both sides' hard demands, checked on the
    engine's figures; or the money missing and the demands that bind (DESIGN §8, as ``payround settle``)."""
    return run_settle(body)


# --- pages --------------------------------------------------------------------------------------------------------


@router.get("/settle", response_class=HTMLResponse, include_in_schema=False)
def settle_page(
    request: Request,
    account: CurrentAccount,
    info: MaybeSession,
    example: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    """The settlement finder: the constraints editor (an example loaded), the template, and the result."""
    examples = constraints_examples()
    name = example if example in examples else next(iter(examples))
    text = examples[name]
    ctx: dict[str, object] = {
        "account": account,
        "info": info,
        "examples": list(examples),
        "example": name,
        "yaml": text,
        "templates": template_kinds(),
        "max_points": MAX_FRONTIER_POINTS,
    }
    return templates.TemplateResponse(request, "settle.html", ctx | _check_context(text, "file"))


def _check_context(text: str, template: str) -> dict[str, object]:
    try:
        return {"check": run_check(text, template), "error": None}
    except PayroundError as exc:
        return {"check": None, "error": exc.as_dict()}


@router.post("/settle/check", response_class=HTMLResponse, include_in_schema=False)
def check_fragment(
    request: Request,
    account: CurrentAccount,
    _: Annotated[None, Depends(csrf_protected)],
    yaml: Annotated[str, Form(max_length=MAX_YAML)],
    template: Annotated[str, Form(pattern=TEMPLATE_PATTERN)] = "file",
) -> Response:
    """The check line under the editor (htmx, as you type)."""
    return templates.TemplateResponse(request, "_settle_check.html", _check_context(yaml, template))


@router.post("/settle/run", response_class=HTMLResponse, include_in_schema=False)
def run_fragment(
    request: Request,
    account: CurrentAccount,
    _: Annotated[None, Depends(csrf_protected)],
    yaml: Annotated[str, Form(max_length=MAX_YAML)],
    template: Annotated[str, Form(pattern=TEMPLATE_PATTERN)] = "file",
    workforce: Annotated[Workforce, Form()] = "file",
    frontier: Annotated[bool, Form()] = False,
) -> Response:
    """The answer: the offer found (its per-point table, its cost) or the missing money, the frontier chart."""
    body = SettleRequest(yaml=yaml, template=template, workforce=workforce, frontier=frontier)
    try:
        report = run_settle(body)
        applied = found_offer_table(report)
    except PayroundError as exc:
        return templates.TemplateResponse(request, "_settle_result.html", {"error": exc.as_dict(), "report": None})
    offer_text = report.offer_yaml()
    ctx = {
        "error": None,
        "report": report,
        "applied": applied,
        "charts": settle_charts(report),
        "editor_url": "/offers/new?" + urlencode({"yaml": offer_text}) if offer_text else None,
    }
    return templates.TemplateResponse(request, "_settle_result.html", ctx)
