"""The strike calendar and its subscribable iCalendar feed (public: a calendar app cannot sign in, and it holds
only what the rounds publish)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from payround.reports.action import CalendarReport, calendar_report
from payround.web.deps import CurrentAccount, state_of
from payround.web.errors import ErrorBody

__all__ = ["router"]

router = APIRouter(tags=["calendar"])
Filter = Annotated[str | None, Query(max_length=100)]
Round = Annotated[str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]


@router.get("/api/calendar", responses={401: {"model": ErrorBody}, 422: {"model": ErrorBody}})
def api_calendar(
    request: Request, account: CurrentAccount, employer: Filter = None, service: Filter = None, round: Round = None
) -> CalendarReport:
    """Strike days by employer and service."""
    return calendar_report(
        employer=employer,
        service=service,
        rounds=[round] if round else None,
        database=state_of(request).settings.database_url,
    )


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 422: {"model": ErrorBody}},
)
def ical_feed(request: Request, employer: Filter = None, service: Filter = None, round: Round = None) -> Response:
    """The strike calendar as an iCalendar feed to subscribe to (filter by employer, service, round)."""
    report = calendar_report(
        employer=employer,
        service=service,
        rounds=[round] if round else None,
        database=state_of(request).settings.database_url,
    )
    return Response(report.ical, media_type="text/calendar; charset=utf-8")
