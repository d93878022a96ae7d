"""The bridge to PolicyEngine UK: the only module that imports it (PolicyEngine has no type hints).

One call to :func:`simulate` builds **one** PolicyEngine ``Simulation`` holding every household asked about (every
point × archetype × pay level, as separate households of one situation) and computes them all at once, vectorised.
Before computing, it checks PolicyEngine's income tax and NI parameters for the tax year against payround's sourced
files (:mod:`payround.takehome.rules`) and overrides any that differ — the guard against PolicyEngine's known
parameter errors — and it runs each in-year NI regime in turn on the same simulation, weighting the results by the
pay months each regime covers.

Missing PolicyEngine, or one that cannot answer, is a :class:`~payround.errors.DependencyError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import metadata
from typing import Any

from payround.errors import DependencyError
from payround.money import quantize
from payround.takehome.households import Household
from payround.takehome.rules import NiRates, TaxBand, TaxYearRules, tax_year_label

__all__ = [
    "COLUMNS",
    "IN_KIND_BENEFITS",
    "REGIONS",
    "Case",
    "Outcome",
    "Override",
    "Progress",
    "RawRun",
    "SimulationRun",
    "evaluate",
    "known_thresholds",
    "outcome_of",
    "policyengine_version",
    "simulate",
    "weighted",
]

_CENT = Decimal("0.01")

#: PolicyEngine "benefits" that are services in kind, valued at cost (free childcare hours, NHS and school spending).
#: They are left out of take-home income.
IN_KIND_BENEFITS = (
    "extended_childcare_entitlement",
    "universal_childcare_entitlement",
    "targeted_childcare_entitlement",
    "wales_childcare_offer",
    "care_to_learn",
    "nhs_spending",
    "dfe_education_spending",
    "dft_subsidy_spending",
)

#: PolicyEngine region for a structure's country (an archetype may name another region in the same country).
REGIONS = {
    "scotland": "SCOTLAND",
    "england-wales": "WEST_MIDLANDS",
    "england": "WEST_MIDLANDS",
    "wales": "WALES",
    "northern-ireland": "NORTHERN_IRELAND",
}

_TENURE = {
    "social": "RENT_FROM_COUNCIL",
    "housing-association": "RENT_FROM_HA",
    "private": "RENT_PRIVATELY",
    "owner": "OWNED_OUTRIGHT",
    "none": "OWNED_OUTRIGHT",
}

_NI = "gov.hmrc.national_insurance.class_1.employee_scale"
_PA = "gov.hmrc.income_tax.allowances.personal_allowance.amount"
_RUK = "gov.hmrc.income_tax.rates.uk"
_SCOT = "gov.hmrc.income_tax.rates.scotland.rates"
_WEEKS = Decimal(52)  # PolicyEngine stores annual NI thresholds as weekly figures x 52
_THRESHOLD_TOLERANCE = Decimal(1)  # pounds a year: PolicyEngine's weekly pennies (241.73 x 52 = 12,569.96)


@dataclass(frozen=True, slots=True)
class Case:
    """One household at one level of the worker's pay."""

    household: Household
    worker_gross: Decimal  # annual
    worker_hours: Decimal  # a week
    worker_pension: Decimal  # annual employee contributions (net pay arrangement)
    region: str  # PolicyEngine region name


@dataclass(frozen=True, slots=True)
class Outcome:
    """What PolicyEngine says about one case (annual pounds, to the penny; NI weighted over in-year regimes)."""

    income_tax: Decimal  # the worker's
    employee_ni: Decimal  # the worker's
    partner_income_tax: Decimal
    partner_employee_ni: Decimal
    universal_credit: Decimal
    child_benefit: Decimal
    other_benefits: Decimal  # other cash benefits of the household (not services in kind)


