"""What a costing assumed, stated: the employer NI rates and thresholds in force over the period, the
Apprenticeship Levy, the Employment Allowance, and each employer's pension rate with where it came from - a sourced
scheme rate given for the employer, the employer's own rate, or a default the user should check (a Fife payroll
costed at the Strathclyde fund's rate says so)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from payround.costing.cost import CostResult
from payround.costing.options import CostOptions, default_scheme
from payround.params import Parameter

__all__ = ["Assumptions", "PensionBasis", "RatePeriod", "assumptions"]


@dataclass(frozen=True)
class RatePeriod:
    """Values in force from ``start`` to ``end`` (inclusive, within the costing period) and their sources."""

    start: date
    end: date
    values: dict[str, Decimal]
    sources: tuple[tuple[str, str], ...]  # (title, href)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, values as exact decimal strings."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            **{k: str(v) for k, v in self.values.items()},
            "sources": [{"title": t, "href": h} for t, h in self.sources],
        }


@dataclass(frozen=True)
class PensionBasis:
    """The employer pension rate used for some of an employer's staff, and where it came from."""

    employer: str
    basis: str  # 'default scheme', 'pension_scheme column', '--pension-rates', 'employer_pension_rate column'
    scheme: str | None
    label: str  # what the rate is, e.g. 'LGPS Scotland employer rate (Strathclyde councils)'
    periods: tuple[RatePeriod, ...]
    is_default: bool

    def to_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "employer": self.employer,
            "basis": self.basis,
            "scheme": self.scheme,
            "label": self.label,
            "default": self.is_default,
            "rates": [p.to_json() for p in self.periods],
        }


@dataclass(frozen=True)
class Assumptions:
    """The on-cost rules a costing used."""

    employer_ni: tuple[RatePeriod, ...]
    apprenticeship_levy: tuple[RatePeriod, ...]
    employment_allowance: str
    pension: tuple[PensionBasis, ...]

    def notes(self) -> list[str]:
        """The assumptions as sentences, for tables, workbooks and the JSON."""
        out = [
            "Employer NI: "
            + "; ".join(
                f"{_pct(p.values['rate'])} above £{p.values['secondary_threshold_monthly']:,} a month "
                f"for paydays {_span(p)}"
                for p in self.employer_ni
            )
            + f" ({_cite(self.employer_ni)}).",
            "Apprenticeship Levy (paid by employers whose pay bill exceeds the allowance): "
            + "; ".join(
                f"{_pct(p.values['rate'])} of each employer's pay bill less £{p.values['allowance']:,} a year "
                f"{_span(p)}"
                for p in self.apprenticeship_levy
            )
            + f" ({_cite(self.apprenticeship_levy)}).",
            f"Employment Allowance: {self.employment_allowance}.",
        ]
        groups: dict[tuple[str, str | None, str, bool], list[str]] = {}
        rates: dict[tuple[str, str | None, str, bool], PensionBasis] = {}
        for pb in self.pension:
            rate_text = "; ".join(f"{_pct(p.values['rate'])} {_span(p)}" for p in pb.periods)
            key = (pb.basis, pb.scheme, rate_text, pb.is_default)
            groups.setdefault(key, []).append(pb.employer)
            rates[key] = pb
        for (basis, scheme, rate_text, is_default), employers in groups.items():
            who = _employers(employers)
            pb = rates[(basis, scheme, rate_text, is_default)]
            if is_default:
                out.append(
                    f"Employer pension: {who} costed at {rate_text}, the {scheme} rate ({pb.label}) used by "
                    f"DEFAULT ({_cite(pb.periods)}); check it and give each employer's own rate "
                    "(--pension-rates FILE or an employer_pension_rate column)."
                )
            elif scheme:
                out.append(f"Employer pension: {who} at the {scheme} rate, {rate_text} ({_cite(pb.periods)}).")
            else:
                out.append(f"Employer pension: {who} at {rate_text} (the employer's own rate, from {basis}).")
        return out

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: the rules as data and as sentences."""
        return {
            "employer_ni": [p.to_json() for p in self.employer_ni],
            "apprenticeship_levy": [p.to_json() for p in self.apprenticeship_levy],
            "employment_allowance": self.employment_allowance,
            "pension": [p.to_json() for p in self.pension],
            "notes": self.notes(),
        }


def _pct(x: Decimal) -> str:
    return f"{(x * 100).normalize():f}%"


def _span(p: RatePeriod) -> str:
    return f"from {p.start.isoformat()} to {p.end.isoformat()}"


def _employers(names: list[str]) -> str:
    if len(names) <= 3:
        return ", ".join(names)
    return f"{len(names)} employers ({', '.join(names[:2])}, ...)"


def _cite(periods: tuple[RatePeriod, ...]) -> str:
    seen: dict[str, str] = {}
    for p in periods:
        for title, href in p.sources[:1]:
            seen.setdefault(href or title, title)
    return "source: " + "; ".join(seen) if seen else "no source"


def _periods(
    start: date, end: date, params: dict[str, Parameter], paydays: list[date] | None = None
) -> tuple[RatePeriod, ...]:
    """The period cut wherever any of ``params`` changes, each piece with every value and the first source; with
    ``paydays``, only the pieces some payday falls in (on-costs use the values in force on each payday)."""
    cuts = sorted({start, *(d for p in params.values() for d in p.changes_between(start, end))})
    out = []
    for i, d in enumerate(cuts):
        to = end if i + 1 == len(cuts) else date.fromordinal(cuts[i + 1].toordinal() - 1)
        if paydays is not None and not any(d <= day <= to for day in paydays):
            continue
        entries = {k: p.entry_at(d) for k, p in params.items()}
        sources = tuple(dict.fromkeys((r.title, r.href) for e in entries.values() for r in e.reference[:1]))
        out.append(RatePeriod(d, to, {k: p.decimal_at(d) for k, p in params.items()}, sources))
    return tuple(out)


def assumptions(cost: CostResult, options: CostOptions | None = None) -> Assumptions:
    """The on-cost rules ``cost`` used (pass the same options as to ``cost_offer``)."""
    opts = options or cost.options
    params = opts.on_cost_params()
    start, end = cost.timeline.start, cost.timeline.end
    paydays = [m.payday for m in cost.timeline.months()]
    ni_params = {"rate": params.ni_rate, "secondary_threshold_monthly": params.ni_threshold_monthly}
    ni = _periods(start, end, ni_params, paydays)
    levy = _periods(start, end, {"rate": params.levy_rate, "allowance": params.levy_allowance}, paydays)
    claimed_on = paydays[0] if paydays else start  # the allowance of the tax year of the first payday (as costed)
    if opts.public_authority and params.employment_allowance_public.decimal_at(claimed_on) == 0:
        allowance = "not claimed: councils are public authorities, which cannot claim it"
    else:
        allowance = (
            f"£{params.employment_allowance.decimal_at(claimed_on):,} a year taken off each employer's NI "
            "(--not-public-authority)"
        )
    return Assumptions(ni, levy, allowance, _pension(cost, opts, start, end, paydays))


_PAIRS: dict[int, tuple[weakref.ref[Any], Any]] = {}
"""Each (employer, pension rate) pair present in a prepared workforce, by the binding's identity (checked)."""


