"""Take-home pay for an offer: every point × household × stage, before and after, from one PolicyEngine simulation
per tax year (cached on disk).

The worker at each point is paid the structure's full-time annual pay × their share of the standard week. Their LGPS
contributions come from the dated band files; everything else (income tax, NI, Universal Credit, Child Benefit, other
cash benefits) from PolicyEngine UK, with payround's sourced tax and NI parameters pinned (see
:mod:`payround.takehome.bridge`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from payround.engine import OfferResult, StageResult
from payround.errors import InputError
from payround.money import quantize
from payround.params import parameter_path
from payround.structures import PayStructure
from payround.takehome import bridge
from payround.takehome.cache import DiskCache, cache_key
from payround.takehome.households import Household, load_households, select_households
from payround.takehome.lgps import LgpsSchedule, lgps_schedule
from payround.takehome.model import Figures, Row, TakehomeTable
from payround.takehome.rules import RULE_PARAMETERS, TaxYearRules, tax_year_label, tax_year_of, tax_year_rules

__all__ = ["MARGIN", "MODEL_VERSION", "Request", "cache_key_for", "figures_for", "gross_for", "takehome"]

#: A further £100 a year of gross pay measures the effective marginal rate.
MARGIN = Decimal(100)
#: Keys the disk cache together with the source of the modules that compute (bump it for other changes of meaning).
MODEL_VERSION = "takehome-1"
_CENT = Decimal("0.01")
_CODE_MODULES = ("bridge", "compute", "households", "lgps", "model", "rules")
_EMR_PLACES = Decimal("0.0001")

#: In-year changes PolicyEngine UK applies from the start of the tax year or not at all (it reads each year's rules
#: on 30 April); payround pins NI regimes itself but not these. Said in the output of the years concerned.
KNOWN_LIMITATIONS = {
    2021: "Universal Credit's taper fell from 63% to 55% and work allowances rose by £500 a year on 24 November 2021; "
    "PolicyEngine UK applies the 30 April rules (63%) to the whole of 2021/22, so UC withdrawal is overstated for "
    "the last four and a half months.",
    2022: "Scottish Child Payment rose from £20 to £25 a week and was extended to children under 16 on 14 November "
    "2022; PolicyEngine UK applies the 30 April rules (£20, under-6s) to the whole of 2022/23.",
}

GENERAL_NOTES = (
    "Net income is the household's, before housing costs and council tax: council tax and Council Tax Reduction are "
    "not modelled; free childcare hours and other services in kind are left out.",
    "Income tax includes the High Income Child Benefit Charge where it applies.",
    "Pension is the worker's LGPS employee contribution (main section), paid under a net pay arrangement, so it "
    "reduces taxable pay but not NI.",
    "Other benefits are the cash benefits PolicyEngine UK computes besides UC and Child Benefit (for example "
    "Scottish Child Payment and cost-of-living or energy bill support payments).",
    "The effective marginal rate is the share of a further £100 a year of the worker's gross pay that the household "
    "would not keep.",
    "National Insurance follows the rates in force in each pay month (6th to 5th) of the tax year, from payround's "
    "sourced files; income tax uses payround's sourced bands where PolicyEngine UK's differ.",
)


@dataclass(frozen=True, slots=True)
class Request:
    """One row to compute: a point and household at a stage, with the worker's gross pay before and after."""

    stage: str
    year: int
    point: str
    household: Household
    before: Decimal
    after: Decimal
    on_floor: bool  # paid the floor before and after: the point's own (possibly illustrative) rate plays no part


def gross_for(structure: PayStructure, pay: Decimal, household: Household) -> Decimal:
    """The worker's annual gross pay at ``pay`` (structure unit): full-time annual × their share of the week."""
    fte = household.worker.fte_of(structure.standard_hours)
    return quantize(structure.full_time_annual(pay) * fte, _CENT)


def _region(household: Household, country: str) -> str:
    default = bridge.REGIONS.get(country)
    if default is None:
        raise InputError(f"no region known for the structure's country {country!r}.", place="country")
    region = household.region or default
    if (region == "SCOTLAND") != (country == "scotland"):
        raise InputError(
            f"household {household.id!r} is in region {region} but the structure's country is {country}.",
            place=f"households.{household.id}.region",
            hint="leave the region out to use the structure's country, or name a region inside it.",
        )
    return region


