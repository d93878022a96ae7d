"""The JSON API: every endpoint × every role, the one error shape, CSRF on every change, sign-in and its limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORDS, ROLES, client_for, login

ROOT = Path(__file__).resolve().parents[2]
NJC = (ROOT / "examples" / "njc-2025-26.yaml").read_text()
SJC = (ROOT / "examples" / "sjc-2022-settlement.yaml").read_text()
SETTLE = (ROOT / "examples" / "settle-sjc-2022-settlement-budget.yaml").read_text()
SHAPE = {"type", "message", "file", "place", "expected", "got", "hint"}

# Every GET of the API, signed in (members of the bundled rounds see these; an admin is a member of none).
READS = [
    "/api/me",
    "/api/rounds",
    "/api/rounds/sjc-2022-23",
    "/api/rounds/sjc-2022-23/timeline",
    "/api/rounds/sjc-2022-23/ballots",
    "/api/rounds/birmingham-2025/impact?at=2025-03-31",
    "/api/structures",
    "/api/structures/njc/2024-25",
    "/api/calendar",
    "/api/rounds/sjc-2022-23/offers",
    "/api/rounds/sjc-2022-23/log",
    "/api/rounds/sjc-2022-23/offers/claim",
]
MEMBER_READS: list[str] = []
WRITES = [
    ("/api/offers/preview", {"yaml": NJC, "workforce": "none"}),
    ("/api/offers/validate", {"yaml": NJC}),
    ("/api/offers/compare", {"offers": [NJC, NJC.replace("3.2", "4")], "workforce": "none"}),
    ("/api/offers/from-form", {"percent": "4"}),
    ("/api/settle/check", {"yaml": SETTLE}),
    ("/api/settle", {"yaml": SETTLE}),
    ("/api/regrade", {"source": "example", "thresholds": "5000"}),
    ("/api/regrade/people.csv", {"source": "example"}),
]
FORM_WRITES = {"/api/regrade", "/api/regrade/people.csv"}


def _body(path: str, body: dict[str, object]) -> dict[str, object]:
    """The request's body: a form for the endpoints that take uploads, JSON otherwise."""
    return {"data": body} if path in FORM_WRITES else {"json": body}


def assert_shape(body: object) -> None:
    assert isinstance(body, dict) and set(body) == SHAPE, body
    assert body["message"]


@pytest.mark.parametrize("path", READS + MEMBER_READS + ["/api/rounds/sjc-2022-23/offers/claim/preview"])
def test_reads_need_sign_in(anon: TestClient, path: str) -> None:
    r = anon.get(path)
    assert r.status_code == 401
    assert_shape(r.json())


@pytest.mark.parametrize("path", READS)
def test_reads_for_every_role(app: object, role: str, path: str) -> None:
    c, _ = client_for(app, role)
    r = c.get(path)
    assert r.status_code == 200, r.text


def test_admin_drafts_nothing(app: object) -> None:
    c, _ = client_for(app, "admin")  # a site administrator is on no side of any round
    r = c.post("/api/rounds/sjc-2022-23/offers", json={"key": "adm", "summary": "s", "yaml": SJC})
    assert r.status_code == 403
    assert_shape(r.json())


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_writes_for_every_role_and_csrf(app: object, role: str, path: str, body: dict[str, object]) -> None:
    c, csrf = client_for(app, role)
    kw = _body(path, body)
    r = c.post(path, **kw)  # type: ignore[arg-type]
    assert r.status_code == 200, r.text
    r = c.post(path, **kw, headers={"X-CSRF-Token": ""})  # type: ignore[arg-type]
    assert r.status_code == 403
    assert_shape(r.json())
    assert r.json()["place"] == "csrf_token"
    r = c.post(path, **kw, headers={"X-CSRF-Token": csrf[:-1] + "x"})  # type: ignore[arg-type]
    assert r.status_code == 403


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_writes_need_sign_in(anon: TestClient, path: str, body: dict[str, object]) -> None:
    r = anon.post(path, **_body(path, body), headers={"X-CSRF-Token": "anything"})  # type: ignore[arg-type]
    assert r.status_code in (401, 403)
    assert_shape(r.json())


def test_located_errors(app: object) -> None:
    c, _ = client_for(app, "unions")
    r = c.post("/api/offers/preview", json={"yaml": NJC.replace("percent: 3.2", "percent: -1")})
    assert r.status_code == 422
    body = r.json()
    assert_shape(body)
    assert body["place"] == "stages[0].steps[0].raise.percent"
    for bad in ("a: [", "{}", "name: x\nstructure: /etc/passwd\nstages: []", "\x00", ""):
        r = c.post("/api/offers/preview", json={"yaml": bad})
        assert r.status_code == 422, (bad, r.text)
        assert_shape(r.json())
    r = c.post("/api/offers/preview", json={"yaml": NJC.replace("njc/2024-25", "../../etc/passwd")})
    assert r.status_code == 422 and "server" in r.json()["message"]
    r = c.post("/api/offers/preview", json={"yaml": NJC, "unknown": 1})
    assert r.status_code == 422 and r.json()["place"] == "unknown"
    r = c.get("/api/structures/njc/1999-00")
    assert r.status_code == 422
    assert_shape(r.json())
    r = c.get("/api/rounds/no-such-round")
    assert r.status_code == 422
    assert_shape(r.json())
    r = c.get("/api/rounds/..%2F..%2Fetc")
    assert r.status_code in (404, 422)
    assert_shape(r.json())