def _pension(
    cost: CostResult, opts: CostOptions, start: date, end: date, paydays: list[date]
) -> tuple[PensionBasis, ...]:
    pw = cost.prepared
    wf = pw.workforce
    codes = len(pw.rate_codes)
    kept = _PAIRS.get(id(pw))
    if kept is not None and kept[0]() is pw:
        pairs = kept[1]
    else:  # the same for every offer costed on this binding (the editor's preview asks at each keystroke)
        pairs = np.unique(pw.employer.codes * codes + pw.u_rate[pw.unit])
        if len(_PAIRS) > 8:
            _PAIRS.clear()
        _PAIRS[id(pw)] = (weakref.ref(pw), pairs)
    default = opts.pension_scheme or default_scheme(pw.structure)
    named = set(wf.labels("pension_scheme")) if wf.has("pension_scheme") else set()
    params = opts.on_cost_params()
    out = []
    for pair in pairs.tolist():
        employer = pw.employer.labels[pair // codes]
        scheme, rate = pw.rate_codes[pair % codes]
        if scheme:
            is_default = scheme == default and scheme not in named and opts.pension_scheme is None
            basis = "the structure's default scheme" if is_default else "the pension_scheme column"
            periods = _periods(start, end, {"rate": params.pension[scheme]}, paydays)
            label = str(params.pension[scheme].metadata.get("label", scheme))
            out.append(PensionBasis(employer, basis, scheme, label, periods, is_default))
        else:
            given = employer in opts.pension_rates
            basis = "--pension-rates" if given else "employer_pension_rate column"
            value = Decimal(repr(rate or 0.0)).quantize(Decimal("0.000001")).normalize()
            period = RatePeriod(start, end, {"rate": value}, ())
            out.append(PensionBasis(employer, basis, None, "the employer's own rate", (period,), False))
    return tuple(out)