def _requests(result: OfferResult, households: Sequence[Household]) -> list[Request]:
    s = result.structure
    pieces: list[tuple[str, date, StageResult]] = [(st.effective.isoformat(), st.effective, st) for st in result.stages]
    pieces.append(("final", result.stages[-1].effective, result.final))
    out: list[Request] = []
    for label, effective, st in pieces:
        year = tax_year_of(effective)
        for p in st.points:
            on_floor = st.floor is not None and p.before == st.floor.before and p.after == st.floor.after
            for h in households:
                before, after = gross_for(s, p.before, h), gross_for(s, p.after, h)
                out.append(Request(label, year, p.point, h, before, after, on_floor))
    return out


def figures_for(
    household: Household,
    gross: Decimal,
    pension: Decimal,
    outcome: bridge.Outcome,
    emr: Decimal,
) -> Figures:
    """Assemble a household's figures from PolicyEngine's outcome and payround's own pension figure."""
    partner = household.partner
    other_income = (
        Decimal("0.00")
        if partner is None
        else partner.employment_income
        - outcome.partner_income_tax
        - outcome.partner_employee_ni
        - partner.pension_contributions
    )
    net = Figures.net_of(
        gross,
        outcome.income_tax,
        outcome.employee_ni,
        pension,
        outcome.universal_credit,
        outcome.child_benefit,
        outcome.other_benefits,
        other_income,
    )
    return Figures(
        gross,
        outcome.income_tax,
        outcome.employee_ni,
        pension,
        outcome.universal_credit,
        outcome.child_benefit,
        outcome.other_benefits,
        quantize(other_income, _CENT),
        quantize(net, _CENT),
        emr,
    )


def _pension(schedule: LgpsSchedule | None, household: Household, gross: Decimal) -> Decimal:
    if household.worker.pension == "none" or schedule is None:
        return Decimal("0.00")
    return schedule.contribution(gross)


def _year_figures(
    requests: Sequence[Request],
    rules: TaxYearRules,
    structure: PayStructure,
) -> tuple[dict[tuple[str, Decimal], Figures], bridge.SimulationRun, LgpsSchedule]:
    """Run one simulation for every (household, pay) of a tax year, and its +£100 twin for marginal rates."""
    schedule = lgps_schedule(structure.country, rules.start)
    hours = {
        r.household.id: r.household.worker.fte_of(structure.standard_hours) * structure.standard_hours for r in requests
    }
    wanted: dict[tuple[str, Decimal], Household] = {}
    for r in requests:
        for g in (r.before, r.after):
            wanted[(r.household.id, g)] = r.household
            wanted[(r.household.id, g + MARGIN)] = r.household
    keys = list(wanted)
    cases = [
        bridge.Case(
            household=wanted[k],
            worker_gross=k[1],
            worker_hours=hours[k[0]],
            worker_pension=_pension(schedule, wanted[k], k[1]),
            region=_region(wanted[k], structure.country),
        )
        for k in keys
    ]
    run = bridge.simulate(cases, rules)
    partial: dict[tuple[str, Decimal], Figures] = {}
    for k, c, o in zip(keys, cases, run.outcomes, strict=True):
        partial[k] = figures_for(c.household, k[1], c.worker_pension, o, Decimal(0))
    out: dict[tuple[str, Decimal], Figures] = {}
    for (hid, g), f in partial.items():
        twin = partial.get((hid, g + MARGIN))
        if twin is None:
            continue
        emr = quantize(1 - (twin.net - f.net) / MARGIN, _EMR_PLACES)
        out[(hid, g)] = Figures(
            f.gross,
            f.income_tax,
            f.employee_ni,
            f.pension,
            f.universal_credit,
            f.child_benefit,
            f.other_benefits,
            f.other_income,
            f.net,
            emr,
        )
    return out, run, schedule


