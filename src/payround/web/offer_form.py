"""The offer editor's form: the common constructions, written out as an offer file (YAML) that the same loader
then validates — the form is a way of typing an offer, never a second offer format."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["OfferForm", "offer_yaml"]

_POINTS = re.compile(r"^[A-Za-z0-9 ._-]{1,20}$")


class OfferForm(BaseModel):
    """The common constructions: a first stage (an amount, bands by point and by salary, a floor, a cap, deleted
    points, a one-off payment) and an optional second stage (a percentage, a flat sum, or the greater of them)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(default="Draft offer", min_length=1, max_length=200)
    structure: str = Field(default="njc/2024-25", min_length=1, max_length=100)
    effective: date = date(2025, 4, 1)
    construction: Literal["percent", "cash", "greatest", "least"] = "percent"
    percent: Decimal | None = Field(default=Decimal(3), ge=0, le=100)
    cash: Decimal | None = Field(default=None, ge=0, le=100_000)
    cash_hours: Decimal | None = Field(default=None, gt=0, le=80)
    band_points: str | None = Field(default=None, max_length=100)
    band_cash: Decimal | None = Field(default=None, ge=0, le=100_000)
    salary_below: Decimal | None = Field(default=None, gt=0, le=10_000_000)
    salary_cash: Decimal | None = Field(default=None, ge=0, le=100_000)
    floor: Decimal | None = Field(default=None, gt=0, le=1000)
    cap_from_salary: Decimal | None = Field(default=None, gt=0, le=10_000_000)
    cap_cash: Decimal | None = Field(default=None, ge=0, le=100_000)
    remove_points: str | None = Field(default=None, max_length=200)
    lump_sum: Decimal | None = Field(default=None, gt=0, le=100_000)
    lump_sum_paid: date | None = None
    stage2_effective: date | None = None
    stage2_percent: Decimal | None = Field(default=None, ge=0, le=100)
    stage2_cash: Decimal | None = Field(default=None, ge=0, le=100_000)


def _num(x: Decimal) -> int | Decimal:
    return int(x) if x == x.to_integral_value() else x


class _Dumper(yaml.SafeDumper):
    """Writes decimals as typed (10.90 stays 10.90) and never uses anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


def _points(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip() and _POINTS.match(p.strip())]


def _second_stage(form: OfferForm) -> dict[str, Any] | None:
    """The second stage, when it has a date and an amount: its percentage, flat sum, or the greater of the two."""
    parts: list[dict[str, Any]] = []
    if form.stage2_percent is not None:
        parts.append({"percent": _num(form.stage2_percent)})
    if form.stage2_cash is not None:
        parts.append({"cash": _num(form.stage2_cash), "per": "year"})
    if form.stage2_effective is None or not parts:
        return None
    amount = parts[0] if len(parts) == 1 else {"greatest": parts}
    return {"effective": form.stage2_effective, "steps": [{"raise": amount}]}


def offer_yaml(form: OfferForm) -> str:
    """The offer file the form describes."""
    amount: dict[str, Any]
    cash: dict[str, Any] | None = None
    if form.cash is not None:
        cash = {"cash": _num(form.cash), "per": "year"}
        if form.cash_hours is not None:
            cash["hours"] = _num(form.cash_hours)
    pct: dict[str, Any] | None = {"percent": _num(form.percent)} if form.percent is not None else None
    if form.construction == "percent":
        amount = pct or {"percent": 0}
    elif form.construction == "cash":
        amount = cash or {"cash": 0}
    else:
        parts = [a for a in (pct, cash) if a is not None]
        amount = {form.construction: parts} if len(parts) > 1 else (parts[0] if parts else {"percent": 0})
    steps: list[dict[str, Any]] = []
    if form.remove_points:
        steps.append({"remove": _points(form.remove_points)})
    cases: list[dict[str, Any]] = []  # bands first: the first case that matches a point decides its rise
    if form.band_points and form.band_cash is not None:
        band = {"cash": _num(form.band_cash), "per": "year"}
        cases.append({"where": {"points": _points(form.band_points)}, "by": band})
    if form.salary_below is not None and form.salary_cash is not None:
        band = {"cash": _num(form.salary_cash), "per": "year"}
        cases.append({"where": {"salary": {"below": _num(form.salary_below)}}, "by": band})
    steps.append({"raise": [*cases, {"by": amount}] if cases else amount})
    if form.cap_from_salary is not None and form.cap_cash is not None:
        steps.append(
            {
                "cap": {
                    "where": {"salary": {"from": _num(form.cap_from_salary)}},
                    "by": {"cash": _num(form.cap_cash), "per": "year"},
                }
            }
        )
    if form.floor is not None:  # the form asks for £ an hour, whatever the structure's unit
        steps.append({"floor": {"rate": _num(form.floor), "per": "hour"}})
    if form.lump_sum is not None:
        steps.append({"lump_sum": {"by": {"cash": _num(form.lump_sum)}, "paid": form.lump_sum_paid or form.effective}})
    end = date(form.effective.year + 1, form.effective.month, 1) - timedelta(days=1)
    stages: list[dict[str, Any]] = [{"effective": form.effective, "steps": steps}]
    second = _second_stage(form)
    if second is not None:
        stages.append(second)
    doc = {
        "name": form.name,
        "structure": form.structure,
        "period": {"start": form.effective, "end": end},
        "stages": stages,
    }
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)
