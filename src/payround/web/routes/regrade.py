"""Regrading and pay protection: the bundled Birmingham 2025 example or an uploaded restructure file (with the
workforce and award files it names), the awards to apply, protection lengths to compare and loss thresholds; the
costing over time, losses per person, protection policies side by side, the equal-pay estimate; CSV and Excel of
the per-person table. Each figure is ``payround.reports.regrade.regrade_report``'s."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from payround.errors import InputError, PayroundError
from payround.reports.regrade import RegradeReport, regrade_report
from payround.sources import Sources, Upload
from payround.web.deps import CurrentAccount, MaybeSession, csrf_protected
from payround.web.errors import ErrorBody
from payround.web.jobs import bounded
from payround.web.plan_charts import regrade_charts
from payround.web.plan_examples import REGRADE_EXAMPLE, regrade_example_files
from payround.web.render import templates
from payround.web.routes.structures import read_upload

__all__ = ["router"]

router = APIRouter(tags=["regrade"])
ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorBody} for s in (401, 403, 422, 503)}
PEOPLE_SHOWN = 100
MAX_FILES = 8
Source = Literal["example", "upload"]
Format = Literal["csv", "xlsx"]
_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8"}

# The form fields, shared by the API, the page and the downloads.
SourceField = Annotated[Source, Form(description="The bundled Birmingham 2025 example, or the uploaded files.")]
RestructureFile = Annotated[UploadFile | None, File(description="A restructure file (YAML, docs/regrading.md).")]
OtherFiles = Annotated[
    list[UploadFile] | None, File(description="Files the restructure names: its workforce, award offer files.")
]
AwardsField = Annotated[
    str,
    Form(
        max_length=500,
        description="Replace the file's awards, in order, separated by commas: an offer file's name, 3% (every "
        "year) or 3%@2026-04-01 (once). Empty: the file's own.",
    ),
]
WorkforceField = Annotated[
    str, Form(max_length=128, description="A bundled workforce id or an uploaded file's name. Empty: the file's own.")
]
ThresholdsField = Annotated[
    str, Form(max_length=200, description="Count the people losing more than each of these £ a year (commas).")
]
MonthsField = Annotated[
    str, Form(max_length=100, description="Cost full protection for each of these months beside the file's policy.")
]


@dataclass(frozen=True)
class RegradeInputs:
    """What the form, the API and the downloads send: the source and its files, and the text fields."""

    source: str = "example"
    restructure: UploadFile | None = None
    files: list[UploadFile] | None = None
    awards: str = ""
    workforce: str = ""
    thresholds: str = ""
    compare_months: str = ""

    def form(self) -> dict[str, str]:
        """The text fields, to fill the page's form again."""
        return {
            "source": self.source,
            "awards": self.awards,
            "workforce": self.workforce,
            "thresholds": self.thresholds,
            "compare_months": self.compare_months,
        }


def regrade_inputs(
    source: SourceField = "example",
    restructure: RestructureFile = None,
    files: OtherFiles = None,
    awards: AwardsField = "",
    workforce: WorkforceField = "",
    thresholds: ThresholdsField = "",
    compare_months: MonthsField = "",
) -> RegradeInputs:
    """The form's fields, declared once for every endpoint that takes them."""
    return RegradeInputs(source, restructure, files, awards, workforce, thresholds, compare_months)


Inputs = Annotated[RegradeInputs, Depends(regrade_inputs)]


def _numbers(text: str, place: str, example: str, most: int) -> list[Decimal] | None:
    """A comma-separated list of non-negative numbers (None when empty)."""
    parts = [p.strip().lstrip("£").replace(",", "") for p in re.split(r"[,;\s]+", text.strip()) if p.strip()]
    if not parts:
        return None
    try:
        values = [Decimal(p) for p in parts]
    except InvalidOperation:
        values = []
    if not values or len(values) > most or any(not v.is_finite() or v < 0 or v > 10**7 for v in values):
        raise InputError(
            f"{place} must be a list of at most {most} numbers, at least 0.",
            place=place,
            expected=f"e.g. {example}",
            got=repr(text[:60]),
        )
    return values


