"""A property-based fuzz of the whole API from its OpenAPI description (schemathesis's strategies, run by
Hypothesis), signed in as a union member with a valid CSRF token: no input produces a server error, and every
error has the one shape."""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from tests.web.conftest import client_for  # noqa: E402

from payround.sources import LOCAL, use_by_default  # noqa: E402

SHAPE = {"type", "message", "file", "place", "expected", "got", "hint"}
SKIP = {"/login", "/logout"}  # sign-in has its own tests; a fuzzed logout would end the shared session


def _operations() -> list[str]:
    from payround.web.app import create_app
    from payround.web.settings import WebSettings

    app = create_app(WebSettings(env="test", database_url="sqlite://"))
    use_by_default(LOCAL)
    return sorted(f"{m.upper()} {p}" for p, ms in app.openapi()["paths"].items() for m in ms if p not in SKIP)


@pytest.mark.parametrize("operation", _operations())
def test_no_server_errors(app: Any, operation: str) -> None:
    method, path = operation.split(" ", 1)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    op = schema[path][method]
    client, csrf = client_for(app, "unions")

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(case=op.as_strategy())
    def run(case: Any) -> None:
        response = case.call(headers={"X-CSRF-Token": csrf}, cookies=dict(client.cookies))
        assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
        if response.status_code >= 400:
            assert set(response.json()) == SHAPE, response.text[:300]

    run()
