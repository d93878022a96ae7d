"""A workbench on a fresh SQLite database with the bundled rounds and one account per side."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from tests.web.takehome_tables import empty_takehome_cache

from payround.sources import LOCAL, Sources, use_by_default
from payround.web import create_app
from payround.web.settings import WebSettings

PASSWORDS = {
    "employers-demo": "employers-password-1",
    "unions-demo": "unions-password-1",
    "neutral-demo": "neutral-password-1",
    "admin-demo": "admin-password-1",
}
ROLES = {"employers": "employers-demo", "unions": "unions-demo", "neutral": "neutral-demo", "admin": "admin-demo"}


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from payround.store import open_store
    from payround.web.demo import seed_demo

    url = f"sqlite:///{Path(tmp_path_factory.mktemp('web')) / 'web.sqlite3'}"
    store = open_store(url)
    seed_demo(store, passwords=PASSWORDS)
    store.close()
    return url


@pytest.fixture(scope="session")
def app(web_db: str) -> Iterator[object]:
    settings = WebSettings(env="test", database_url=web_db, login_attempts=50, takehome_prepare=False)
    made = create_app(settings)
    use_by_default(LOCAL)
    yield made


@pytest.fixture(autouse=True)
def takehome_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every web test starts with an empty take-home cache of its own (tests/web/takehome_tables.py)."""
    return empty_takehome_cache(tmp_path / "takehome-cache", monkeypatch)


@pytest.fixture(autouse=True)
def server_policy() -> Iterator[None]:
    """The server's source policy while a web test runs (as create_app sets it), the filesystem's after, so that
    other tests in the same process are not affected."""
    use_by_default(Sources.server())
    yield
    use_by_default(LOCAL)


def login(client: TestClient, username: str) -> str:
    """Sign in; returns the CSRF token."""
    page = client.get("/login", headers={"accept": "text/html"})
    token = client.cookies.get("payround_login_csrf")
    assert page.status_code == 200 and token
    r = client.post("/login", data={"username": username, "password": PASSWORDS[username], "csrf_token": token})
    assert r.status_code == 204, r.text
    me = client.get("/api/me").json()
    return str(me["csrf_token"])


@pytest.fixture
def anon(app: object) -> Iterator[TestClient]:
    with TestClient(app) as c:  # type: ignore[arg-type]
        yield c


@pytest.fixture(params=sorted(ROLES))
def role(request: pytest.FixtureRequest) -> str:
    return str(request.param)


_CLIENTS: dict[tuple[int, str], tuple[TestClient, str]] = {}


def client_for(app: object, role: str) -> tuple[TestClient, str]:
    """A client signed in as the role's demo user, sending its CSRF token (one per role: sign-in is slow on
    purpose)."""
    key = (id(app), role)
    if key not in _CLIENTS:
        c = TestClient(app)  # type: ignore[arg-type]
        csrf = login(c, ROLES[role])
        c.headers["X-CSRF-Token"] = csrf
        _CLIENTS[key] = (c, csrf)
    return _CLIENTS[key]