def _param_digest() -> str:
    parts = [parameter_path(p).read_bytes() for p in RULE_PARAMETERS]
    return cache_key(*parts)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The source of the modules that shape a result, so that a code change never serves a stale table."""
    here = Path(__file__).parent
    return cache_key(*(here.joinpath(f"{m}.py").read_bytes() for m in _CODE_MODULES))


def cache_key_for(result: OfferResult, households: Sequence[Household]) -> str:
    """The disk-cache key of a take-home table: offer, structure, households, parameter files, code and versions."""
    return cache_key(
        MODEL_VERSION,
        _code_digest(),
        bridge.policyengine_version(),
        result.offer.model_dump_json(),
        result.structure.model_dump_json(),
        json.dumps([h.model_dump(mode="json") for h in households], sort_keys=True),
        _param_digest(),
    )


def takehome(
    result: OfferResult,
    households: Sequence[Household] | None = None,
    *,
    cache: DiskCache | None = None,
    use_cache: bool = True,
) -> TakehomeTable:
    """Take-home figures for every point of an applied offer, for each household, at each stage and overall.

    ``households`` defaults to the bundled archetypes (single, lone-parent-2, couple-2-one-earner,
    couple-2-part-time). Results are cached on disk (``cache``, default ``$PAYROUND_CACHE_DIR`` or
    ``~/.cache/payround``) keyed by the offer, the structure, the households, payround's parameter files, the
    PolicyEngine UK version and the model version. Raises DependencyError when PolicyEngine UK is missing or the
    tax year is not supported.
    """
    chosen = list(households) if households is not None else select_households(load_households(), None)
    store = cache if cache is not None else DiskCache()
    key = cache_key_for(result, chosen) if use_cache else ""
    if use_cache:
        hit = store.get("takehome", key)
        if hit is not None:
            return TakehomeTable.from_json(hit, cached=True)
    table = _compute(result, chosen)
    if use_cache:
        store.put("takehome", key, table.to_json())
    return table


def _compute(result: OfferResult, households: Sequence[Household]) -> TakehomeTable:
    s = result.structure
    requests = _requests(result, households)
    years = sorted({r.year for r in requests})
    rules = {y: tax_year_rules(y) for y in years}  # unsupported years fail here, before PolicyEngine runs
    for h in households:
        _region(h, s.country)
    figures: dict[int, dict[tuple[str, Decimal], Figures]] = {}
    overrides: list[str] = []
    notes: list[str] = []
    version = bridge.policyengine_version()
    for y in years:
        year_requests = [r for r in requests if r.year == y]
        figures[y], run, schedule = _year_figures(year_requests, rules[y], s)
        version = run.policyengine_version
        overrides += [f"{tax_year_label(y)}: {o.describe()}" for o in run.overrides]
        if schedule.derived and any(h.worker.pension == "lgps" for h in households):
            notes.append(
                f"{tax_year_label(y)}: LGPS {('Scotland' if s.country == 'scotland' else 'England & Wales')} "
                f"contribution bounds in force from {schedule.in_force.isoformat()} are derived by the uprating rule "
                f"({schedule.scheme}), not published."
            )
        if y in KNOWN_LIMITATIONS:
            notes.append(f"{tax_year_label(y)}: {KNOWN_LIMITATIONS[y]}")
    if s.illustrative:
        notes.insert(
            0,
            f"Illustrative: {len(s.illustrative_points)} of {len(s.points)} points of {s.id} are built by a documented "
            "rule, not published; rows on them are marked illustrative (except where the floor sets the pay).",
        )
    notes += list(GENERAL_NOTES)
    illustrative_points = set(s.illustrative_points)
    rows = [
        Row(
            point=r.point,
            household=r.household.id,
            stage=r.stage,
            tax_year=tax_year_label(r.year),
            illustrative=r.point in illustrative_points and not r.on_floor,
            before=figures[r.year][(r.household.id, r.before)],
            after=figures[r.year][(r.household.id, r.after)],
        )
        for r in requests
    ]
    period = result.offer.effective_period
    return TakehomeTable(
        offer=result.offer.name,
        structure=s.id,
        country=s.country,
        period=(period.start.isoformat(), period.end.isoformat()),
        rows=rows,
        households={
            h.id: {"name": h.name, "fte": str(h.worker.fte_of(s.standard_hours)), "assumptions": h.assumptions}
            for h in households
        },
        tax_years=[tax_year_label(y) for y in years],
        overrides=overrides,
        notes=notes,
        illustrative=s.illustrative,
        policyengine_version=version,
        stages=[st.effective.isoformat() for st in result.stages] + ["final"],
    )
