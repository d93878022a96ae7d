"""Take-home pay for an offer: every point × household × stage, before and after, from one PolicyEngine simulation
per tax year (cached on disk).

The worker at each point is paid the structure's full-time annual pay × their share of the standard week. Their LGPS
contributions come from the dated band files; everything else (income tax, NI, Universal Credit, Child Benefit, other
cash benefits) from PolicyEngine UK, with payround's sourced tax and NI parameters pinned (see
:mod:`payround.takehome.bridge`).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from payround.engine import LumpSumPayment, OfferResult, StageResult
from payround.errors import InputError
from payround.money import quantize
from payround.params import parameter_path
from payround.structures import PayStructure
from payround.takehome import bridge, paths, tables
from payround.takehome.cache import DiskCache, cache_key
from payround.takehome.gridbuild import GridRequest
from payround.takehome.households import Household, load_households, select_households
from payround.takehome.lgps import LgpsSchedule, lgps_schedule
from payround.takehome.model import Figures, Row, TakehomeTable
from payround.takehome.rules import RULE_PARAMETERS, TaxYearRules, tax_year_label, tax_year_of, tax_year_rules

__all__ = ["MARGIN", "MODEL_VERSION", "Request", "cache_key_for", "figures_for", "gross_for", "takehome"]

#: A further £100 a year of gross pay measures the effective marginal rate.
MARGIN = Decimal(100)
#: Keys the disk cache together with the source of the modules that compute (bump it for other changes of meaning).
MODEL_VERSION = "takehome-2"
_CENT = Decimal("0.01")
_CODE_MODULES = ("bridge", "compute", "households", "lgps", "model", "paths", "rules")
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

LUMP_NOTE = (
    "One-off payments (lump_sum) are in the year they are paid: in gross pay for income tax with the year's pay "
    "(not pensionable, so no LGPS contribution), and for NI and Universal Credit in the month paid (that month's "
    "earnings are a twelfth of the year's pay plus the payment). Their own columns: lump_sum (gross) and "
    "lump_sum_net (what they add to net income after tax, NI and UC)."
)


@dataclass(frozen=True, slots=True)
class Request:
    """One row to compute: a point and household at a stage, with the worker's gross pay before and after, and the
    one-off payments the worker receives after (amount for this worker, date paid) in the row's tax year."""

    stage: str
    year: int
    point: str
    household: Household
    before: Decimal
    after: Decimal
    on_floor: bool  # paid the floor before and after: the point's own (possibly illustrative) rate plays no part
    lumps: tuple[tuple[Decimal, date], ...] = ()


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


def true_tax_year(day: date) -> int:
    """The tax year (6 April to 5 April) a payment made on ``day`` falls in."""
    return day.year if day >= date(day.year, 4, 6) else day.year - 1


def _hours(structure: PayStructure, household: Household) -> Decimal:
    return household.worker.fte_of(structure.standard_hours) * structure.standard_hours


def _lump_for(structure: PayStructure, ls: LumpSumPayment, point: str, household: Household) -> Decimal:
    """A one-off payment for this worker: pro rata to their hours up to the payment's nominal week (as costing)."""
    share = min(_hours(structure, household), ls.hours) / ls.hours
    return quantize(ls.by_point[point] * share, _CENT)