def test_preview_costs_on_the_workforce(app: object) -> None:
    c, _ = client_for(app, "employers")
    r = c.post("/api/offers/preview", json={"yaml": SJC})
    assert r.status_code == 200
    body = r.json()
    assert body["workforce"] == "sjc/illustrative"
    assert body["apply"]["final"]["floor"]["after"] == "10.85"
    assert len(body["distribution"]["deciles"]) == 10 and body["distribution"]["points"]
    assert body["cost"]["paybill"]["increase_full_year"]
    assert body["headroom"]
    # an empty take-home cache: the preview does not wait for PolicyEngine UK, and says so
    assert body["takehome_status"] == "preparing" and body["takehome"] is None
    assert "being prepared" in body["takehome_note"]


def test_drafts_are_private_until_tabled(app: object) -> None:
    u, _ = client_for(app, "unions")
    e, _ = client_for(app, "employers")
    n, _ = client_for(app, "neutral")
    r = u.post("/api/rounds/sjc-2022-23/offers", json={"key": "api-draft", "summary": "s", "yaml": SJC})
    assert r.status_code == 201, r.text
    assert r.json()["versions_by"] == ["unions-demo"]
    for other in (e, n):
        assert other.get("/api/rounds/sjc-2022-23/offers/api-draft").status_code == 404
        assert "api-draft" not in other.get("/api/rounds/sjc-2022-23/offers").text
        assert "api-draft" not in other.get("/api/rounds/sjc-2022-23/log").text
    assert e.post("/api/rounds/sjc-2022-23/offers/api-draft/table", json={}).status_code in (404, 422)
    r = n.post("/api/rounds/sjc-2022-23/offers", json={"key": "n1", "summary": "s", "yaml": SJC})
    assert r.status_code == 403 and r.json()["place"] == "side"
    r = u.post("/api/rounds/sjc-2022-23/offers/api-draft/versions", json={"yaml": SJC.replace("10.85", "10.95")})
    assert r.status_code == 200 and r.json()["version"] == 2
    r = u.post("/api/rounds/sjc-2022-23/offers/api-draft/table", json={"on": "2022-09-05"})
    assert r.status_code == 200 and r.json()["visibility"] == "tabled"
    for other in (e, n):
        assert other.get("/api/rounds/sjc-2022-23/offers/api-draft").json()["tabled_on"] == "2022-09-05"
    # nothing tabled is edited
    r = u.post("/api/rounds/sjc-2022-23/offers/api-draft/versions", json={"yaml": SJC})
    assert r.status_code == 422 and "never edited" in r.json()["message"]
    log = u.get("/api/rounds/sjc-2022-23/log").json()
    mine = [ev for ev in log if ev["entity"] == "offer:api-draft"]
    assert [ev["action"] for ev in mine] == ["offer.drafted", "offer.revised", "offer.tabled"]
    assert {ev["actor"] for ev in mine} == {"unions-demo"}
    assert u.get("/api/rounds/sjc-2022-23/offers/api-draft/preview").status_code == 200


def test_exports(app: object) -> None:
    c, _ = client_for(app, "unions")
    r = c.post("/api/offers/export.csv", data={"yaml": SJC})
    assert r.status_code == 200 and r.text.startswith("stage,point,before")
    r = c.post("/api/offers/export.xlsx", data={"yaml": SJC})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = c.get("/api/rounds/sjc-2022-23/offers/offer-5/export.csv")
    assert r.status_code == 200
    r = c.post("/api/offers/export.doc", data={"yaml": SJC})
    assert r.status_code == 422
    assert_shape(r.json())


