"""Pay structures: the bundled spines, each figure with its source and the illustrative points marked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from payround.errors import InputError, PayroundError
from payround.reports.offers import StructureList, StructureReport, structure_report, structures_report
from payround.sources import Sources, Upload
from payround.web.deps import CurrentAccount, MaybeSession, csrf_protected, state_of
from payround.web.errors import ErrorBody
from payround.web.render import templates

__all__ = ["router"]

router = APIRouter(tags=["structures"])
ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorBody} for s in (401, 403, 422)}


def read_upload(request: Request, file: UploadFile, what: str) -> Upload:
    """An uploaded file, within the size limit."""
    limit = state_of(request).settings.max_upload_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"the uploaded {what} is too large.", place="file", expected=f"at most {limit:,} bytes")
    return Upload(file.filename or f"{what}.csv", data)


def _uploaded(request: Request, file: UploadFile) -> StructureReport:
    up = read_upload(request, file, "structure")
    with Sources.server([up]) as src:
        return structure_report(up.name.replace("\\", "/").rsplit("/", 1)[-1], sources=src)


@router.post("/api/structures/check", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_structure_upload(
    request: Request, account: CurrentAccount, file: Annotated[UploadFile, File()]
) -> StructureReport:
    """Check an uploaded pay structure (YAML, CSV or XLSX) and show it with its sources and illustrative points."""
    return _uploaded(request, file)


@router.get("/api/structures", responses=ERRORS)
def api_structures(account: CurrentAccount) -> StructureList:
    """The bundled pay structures."""
    return structures_report()


@router.get("/api/structures/{body}/{year}", responses=ERRORS)
def api_structure(
    body: Annotated[str, Path(pattern=r"^[a-z0-9]{1,20}$")],
    year: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,30}$")],
    account: CurrentAccount,
) -> StructureReport:
    """A pay structure: each point's rate, pay hourly and annual, and its source."""
    return structure_report(f"{body}/{year}")


@router.get("/structures", response_class=HTMLResponse, include_in_schema=False)
def structures_page(request: Request, account: CurrentAccount, info: MaybeSession) -> Response:
    """The bundled pay structures."""
    return templates.TemplateResponse(
        request, "structures.html", {"account": account, "info": info, "report": structures_report()}
    )


@router.post("/structures", response_class=HTMLResponse, include_in_schema=False)
def structure_upload_page(
    request: Request,
    account: CurrentAccount,
    info: MaybeSession,
    _: Annotated[None, Depends(csrf_protected)],
    file: Annotated[UploadFile, File()],
) -> Response:
    """An uploaded structure shown as the bundled ones are (or its located error)."""
    try:
        report, error = _uploaded(request, file), None
    except PayroundError as exc:
        report, error = None, exc.as_dict()
    ctx = {"account": account, "info": info, "report": report, "error": error}
    return templates.TemplateResponse(request, "structure.html", ctx, status_code=200 if error is None else 422)


@router.get("/structures/{body}/{year}", response_class=HTMLResponse, include_in_schema=False)
def structure_page(
    request: Request,
    body: Annotated[str, Path(pattern=r"^[a-z0-9]{1,20}$")],
    year: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,30}$")],
    account: CurrentAccount,
    info: MaybeSession,
) -> Response:
    """One structure, with its sources and the illustrative marking."""
    report = structure_report(f"{body}/{year}")
    ctx = {"account": account, "info": info, "report": report, "error": None}
    return templates.TemplateResponse(request, "structure.html", ctx)
