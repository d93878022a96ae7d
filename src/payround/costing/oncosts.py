"""Employer on-costs, month by month, vectorised: employer NI per person, employer pension contributions by scheme,
the Apprenticeship Levy per employer and (for employers that may claim it) the Employment Allowance.

Council payrolls run monthly, so each month of the period is costed on its own, paid on its last day, with the
parameters in force on that payday (the 6 November 2022 and 6 April 2025 NI changes fall between paydays):

- employer NI per person = rate x max(0, monthly pay - monthly secondary threshold);
- employer pension = the scheme's rate (or the employer's own) x pensionable pay;
- Apprenticeship Levy per employer = max(0, rate x pay bill - allowance x months / 12) over the period.

Monthly pay is a twelfth of the annual pay in force (day-weighted within a month when pay changes mid-month).
On-costs are computed in floating point from exact pence and rounded half-up to the penny per person.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from payround.costing.exact import Int64Array
from payround.costing.options import CostOptions
from payround.costing.pay import PayCalculator
from payround.costing.prepare import PreparedWorkforce
from payround.costing.timeline import Timeline

__all__ = ["OnCostCalculator", "OnCosts", "round_pence"]

Float = npt.NDArray[np.float64]
Weights = tuple[tuple[int, Fraction], ...]


def round_pence(x: Float) -> Int64Array:
    """Round amounts in pence half-up to whole pence (a millionth of a penny absorbs binary noise)."""
    return np.floor(x + 0.5 + 1e-6).astype(np.int64)


@dataclass(frozen=True)
class OnCosts:
    """On-costs of one scenario: per person in each unit (pence) for NI and pension; per employer (pence) for the
    levy and the Employment Allowance used (a reduction of NI)."""

    ni: Int64Array
    pension: Int64Array
    levy: Int64Array
    allowance: Int64Array


class OnCostCalculator:
    """On-costs for one offer's timeline on one prepared workforce."""

    def __init__(self, pw: PreparedWorkforce, pay: PayCalculator, timeline: Timeline, options: CostOptions) -> None:
        self.pw, self.pay, self.tl, self.opts = pw, pay, timeline, options
        self.params = options.on_cost_params()
        self.months = timeline.months()
        self._monthly: dict[Weights, Float] = {}
        self._rates: dict[tuple[Decimal, ...], Float] = {}
        self._employer_pay: dict[int, Float] = {}
        self.n_employers = len(pw.employer.labels)

    # ----- building blocks -----------------------------------------------------------------------------------
    def monthly_pay(self, weights: Weights) -> Float:
        """Pay for a whole month per person (pence) with the pay states mixed by ``weights``."""
        hit = self._monthly.get(weights)
        if hit is None:
            total: Float | None = None
            for st, w in weights:
                part = self.pay.annual(self.tl.states[st]).astype(np.float64) * (float(w) / 12.0)
                total = part if total is None else total + part
            hit = total if total is not None else np.zeros(self.pw.units)
            self._monthly[weights] = hit
        return hit

    def _scheme_rates(self, day: date) -> tuple[Decimal, ...]:
        return tuple(
            self.params.pension_at(s, day) if s else Decimal(repr(float(r or 0))) for s, r in self.pw.rate_codes
        )

    def pension_rates(self, day: date) -> Float:
        """Employer pension rate per unit on a payday (the employer's own rate where given)."""
        table = self._scheme_rates(day)
        hit = self._rates.get(table)
        if hit is None:
            hit = np.array([float(r) for r in table])[self.pw.u_rate]
            self._rates[table] = hit
        return hit

    def employer_monthly_pay(self, weights: Weights) -> Float:
        """Pay bill per employer for a whole month (pence) with the pay states mixed by ``weights``."""
        total = np.zeros(self.n_employers)
        for st, w in weights:
            if st not in self._employer_pay:
                annual = self.pay.annual(self.tl.states[st]).astype(np.float64)
                self._employer_pay[st] = self.pw.sum_by("employer", annual)
            total += self._employer_pay[st] * (float(w) / 12.0)
        return total

    def _employer_sum(self, per_person: Float) -> Float:
        return self.pw.sum_by("employer", per_person)

    # ----- scenarios -----------------------------------------------------------------------------------------
    def scenario(self, state: int | None) -> OnCosts:
        """On-costs over the period with pay fixed at ``state`` (full year), or as it changes (``None``: in-year)."""
        ni = np.zeros(self.pw.units)
        pension = np.zeros(self.pw.units)
        levy_base = np.zeros(self.n_employers)
        allowance = 0.0
        for (weights, day), share in self._groups(state).items():
            mp = self.monthly_pay(weights)
            rate, threshold = self.params.ni_at(day)
            ni += share * float(rate) * np.maximum(mp - float(threshold) * 100.0, 0.0)
            pension += share * self.pension_rates(day) * mp
            levy_rate = self.params.levy_at(day)[0]
            levy_base += share * float(levy_rate) * self.employer_monthly_pay(weights)
        for m in self.months:
            allowance += float(m.share) * float(self.params.levy_at(m.payday)[1]) * 100.0 / 12.0
        ni_p = round_pence(ni)
        levy = round_pence(np.maximum(levy_base - allowance, 0.0))
        return OnCosts(ni_p, round_pence(pension), levy, self._allowance(ni_p))

    def _groups(self, state: int | None) -> dict[tuple[Weights, date], float]:
        """Months with the same pay mix and the same parameters cost the same: group them (payday as the key of
        the parameters, merged when every parameter is equal)."""
        groups: dict[tuple[Weights, date], float] = {}
        seen: dict[tuple[Weights, tuple[Decimal, ...]], date] = {}
        for m in self.months:
            weights: Weights = ((state, Fraction(1)),) if state is not None else m.weights
            sig = (weights, self._param_signature(m.payday))
            day = seen.setdefault(sig, m.payday)
            groups[(weights, day)] = groups.get((weights, day), 0.0) + float(m.share)
        return groups

    def _param_signature(self, day: date) -> tuple[Decimal, ...]:
        p = self.params
        return (
            *p.ni_at(day),
            *p.levy_at(day),
            *self._scheme_rates(day),
        )

    def _allowance(self, ni: Int64Array) -> Int64Array:
        """Employment Allowance used per employer (zero for public authorities, which cannot claim it)."""
        p = self.params
        # The allowance belongs to a tax year (6 April to 5 April) and is set against the NI of its paydays, so it is
        # read on the period's first payday: a pay year starting 1 April takes that tax year's allowance, not the last.
        day = self.months[0].payday if self.months else self.tl.start
        if self.opts.public_authority and p.employment_allowance_public.decimal_at(day) == 0:
            return np.zeros(self.n_employers, dtype=np.int64)
        ea = int(p.employment_allowance.decimal_at(day) * 100)
        by_employer = self._employer_sum(ni.astype(np.float64))
        return np.minimum(by_employer.astype(np.int64), ea)

    # ----- lump sums -----------------------------------------------------------------------------------------
    def month_of(self, day: date) -> tuple[Weights, date]:
        """The pay mix and payday of the month ``day`` falls in (outside the period: the pay before or after)."""
        for m in self.months:
            if m.start <= day <= m.end:
                return m.weights, m.payday
        state = self.tl.before if day < self.tl.start else self.tl.final
        return ((state, Fraction(1)),), _month_end(day)

    def lump(
        self, amount: Int64Array, paid: date, base_levy: Float, counted_levy: Int64Array
    ) -> tuple[OnCosts, Float, Int64Array]:
        """Extra on-costs of a one-off payment per person (pence): NI on top of that month's pay, pension if
        pensionable, and the levy it adds per employer on top of ``base_levy`` (the pay bill's levy before the
        allowance) of which ``counted_levy`` is already costed. Returns the on-costs and the new base and count."""
        weights, day = self.month_of(paid)
        mp = self.monthly_pay(weights)
        rate, threshold = self.params.ni_at(day)
        st = float(threshold) * 100.0
        lump = amount.astype(np.float64)
        ni = float(rate) * (np.maximum(mp + lump - st, 0.0) - np.maximum(mp - st, 0.0))
        pension = self.pension_rates(day) * lump if self.opts.lump_sums_pensionable else np.zeros(self.pw.units)
        levy_rate = float(self.params.levy_at(day)[0])
        allowance = sum(float(m.share) * float(self.params.levy_at(m.payday)[1]) * 100.0 / 12.0 for m in self.months)
        base = base_levy + levy_rate * self._employer_sum(lump)
        counted = round_pence(np.maximum(base - allowance, 0.0))
        none = np.zeros(self.n_employers, dtype=np.int64)
        return OnCosts(round_pence(ni), round_pence(pension), counted - counted_levy, none), base, counted

    def levy_base(self, state: int | None) -> Float:
        """Levy before the allowance per employer (pence), for stacking lump sums on the in-year pay bill."""
        base = np.zeros(self.n_employers)
        for (weights, day), share in self._groups(state).items():
            base += share * float(self.params.levy_at(day)[0]) * self.employer_monthly_pay(weights)
        return base


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
