"""The workbench on PostgreSQL (``PAYROUND_DATABASE_URL``), as a real team would run it: sign-in, drafts private
to their side until tabled (row-level security underneath), the audit trail. Skipped without a server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.web.conftest import PASSWORDS, login

from payround.sources import LOCAL, use_by_default
from payround.store import open_store
from payround.web import create_app
from payround.web.demo import seed_demo
from payround.web.settings import WebSettings

PG_ENV = "PAYROUND_TEST_POSTGRES_URL"
SJC = (Path(__file__).resolve().parents[2] / "examples" / "sjc-2022-settlement.yaml").read_text()
pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_app() -> Iterator[object]:
    base = os.environ.get(PG_ENV, "")
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test on (.ci/run starts one)")
    if base.startswith("postgresql://"):
        base = "postgresql+psycopg://" + base.split("://", 1)[1]
    schema = f"w_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    store = open_store(url)
    seed_demo(store, passwords=PASSWORDS)
    store.close()
    app = create_app(WebSettings(env="test", database_url=url))
    use_by_default(LOCAL)
    yield app
    app.state.payround.store.close()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _client(app: object, username: str) -> TestClient:
    c = TestClient(app)  # type: ignore[arg-type]
    c.headers["X-CSRF-Token"] = login(c, username)
    return c


def test_drafts_private_until_tabled_on_postgres(pg_app: object) -> None:
    with _client(pg_app, "unions-demo") as u, _client(pg_app, "employers-demo") as e:
        _private_until_tabled(u, e)


def _private_until_tabled(u: TestClient, e: TestClient) -> None:
    r = u.post("/api/rounds/sjc-2022-23/offers", json={"key": "pg-draft", "summary": "s", "yaml": SJC})
    assert r.status_code == 201, r.text
    assert e.get("/api/rounds/sjc-2022-23/offers/pg-draft").status_code == 404
    assert "pg-draft" not in e.get("/api/rounds/sjc-2022-23/log").text
    assert u.post("/api/rounds/sjc-2022-23/offers/pg-draft/table", json={}).status_code == 200
    assert e.get("/api/rounds/sjc-2022-23/offers/pg-draft").json()["visibility"] == "tabled"
    assert e.get("/rounds/sjc-2022-23", headers={"accept": "text/html"}).status_code == 200


def test_the_sign_in_limit_holds_across_two_instances_on_postgres(pg_app: object) -> None:
    """A second instance on the same database (as a second worker process is) shares the count of failures."""
    from tests.web.test_signin_tables import _attempt

    first = pg_app.state.payround  # type: ignore[attr-defined]
    second = create_app(WebSettings(env="test", database_url=first.settings.database_url))
    use_by_default(LOCAL)
    try:
        with TestClient(pg_app) as a, TestClient(second) as b:  # type: ignore[arg-type]
            attempts = first.settings.login_attempts
            codes = [_attempt((a, b)[i % 2], "neutral-demo", "wrong-password") for i in range(attempts)]
            assert codes == [401] * attempts
            assert _attempt(b, "neutral-demo", PASSWORDS["neutral-demo"]) == 429
            assert _attempt(a, "neutral-demo", PASSWORDS["neutral-demo"]) == 429
    finally:
        with first.store.session() as s:
            first.limiter.clear(s)
        second.state.payround.store.close()
