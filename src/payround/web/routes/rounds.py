"""Rounds: the list, a round (timeline, offers, ballots and the law's verdict, strike calendar, backlog impact,
audit trail), and each side's drafts: draft, revise, table — as the signed-in user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from payround.errors import PayroundError, RoundError
from payround.reports.action import BallotsReport, ImpactDoc, ballot_check_report, impact_report
from payround.reports.preview import PreviewReport, preview_report
from payround.reports.rounds import (
    EventList,
    RoundList,
    RoundShowReport,
    TimelineReport,
    round_list_report,
    round_show_report,
    round_timeline_report,
)
from payround.reports.sides import (
    SideOffer,
    SideOffers,
    draft_offer_report,
    revise_offer_report,
    side_audit_report,
    side_offer,
    side_offers_report,
    table_offer_report,
)
from payround.web.charts import impact_chart
from payround.web.deps import CurrentAccount, DbSession, MaybeSession, acting_session, csrf_protected, state_of
from payround.web.errors import ErrorBody, WebError
from payround.web.render import templates

__all__ = ["router"]

router = APIRouter(tags=["rounds"])
T = TypeVar("T")
ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorBody} for s in (401, 403, 404, 422)}
Slug = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
Key = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")]


def _db(request: Request) -> str:
    return state_of(request).settings.database_url


def _visible(db: DbSession, account: CurrentAccount, slug: str, key: str) -> SideOffer:
    """An offer the account may see; another side's draft is simply not found (404), as a missing one is."""
    try:
        return side_offer(db, slug, key)
    except RoundError as exc:
        raise WebError(404, str(exc), place=key) from exc


def _member(account: CurrentAccount, slug: str) -> str:
    side = account.side_in(slug)
    if side is None:
        raise WebError(403, f"you are not a member of {slug}.", place="round", hint="an administrator adds members.")
    return side


def _party(account: CurrentAccount, slug: str) -> str:
    """A member on the employers' or the unions' side: a neutral member (a conciliator) reads what is tabled only."""
    side = _member(account, slug)
    if side == "neutral":
        raise WebError(403, "a neutral member sees what is tabled but drafts and tables nothing.", place="side")
    return side


class DraftRequest(BaseModel):
    """A new draft: its id, a one-line summary and the offer file's text."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
    summary: str = Field(max_length=500)
    yaml: str = Field(max_length=200_000)


class ReviseRequest(BaseModel):
    """A new version of a draft."""

    model_config = ConfigDict(extra="forbid")

    yaml: str = Field(max_length=200_000)


class TableRequest(BaseModel):
    """Table a draft on a date (default today)."""

    model_config = ConfigDict(extra="forbid")

    on: date | None = None


# --- JSON API -----------------------------------------------------------------------------------------------------


@router.get("/api/rounds", responses=ERRORS)
def api_rounds(request: Request, account: CurrentAccount) -> RoundList:
    """The stored rounds."""
    return round_list_report(_db(request))


@router.get("/api/rounds/{slug}", responses=ERRORS)
def api_round(request: Request, slug: Slug, account: CurrentAccount) -> RoundShowReport:
    """A round: body, sides, tabled claim and offers, counts."""
    return round_show_report(slug, _db(request))


@router.get("/api/rounds/{slug}/timeline", responses=ERRORS)
def api_timeline(request: Request, slug: Slug, account: CurrentAccount) -> TimelineReport:
    """The round's events in date order, offers with their floor and cost."""
    return round_timeline_report(slug, "auto", _db(request))


@router.get("/api/rounds/{slug}/ballots", responses=ERRORS)
def api_ballots(request: Request, slug: Slug, account: CurrentAccount) -> BallotsReport:
    """Each ballot against the statutory thresholds in force on its date."""
    return ballot_check_report(slug, _db(request))


@router.get("/api/rounds/{slug}/impact", responses=ERRORS)
def api_impact(
    request: Request, slug: Slug, account: CurrentAccount, at: Annotated[date | None, Query()] = None
) -> ImpactDoc:
    """The refuse backlog per council on a date (default today), and school days lost."""
    return impact_report(slug, at or date.today(), database=_db(request))


@router.get("/api/rounds/{slug}/log", responses=ERRORS)
def api_log(slug: Slug, account: CurrentAccount, db: DbSession) -> EventList:
    """The round's audit trail: every change, by whom and when (the public chain, and your side's own)."""
    return side_audit_report(db, slug)


@router.get("/api/rounds/{slug}/offers", responses=ERRORS)
def api_side_offers(slug: Slug, account: CurrentAccount, db: DbSession) -> SideOffers:
    """The offers you may see: every tabled offer and your side's drafts."""
    return side_offers_report(db, slug)


@router.get("/api/rounds/{slug}/offers/{key}", responses=ERRORS)
def api_side_offer(slug: Slug, key: Key, account: CurrentAccount, db: DbSession) -> SideOffer:
    """One offer you may see."""
    return _visible(db, account, slug, key)


@router.get("/api/rounds/{slug}/offers/{key}/preview", responses=ERRORS)
def api_side_offer_preview(slug: Slug, key: Key, account: CurrentAccount, db: DbSession) -> PreviewReport:
    """The preview of one offer you may see: applied, costed, who gets what, headroom."""
    return _preview_of(_visible(db, account, slug, key))