def _requests(
    result: OfferResult, households: Sequence[Household], stages: Collection[str] | None = None
) -> tuple[list[Request], list[str], bool]:
    """The rows to compute (of ``stages`` only, by label; None: every stage and the final), a note for each
    one-off payment that falls in a tax year no stage covers, and whether any row of the whole table has one."""
    s = result.structure
    pieces: list[tuple[str, date, StageResult, list[LumpSumPayment]]] = [
        (st.effective.isoformat(), st.effective, st, st.lump_sums) for st in result.stages
    ]
    pieces.append(("final", result.stages[-1].effective, result.final, result.lump_sums))
    out: list[Request] = []
    shown: set[int] = set()
    with_lumps = False
    memo: dict[tuple[Decimal, str], Decimal] = {}

    def gross(pay: Decimal, h: Household) -> Decimal:
        key = (pay, h.id)
        if key not in memo:
            memo[key] = gross_for(s, pay, h)
        return memo[key]

    for label, effective, st, lumps in pieces:
        year = tax_year_of(effective)
        this_year = [ls for ls in lumps if true_tax_year(ls.paid) == year]
        shown |= {id(ls) for ls in this_year}
        with_lumps = with_lumps or any(p.point in ls.by_point for ls in this_year for p in st.points)
        if stages is not None and label not in stages:
            continue
        for p in st.points:
            on_floor = st.floor is not None and p.before == st.floor.before and p.after == st.floor.after
            for h in households:
                before, after = gross(p.before, h), gross(p.after, h)
                paid = tuple((_lump_for(s, ls, p.point, h), ls.paid) for ls in this_year if p.point in ls.by_point)
                out.append(Request(label, year, p.point, h, before, after, on_floor, paid))
    notes = [
        f"A one-off payment paid on {ls.paid.isoformat()} falls in tax year {tax_year_label(true_tax_year(ls.paid))}, "
        "which no row of this table covers: it is not in these figures."
        for ls in result.lump_sums
        if id(ls) not in shown
    ]
    return out, notes, with_lumps


def figures_for(
    household: Household,
    gross: Decimal,
    pension: Decimal,
    outcome: bridge.Outcome,
    emr: Decimal,
    lump_sum: Decimal = Decimal("0.00"),
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
        quantize(net + lump_sum, _CENT),
        emr,
        lump_sum,
    )


def _pension(schedule: LgpsSchedule | None, household: Household, gross: Decimal) -> Decimal:
    if household.worker.pension == "none" or schedule is None:
        return Decimal("0.00")
    return schedule.contribution(gross)


def _regime_of(rules: TaxYearRules, day: date) -> int:
    for k, r in enumerate(rules.regimes):
        if r.start <= day <= r.end:
            return k
    raise InputError(f"the payment date {day.isoformat()} is outside tax year {rules.label}.", place="lump_sum.paid")


Level = tuple[str, Decimal, tuple[tuple[Decimal, int], ...]]  # household id, gross, lumps (amount, regime)


def _year_figures(
    requests: Sequence[Request],
    rules: TaxYearRules,
    structure: PayStructure,
    *,
    exact: bool,
    cache: DiskCache | None,
    progress: bridge.Progress | None,
) -> tuple[dict[Level, Figures], list[bridge.Override], str, LgpsSchedule]:
    """Every (household, pay, one-off payments) of a tax year, its marginal rate from a +£100 twin, by one path;
    with what PolicyEngine's parameters were overridden by, and its version."""
    schedule = lgps_schedule(structure.country, rules.start)
    households = {r.household.id: r.household for r in requests}
    hours = {hid: _hours(structure, h) for hid, h in households.items()}
    regions = {hid: _region(h, structure.country) for hid, h in households.items()}
    levels: dict[Level, None] = {}  # in order, once each
    for r in requests:
        lumps = tuple((amount, _regime_of(rules, paid)) for amount, paid in r.lumps if amount > 0)
        levels[(r.household.id, r.before, ())] = None
        levels[(r.household.id, r.after, lumps)] = None
        if lumps:
            levels[(r.household.id, r.after, ())] = None  # without the payments, for their net effect

    def point(k: Level) -> paths.Point:
        h = households[k[0]]
        return paths.Point(h, k[1], _pension(schedule, h, k[1]), hours[k[0]], regions[k[0]], k[2])

    if not exact:
        out, overrides = _interactive_figures(list(levels), point, rules, schedule, structure, cache, progress)
        return out, overrides, bridge.policyengine_version(), schedule
    keys = _with_twins(list(levels))
    points = [point(k) for k in keys]
    run = paths.exact_values(points, rules, progress=progress)
    partial = _partials(keys, points, _outcomes(run, rules, points, exact=True))
    out = {k: _with_emr(partial[k], partial[_twin(k)]) for k in levels}
    return out, run.overrides, run.policyengine_version, schedule