@dataclass(frozen=True, slots=True)
class Override:
    """A PolicyEngine parameter payround replaced for a tax year (or one in-year regime of it)."""

    parameter: str
    policyengine: str
    payround: str
    source: str
    regime: str  # 'whole year' or 'from 2022-11-06 (5 months)'

    def describe(self) -> str:
        """One line for notes and docs."""
        return (
            f"{self.parameter}: PolicyEngine UK has {self.policyengine}, payround used {self.payround} "
            f"({self.regime}; source: {self.source})"
        )


@dataclass(frozen=True, slots=True)
class SimulationRun:
    """The outcomes of one vectorised simulation, in the order of the cases, with what was overridden."""

    outcomes: list[Outcome]
    overrides: list[Override]
    regimes: int
    policyengine_version: str


@lru_cache(maxsize=1)
def policyengine_version() -> str:
    """The installed policyengine-uk version (without importing it), or a DependencyError."""
    try:
        return metadata.version("policyengine-uk")
    except metadata.PackageNotFoundError as exc:
        raise DependencyError(_MISSING) from exc


_MISSING = (
    "take-home figures need PolicyEngine UK, which is not installed. Install it with "
    "`pip install 'payround[takehome]'` (or `pip install policyengine-uk`)."
)


def _import_policyengine() -> tuple[Any, Any]:
    try:
        from policyengine_core.periods import instant
        from policyengine_uk import Simulation
    except ImportError as exc:
        raise DependencyError(_MISSING + f" ({exc})") from exc
    return Simulation, instant


# ----- the situation ---------------------------------------------------------------------------------------------
def _situation(cases: Sequence[Case], year: int) -> tuple[dict[str, Any], list[int], list[int | None]]:
    """One situation holding every case as its own household; the index of each worker and partner among people."""
    people: dict[str, Any] = {}
    benunits: dict[str, Any] = {}
    households: dict[str, Any] = {}
    workers: list[int] = []
    partners: list[int | None] = []
    for i, c in enumerate(cases):
        h = c.household
        members = [f"w{i}"]
        workers.append(len(people))
        people[f"w{i}"] = {
            "age": {year: h.worker.age},
            "employment_income": {year: float(c.worker_gross)},
            "employee_pension_contributions": {year: float(c.worker_pension)},
            "hours_worked": {year: float(c.worker_hours * 52)},
        }
        if h.partner is not None:
            partners.append(len(people))
            members.append(f"p{i}")
            people[f"p{i}"] = {
                "age": {year: h.partner.age},
                "employment_income": {year: float(h.partner.employment_income)},
                "employee_pension_contributions": {year: float(h.partner.pension_contributions)},
                "hours_worked": {year: float(h.partner.hours * 52)},
            }
        else:
            partners.append(None)
        childcare = float(c.household.childcare_per_week * 52)
        for k, child in enumerate(h.children):
            members.append(f"c{i}_{k}")
            # The household's childcare spending is attached to its youngest child.
            youngest = k == min(range(len(h.children)), key=lambda j: h.children[j].age)
            people[f"c{i}_{k}"] = {
                "age": {year: child.age},
                "childcare_expenses": {year: childcare if youngest else 0.0},
            }
        benunits[f"b{i}"] = {"members": list(members)}
        households[f"h{i}"] = {
            "members": list(members),
            "region": {year: c.region},
            "tenure_type": {year: _TENURE[h.housing.tenure]},
            "rent": {year: float(h.housing.rent_per_week * 52)},
        }
    return {"people": people, "benunits": benunits, "households": households}, workers, partners


# ----- guards: compare PolicyEngine's parameters with payround's and override where they differ ----------------------
def _dec(x: Any) -> Decimal:
    return Decimal(repr(float(x)))


