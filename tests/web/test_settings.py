"""Settings: safe by default outside dev; the form writes offers the loader accepts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from payround.errors import InputError
from payround.offers import parse_offer
from payround.web.offer_form import OfferForm, offer_yaml
from payround.web.settings import WebSettings


def test_prod_refuses_the_dev_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYROUND_ENV", "prod")
    with pytest.raises(InputError, match="secret"):
        WebSettings()
    monkeypatch.setenv("PAYROUND_SECRET_KEY", "x" * 40)
    with pytest.raises(InputError, match="plain HTTP"):
        WebSettings()
    monkeypatch.setenv("PAYROUND_COOKIE_SECURE", "true")
    assert WebSettings().cookie_secure


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYROUND_DATABASE_URL", "sqlite:///x.sqlite3")
    assert WebSettings().database_url == "sqlite:///x.sqlite3"


def test_the_forms_bands_and_second_stage() -> None:
    from payround.api import apply_offer

    form = OfferForm.model_validate(
        {
            "percent": Decimal(3),
            "band_points": "2",
            "band_cash": Decimal(2000),
            "salary_below": Decimal(25000),
            "salary_cash": Decimal(1500),
            "stage2_effective": date(2025, 10, 1),
            "stage2_percent": Decimal(1),
        }
    )
    result = apply_offer(parse_offer(offer_yaml(form), "form"))
    first = {p.point: p for p in result.stages[0].points}
    assert first["2"].increase == 2000  # the point band comes first
    assert first["3"].before < 25000 and first["3"].increase == 1500  # then the salary band
    assert first["43"].increase_pct == Decimal("3.00")  # then everyone else
    assert [str(st.effective) for st in result.stages] == ["2025-04-01", "2025-10-01"]
    assert {p.increase_pct for p in result.stages[1].points} == {Decimal("1.00")}
    # Without an amount, or without a date, there is no second stage.
    for half in ({"stage2_effective": date(2025, 10, 1)}, {"stage2_percent": Decimal(1)}):
        assert len(parse_offer(offer_yaml(OfferForm.model_validate(half)), "form").stages) == 1


def test_the_forms_floor_is_an_hourly_rate_on_any_spine() -> None:
    from payround.api import apply_offer

    for structure in ("njc/2024-25", "sjc/2024-25"):
        form = OfferForm.model_validate({"structure": structure, "percent": Decimal(0), "floor": Decimal("13.00")})
        result = apply_offer(parse_offer(offer_yaml(form), "form"))
        lowest = result.final.points[0]
        assert lowest.after_hourly == Decimal("13.00"), structure  # not £13 a year on the annual NJC spine


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"construction": "cash", "cash": Decimal(1925), "cash_hours": Decimal(37)},
        {"construction": "greatest", "percent": Decimal("3.5"), "cash": Decimal(1290), "floor": Decimal("12.60")},
        {"band_points": "2-6", "band_cash": Decimal(1500), "remove_points": "1"},
        {"cap_from_salary": Decimal(60000), "cap_cash": Decimal(3000), "lump_sum": Decimal(500)},
        {"salary_below": Decimal(25000), "salary_cash": Decimal(1800), "band_points": "2-3", "band_cash": Decimal(20)},
        {"stage2_effective": date(2025, 10, 1), "stage2_percent": Decimal(1), "stage2_cash": Decimal(500)},
    ],
)
def test_form_writes_valid_offers(fields: dict[str, object]) -> None:
    text = offer_yaml(OfferForm.model_validate(fields))
    offer = parse_offer(text, "form")
    assert offer.structure == "njc/2024-25"
    assert "&id" not in text  # no YAML anchors for people to puzzle over
