"""Real terms: a pay increase set against price inflation (CPI, RPI) over the offer's period. Pure: the inflation
series are passed in (``payround.takehome.inflation.load_inflation`` reads the bundled, sourced ones).

The series are monthly **12-month rates** (ONS D7G7 for CPI, CZBH for RPI), not index levels. Over a pay year, the
average of the 12-month rates of its months measures how much higher prices were, on average, than in the year
before — the like-for-like comparison for a pay rise from one pay year to the next. The 12-month rate in the month
the offer takes effect is given too (the headline figure at the time). A real change is
``(1 + nominal) / (1 + inflation) - 1``. Missing months are never guessed: a comparison that needs one is None, and
the months missing are listed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

from payround.engine.result import OfferResult
from payround.money import HUNDRED, WIDE, quantize

__all__ = [
    "InflationSeries",
    "PeriodInflation",
    "RealChange",
    "RealTermsReport",
    "months_between",
    "offer_real_terms",
    "period_inflation",
    "real_change",
]

_PCT = Decimal("0.01")
_ONE = Decimal(1)
Month = tuple[int, int]


@dataclass(frozen=True, slots=True)
class InflationSeries:
    """Monthly 12-month inflation rates in percent, by (year, month), with the source of each month."""

    name: str  # 'CPI' or 'RPI'
    rates: Mapping[Month, Decimal]
    sources: Mapping[Month, str]
    forecast: frozenset[Month] = frozenset()  # months whose rate is a forecast, not a published figure

    def rate(self, month: Month) -> Decimal | None:
        """The 12-month rate of a month, or None when it was not found."""
        return self.rates.get(month)


@dataclass(frozen=True, slots=True)
class PeriodInflation:
    """Inflation over a period, by one series."""

    series: str
    start: date
    end: date
    months: tuple[Month, ...]
    at_start_pct: Decimal | None  # 12-month rate in the first month
    average_pct: Decimal | None  # mean 12-month rate over the period's months (None if any month is missing)
    average_to_date_pct: Decimal | None  # mean over the months found (None if none)
    months_found: int
    missing: tuple[str, ...]  # 'YYYY-MM'
    forecast: tuple[str, ...] = ()  # months of the period whose rate is a forecast ('YYYY-MM')


@dataclass(frozen=True, slots=True)
class RealChange:
    """A nominal increase in real terms against one inflation measure."""

    nominal_pct: Decimal
    inflation_pct: Decimal | None
    real_pct: Decimal | None


@dataclass(frozen=True, slots=True)
class RealTermsReport:
    """An offer's increases against each series: the floor and every point, final and time-weighted over the period."""

    offer: str
    start: date
    end: date
    inflation: dict[str, PeriodInflation]  # by series name
    floor: dict[str, dict[str, RealChange]] | None  # {'final'|'in_year': {series: change}}
    points: dict[str, dict[str, dict[str, RealChange]]]  # point -> {'final'|'in_year': {series: change}}


def months_between(start: date, end: date) -> tuple[Month, ...]:
    """Calendar months overlapping ``start``..``end`` (inclusive), in order."""
    out: list[Month] = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(out)


def _mean(values: Sequence[Decimal]) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return sum(values, Decimal(0)) / len(values)


def period_inflation(series: InflationSeries, start: date, end: date) -> PeriodInflation:
    """Inflation over ``start``..``end`` by ``series`` (exact means; round only for display)."""
    months = months_between(start, end)
    found = [r for r in (series.rate(m) for m in months) if r is not None]
    missing = tuple(f"{y:04d}-{m:02d}" for (y, m) in months if series.rate((y, m)) is None)
    return PeriodInflation(
        series=series.name,
        start=start,
        end=end,
        months=months,
        at_start_pct=series.rate(months[0]) if months else None,
        average_pct=_mean(found) if found and not missing else None,
        average_to_date_pct=_mean(found) if found else None,
        months_found=len(found),
        missing=missing,
        forecast=tuple(f"{y:04d}-{m:02d}" for (y, m) in months if (y, m) in series.forecast),
    )


def real_change(nominal_pct: Decimal, inflation_pct: Decimal | None) -> RealChange:
    """``nominal_pct`` in real terms against ``inflation_pct`` (both percentages), to 2 places, half-up."""
    if inflation_pct is None:
        return RealChange(nominal_pct, None, None)
    w = WIDE
    real = w.multiply(w.subtract(w.divide(w.add(HUNDRED, nominal_pct), w.add(HUNDRED, inflation_pct)), _ONE), HUNDRED)
    return RealChange(nominal_pct, quantize(inflation_pct, _PCT), quantize(real, _PCT))


def _against(after: Decimal, before: Decimal, inflation: Mapping[str, PeriodInflation]) -> dict[str, RealChange]:
    """The exact increase from ``before`` to ``after`` against each series' period average."""
    with localcontext() as ctx:
        ctx.prec = 40
        nominal = (after - before) / before * HUNDRED if before else Decimal(0)
    out = {}
    for name, pi in inflation.items():
        rc = real_change(nominal, pi.average_pct)
        out[name] = RealChange(quantize(nominal, _PCT), rc.inflation_pct, rc.real_pct)
    return out


def offer_real_terms(result: OfferResult, series: Sequence[InflationSeries]) -> RealTermsReport:
    """Every increase of an applied offer (floor and points; final and in-year) against each series' average
    12-month rate over the offer's period."""
    start, end = result.period_start, result.period_end
    inflation = {s.name: period_inflation(s, start, end) for s in series}
    s = result.structure
    floor = None
    if result.final.floor is not None:
        f = result.final.floor
        floor = {"final": _against(f.after, f.before, inflation)}
        if result.in_year_floor is not None:
            floor["in_year"] = _against(result.in_year_floor.value, f.before, inflation)
    points: dict[str, dict[str, dict[str, RealChange]]] = {}
    for p in result.final.points:
        entry = {"final": _against(p.after, p.before, inflation)}
        if p.point in result.in_year and p.point in s.rates:
            entry["in_year"] = _against(result.in_year[p.point].value, s.pay(p.point), inflation)
        points[p.point] = entry
    return RealTermsReport(result.offer.name, start, end, inflation, floor, points)