def _guard_scale(
    scale: Any,
    path: str,
    bands: Sequence[TaxBand],
    year: int,
    instant: Callable[[str], Any],
    source: str,
    out: list[Override],
) -> None:
    """Make the income tax scale at ``path`` match ``bands`` for ``year``."""
    at = f"{year}-06-01"
    brackets = scale.brackets
    if len(brackets) < len(bands):
        raise DependencyError(
            f"PolicyEngine UK's {path} has {len(brackets)} bands for {year}, payround's sourced file {source} has "
            f"{len(bands)}; the guard cannot map them. Use the policyengine-uk version payround was tested with."
        )
    start, stop = instant(f"{year}-01-01"), instant(f"{year}-12-31")
    for i, band in enumerate(bands):
        b = brackets[i]
        pe_threshold, pe_rate = b.threshold(at), b.rate(at)
        if pe_threshold is None or _dec(pe_threshold) != band.start:
            b.threshold.update(start=start, stop=stop, value=float(band.start))
            out.append(
                Override(
                    f"{path}[{i}].threshold ({band.name})", str(pe_threshold), str(band.start), source, "whole year"
                )
            )
        if pe_rate is None or _dec(pe_rate) != band.rate:
            b.rate.update(start=start, stop=stop, value=float(band.rate))
            out.append(Override(f"{path}[{i}].rate ({band.name})", str(pe_rate), str(band.rate), source, "whole year"))
    last_rate = bands[-1].rate
    for j in range(len(bands), len(brackets)):
        t, r = brackets[j].threshold(at), brackets[j].rate(at)
        if t is not None and r is not None and _dec(r) != last_rate:
            raise DependencyError(
                f"PolicyEngine UK's {path} has an extra band for {year} ({t}: {r}) that payround's {source} lacks."
            )


def _ni_parameters(node: Any) -> list[tuple[str, Any, bool, str]]:
    """The employee NI parameters payround pins: label, PolicyEngine parameter, stored weekly?, payround file."""
    return [
        ("primary threshold", node.brackets[1].threshold, True, "ni/employee/primary_threshold"),
        ("main rate", node.brackets[1].rate, False, "ni/employee/main_rate"),
        ("upper earnings limit", node.brackets[2].threshold, True, "ni/employee/upper_earnings_limit"),
        ("additional rate", node.brackets[2].rate, False, "ni/employee/additional_rate"),
    ]


def _guard_ni(
    node: Any,
    original: dict[str, Any],
    ni: NiRates,
    year: int,
    instant: Callable[[str], Any],
    regime: str,
    out: list[Override],
) -> None:
    """Make the employee NI scale match ``ni`` for ``year`` (this regime). ``original`` holds PolicyEngine's own
    values, so a regime that agrees with PolicyEngine restores them and only real differences are reported."""
    start, stop = instant(f"{year}-01-01"), instant(f"{year}-12-31")
    wanted = {
        "primary threshold": ni.primary_threshold,
        "main rate": ni.main_rate,
        "upper earnings limit": ni.upper_earnings_limit,
        "additional rate": ni.additional_rate,
    }
    for label, param, weekly, source in _ni_parameters(node):
        value, pe = wanted[label], original[label]
        if weekly:
            pe_annual = _dec(pe) * _WEEKS
            agrees = abs(pe_annual - value) < _THRESHOLD_TOLERANCE
            target = float(pe) if agrees else float(value / _WEEKS)
            shown = f"£{pe_annual:.2f} a year"
            wanted_shown = f"£{value} a year"
        else:
            agrees = _dec(pe) == value
            target = float(pe) if agrees else float(value)
            shown, wanted_shown = str(pe), str(value)
        param.update(start=start, stop=stop, value=target)
        if not agrees:
            out.append(Override(f"NI {label}", shown, wanted_shown, source, regime))


