"""Take-home in the offer editor's preview and in the comparison: shown when its tables are at hand, otherwise
"being prepared" (never a request waiting minutes for PolicyEngine UK), with missing tables sent to the background
builder; the API returns the same reports. The tables here are synthetic (tests/web/takehome_tables.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from tests.web.conftest import client_for
from tests.web.takehome_tables import write_tables

from payround.takehome import ready

ROOT = Path(__file__).resolve().parents[2]
SJC = (ROOT / "examples" / "sjc-2022-08-revised-offer.yaml").read_text()  # sjc/2021-22, from 1 April 2022
NJC = (ROOT / "examples" / "njc-2025-26.yaml").read_text()  # njc/2024-25, from 1 April 2025


def test_preview_says_the_tables_are_being_prepared_and_does_not_wait(app: object) -> None:
    c, _ = client_for(app, "unions")
    body = c.post("/api/offers/preview", json={"yaml": SJC, "workforce": "none"}).json()
    assert body["takehome_status"] == "preparing" and body["takehome"] is None
    assert "2022/23" in body["takehome_note"] and "being prepared" in body["takehome_note"]
    page = c.post("/offers/preview", data={"yaml": SJC, "workforce": "none"})
    assert page.status_code == 200
    assert "being prepared" in page.text and 'class="takehome-poll"' in page.text
    assert ready._STARTED == {}  # the test app builds nothing (PAYROUND_TAKEHOME_PREPARE off)


def test_preview_shows_take_home_per_household_when_the_tables_are_ready(app: object, takehome_cache: Path) -> None:
    assert write_tables(takehome_cache, "sjc/2021-22", 2022) == 4
    c, _ = client_for(app, "unions")
    body = c.post("/api/offers/preview", json={"yaml": SJC.replace("5.0", "5.5"), "workforce": "none"}).json()
    th = body["takehome"]
    assert body["takehome_status"] == "ready" and body["takehome_note"] is None
    assert th["path"] == "interactive" and th["tax_years"] == ["2022/23"]
    points = body["apply"]["final"]["points"]
    assert {r["stage"] for r in th["rows"]} == {"final"}
    assert len(th["rows"]) == 4 * len(points)
    assert any(r["illustrative"] for r in th["rows"]) and not all(r["illustrative"] for r in th["rows"])
    page = c.post("/offers/preview", data={"yaml": SJC, "workforce": "none"}).text
    section = page[page.index('id="takehome"') :]
    assert "Take-home: the rise in household net income" in section
    assert section.count('class="takehome-household"') == 4
    assert 'class="illustrative"' in section and "takehome-poll" not in section
    assert "CPI averaged" in section


def test_a_missing_table_is_sent_to_the_background_builder(app: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from payround.web import preview

    started: list[list[ready.Target] | None] = []

    def start(targets: list[ready.Target] | None = None) -> object:
        started.append(targets)
        return object()  # a process, as far as the caller can tell

    monkeypatch.setattr(ready, "prepare_in_background", start)
    monkeypatch.setattr(preview, "_PREPARE", {"on": True})
    c, _ = client_for(app, "unions")
    for _ in range(2):
        assert c.post("/api/offers/preview", json={"yaml": NJC, "workforce": "none"}).status_code == 200
    assert started == [[ready.Target("england-wales", Decimal(37), 2025)]]  # once, not per request


def test_compare_shows_take_home_and_real_terms_side_by_side(app: object, takehome_cache: Path) -> None:
    c, _ = client_for(app, "unions")
    offers = [NJC, NJC.replace("3.2", "4.5")]
    body = c.post("/api/offers/compare", json={"offers": offers, "workforce": "none"}).json()
    assert body["takehome_status"] == "preparing" and body["household"] == "single"
    real = body["realterms"]["offers"]
    assert len(real) == 2 and real[0]["inflation"]["CPI"]["forecast_months"]  # March 2026 is a forecast
    write_tables(takehome_cache, "njc/2024-25", 2025)
    body = c.post("/api/offers/compare", json={"offers": offers, "workforce": "none", "household": "lone-parent-2"})
    data = body.json()
    assert data["takehome_status"] == "ready" and data["household"] == "lone-parent-2"
    cells = data["compare"]["points"][1]["offers"]
    assert all(cell["net_change"] is not None for cell in cells)
    page = c.post("/compare", data={"offer": offers, "workforce": "none", "household": "single"}).text
    assert "net +£/yr" in page and "In real terms" in page and "† forecast for" in page
    assert "real vs CPI" in page


def test_compare_refuses_an_unknown_household(app: object) -> None:
    c, _ = client_for(app, "unions")
    r = c.post("/api/offers/compare", json={"offers": [NJC, NJC], "household": "nobody"})
    assert r.status_code == 422