def test_charts_on_paper_have_the_pages_width_and_room_for_their_text() -> None:
    import re

    import vl_convert as vlc

    from payround.web.routes.exports import PAPER_WIDTH, _on_paper

    spec = {
        "width": "container",
        "height": 100,
        "title": "Mean rise by decile of staff, lowest paid first (%)",
        "config": {"axisX": {"labelAngle": 0}},
        "data": {"values": [{"x": str(i), "y": i} for i in range(2, 44)]},
        "mark": "bar",
        "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}},
    }
    paper = _on_paper(spec)
    assert paper["width"] == PAPER_WIDTH and paper["config"]["axisX"] == {"labelAngle": 0, "labelSeparation": 8}
    assert spec["width"] == "container"  # the page's own spec is left as it was
    svg = vlc.vegalite_to_svg(paper)
    width = float(re.search(r'<svg[^>]*width="([0-9.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert width >= PAPER_WIDTH + 24 + 48  # the plot, and the padding its text may run into


def test_ical_feed_is_public(anon: TestClient) -> None:
    r = anon.get("/calendar.ics?round=sjc-2022-23")
    assert r.status_code == 200 and r.text.startswith("BEGIN:VCALENDAR")
    assert anon.get("/calendar.ics?round=../x").status_code == 422


def test_workforce_upload_row_numbered(app: object) -> None:
    c, _ = client_for(app, "unions")
    bad = b"employer,point,headcount,weekly_hours\nA,5,10,37\nA,6,ten,37\n"
    r = c.post("/api/workforces/check", files={"file": ("staff.csv", bad, "text/csv")})
    assert r.status_code == 422
    assert_shape(r.json())
    assert r.json()["file"] == "staff.csv" and "/tmp" not in r.text
    assert "row" in (r.json()["place"] or "") + r.json()["message"]
    good = b"employer,point,headcount,weekly_hours\nA,5,10,37\nA,6,3,18.5\n"
    r = c.post("/api/workforces/check", files={"file": ("staff.csv", good, "text/csv")})
    assert r.status_code == 200, r.text
    assert r.json()["headcount"] == 13
    r = c.post("/api/workforces/check", files={"file": ("../../x.csv", good, "text/csv")})
    assert r.status_code in (200, 422)


def test_login_logout_and_rate_limit(app: object) -> None:
    c = TestClient(app)  # type: ignore[arg-type]
    c.get("/login")
    token = c.cookies.get("payround_login_csrf")
    assert c.post("/login", data={"username": "unions-demo", "password": "x"}).status_code == 403  # no CSRF
    r = c.post("/login", data={"username": "unions-demo", "password": "wrong-password", "csrf_token": token})
    assert r.status_code == 401
    assert_shape(r.json())
    csrf = login(c, "unions-demo")
    cookie = [h for h in c.get("/login").headers.get_list("set-cookie")]
    assert cookie == []  # already signed in: no new cookie
    assert c.post("/logout").status_code == 403  # CSRF
    assert c.post("/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert c.get("/api/me").status_code == 401
    limited = TestClient(app)  # type: ignore[arg-type]
    limited.get("/login")
    t = limited.cookies.get("payround_login_csrf")
    codes = [
        limited.post("/login", data={"username": "nobody", "password": "bad", "csrf_token": t}).status_code
        for _ in range(60)
    ]
    assert codes[-1] == 429 and 401 in codes
    r = limited.post("/login", data={"username": "unions-demo", "password": PASSWORDS["unions-demo"], "csrf_token": t})
    assert r.status_code == 429  # the address is blocked, whatever the password
    with app.state.payround.store.session() as s:  # type: ignore[attr-defined]
        app.state.payround.limiter.clear(s)  # type: ignore[attr-defined]
    assert set(PASSWORDS) == set(ROLES.values())


def test_session_cookie_flags(app: object) -> None:
    c = TestClient(app)  # type: ignore[arg-type]
    c.get("/login")
    token = c.cookies.get("payround_login_csrf")
    r = c.post("/login", data={"username": "admin-demo", "password": PASSWORDS["admin-demo"], "csrf_token": token})
    assert r.status_code == 204, r.text
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


SECURITY_HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin"}


def test_security_headers_on_every_response(app: object, anon: TestClient) -> None:
    c, _ = client_for(app, "unions")
    responses = [
        anon.get("/login", headers={"accept": "text/html"}),  # a page
        anon.get("/api/me"),  # an error (401)
        anon.get("/static/app.css"),  # a static file
        anon.get("/healthz"),
        c.get("/api/rounds"),  # JSON
        c.post("/api/offers/preview", json={"yaml": "name: x\nstructure: njc/2024-25\n", "workforce": "none"}),
    ]
    for r in responses:
        for name, value in SECURITY_HEADERS.items():
            assert r.headers.get_list(name) == [value], (r.request.url, name, r.status_code)


def test_pages_for_every_role(app: object, role: str) -> None:
    c, _ = client_for(app, role)
    html = {"accept": "text/html"}
    for path in (
        "/rounds", "/rounds/sjc-2022-23", "/offers/new", "/compare", "/structures", "/workforces", "/settle",
        "/regrade",
    ):  # fmt: skip
        r = c.get(path, headers=html)
        assert r.status_code == 200, (path, r.text[:300])
    page = c.get("/structures/sjc/2021-22", headers=html)
    assert page.status_code == 200 and "Sources of sjc/2021-22" in page.text and "https://" in page.text


def test_pages_redirect_to_login(anon: TestClient) -> None:
    r = anon.get("/rounds", headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_docs_and_openapi(anon: TestClient) -> None:
    assert anon.get("/docs").status_code == 200
    spec = anon.get("/openapi.json").json()
    assert "/api/offers/preview" in spec["paths"]