def offer_text(offer: SideOffer) -> str:
    """An offer's construction as the offer file (YAML) a person edits or compares."""
    import yaml

    if offer.document is None:
        raise WebError(404, f"the construction of {offer.key!r} was not published.", place=offer.key)
    return yaml.safe_dump(offer.document, sort_keys=False, allow_unicode=True, width=100)


def _preview_of(offer: SideOffer) -> PreviewReport:
    from payround.offers import parse_offer

    if offer.document is None:
        raise WebError(404, f"the construction of {offer.key!r} was not published.", place=offer.key)
    from payround.web.preview import build_missing

    return preview_report(parse_offer(offer.document, f"offer:{offer.key}"), on_missing=build_missing)


@router.post("/api/rounds/{slug}/offers", responses=ERRORS, status_code=201, dependencies=[Depends(csrf_protected)])
def api_draft(slug: Slug, body: DraftRequest, account: CurrentAccount, db: DbSession) -> SideOffer:
    """Draft an offer for your side (only your side sees it)."""
    _party(account, slug)
    return draft_offer_report(db, slug, body.key, body.summary, body.yaml)


@router.post("/api/rounds/{slug}/offers/{key}/versions", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_revise(slug: Slug, key: Key, body: ReviseRequest, account: CurrentAccount, db: DbSession) -> SideOffer:
    """A new version of one of your side's drafts (a tabled offer is never edited)."""
    _party(account, slug)
    return revise_offer_report(db, slug, key, body.yaml)


@router.post("/api/rounds/{slug}/offers/{key}/table", responses=ERRORS, dependencies=[Depends(csrf_protected)])
def api_table(slug: Slug, key: Key, body: TableRequest, account: CurrentAccount, db: DbSession) -> SideOffer:
    """Table one of your side's drafts: both sides now see it."""
    _party(account, slug)
    return table_offer_report(db, slug, key, body.on or date.today())


# --- pages --------------------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
@router.get("/rounds", response_class=HTMLResponse, include_in_schema=False)
def rounds_page(request: Request, account: CurrentAccount, info: MaybeSession) -> Response:
    """The rounds list."""
    report = round_list_report(_db(request))
    return templates.TemplateResponse(request, "rounds.html", {"account": account, "info": info, "report": report})


def _try(fn: Callable[..., T], *args: Any, **kw: Any) -> tuple[T | None, dict[str, str | None] | None]:
    """A report, or the error a page shows in its place."""
    try:
        return fn(*args, **kw), None
    except PayroundError as exc:
        return None, exc.as_dict()


@router.get("/rounds/{slug}", response_class=HTMLResponse, include_in_schema=False)
def round_page(
    request: Request,
    slug: Slug,
    account: CurrentAccount,
    info: MaybeSession,
    at: Annotated[date | None, Query(description="The day of the backlog impact (default today).")] = None,
) -> Response:
    """A round: timeline, offers (with your side's drafts), ballots, calendar, impact and audit trail."""
    show = round_show_report(slug, _db(request))
    timeline, _ = _try(round_timeline_report, slug, "auto", _db(request))
    ballots, _ = _try(ballot_check_report, slug, _db(request))
    impact, _ = _try(impact_report, slug, at or date.today(), database=_db(request))
    with acting_session(request, account) as db:  # after the public reports, which open their own connections
        log = side_audit_report(db, slug)
        mine = side_offers_report(db, slug)
    ctx = {
        "account": account,
        "info": info,
        "slug": slug,
        "show": show,
        "timeline": timeline,
        "ballots": ballots,
        "impact": impact,
        "impact_chart": impact_chart(impact) if impact is not None else None,
        "log": log,
        "mine": mine,
        "side": account.side_in(slug),
        "at": at or date.today(),
    }
    return templates.TemplateResponse(request, "round.html", ctx)


@router.get("/rounds/{slug}/offers/{key}", response_class=HTMLResponse, include_in_schema=False)
def offer_page(
    request: Request, slug: Slug, key: Key, account: CurrentAccount, info: MaybeSession, db: DbSession
) -> Response:
    """One offer of a round that you may see, with its preview."""
    offer = _visible(db, account, slug, key)
    report, error = _try(_preview_of, offer)
    from payround.web.charts import preview_charts

    charts = preview_charts(report) if report is not None else {}
    ctx: dict[str, object] = {
        "account": account,
        "info": info,
        "slug": slug,
        "offer": offer,
        "report": report,
        "error": error,
    }
    ctx |= {"charts": charts, "side": account.side_in(slug)}
    return templates.TemplateResponse(request, "offer.html", ctx)


@router.post("/rounds/{slug}/offers", include_in_schema=False, dependencies=[Depends(csrf_protected)])
def draft_form(
    slug: Slug,
    account: CurrentAccount,
    db: DbSession,
    key: Annotated[str, Form(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")],
    summary: Annotated[str, Form(max_length=500)],
    yaml: Annotated[str, Form(max_length=200_000)],
) -> Response:
    """Save the editor's offer as a draft of your side, then show it."""
    _party(account, slug)
    draft_offer_report(db, slug, key, summary, yaml)
    return RedirectResponse(f"/rounds/{slug}/offers/{key}", status_code=303)


@router.post("/rounds/{slug}/offers/{key}/table", include_in_schema=False, dependencies=[Depends(csrf_protected)])
def table_form(slug: Slug, key: Key, account: CurrentAccount, db: DbSession) -> Response:
    """Table a draft from its page."""
    _party(account, slug)
    table_offer_report(db, slug, key, date.today())
    return RedirectResponse(f"/rounds/{slug}/offers/{key}", status_code=303)