def _twin(k: Level) -> Level:
    """The level £100 a year higher, whose net income gives the marginal rate."""
    return (k[0], k[1] + MARGIN, k[2])


def _with_twins(levels: Sequence[Level]) -> list[Level]:
    """Each level followed by its twin, once each."""
    return list(dict.fromkeys(x for k in levels for x in (k, _twin(k))))


def _with_emr(f: Figures, twin: Figures) -> Figures:
    """A level's figures with the effective marginal rate its twin gives."""
    emr = quantize(1 - (twin.net - f.net) / MARGIN, _EMR_PLACES)
    return Figures(
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
        f.lump_sum,
    )


def _partials(
    keys: Sequence[Level], points: Sequence[paths.Point], outcomes: Sequence[bridge.Outcome]
) -> dict[Level, Figures]:
    """Each level's figures without its marginal rate (which needs the twin)."""
    out: dict[Level, Figures] = {}
    for k, pt, outcome in zip(keys, points, outcomes, strict=True):
        lump = sum((a for a, _ in pt.lumps), Decimal("0.00"))
        out[k] = figures_for(pt.household, k[1], pt.pension, outcome, Decimal(0), lump)
    return out


def _table_overrides(
    households: Sequence[Household],
    rules: TaxYearRules,
    schedule: LgpsSchedule,
    structure: PayStructure,
    *,
    cache: DiskCache | None,
    progress: bridge.Progress | None,
) -> list[bridge.Override]:
    """What the year's interactive tables override in PolicyEngine UK (the tables are read, or built if missing)."""
    requests = [GridRequest(h, _hours(structure, h), _region(h, structure.country)) for h in households]
    return paths.load_grids(requests, rules, schedule, structure.country, cache=cache, progress=progress)[1]


# The interactive path's figures by level, across calls: the editor's preview asks for the same "before" pay of every
# point on each keystroke, and a level's figures depend only on its table (whose key holds the household, hours,
# region, rules, LGPS schedule and versions), the gross pay and the one-off payments. Bounded, least recently used
# dropped first: about a dozen offers' levels, a couple of MB.
_LEVELS: OrderedDict[tuple[str, Decimal, tuple[tuple[Decimal, int], ...]], Figures] = OrderedDict()
_LEVELS_SIZE = 4_000
_LEVELS_LOCK = threading.Lock()


def _interactive_figures(
    levels: Sequence[Level],
    point: Callable[[Level], paths.Point],
    rules: TaxYearRules,
    schedule: LgpsSchedule,
    structure: PayStructure,
    cache: DiskCache | None,
    progress: bridge.Progress | None,
) -> tuple[dict[Level, Figures], list[bridge.Override]]:
    """Each level's figures from the tables, those seen before from memory; and the tables' overrides."""
    first = {k[0]: k for k in reversed(levels)}  # a level of each household, for its table
    points = {hid: point(first[hid]) for hid in dict.fromkeys(k[0] for k in levels)}
    order = list(points)
    grid_requests = [GridRequest(points[hid].household, points[hid].hours, points[hid].region) for hid in order]
    # Reads the tables into memory (built first if missing): the overrides are the tables', found or not.
    _, overrides = paths.load_grids(grid_requests, rules, schedule, structure.country, cache=cache, progress=progress)
    table_of = {
        hid: tables.grid_key(req, rules, schedule, structure.country)
        for hid, req in zip(order, grid_requests, strict=True)
    }
    out: dict[Level, Figures] = {}
    todo: list[Level] = []
    with _LEVELS_LOCK:
        for k in levels:
            mk = (table_of[k[0]], k[1], k[2])
            hit = _LEVELS.get(mk)
            if hit is None:
                todo.append(k)
            else:
                _LEVELS.move_to_end(mk)
                out[k] = hit
    if todo:
        keys = _with_twins(todo)
        pts = [point(k) for k in keys]
        run = paths.interactive_values(pts, rules, schedule, structure.country, cache=cache, progress=progress)
        partial = _partials(keys, pts, _outcomes(run, rules, pts, exact=False))
        found = {k: _with_emr(partial[k], partial[_twin(k)]) for k in todo}
        out.update(found)
        with _LEVELS_LOCK:
            for k, f in found.items():
                _LEVELS[(table_of[k[0]], k[1], k[2])] = f
            while len(_LEVELS) > _LEVELS_SIZE:
                _LEVELS.popitem(last=False)
    return out, overrides