def _guard_income_tax(params: Any, rules: TaxYearRules, instant: Callable[[str], Any], out: list[Override]) -> None:
    year = rules.year
    pa = params.get_child(_PA)
    pe_pa = pa(f"{year}-06-01")
    if _dec(pe_pa) != rules.personal_allowance:
        pa.update(start=instant(f"{year}-01-01"), stop=instant(f"{year}-12-31"), value=float(rules.personal_allowance))
        out.append(
            Override(
                "personal allowance",
                str(pe_pa),
                str(rules.personal_allowance),
                "income_tax/personal_allowance",
                "whole year",
            )
        )
    _guard_scale(params.get_child(_RUK), _RUK, rules.ruk_bands, year, instant, "income_tax/ruk/bands", out)
    _guard_scale(params.get_child(_SCOT), _SCOT, rules.scotland_bands, year, instant, "income_tax/scotland/bands", out)


# ----- running -----------------------------------------------------------------------------------------------------
_PERSON = ("income_tax", "ni_employee", "employment_income", "uc_individual_earned_income_before_mif")
_HOUSEHOLD = ("universal_credit", "child_benefit", "household_benefits")

#: The columns of a raw run, per regime and case (annual pounds, floats as PolicyEngine computes them).
COLUMNS = (
    "income_tax",
    "employee_ni",
    "uc_earnings",  # the worker's earnings as Universal Credit counts them (after tax, NI and pension)
    "partner_income_tax",
    "partner_employee_ni",
    "universal_credit",
    "child_benefit",
    "household_benefits",
    "in_kind",
    "employment_income",
)

#: Progress of a long computation: (what, done, total). The library never prints; a front end may show it.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class RawRun:
    """Per-regime PolicyEngine values of every case: ``values[column]`` has shape (regimes, cases)."""

    values: dict[str, Any]  # column -> numpy array (regimes x cases)
    weights: tuple[Decimal, ...]  # each regime's share of the tax year's pay months
    overrides: list[Override]
    policyengine_version: str


def _fresh(sim: Any, inputs: set[str]) -> None:
    """Forget every computed value (keeping the inputs) so the next calculation sees changed parameters."""
    sim.tax_benefit_system.reset_parameter_caches()
    for name in list(sim.tax_benefit_system.variables):
        if name not in inputs:
            sim.delete_arrays(name)


def _compute(sim: Any, year: int) -> dict[str, Any]:
    tbs = sim.tax_benefit_system
    out = {v: sim.calculate(v, year) for v in _PERSON}
    for v in _HOUSEHOLD:
        out[v] = sim.calculate(v, year, map_to="household")
    in_kind = [v for v in IN_KIND_BENEFITS if v in tbs.variables]
    out["in_kind"] = sum((sim.calculate(v, year, map_to="household") for v in in_kind), start=0 * out["child_benefit"])
    return out


def _columns(values: dict[str, Any], workers: Any, partners: list[int | None]) -> dict[str, Any]:
    """The raw columns of one regime, one value per case."""
    import numpy as np

    has_partner = np.array([p is not None for p in partners])
    pidx = np.array([0 if p is None else p for p in partners])

    def person(name: str) -> Any:
        return np.asarray(values[name], dtype=np.float64)

    def partner(name: str) -> Any:
        return np.where(has_partner, person(name)[pidx], 0.0)

    def household(name: str) -> Any:
        return np.asarray(values[name], dtype=np.float64)

    return {
        "income_tax": person("income_tax")[workers],
        "employee_ni": person("ni_employee")[workers],
        "uc_earnings": person("uc_individual_earned_income_before_mif")[workers],
        "partner_income_tax": partner("income_tax"),
        "partner_employee_ni": partner("ni_employee"),
        "universal_credit": household("universal_credit"),
        "child_benefit": household("child_benefit"),
        "household_benefits": household("household_benefits"),
        "in_kind": household("in_kind"),
        "employment_income": person("employment_income")[workers],
    }


#: Households per simulation. PolicyEngine's situation builder looks people up in lists (time grows with the square
#: of the count: 8,500 households took minutes to build), so larger runs are split into simulations of this size.
CHUNK = 1500


