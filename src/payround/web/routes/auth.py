"""Signing in and out: argon2 password check, a server-side session in an HttpOnly, SameSite cookie, a CSRF token
per session, and failed attempts limited per address and per username."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from payround.web.accounts import check_password, end_session, start_session
from payround.web.deps import COOKIE, CurrentAccount, MaybeSession, csrf_protected, state_of
from payround.web.errors import ErrorBody, WebError
from payround.web.render import templates

__all__ = ["router"]

router = APIRouter(tags=["auth"])
LOGIN_CSRF = "payround_login_csrf"


class Me(BaseModel):
    """Who is signed in, their role and sides, and the CSRF token to send with every change."""

    username: str
    display_name: str
    role: str
    sides: dict[str, str]
    csrf_token: str


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int | None) -> None:
    st = state_of(request).settings
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, secure=st.cookie_secure, samesite="strict", path="/"
    )


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, info: MaybeSession) -> Response:
    """The sign-in form (with a CSRF token bound to a short-lived cookie)."""
    if info is not None:
        return RedirectResponse("/rounds", status_code=303)
    token = secrets.token_urlsafe(32)
    response = templates.TemplateResponse(request, "login.html", {"csrf": token, "account": None, "error": None})
    _cookie(response, request, LOGIN_CSRF, token, 3600)
    return response


@router.post(
    "/login", responses={401: {"model": ErrorBody}, 429: {"model": ErrorBody}}, dependencies=[Depends(csrf_protected)]
)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    """Sign in (form fields username, password, csrf_token); sets the session cookie."""
    st = state_of(request)
    client = request.client.host if request.client else "?"
    keys = (f"ip:{client}", f"user:{username.lower()}")
    # One transaction: the count of failures is the database's, shared by every worker process; a failure is
    # recorded (committed) before the refusal is raised.
    blocked, token = False, None
    with st.store.session() as s:
        if st.limiter.blocked(s, *keys):
            blocked = True
        elif (account := check_password(s, username, password)) is None:
            st.limiter.failed(s, *keys)
        else:
            token, _ = start_session(s, account, st.settings.session_hours)
    if blocked:
        raise WebError(429, "too many failed sign-ins: wait a few minutes.", place="username")
    if token is None:
        raise WebError(401, "wrong username or password.", place="username")
    wants_html = "text/html" in request.headers.get("accept", "")
    response: Response = RedirectResponse("/rounds", status_code=303) if wants_html else Response(status_code=204)
    _cookie(response, request, COOKIE, token, st.settings.session_hours * 3600)
    response.delete_cookie(LOGIN_CSRF, path="/")
    return response


@router.post("/logout", dependencies=[Depends(csrf_protected)], responses={403: {"model": ErrorBody}})
def logout(request: Request, account: CurrentAccount) -> Response:
    """Sign out: the session is ended on the server."""
    with state_of(request).store.session() as s:
        end_session(s, request.cookies.get(COOKIE, ""))
    wants_html = "text/html" in request.headers.get("accept", "")
    response: Response = RedirectResponse("/login", status_code=303) if wants_html else Response(status_code=204)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/api/me", responses={401: {"model": ErrorBody}})
def me(info: MaybeSession, account: CurrentAccount) -> Me:
    """The signed-in user."""
    assert info is not None
    return Me(
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        sides=account.sides,
        csrf_token=info.csrf,
    )
