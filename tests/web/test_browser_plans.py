"""The settlement finder and regrading pages in a real browser (Debian's Chromium driven by Playwright): a located
error as you type, a solve, the found offer opened in the editor and saved as a draft of the user's side; the
Birmingham restructure costed, re-costed with other thresholds, and its per-person CSV downloaded."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from tests.web.test_browser import _login, _shot, base_url, browser

from payround.web.routes import settle as settle_routes

__all__ = ["base_url", "browser"]  # the server and the browser of the offer workbench's browser test


def test_settle_page_solves_and_opens_the_offer_in_the_editor(
    browser: Browser, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settle_routes, "MAX_FRONTIER_POINTS", 4)  # the server runs in this process: keep it quick
    page = _login(browser, base_url, "unions-demo")
    page.goto(f"{base_url}/settle?example=settle-sjc-2022-settlement-budget")
    page.wait_for_selector("#settle-check .valid")
    good = page.input_value("#settle-yaml")
    with page.expect_response(lambda r: r.url.endswith("/settle/check")):
        page.fill("#settle-yaml", good.replace("percent_at_least", "percent_at_lest"))
    page.wait_for_selector("#settle-check .error-box")
    assert "unions.all_points" in page.inner_text("#settle-check .error-box")
    with page.expect_response(lambda r: r.url.endswith("/settle/check")):
        page.fill("#settle-yaml", good)
    page.wait_for_selector("#settle-check .valid")
    page.check("input[name=frontier]")
    page.click("#settle-run")
    page.wait_for_selector("#open-in-editor", timeout=60_000)
    page.wait_for_selector("#chart-frontier svg")
    text = page.inner_text("#settle-result")
    assert "Feasible" in text and "applied by the engine" in text
    _shot(page, "settle")

    page.click("#open-in-editor")
    page.wait_for_selector("#preview .valid")
    assert "floor: 10.85" in page.input_value("#yaml")
    assert page.is_visible("#yaml")  # the YAML tab is the one shown
    page.select_option("select[name=round]", "sjc-2022-23")
    page.fill("input[name=key]", "unions-found-1")
    page.fill("input[name=summary]", "found by the settlement finder")
    page.click("#save-draft-button")
    page.wait_for_url(f"{base_url}/rounds/sjc-2022-23/offers/unions-found-1")
    assert "draft" in page.inner_text("h1")
    page.close()


def test_regrade_page_costs_the_example_and_downloads_the_people(browser: Browser, base_url: str) -> None:
    page = _login(browser, base_url, "employers-demo")
    page.goto(f"{base_url}/regrade")
    page.wait_for_selector("#chart-by-year svg")
    assert "an estimate" in page.inner_text("main")
    _shot(page, "regrade")
    page.fill("input[name=thresholds]", "2000, 9000")
    page.click("#regrade-run")
    page.wait_for_selector("#chart-by-year svg")
    assert "£9,000" in page.inner_text("main")
    with page.expect_download() as dl:
        page.click("#regrade-csv")
    path = dl.value.path()
    assert path is not None
    with open(path, encoding="utf-8") as f:
        assert f.readline().startswith("row,employer,group")
    page.close()
