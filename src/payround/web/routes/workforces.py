"""Workforce upload (CSV, XLSX, Parquet): checked as the library loads it, errors naming the row and column."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from payround.errors import InputError, PayroundError
from payround.reports.preview import WorkforceCheck, workforce_check_report
from payround.sources import Sources, Upload
from payround.web.deps import CurrentAccount, MaybeSession, csrf_protected, state_of
from payround.web.errors import ErrorBody
from payround.web.render import templates

__all__ = ["router"]

router = APIRouter(tags=["workforces"])
ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorBody} for s in (401, 403, 413, 422)}
Structure = Annotated[str | None, Form(pattern=r"^[a-z0-9]+/[a-z0-9-]+$", max_length=60)]


def _check(request: Request, file: UploadFile, structure: str | None) -> WorkforceCheck:
    limit = state_of(request).settings.max_upload_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            "the uploaded file is too large.", place="file", expected=f"at most {limit:,} bytes", got="more"
        )
    name = file.filename or "workforce.csv"
    with Sources.server([Upload(name, data)]) as src:
        kept = name.replace("\\", "/").rsplit("/", 1)[-1]
        return workforce_check_report(kept, structure or None, sources=src)


@router.post("/api/workforces/check", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_check(
    request: Request, account: CurrentAccount, file: Annotated[UploadFile, File()], structure: Structure = None
) -> WorkforceCheck:
    """Check an uploaded workforce file (and its points against a structure)."""
    return _check(request, file, structure)


@router.get("/workforces", response_class=HTMLResponse, include_in_schema=False)
def workforce_page(request: Request, account: CurrentAccount, info: MaybeSession) -> Response:
    """The upload form."""
    ctx = {"account": account, "info": info, "report": None, "error": None}
    return templates.TemplateResponse(request, "workforces.html", ctx)


@router.post("/workforces", response_class=HTMLResponse, include_in_schema=False)
def workforce_upload(
    request: Request,
    account: CurrentAccount,
    info: MaybeSession,
    _: Annotated[None, Depends(csrf_protected)],
    file: Annotated[UploadFile, File()],
    structure: Structure = None,
) -> Response:
    """Check the upload and show the result (or the located error) in the page."""
    try:
        report, error = _check(request, file, structure), None
    except PayroundError as exc:
        report, error = None, exc.as_dict()
    ctx = {"account": account, "info": info, "report": report, "error": error}
    return templates.TemplateResponse(request, "workforces.html", ctx, status_code=200 if error is None else 422)