def _outcomes(
    run: paths.YearRun, rules: TaxYearRules, points: Sequence[paths.Point], exact: bool
) -> list[bridge.Outcome]:
    """Each point's outcome: columns weighted over the in-year NI regimes by their pay months — exactly (Decimal, to
    the penny half-up) on the exact path; in float64, rounded to the penny, on the interactive path (its figures are
    good to pennies, not to the last bit)."""
    import numpy as np

    if len(run.values) == 0:
        return []
    stacked = run.values  # points, regimes, columns
    partners = [p.household.partner is not None for p in points]
    if exact:
        weights = [r.weight for r in rules.regimes]
        totals: dict[str, list[Decimal]] = {}
        for j, c in enumerate(bridge.COLUMNS):
            col_values = stacked[:, :, j].tolist()
            totals[c] = [
                sum((Decimal(repr(v)) * w for v, w in zip(row, weights, strict=True)), Decimal(0)) for row in col_values
            ]
        return [bridge.outcome_of(totals, i, partners[i]) for i in range(len(points))]
    w = np.array([float(r.weight) for r in rules.regimes])
    cents = np.round(np.einsum("prc,r->pc", stacked, w) * 100)  # whole pence, as floats
    idx = {c: j for j, c in enumerate(bridge.COLUMNS)}
    other = cents[:, idx["household_benefits"]] - cents[:, idx["in_kind"]]
    other -= cents[:, idx["universal_credit"]] + cents[:, idx["child_benefit"]]
    names = ("income_tax", "employee_ni", "partner_income_tax", "partner_employee_ni", "universal_credit")
    table = np.stack([cents[:, idx[n]] for n in names] + [cents[:, idx["child_benefit"]], other], axis=1)
    zero = Decimal("0.00")
    out = []
    for row, partner in zip(table.astype(np.int64).tolist(), partners, strict=True):
        d = [Decimal(v).scaleb(-2) for v in row]
        out.append(
            bridge.Outcome(
                income_tax=d[0],
                employee_ni=d[1],
                partner_income_tax=d[2] if partner else zero,
                partner_employee_ni=d[3] if partner else zero,
                universal_credit=d[4],
                child_benefit=d[5],
                other_benefits=d[6],
            )
        )
    return out


