"""The workbench in a real browser (Debian's Chromium driven by Playwright): a union user drafts an offer in the
form, sees the preview update, the employers' user cannot see it (page and API), it is tabled, compared with the
claim, and the Excel and PDF downloads hold what they should. Screenshots go to artefacts/screenshots/."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("playwright")
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

from payround.web.render import assets_present  # noqa: E402

if not assets_present():
    pytest.skip("the page's scripts are not installed (make web-assets)", allow_module_level=True)

import uvicorn  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402
from tests.web.conftest import PASSWORDS  # noqa: E402
from tests.web.takehome_tables import write_tables  # noqa: E402

SHOTS = Path(__file__).resolve().parents[2] / "artefacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def base_url(app: object) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _login(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_page(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/rounds")
    return page


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_union_drafts_tables_and_exports(browser: Browser, base_url: str, takehome_cache: Path) -> None:
    write_tables(takehome_cache, "sjc/2021-22", 2022)  # the take-home tables of the offers below (synthetic)
    page = _login(browser, base_url, "unions-demo")
    _shot(page, "rounds")

    page.goto(f"{base_url}/offers/new?round=sjc-2022-23")
    page.select_option("select[name=structure]", "sjc/2021-22")
    page.select_option("select[name=construction]", "greatest")
    page.fill("input[name=percent]", "6")
    page.fill("input[name=cash]", "2000")
    page.fill("input[name=floor]", "10.90")
    page.fill("input[name=effective]", "2022-04-01")
    page.click("#form-tab button[type=submit]")
    page.wait_for_function("document.getElementById('yaml').value.includes('floor: {rate: 10.90, per: hour}')")
    page.wait_for_selector("#preview .valid")
    assert "sjc/2021-22" in page.inner_text("#preview .valid")
    page.wait_for_selector("#chart-by-point svg")
    # take-home per household for the edited offer, illustrative rows marked
    takehome = page.locator("#takehome")
    assert "Take-home: the rise in household net income" in takehome.inner_text()
    assert takehome.locator("details.takehome-household").count() == 4
    assert takehome.locator("tr.illustrative").count() > 0
    _shot(page, "editor")
    page.evaluate("document.getElementById('takehome').scrollIntoView()")
    page.screenshot(path=str(SHOTS / "editor-takehome.png"))

    # an error, located, as you type in the YAML tab
    page.click("button[data-tab=yaml-tab]")
    good = page.input_value("#yaml")
    with page.expect_response(lambda r: r.url.endswith("/offers/preview")):
        page.fill("#yaml", good.replace("percent:", "percnt:"))
    page.wait_for_selector("#preview .error-box")
    assert "stages[0].steps[0].raise" in page.inner_text("#preview .error-box")
    _shot(page, "editor-error")
    with page.expect_response(lambda r: r.url.endswith("/offers/preview")):
        page.fill("#yaml", good)
    page.wait_for_selector("#preview .valid")

    page.fill("input[name=key]", "unions-browser-1")
    page.fill("input[name=summary]", "6% or £2,000, floor £10.90")
    page.click("#save-draft-button")
    page.wait_for_url(f"{base_url}/rounds/sjc-2022-23/offers/unions-browser-1")
    assert "draft" in page.inner_text("h1")

    # the employers' user cannot see the draft, in the page or the API
    emp = _login(browser, base_url, "employers-demo")
    emp.goto(f"{base_url}/rounds/sjc-2022-23")
    assert "unions-browser-1" not in emp.content()
    r = emp.request.get(f"{base_url}/api/rounds/sjc-2022-23/offers/unions-browser-1")
    assert r.status == 404
    assert r.json()["type"] == "WebError"

    page.click("#table-offer")
    page.wait_for_selector("h1 .vis-tabled")
    page.wait_for_selector("#chart-by-point svg")
    _shot(page, "offer-tabled")
    emp.goto(f"{base_url}/rounds/sjc-2022-23")
    assert "unions-browser-1" in emp.content()
    _shot(emp, "round-employers")
    r = emp.request.get(f"{base_url}/api/rounds/sjc-2022-23/offers/unions-browser-1")
    assert r.status == 200 and r.json()["visibility"] == "tabled"

    # downloads
    with page.expect_download() as dl:
        page.click("a[href$='export.xlsx']")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()), read_only=True)
    first = wb[wb.sheetnames[0]]
    rows = list(first.iter_rows(values_only=True))
    assert "SLGLW" in [r[0] for r in rows[2:]]
    with page.expect_download() as dl:
        page.click("a[href$='export.pdf']")
    pdf = Path(dl.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Illustrative" in text and "SLGLW" in text

    # compare the tabled offer with the claim
    page.click("#compare-claim")
    page.wait_for_selector("#cmp-by-point svg")
    assert "6% or £2,000" in page.inner_text("main") or "Draft offer" in page.inner_text("main")
    assert "claim" in page.input_value("textarea[name=offer] >> nth=0").lower()
    assert "net +£/yr" in page.inner_text("#compare-result")  # take-home for the household chosen (single)
    assert "In real terms" in page.inner_text("#cmp-realterms")
    _shot(page, "compare")
    page.select_option("select[name=household]", "lone-parent-2")
    with page.expect_response(lambda r: r.url.endswith("/compare")):
        page.click(".compare-form button[type=submit]")
    page.wait_for_selector("#cmp-takehome.takehome-ready")
    assert "Lone parent" in page.inner_text("#cmp-takehome")
    page.evaluate("document.querySelector('#compare-result table.report').scrollIntoView()")
    page.screenshot(path=str(SHOTS / "compare-takehome.png"))
    page.evaluate("document.getElementById('cmp-realterms').scrollIntoView()")
    page.screenshot(path=str(SHOTS / "compare-realterms.png"))

    page.goto(f"{base_url}/rounds/sjc-2022-23")
    _shot(page, "round")
    page.goto(f"{base_url}/rounds/birmingham-2025?at=2025-03-31")
    page.wait_for_selector("#impact-chart svg")
    page.locator("#impact-chart").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "impact.png"))
    page.goto(f"{base_url}/structures/sjc/2021-22")
    _shot(page, "structure")

    # a workforce upload with a mistake: the page names the row and the column
    page.goto(f"{base_url}/workforces")
    bad = b"employer,point,headcount,weekly_hours\nA,5,10,37\nA,6,ten,37\n"
    page.set_input_files("input[name=file]", files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": bad}])
    page.click("main button[type=submit]")
    page.wait_for_selector(".error-box")
    text = page.inner_text(".error-box")
    assert "staff.csv" in text and "row 3" in text and "/tmp" not in text
    _shot(page, "workforce-error")