def _inputs(
    request: Request, source: str, restructure: UploadFile | None, files: list[UploadFile] | None
) -> tuple[list[Upload], str]:
    """The uploads to read from, and the restructure file's name among them."""
    if source == "example":
        return regrade_example_files(), REGRADE_EXAMPLE
    if restructure is None or not restructure.filename:
        raise InputError("upload a restructure file, or choose the example.", place="restructure")
    others = [f for f in files or [] if f.filename]
    if len(others) > MAX_FILES:
        raise InputError(f"at most {MAX_FILES} other files.", place="files", got=str(len(others)))
    ups = [read_upload(request, restructure, "restructure")]
    ups += [read_upload(request, f, "file") for f in others]
    names = [u.name.replace("\\", "/").rsplit("/", 1)[-1] for u in ups]
    if len(set(names)) != len(names):
        raise InputError("the uploaded files need different names.", place="files", got=", ".join(names))
    return ups, names[0]


def run_regrade(request: Request, inputs: RegradeInputs) -> RegradeReport:
    """The regrading report of the form's inputs, in a free slot of the server."""
    uploads, name = _inputs(request, inputs.source, inputs.restructure, inputs.files)
    award_list = [a.strip() for a in inputs.awards.split(",") if a.strip()] or None
    limits = _numbers(inputs.thresholds, "thresholds", "1000, 3000, 6000", 10)
    compare = _numbers(inputs.compare_months, "compare_months", "6, 36", 4)
    workforce = inputs.workforce

    def work() -> RegradeReport:
        with Sources.server(uploads) as src:
            return regrade_report(
                name,
                workforce.strip() or None,
                awards=award_list,
                thresholds=limits,
                compare_months=compare if compare is not None else (Decimal(6), Decimal(36)),
                sources=src,
            )

    return bounded(work)


# --- JSON API and downloads ---------------------------------------------------------------------------------------


@router.post("/api/regrade", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_regrade(request: Request, account: CurrentAccount, inputs: Inputs) -> RegradeReport:
    """What a restructure costs over time, who loses and for how long, protection policies side by side, and the
    equal-pay estimate (as ``payround regrade --format json``)."""
    return run_regrade(request, inputs)


@router.post(
    "/api/regrade/people.{fmt}",
    responses={**ERRORS, 200: {"content": {t: {} for t in _TYPES.values()}}},
    response_class=Response,
    dependencies=[Depends(csrf_protected)],
)
def api_people(
    request: Request,
    account: CurrentAccount,
    fmt: Annotated[Format, PathParam()],
    inputs: Inputs,
) -> Response:
    """The per-person table as CSV, or an Excel workbook of it with every other table (as the command line)."""
    from payround.web.routes.exports import _csv

    report = run_regrade(request, inputs)
    body = _csv(report.people_table()) if fmt == "csv" else _workbook(report)
    return Response(
        body, media_type=_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="regrade-people.{fmt}"'}
    )


def _workbook(report: RegradeReport) -> bytes:
    import tempfile
    from pathlib import Path

    from payround.report.tables import write_tables_workbook

    with tempfile.TemporaryDirectory(prefix="payround-export-") as d:
        path = Path(d) / "regrade.xlsx"
        write_tables_workbook([report.people_table(), *report.detail_tables(), *report.tables()[2:]], path)
        return path.read_bytes()


# --- pages --------------------------------------------------------------------------------------------------------


def _page(request: Request, account: CurrentAccount, info: MaybeSession, ctx: dict[str, object]) -> Response:
    base = {"account": account, "info": info, "shown": PEOPLE_SHOWN, "example": REGRADE_EXAMPLE}
    return templates.TemplateResponse(request, "regrade.html", base | ctx, status_code=422 if ctx.get("error") else 200)


def _result(report: RegradeReport) -> dict[str, object]:
    return {
        "report": report,
        "error": None,
        "charts": regrade_charts(report),
        "people": report.largest_losses_table(PEOPLE_SHOWN),
        "people_count": len(report.people or ()),
    }


@router.get("/regrade", response_class=HTMLResponse, include_in_schema=False)
def regrade_page(request: Request, account: CurrentAccount, info: MaybeSession) -> Response:
    """The regrading page, with the bundled Birmingham example costed."""
    return _submitted(request, account, info, RegradeInputs())


@router.post("/regrade", response_class=HTMLResponse, include_in_schema=False)
def regrade_submit(
    request: Request,
    account: CurrentAccount,
    info: MaybeSession,
    _: Annotated[None, Depends(csrf_protected)],
    inputs: Inputs,
) -> Response:
    """The page for the submitted inputs (a located error in the page when one is wrong)."""
    return _submitted(request, account, info, inputs)


def _submitted(request: Request, account: CurrentAccount, info: MaybeSession, inputs: RegradeInputs) -> Response:
    try:
        ctx = _result(run_regrade(request, inputs))
    except PayroundError as exc:
        ctx = {"report": None, "error": exc.as_dict()}
    return _page(request, account, info, ctx | {"form": inputs.form()})
