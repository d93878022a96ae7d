"""Headroom: how far every point's hourly pay sits above the wage floors - the National Living Wage, the Real Living
Wage (UK and London) and the Scottish Local Government Living Wage - on each date that matters: the start of the
period, each stage, and each day a floor changes within the period. Floors are dated parameters (``wages/*``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from payround.engine import OfferResult
from payround.errors import ParameterError
from payround.money import pct_change, quantize
from payround.params import Parameter, load_parameter

__all__ = ["FLOORS", "HeadroomAt", "headroom"]

FLOORS = {
    "nlw": "National Living Wage",
    "rlw_uk": "Real Living Wage (UK)",
    "rlw_london": "Real Living Wage (London)",
    "slglw": "Scottish Local Government Living Wage",
}
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class HeadroomAt:
    """Hourly pay per point on one date and its margin over each floor (None when no rate is sourced then)."""

    on: date
    why: str
    floors: dict[str, Decimal | None]
    points: list[tuple[str, Decimal, dict[str, Decimal | None]]]  # point, hourly pay, margin per floor

    def below(self, floor: str) -> list[str]:
        """Points paid less than ``floor`` on this date."""
        return [p for p, _, m in self.points if m[floor] is not None and m[floor] < 0]  # type: ignore[operator]

    def lowest(self) -> tuple[str, Decimal, dict[str, Decimal | None]]:
        """The lowest-paid point."""
        return min(self.points, key=lambda x: x[1])

    def to_json(self) -> dict[str, object]:
        """JSON-ready (money as strings)."""

        def pct(pay: Decimal, floor: Decimal | None) -> str | None:
            return None if floor is None else str(pct_change(pay, floor))

        return {
            "date": self.on.isoformat(),
            "why": self.why,
            "floors": {k: None if v is None else str(v) for k, v in self.floors.items()},
            "below": {k: self.below(k) for k in self.floors},
            "points": [
                {
                    "point": p,
                    "hourly": str(h),
                    "headroom": {k: None if v is None else str(v) for k, v in m.items()},
                    "headroom_pct": {k: pct(h, self.floors[k]) for k in m},
                }
                for p, h, m in self.points
            ],
        }


def _value(param: Parameter, day: date) -> Decimal | None:
    try:
        return param.decimal_at(day)
    except ParameterError:
        return None


def headroom(result: OfferResult, params: dict[str, Parameter] | None = None) -> list[HeadroomAt]:
    """Headroom of every point in force over each floor, on every date that matters within the offer's period."""
    floors = params or {k: load_parameter(f"wages/{k}") for k in FLOORS}
    s = result.structure
    start, end = result.period_start, result.period_end
    dates: dict[date, str] = {start: "start of the period"}
    for st in result.stages:
        if start <= st.effective <= end:
            dates[st.effective] = f"stage effective {st.effective.isoformat()}"
    for key, param in floors.items():
        for d in param.changes_between(start, end):
            dates.setdefault(d, f"{FLOORS.get(key, key)} changes")
    out = []
    for day in sorted(dates):
        in_force = [st for st in result.stages if st.effective <= day]
        pay = {pc.point: pc.after for pc in in_force[-1].points} if in_force else {p: s.pay(p) for p in s.point_ids}
        rates = {k: _value(v, day) for k, v in floors.items()}
        rows = []
        for p, v in pay.items():
            hourly = quantize(s.to_hourly(v), _CENT)
            rows.append((p, hourly, {k: None if r is None else hourly - r for k, r in rates.items()}))
        out.append(HeadroomAt(day, dates[day], rates, rows))
    return out
