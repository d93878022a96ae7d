"""The settlement finder and regrading pages and their API: each figure is the reports layer's, errors have the
one shape, the frontier a request may ask for is bounded, downloads are the per-person table."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.web.conftest import client_for

from payround.reports.regrade import RegradeReport
from payround.web.routes import settle as settle_routes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BUNDLED = ROOT / "src" / "payround" / "data" / "examples"
SETTLEMENT = (EXAMPLES / "settle-sjc-2022-settlement-budget.yaml").read_text()
SHORT = (EXAMPLES / "settle-sjc-2022-revised-offer-budget.yaml").read_text()
HTML = {"accept": "text/html"}


def test_the_bundled_examples_are_the_repositorys() -> None:
    copies = sorted(p.name for p in BUNDLED.iterdir() if p.suffix in (".yaml", ".csv"))
    assert "birmingham-2025-wrco.yaml" in copies and "settle-njc-2022-rlw.yaml" in copies
    for name in copies:
        assert (BUNDLED / name).read_bytes() == (EXAMPLES / name).read_bytes(), name
    assert {p.name for p in EXAMPLES.glob("settle-*.yaml")} <= set(copies)


def test_settle_finds_the_offer_and_its_engine_table(app: object) -> None:
    c, _ = client_for(app, "unions")
    r = c.post("/api/settle", json={"yaml": SETTLEMENT})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["feasible"] is True and doc["missing_money"] is None and doc["offer"]["structure"] == "sjc/2021-22"
    page = c.post("/settle/run", data={"yaml": SETTLEMENT, "template": "file", "workforce": "file"}, headers=HTML)
    assert page.status_code == 200
    assert "Open this offer in the offer editor" in page.text and "/offers/new?yaml=" in page.text
    assert "applied by the engine" in page.text and "10.85" in page.text
    editor = c.get(page.text.split('href="', 2)[1].split('"')[0].replace("&amp;", "&"), headers=HTML)
    assert editor.status_code == 200 and "percent: 5.036" in editor.text


def test_settle_says_how_much_money_is_missing(app: object) -> None:
    c, _ = client_for(app, "employers")
    page = c.post("/settle/run", data={"yaml": SHORT}, headers=HTML)
    assert page.status_code == 200
    assert "is missing" in page.text and "What binds" in page.text


def test_the_frontier_is_bounded(app: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settle_routes, "MAX_FRONTIER_POINTS", 3)
    c, _ = client_for(app, "neutral")
    text = SETTLEMENT + "frontier: {over: floor, points: 50}\n"
    doc = c.post("/api/settle", json={"yaml": text}).json()
    assert len(doc["frontier"]) == 3
    assert any("limited to 3 points" in n for n in doc["notes"])
    page = c.post("/settle/run", data={"yaml": text}, headers=HTML)
    assert 'id="chart-frontier"' in page.text


def test_settle_errors_are_located_as_you_type(app: object) -> None:
    c, _ = client_for(app, "unions")
    r = c.post("/api/settle/check", json={"yaml": SETTLEMENT.replace("percent_at_least", "percent_at_lest")})
    assert r.status_code == 422
    body = r.json()
    assert body["place"] and "all_points" in body["place"] and body["file"] == "constraints.yaml"
    r = c.post("/api/settle/check", json={"yaml": SETTLEMENT, "template": "banded"})
    assert r.status_code == 422 and r.json()["message"]
    r = c.post("/api/settle/check", json={"yaml": SETTLEMENT.replace("sjc/2021-22", "/etc/passwd")})
    assert r.status_code == 422 and "server" in r.json()["message"]
    fragment = c.post("/settle/check", data={"yaml": "name: [", "template": "file"}, headers=HTML)
    assert fragment.status_code == 200 and "error-box" in fragment.text
    ok = c.post("/settle/check", data={"yaml": SETTLEMENT, "template": "greatest"}, headers=HTML)
    assert "Valid constraints" in ok.text and "greatest" in ok.text


def test_regrade_example_report_and_downloads(app: object) -> None:
    c, _ = client_for(app, "employers")
    r = c.post("/api/regrade", data={"source": "example", "thresholds": "2000, 7000", "compare_months": "6, 12"})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["max_annual_loss"] == "8072.00"
    assert [t["threshold"] for t in doc["thresholds"]] == ["2000", "7000"]
    assert [v["label"] for v in doc["protection_variants"]][1:] == [
        "full protection for 6 months",
        "full protection for 12 months",
    ]
    assert doc["equal_pay"]["estimate"] is True and doc["people"]
    top = RegradeReport.model_validate(doc).largest_losses_table(5)
    five = [r.cells[10] for r in top.rows]
    assert five == sorted(five, reverse=True) and five[0] == max(Decimal(p["loss_5y"]) for p in doc["people"])
    csv = c.post("/api/regrade/people.csv", data={"source": "example"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    assert lines[0].startswith("row,employer,group") and len(lines) == len(doc["people"]) + 1
    xlsx = c.post("/api/regrade/people.xlsx", data={"source": "example"})
    wb = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert "Per person" in wb.sheetnames[0]
    page = c.get("/regrade", headers=HTML)
    assert page.status_code == 200
    for text in ("an estimate", "People losing more than", "largest losses over five years", "chart-by-year"):
        assert text in page.text


def test_regrade_uploads_and_located_errors(app: object) -> None:
    c, _ = client_for(app, "unions")
    wrco = (EXAMPLES / "birmingham-2025-wrco.yaml").read_bytes()
    staff = (EXAMPLES / "birmingham-2025-waste.csv").read_bytes()
    award = (EXAMPLES / "njc-2025-26.yaml").read_bytes()
    files = [
        ("restructure", ("wrco.yaml", wrco, "application/yaml")),
        ("files", ("birmingham-2025-waste.csv", staff, "text/csv")),
        ("files", ("njc-2025-26.yaml", award, "application/yaml")),
    ]
    r = c.post("/api/regrade", data={"source": "upload", "awards": "njc-2025-26.yaml, 2%"}, files=files)
    assert r.status_code == 200, r.text
    assert r.json()["awards"][1] == "assumed 2% from 2026-04-01, every year"
    r = c.post("/api/regrade", data={"source": "upload"}, files=files[:2])  # the award it names is missing
    assert r.status_code == 422 and "njc-2025-26.yaml" in r.json()["message"]
    r = c.post("/api/regrade", data={"source": "upload"})
    assert r.status_code == 422 and r.json()["place"] == "restructure"
    r = c.post("/api/regrade", data={"source": "example", "thresholds": "lots"})
    assert r.status_code == 422 and r.json()["place"] == "thresholds"
    r = c.post("/api/regrade", data={"source": "example", "compare_months": "0"})
    assert r.status_code == 422 and r.json()["place"] == "compare_months"
    bad = wrco.replace(b"years: 5", b"years: five")
    r = c.post("/api/regrade", data={"source": "upload"}, files=[("restructure", ("bad.yaml", bad, "x")), *files[1:]])
    assert r.status_code == 422 and r.json()["place"] == "years"
    page = c.post("/regrade", data={"source": "example", "workforce": "/etc/passwd"}, headers=HTML)
    assert page.status_code == 422 and "error-box" in page.text


def test_long_calculations_wait_for_a_free_slot_then_are_refused(app: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from payround.web import jobs

    monkeypatch.setattr(jobs, "WAIT_SECONDS", 0.05)
    c, _ = client_for(app, "unions")
    taken = [jobs._SLOTS.acquire(timeout=1) for _ in range(jobs.MAX_AT_ONCE)]
    try:
        r = c.post("/api/settle", json={"yaml": SETTLEMENT})
        assert r.status_code == 503 and r.json()["place"] == "server"
    finally:
        for _ in taken:
            jobs._SLOTS.release()
    assert c.post("/api/regrade", data={"source": "example"}).status_code == 200
