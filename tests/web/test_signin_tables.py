"""The sign-in tables come from the store's migrations (no ``create_all``), and failed sign-ins are counted in the
database, so that the limit holds across the worker processes of ``payround serve --workers N``."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, create_engine, inspect, text
from tests.web.conftest import PASSWORDS

from payround.sources import LOCAL, use_by_default
from payround.store import head_revision, open_store
from payround.store.database import _alembic_config
from payround.web import create_app
from payround.web.accounts import metadata as web_metadata
from payround.web.demo import seed_demo
from payround.web.settings import WebSettings

SRC = Path(__file__).resolve().parents[2] / "src" / "payround"


def test_a_fresh_database_migrated_to_head_has_the_sign_in_tables(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    try:
        assert store.schema_revision() == head_revision()
        insp = inspect(store.engine)
        for table in web_metadata.sorted_tables:
            columns = {c["name"] for c in insp.get_columns(table.name)}
            assert columns == {c.name for c in table.columns}, table.name
        assert {"web_credentials", "web_sessions", "web_login_failures"} <= set(insp.get_table_names())
        indexes = {i["name"] for i in insp.get_indexes("web_login_failures")}
        assert "ix_web_login_failures_key_expires" in indexes
    finally:
        store.close()


def test_create_all_is_no_longer_used() -> None:
    users = [p for p in SRC.rglob("*.py") if "create_all(" in p.read_text(encoding="utf-8")]
    assert users == []


def test_the_workbench_starts_on_a_fresh_database_without_create_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("create_all was called")

    monkeypatch.setattr(MetaData, "create_all", refuse)
    url = f"sqlite:///{tmp_path / 'start.sqlite3'}"
    app = create_app(WebSettings(env="test", database_url=url))
    use_by_default(LOCAL)
    seed_demo(app.state.payround.store, passwords=PASSWORDS)
    with TestClient(app) as c:
        c.get("/login")
        token = c.cookies.get("payround_login_csrf")
        data = {"username": "unions-demo", "password": PASSWORDS["unions-demo"], "csrf_token": token}
        assert c.post("/login", data=data).status_code == 204
        assert c.get("/api/me").json()["username"] == "unions-demo"
    app.state.payround.store.close()


def test_tables_made_by_an_older_workbench_are_kept_with_their_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = _alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        # what the workbench's create_all made before revision 0004
        conn.execute(text("CREATE TABLE web_credentials (user_id INTEGER PRIMARY KEY, password_hash VARCHAR(200) "
                          "NOT NULL)"))  # fmt: skip
        conn.execute(text("CREATE TABLE web_sessions (token_sha256 VARCHAR(64) PRIMARY KEY, user_id INTEGER NOT "
                          "NULL, csrf VARCHAR(64) NOT NULL, expires DATETIME NOT NULL)"))  # fmt: skip
        conn.execute(text("INSERT INTO web_credentials VALUES (7, 'argon2-hash')"))
    engine.dispose()
    store = open_store(url)
    try:
        assert store.schema_revision() == head_revision()
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT password_hash FROM web_credentials WHERE user_id = 7")).scalar() == (
                "argon2-hash"
            )
            assert conn.execute(text("SELECT count(*) FROM web_login_failures")).scalar() == 0
    finally:
        store.close()


def _attempt(c: TestClient, username: str, password: str) -> int:
    c.get("/login")
    token = c.cookies.get("payround_login_csrf")
    return c.post("/login", data={"username": username, "password": password, "csrf_token": token}).status_code


def test_the_limit_holds_across_two_app_instances_sharing_one_database(tmp_path: Path) -> None:
    """Two instances (as two worker processes are) on one database: failures on either count against both."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    settings = WebSettings(env="test", database_url=url, login_attempts=4, login_window_seconds=600)
    one, two = create_app(settings), create_app(settings)
    use_by_default(LOCAL)
    seed_demo(one.state.payround.store, passwords=PASSWORDS)
    with TestClient(one) as a, TestClient(two) as b:
        codes = [_attempt(c, "unions-demo", "wrong-password") for c in (a, b, a, b)]
        assert codes == [401, 401, 401, 401]
        # the fifth attempt is refused by either instance, even with the right password
        assert _attempt(a, "unions-demo", PASSWORDS["unions-demo"]) == 429
        assert _attempt(b, "unions-demo", PASSWORDS["unions-demo"]) == 429
        # failures expire: once the window has passed, the right password signs in again
        with one.state.payround.store.session() as s:
            s.execute(text("UPDATE web_login_failures SET expires_ms = 0"))
        assert _attempt(b, "unions-demo", PASSWORDS["unions-demo"]) == 204
        with two.state.payround.store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM web_login_failures WHERE expires_ms > 0")).scalar() == 0
    for app in (one, two):
        app.state.payround.store.close()
