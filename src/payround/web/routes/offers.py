"""Offers: the editor (form and YAML), its instant preview, validation and the comparison of 2–4 offers."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from payround.errors import InputError, PayroundError
from payround.reports.offers import ValidateReport, validate_report
from payround.reports.preview import PreviewReport, preview_report
from payround.reports.preview_takehome import CompareView
from payround.sources import Sources, Upload
from payround.structures import bundled_structure_ids
from payround.web.charts import compare_charts, preview_charts
from payround.web.deps import CurrentAccount, MaybeSession, csrf_protected
from payround.web.errors import ErrorBody
from payround.web.offer_form import OfferForm, offer_yaml
from payround.web.preview import MAX_YAML, run_compare, run_preview
from payround.web.render import templates

__all__ = ["router"]

router = APIRouter(tags=["offers"])
ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    422: {"model": ErrorBody},
}
Workforce = Literal["auto", "none", "njc/illustrative", "sjc/illustrative"]


class OfferText(BaseModel):
    """An offer file's text, and the workforce to cost it on."""

    model_config = ConfigDict(extra="forbid")

    yaml: str = Field(max_length=MAX_YAML)
    workforce: Workforce = "auto"


Household = Literal["single", "lone-parent-2", "couple-2-one-earner", "couple-2-part-time"]


class CompareRequest(BaseModel):
    """Two to four offer files, compared on a workforce, with one household's take-home."""

    model_config = ConfigDict(extra="forbid")

    offers: list[str] = Field(min_length=2, max_length=4)
    workforce: Workforce = "auto"
    household: Household | None = "single"


# --- JSON API -----------------------------------------------------------------------------------------------------


@router.post(
    "/api/offers/preview", responses=ERRORS, dependencies=[Depends(csrf_protected)], response_model=PreviewReport
)
def api_preview(body: OfferText, account: CurrentAccount) -> Response:
    """Apply an offer, cost it on the workforce, who gets what, headroom over the wage floors."""
    # The editor asks at each keystroke: the report writes its own JSON (the model is its schema in /docs).
    return Response(run_preview(body.yaml, body.workforce).model_dump_json(), media_type="application/json")


@router.post(
    "/api/offers/preview-files",
    responses=ERRORS,
    dependencies=[Depends(csrf_protected)],
    response_model=PreviewReport,
)
def api_preview_files(
    request: Request,
    account: CurrentAccount,
    offer: Annotated[UploadFile, File(description="The offer file (YAML).")],
    structure: Annotated[UploadFile | None, File(description="A pay structure the offer names by file name.")] = None,
    workforce: Annotated[UploadFile | None, File(description="A workforce (CSV, XLSX, Parquet) to cost on.")] = None,
) -> Response:
    """The preview of an uploaded offer, on an uploaded structure and costed on an uploaded workforce (each
    optional: the offer may name a bundled structure; without a workforce, the body's illustrative one)."""
    from payround.web.routes.structures import read_upload

    files = [
        read_upload(request, f, what)
        for f, what in ((offer, "offer"), (structure, "structure"), (workforce, "workforce"))
        if f is not None
    ]
    names = [f.name.replace("\\", "/").rsplit("/", 1)[-1] for f in files]
    if len(set(names)) != len(names):
        raise InputError("the uploaded files need different names.", place="file", got=", ".join(names))
    with Sources.server(files) as src:
        wf = names[-1] if workforce is not None else "auto"
        report = preview_report(names[0], workforce=wf, sources=src)
    return Response(report.model_dump_json(), media_type="application/json")