def evaluate(cases: Sequence[Case], rules: TaxYearRules, *, progress: Progress | None = None) -> RawRun:
    """Compute every case for the tax year of ``rules``, vectorised (one simulation per :data:`CHUNK` cases), once per
    in-year NI regime, and return the raw per-regime values (the weighting is the caller's: see :func:`simulate`).

    Raises DependencyError when PolicyEngine UK is missing or its parameters cannot be guarded.
    """
    import numpy as np

    if len(cases) <= CHUNK:
        return _evaluate(cases, rules, progress)
    parts: list[RawRun] = []
    pieces = range(0, len(cases), CHUNK)
    for n, start in enumerate(pieces):

        def step(what: str, done: int, total: int, n: int = n) -> None:
            if progress is not None:
                progress(f"{what} (part {n + 1} of {len(pieces)})", n * total + done, len(pieces) * total)

        parts.append(_evaluate(cases[start : start + CHUNK], rules, step))
    values = {c: np.concatenate([p.values[c] for p in parts], axis=1) for c in COLUMNS}
    return RawRun(values, parts[0].weights, parts[0].overrides, parts[0].policyengine_version)


def _evaluate(cases: Sequence[Case], rules: TaxYearRules, progress: Progress | None) -> RawRun:
    import numpy as np

    version = policyengine_version()
    weights = tuple(r.weight for r in rules.regimes)
    if not cases:
        empty = {c: np.zeros((len(weights), 0)) for c in COLUMNS}
        return RawRun(empty, weights, [], version)
    simulation_cls, instant = _import_policyengine()
    year = rules.year
    steps = len(rules.regimes) + 1
    if progress is not None:
        progress(f"PolicyEngine UK {tax_year_label(year)}: building {len(cases):,} households", 0, steps)
    situation, workers, partners = _situation(cases, year)
    try:
        sim = simulation_cls(situation=situation)
    except Exception as exc:  # PolicyEngine raises many unrelated types for an input it cannot take
        raise DependencyError(f"PolicyEngine UK {version} could not build the simulation for {year}: {exc}") from exc
    if list(sim.person.ids) != list(situation["people"]) or list(sim.household.ids) != list(situation["households"]):
        raise DependencyError(f"PolicyEngine UK {version} reordered the people or households of the situation.")
    params = sim.tax_benefit_system.parameters
    overrides: list[Override] = []
    _guard_income_tax(params, rules, instant, overrides)
    # What PolicyEngine holds before computing anything is input (it renames some, e.g. employment_income_before_lsr).
    inputs = {v for v in sim.tax_benefit_system.variables if sim.get_holder(v).get_known_periods()}
    ni_node = params.get_child(_NI)
    original = {label: param(f"{year}-06-01") for label, param, _, _ in _ni_parameters(ni_node)}
    per_regime: list[dict[str, Any]] = []
    worker_index = np.array(workers)
    for i, regime in enumerate(rules.regimes):
        if progress is not None:
            progress(f"PolicyEngine UK {tax_year_label(year)}: NI regime {i + 1} of {len(rules.regimes)}", i + 1, steps)
        label = "whole year" if regime.months == 12 else f"{regime.start.isoformat()} to {regime.end.isoformat()}"
        _guard_ni(ni_node, original, regime.ni, year, instant, label, overrides)
        _fresh(sim, inputs)
        per_regime.append(_columns(_compute(sim, year), worker_index, partners))
    if progress is not None:
        progress(f"PolicyEngine UK {tax_year_label(year)}: done", steps, steps)
    values = {c: np.stack([r[c] for r in per_regime]) for c in COLUMNS}
    _check_inputs(cases, values["employment_income"][0], version)
    return RawRun(values, weights, _merge(overrides), version)


def weighted(run: RawRun, column: str) -> list[Decimal]:
    """A column weighted over the in-year regimes by their pay months, exactly (Decimal), one value per case."""
    rows = run.values[column]
    out = [Decimal(0)] * rows.shape[1]
    for w, row in zip(run.weights, rows, strict=True):
        out = [a + _dec(x) * w for a, x in zip(out, row.tolist(), strict=True)]
    return out