def _param_digest() -> str:
    parts = [parameter_path(p).read_bytes() for p in RULE_PARAMETERS]
    return cache_key(*parts)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The source of the modules that shape a result, so that a code change never serves a stale table."""
    here = Path(__file__).parent
    return cache_key(*(here.joinpath(f"{m}.py").read_bytes() for m in _CODE_MODULES))


def cache_key_for(result: OfferResult, households: Sequence[Household]) -> str:
    """The disk-cache key of an exact take-home table: offer, structure, households, parameter files, code and
    versions."""
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
    exact: bool = False,
    cache: DiskCache | None = None,
    use_cache: bool = True,
    progress: bridge.Progress | None = None,
    stages: Collection[str] | None = None,
) -> TakehomeTable:
    """Take-home figures for every point of an applied offer, for each household, at each stage and overall.

    ``households`` defaults to the bundled archetypes (single, lone-parent-2, couple-2-one-earner,
    couple-2-part-time). The **interactive** path (default) reads PolicyEngine UK's answer from tables built once per
    tax year and household (one vectorised simulation per pass, kept in ``cache``: ``$PAYROUND_CACHE_DIR``,
    ``$XDG_CACHE_HOME/payround`` or ``~/.cache/payround``); ``exact=True`` simulates every pay level directly (the
    reference; its tables are cached on disk by offer, structure, households, parameter files, code and PolicyEngine
    version unless ``use_cache`` is false). ``progress(what, done, total)`` is called while PolicyEngine runs.
    ``stages`` (labels: an effective date or ``final``) keeps only those stages' rows on the interactive path, whose
    work is per row; the exact path computes every stage (its cached table answers any stage). Raises
    DependencyError when PolicyEngine UK is missing or the tax year is not supported.
    """
    chosen = list(households) if households is not None else select_households(load_households(), None)
    store = cache if cache is not None else DiskCache()
    if not exact:
        return _compute(result, chosen, exact=False, cache=store, progress=progress, stages=stages)
    key = cache_key_for(result, chosen) if use_cache else ""
    if use_cache:
        hit = store.get("takehome", key)
        if hit is not None:
            return TakehomeTable.from_json(hit, cached=True)
    table = _compute(result, chosen, exact=True, cache=store, progress=progress)
    if use_cache:
        store.put("takehome", key, table.to_json())
    return table


def _compute(
    result: OfferResult,
    households: Sequence[Household],
    *,
    exact: bool,
    cache: DiskCache | None,
    progress: bridge.Progress | None,
    stages: Collection[str] | None = None,
) -> TakehomeTable:
    s = result.structure
    requests, lump_notes, with_lumps = _requests(result, households, stages)
    # Every stage's tax year, shown or not, so that a table of some stages says what the whole one says.
    years = sorted({tax_year_of(st.effective) for st in result.stages})
    rules = {y: tax_year_rules(y) for y in years}  # unsupported years fail here, before PolicyEngine runs
    for h in households:
        _region(h, s.country)
    figures: dict[int, dict[Level, Figures]] = {}
    overrides: list[str] = []
    notes: list[str] = []
    version = bridge.policyengine_version()
    for y in years:
        year_requests = [r for r in requests if r.year == y]
        if year_requests or exact:
            figures[y], year_overrides, version, schedule = _year_figures(
                year_requests, rules[y], s, exact=exact, cache=cache, progress=progress
            )
        else:  # only stages of other years are shown: this year's tables still say what they override
            figures[y], schedule = {}, lgps_schedule(s.country, rules[y].start)
            year_overrides = _table_overrides(households, rules[y], schedule, s, cache=cache, progress=progress)
        overrides += [f"{tax_year_label(y)}: {o.describe()}" for o in year_overrides]
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
    if with_lumps:
        notes.append(LUMP_NOTE)
    notes += lump_notes
    # The path and version are keys of their own (``path``, ``policyengine_uk``), shown under every table.
    illustrative_points = set(s.illustrative_points)
    rows = []
    for r in requests:
        regimes = tuple((a, _regime_of(rules[r.year], paid)) for a, paid in r.lumps if a > 0)
        before = figures[r.year][(r.household.id, r.before, ())]
        after = figures[r.year][(r.household.id, r.after, regimes)]
        rows.append(
            Row(
                point=r.point,
                household=r.household.id,
                stage=r.stage,
                tax_year=tax_year_label(r.year),
                illustrative=r.point in illustrative_points and not r.on_floor,
                before=before,
                after=after,
                lump_sum_net=_lump_net(figures[r.year], r, after) if regimes else Decimal("0.00"),
            )
        )
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
        path="exact" if exact else "interactive",
    )


def _lump_net(figures: dict[Level, Figures], r: Request, after: Figures) -> Decimal:
    """What the one-off payments add to the household's net income: net with them less net without."""
    without = figures.get((r.household.id, r.after, ()))
    return Decimal("0.00") if without is None else after.net - without.net
