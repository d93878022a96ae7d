"""Uploads: a pay structure checked and shown with its sources; an offer previewed on an uploaded structure and
costed on an uploaded workforce; located errors naming the uploaded file, never where the server keeps it."""

from __future__ import annotations

from tests.web.conftest import client_for

SPINE = b"""# id: my-council/2022-23
# country: scotland
# unit: hour
# standard_hours: 36
# weeks_per_year: 52.14
# rounding_quantum: 0.01
# floor_name: SLGLW
# floor_rate: 9.78
point,rate,basis,source
19,9.90,published,payslip
20,10.05,published,payslip
21,10.20,published,payslip
"""
OFFER = b"""name: five per cent
structure: spine.csv
period: {start: 2022-04-01, end: 2023-03-31}
stages:
  - effective: 2022-04-01
    steps:
      - raise: {percent: 5}
      - floor: 10.50
"""
STAFF = b"employer,point,headcount,weekly_hours\nA,19,10,36\nA,21,5,18\n"


def test_structure_upload(app: object) -> None:
    c, _ = client_for(app, "unions")
    r = c.post("/api/structures/check", files={"file": ("spine.csv", SPINE, "text/csv")})
    assert r.status_code == 200, r.text
    assert r.json()["id"] == "my-council/2022-23"
    r = c.post("/api/structures/check", files={"file": ("spine.csv", SPINE.replace(b"9.90", b"nine"), "text/csv")})
    assert r.status_code == 422
    assert "/tmp" not in r.text
    page = c.post("/structures", files={"file": ("spine.csv", SPINE, "text/csv")}, headers={"accept": "text/html"})
    assert page.status_code == 200 and "my-council/2022-23" in page.text


def test_preview_on_uploaded_structure_and_workforce(app: object) -> None:
    c, _ = client_for(app, "employers")
    files = {
        "offer": ("offer.yaml", OFFER, "application/yaml"),
        "structure": ("spine.csv", SPINE, "text/csv"),
        "workforce": ("staff.csv", STAFF, "text/csv"),
    }
    r = c.post("/api/offers/preview-files", files=files)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["apply"]["structure"] == "my-council/2022-23"
    assert body["cost"]["headcount"] == 15
    r = c.post("/api/offers/preview-files", files={"offer": ("offer.yaml", OFFER, "application/yaml")})
    assert r.status_code == 422 and "spine.csv" in r.json()["message"]  # named, but not uploaded
    dup = {"offer": ("x.csv", OFFER, "text/plain"), "workforce": ("x.csv", STAFF, "text/csv")}
    assert c.post("/api/offers/preview-files", files=dup).status_code == 422
