"""One JSON error shape for every failure a user can cause: ``PayroundError.as_dict()``; 4xx, never a 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from payround.errors import InputError, PayroundError

__all__ = ["ErrorBody", "WebError", "error_body", "install_error_handlers"]

log = logging.getLogger(__name__)


class WebError(PayroundError):
    """A refusal by the workbench itself (not signed in, not allowed, not found, bad CSRF token)."""

    def __init__(self, status: int, message: str, *, place: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.place = place
        self.hint = hint

    def as_dict(self) -> dict[str, str | None]:
        """The one error shape."""
        return {
            "type": type(self).__name__,
            "message": str(self),
            "file": None,
            "place": self.place,
            "expected": None,
            "got": None,
            "hint": self.hint,
        }


def error_body(exc: PayroundError) -> dict[str, str | None]:
    """The JSON body of an error."""
    return exc.as_dict()


class ErrorBody(BaseModel):
    """The one JSON error shape (``PayroundError.as_dict()``)."""

    type: str
    message: str
    file: str | None = None
    place: str | None = None
    expected: str | None = None
    got: str | None = None
    hint: str | None = None


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def _respond(request: Request, status: int, body: dict[str, str | None]) -> Response:
    if status == 401 and _wants_html(request):
        return RedirectResponse("/login", status_code=303)
    if _wants_html(request):
        from payround.web.render import templates

        return templates.TemplateResponse(request, "error.html", {"error": body, "status": status}, status_code=status)
    return JSONResponse(body, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    """Map every error to the one shape and a 4xx status; an unexpected bug is a 500 with no details."""

    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError) -> Response:
        return _respond(request, exc.status, exc.as_dict())

    @app.exception_handler(PayroundError)
    async def _payround(request: Request, exc: PayroundError) -> Response:
        status = 422 if isinstance(exc, InputError) else 400
        return _respond(request, status, exc.as_dict())

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errs = exc.errors()
        first = errs[0] if errs else {}
        place = ".".join(str(x) for x in first.get("loc", ()) if x != "body") or None
        body = InputError(
            f"the request is not valid: {first.get('msg', 'bad input')}.",
            place=place,
            got=repr(first.get("input"))[:80] if "input" in first else None,
        ).as_dict()
        return _respond(request, 422, body)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return _respond(request, exc.status_code, WebError(exc.status_code, str(exc.detail)).as_dict())

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        body = WebError(500, "an unexpected error: it has been logged.").as_dict()
        if _wants_html(request):
            return HTMLResponse("<h1>Unexpected error</h1><p>It has been logged.</p>", status_code=500)
        return JSONResponse(body, status_code=500)