@router.post("/api/offers/validate", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_validate(body: OfferText, account: CurrentAccount) -> ValidateReport:
    """Check an offer file: format, dates, points against the structure (a located error otherwise)."""
    with Sources.server([Upload("offer.yaml", body.yaml.encode())]) as src:
        return validate_report("offer.yaml", sources=src)


@router.post("/api/offers/compare", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_compare(body: CompareRequest, account: CurrentAccount) -> CompareView:
    """Compare 2–4 offers per point, with their cost on the workforce, in real terms, and the household's take-home
    (when its tables are ready: otherwise ``takehome_status`` is ``preparing``)."""
    return run_compare(body.offers, body.workforce, body.household)


@router.post("/api/offers/from-form", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_from_form(form: OfferForm, account: CurrentAccount) -> PlainTextResponse:
    """The offer file (YAML) that the editor's form describes."""
    return PlainTextResponse(offer_yaml(form), media_type="application/yaml")


# --- pages --------------------------------------------------------------------------------------------------------


@router.get("/offers/new", response_class=HTMLResponse, include_in_schema=False)
def editor_page(
    request: Request,
    account: CurrentAccount,
    info: MaybeSession,
    yaml: Annotated[str | None, Query(max_length=20_000, description="Open this offer file in the YAML tab.")] = None,
) -> Response:
    """The offer editor: form, YAML and the instant preview (``?yaml=``: an offer to start from, e.g. one found by
    the settlement finder)."""
    form = OfferForm()
    text = yaml if yaml is not None else offer_yaml(form)
    ctx: dict[str, object] = {
        "account": account,
        "info": info,
        "form": form,
        "yaml": text,
        "yaml_tab": yaml is not None,
    }
    ctx["structures"] = bundled_structure_ids()
    ctx |= _preview_context(text, "auto")
    return templates.TemplateResponse(request, "editor.html", ctx)


def _preview_context(text: str, workforce: str) -> dict[str, object]:
    try:
        report = run_preview(text, workforce)
    except PayroundError as exc:
        return {"error": exc.as_dict(), "report": None, "charts": {}}
    return {"error": None, "report": report, "charts": preview_charts(report)}


@router.post("/offers/preview", response_class=HTMLResponse, include_in_schema=False)
def preview_fragment(
    request: Request,
    account: CurrentAccount,
    _: Annotated[None, Depends(csrf_protected)],
    yaml: Annotated[str, Form(max_length=MAX_YAML)],
    workforce: Annotated[Workforce, Form()] = "auto",
) -> Response:
    """The preview panel for the editor's YAML (htmx swaps it in as you type)."""
    return templates.TemplateResponse(request, "_preview.html", _preview_context(yaml, workforce))


@router.post("/offers/form", response_class=HTMLResponse, include_in_schema=False)
def form_fragment(
    request: Request,
    account: CurrentAccount,
    _: Annotated[None, Depends(csrf_protected)],
    form: Annotated[OfferForm, Form()],
) -> Response:
    """The form written out as YAML, and its preview (htmx)."""
    text = offer_yaml(form)
    ctx = {"yaml": text, "oob": True} | _preview_context(text, "auto")
    return templates.TemplateResponse(request, "_form_result.html", ctx)


@router.get("/compare", response_class=HTMLResponse, include_in_schema=False)
def compare_page(
    request: Request,
    account: CurrentAccount,
    info: MaybeSession,
    round: Annotated[str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")] = None,
    offer: Annotated[list[str] | None, Query(max_length=4)] = None,
    household: Annotated[Household, Query()] = "single",
) -> Response:
    """Compare the claim and 2–4 offers: a round's offers that you may see (``?round=R&offer=claim&offer=X``), or
    the bundled examples; take-home for ``household``."""
    if round and offer:
        from payround.reports.sides import side_offer
        from payround.web.deps import acting_session
        from payround.web.routes.rounds import offer_text

        with acting_session(request, account) as db:
            texts = [offer_text(side_offer(db, round, key)) for key in offer]
    else:
        from payround.web.examples import example_offers

        texts = list(example_offers().values())[:2]
    ctx = {"account": account, "info": info, "texts": texts, "households": _households(), "household": household}
    return templates.TemplateResponse(request, "compare.html", ctx | _compare_context(texts, "auto", household))


def _households() -> list[tuple[str, str]]:
    """The archetypes to choose from: (id, name)."""
    from payround.takehome.households import load_households

    known = load_households()
    return [(h, known[h].name if h in known else h) for h in get_args(Household)]


def _compare_context(texts: list[str], workforce: str, household: str) -> dict[str, object]:
    try:
        report = run_compare(texts, workforce, household)
    except PayroundError as exc:
        return {"error": exc.as_dict(), "report": None, "charts": {}}
    return {"error": None, "report": report, "charts": compare_charts(report.compare)}


@router.post("/compare", response_class=HTMLResponse, include_in_schema=False)
def compare_fragment(
    request: Request,
    account: CurrentAccount,
    _: Annotated[None, Depends(csrf_protected)],
    offer: Annotated[list[str], Form(max_length=4)],
    workforce: Annotated[Workforce, Form()] = "auto",
    household: Annotated[Household, Form()] = "single",
) -> Response:
    """The comparison of the offers in the form (htmx)."""
    texts = [t for t in offer if t.strip()]
    if len(texts) < 2:
        return templates.TemplateResponse(
            request,
            "_compare.html",
            {"error": {"message": "give at least two offers.", "place": "offer"}, "report": None, "charts": {}},
            status_code=422,
        )
    return templates.TemplateResponse(request, "_compare.html", _compare_context(texts, workforce, household))