def simulate(cases: Sequence[Case], rules: TaxYearRules, *, progress: Progress | None = None) -> SimulationRun:
    """Compute every case in one PolicyEngine simulation for the tax year of ``rules``, weighting the in-year NI
    regimes by their pay months.

    Raises DependencyError when PolicyEngine UK is missing or its parameters cannot be guarded.
    """
    run = evaluate(cases, rules, progress=progress)
    totals = {c: weighted(run, c) for c in COLUMNS}
    has_partner = [c.household.partner is not None for c in cases]
    outcomes = [outcome_of(totals, i, has_partner[i]) for i in range(len(cases))]
    return SimulationRun(outcomes, run.overrides, len(rules.regimes), run.policyengine_version)


def _merge(overrides: list[Override]) -> list[Override]:
    """One override per parameter and value, naming every regime it applied in."""
    merged: dict[tuple[str, str, str, str], list[str]] = {}
    for o in overrides:
        merged.setdefault((o.parameter, o.policyengine, o.payround, o.source), []).append(o.regime)
    return [Override(p, pe, ours, src, ", ".join(regimes)) for (p, pe, ours, src), regimes in merged.items()]


def _check_inputs(cases: Sequence[Case], earnings: Any, version: str) -> None:
    for c, e in zip(cases, earnings.tolist(), strict=True):
        got = _dec(e)
        if abs(got - c.worker_gross) > Decimal("0.01") * max(Decimal(1), c.worker_gross / 10000):
            raise DependencyError(
                f"PolicyEngine UK {version} returned employment income {got} for an input of {c.worker_gross}."
            )


def outcome_of(totals: dict[str, list[Decimal]], i: int, has_partner: bool) -> Outcome:
    """One case's outcome from weighted columns, to the penny."""

    def q(x: Decimal) -> Decimal:
        return quantize(x, _CENT)

    uc, cb = q(totals["universal_credit"][i]), q(totals["child_benefit"][i])
    cash = q(totals["household_benefits"][i]) - q(totals["in_kind"][i])
    zero = Decimal("0.00")
    return Outcome(
        income_tax=q(totals["income_tax"][i]),
        employee_ni=q(totals["employee_ni"][i]),
        partner_income_tax=q(totals["partner_income_tax"][i]) if has_partner else zero,
        partner_employee_ni=q(totals["partner_employee_ni"][i]) if has_partner else zero,
        universal_credit=uc,
        child_benefit=cb,
        other_benefits=cash - uc - cb,
    )


@lru_cache(maxsize=8)
def known_thresholds(year: int) -> dict[str, Decimal]:
    """PolicyEngine's own thresholds where its figures kink or step, for placing table knots: the High Income Child
    Benefit Charge's band, the personal allowance taper and the Marriage Allowance (a tenth of the allowance, rounded
    up to £10: a step at every £10 of the transferor's income). payround pins none of them; they only place knots."""
    try:
        from policyengine_uk import CountryTaxBenefitSystem
    except ImportError as exc:
        raise DependencyError(_MISSING + f" ({exc})") from exc
    p = _system(CountryTaxBenefitSystem).parameters.gov.hmrc.income_tax
    at = f"{year}-06-01"
    pa = p.allowances.personal_allowance
    return {
        "hicbc_start": _dec(p.charges.CB_HITC.phase_out_start(at)),
        "hicbc_end": _dec(p.charges.CB_HITC.phase_out_end(at)),
        "pa_taper": _dec(pa.maximum_ANI(at)),
        "pa_taper_rate": _dec(pa.reduction_rate(at)),
        "ma_share": _dec(p.allowances.marriage_allowance.max(at)),
        "ma_step": _dec(p.allowances.marriage_allowance.rounding_increment(at)),
    }


@lru_cache(maxsize=1)
def _system(cls: Any) -> Any:
    return cls()
