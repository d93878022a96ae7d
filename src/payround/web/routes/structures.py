"""Pay structures: the bundled spines, each figure with its source and the illustrative points marked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from payround.reports.offers import StructureList, StructureReport, structure_report, structures_report
from payround.web.deps import CurrentAccount, MaybeSession
from payround.web.errors import ErrorBody
from payround.web.render import templates

__all__ = ["router"]

router = APIRouter(tags=["structures"])
ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorBody} for s in (401, 422)}


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
    return templates.TemplateResponse(request, "structure.html", {"account": account, "info": info, "report": report})
