"""The application: settings, the store, routers, static assets (vendored at install time), error handlers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from payround.sources import Sources, use_by_default
from payround.store import open_store
from payround.web.accounts import LoginLimiter
from payround.web.deps import AppState
from payround.web.errors import install_error_handlers
from payround.web.preview import configure as configure_preview
from payround.web.render import STATIC_DIR
from payround.web.routes import auth, calendar, exports, offers, regrade, rounds, settle, structures, workforces
from payround.web.settings import WebSettings

__all__ = ["create_app"]

log = logging.getLogger(__name__)


_SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeaders:
    """Adds the security headers to every response a route has not set them on. A plain ASGI middleware: it only
    edits the response's start message, where Starlette's ``@app.middleware("http")`` would stream every body
    through a task and a queue (a preview is a few hundred kB)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in _SECURITY_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The workbench app (settings from the environment unless given)."""
    st = settings or WebSettings()
    # A server reads only bundled data and what is uploaded with a request, whatever a reference says.
    use_by_default(Sources.server())
    store = open_store(st.database_url)  # migrates it: the sign-in tables are the store's migrations' too
    configure_preview(prepare_takehome=st.takehome_prepare)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="payround workbench",
        version="1",
        description="Offers applied, costed and compared; pay rounds, ballots and strikes. Every body is a "
        "report of `payround.reports`; every error has the one shape of `PayroundError.as_dict()`.",
        lifespan=lifespan,
    )
    app.state.payround = AppState(st, store, LoginLimiter(st.login_attempts, st.login_window_seconds))
    install_error_handlers(app)
    for module in (auth, rounds, offers, structures, workforces, calendar, exports, settle, regrade):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    app.add_middleware(SecurityHeaders)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
