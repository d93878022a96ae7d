"""The web workbench: FastAPI + Jinja2 + htmx pages and a JSON API, each a thin renderer of ``payround.reports``.

``create_app()`` builds the app from ``PAYROUND_*`` settings; ``payround serve`` and ``make run`` run it."""

from __future__ import annotations

from payround.web.app import create_app

__all__ = ["create_app"]
