"""Use case: what a restructure (regrading, deleted posts, pay protection) costs, who loses and for how long, and
the equal-pay exposure it is weighed against. ``regrade_report(file, workforce) -> RegradeReport``."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from payround.costing import CostOptions, OnCostParams
from payround.errors import RestructureError
from payround.params import load_parameter
from payround.regrade.assign import Assignments, Records, assign
from payround.regrade.awards import SpineStep
from payround.regrade.equalpay import equal_pay_exposure
from payround.regrade.loader import prepare_restructure
from payround.regrade.plan import LOSS_YEARS, RestructurePlan
from payround.regrade.project import Projection, project
from payround.regrade.records import records_from_workforce
from payround.regrade.rows import people_frame, point_losses, threshold_counts, year_totals
from payround.regrade.schema import Protection
from payround.regrade.summary import MONTH_FIELDS, month_totals, path_totals, unit_losses
from payround.reports.regrade_model import (
    EqualPayDoc,
    EqualPayRowDoc,
    PathDoc,
    PersonDoc,
    PointLossDoc,
    RegradeReport,
    ThresholdDoc,
    TotalsDoc,
    VariantDoc,
    YearDoc,
)
from payround.sources import Sources, active
from payround.workforce import load_workforce

__all__ = ["RegradeReport", "regrade_report"]


def _pounds(pence: int) -> Decimal:
    return Decimal(int(pence)).scaleb(-2)


def _totals(t: dict[str, int]) -> TotalsDoc:
    return TotalsDoc(**{k: _pounds(t[k]) for k in MONTH_FIELDS})


def _variant(plan: RestructurePlan, months: Decimal) -> RestructurePlan:
    """The plan with every change's protection replaced by full protection for ``months`` (same awards rule and
    lump sums)."""

    def swap(p: Protection) -> Protection:
        awards = p.awards_rule if p.kind in ("full", "tapered", "mark_time") else None
        return Protection(kind="full", months=months, awards=awards, lump_sum=p.lump_sum)

    paths = tuple(dataclasses.replace(p, protection=swap(p.protection)) for p in plan.paths)
    return dataclasses.replace(plan, paths=paths)


def _variant_doc(label: str, plan: RestructurePlan, p: Projection) -> VariantDoc:
    t = month_totals(p)
    horizon = 12 * plan.restructure.years
    return VariantDoc(
        label=label,
        protection=_pounds(int(t["protection"].sum())),
        protection_on_costs=_pounds(int(t["protection_on_costs"].sum())),
        protection_total=_pounds(int(t["protection"].sum() + t["protection_on_costs"].sum())),
        saving_first_year=_pounds(int(t["saving"][:12].sum())),
        saving_over_years=_pounds(int(t["saving"][:horizon].sum())),
    )


def _equal_pay(plan: RestructurePlan) -> EqualPayDoc | None:
    spec = plan.restructure.equal_pay
    if spec is None:
        return None
    pid = "equal_pay/arrears_years_" + ("scotland" if spec.jurisdiction == "scotland" else "england_wales")
    param = load_parameter(pid)
    entry = param.entry_at(spec.claim_date)
    params = OnCostParams.bundled()
    scheme = "lgps_scotland" if spec.jurisdiction == "scotland" else "lgps_ew"
    rate = params.ni_at(spec.claim_date)[0] + params.pension_at(scheme, spec.claim_date)
    est = equal_pay_exposure(spec, plan.structure, Decimal(entry.value), rate)
    return EqualPayDoc(
        estimate=True,
        jurisdiction=est.jurisdiction,
        claim_date=est.claim_date,
        look_back_years=est.look_back_years,
        look_back_sources=tuple(r.href for r in entry.reference),
        on_cost_rate=rate,
        comparisons=tuple(
            EqualPayRowDoc(
                name=c.name,
                annual_gap_full_time=c.annual_gap_full_time,
                claimants=c.claimants,
                years=c.years,
                back_pay=c.back_pay,
                on_costs=c.on_costs,
                total=c.total,
            )
            for c in est.comparisons
        ),
        back_pay=est.back_pay,
        on_costs=est.on_costs,
        total=est.total,
    )


def _people(plan: RestructurePlan, a: Assignments, p: Projection, records: Records) -> tuple[PersonDoc, ...]:
    frame = people_frame(plan, a, p, unit_losses(plan, p), records)
    out = []
    for r in frame.iter_rows(named=True):
        out.append(
            PersonDoc(
                row=r["row"], employer=r.get("employer") or "", group=r.get("group") or "",
                gender=r.get("gender") or "", change=r["change"], path=r["path"], people=r["people"],
                point_before=r["point_before"], grade_before=r["grade_before"], point_after=r["point_after"],
                grade_after=r["grade_after"], pay_before=_pounds(r["pay_before"]), pay_after=_pounds(r["pay_after"]),
                annual_loss=_pounds(r["annual_loss"]),
                loss_before_protection=tuple(_pounds(r[f"loss_y{y + 1}_before_protection"]) for y in range(LOSS_YEARS)),
                loss_after_protection=tuple(_pounds(r[f"loss_y{y + 1}_after_protection"]) for y in range(LOSS_YEARS)),
                loss_3y=_pounds(r["loss_3y"]), loss_5y=_pounds(r["loss_5y"]), protection_ends=r["protection_ends"],
                protection_beyond_projection=r["protection_beyond_projection"], lump_sum=_pounds(r["lump_sum"]),
                severance=_pounds(r["severance"]), stays=r["stays"],
            )
        )  # fmt: skip
    return tuple(out)


def regrade_report(
    restructure: str | Path,
    workforce: str | Path | None = None,
    *,
    awards: Sequence[str] | None = None,
    compare_months: Sequence[Decimal] = (Decimal(6), Decimal(36)),
    thresholds: Sequence[Decimal] | None = None,
    people: bool = True,
    options: CostOptions | None = None,
    sources: Sources | None = None,
) -> RegradeReport:
    """Project a restructure file on a workforce (``workforce``, else the file's own ``workforce:``): totals by
    year and by path, the loss at each point, per-person losses (``people``), the cost of protection for each
    length in ``compare_months`` beside the file's own policy, and the equal-pay exposure estimate; ``thresholds``
    (pounds) replaces the file's own for the counts of people losing more than each."""
    for m in compare_months:
        if not (Decimal(0) < Decimal(m) <= 600) or Decimal(m) != round(Decimal(m), 2):
            raise RestructureError(
                "each protection length to compare must be more than 0 and at most 600 months (two decimals).",
                place="compare_months",
                got=str(m),
                hint="e.g. --compare-months 6 --compare-months 36.",
            )
    loaded = prepare_restructure(restructure, list(awards) if awards is not None else None, sources)
    plan, steps = loaded.plan, loaded.steps
    if thresholds is not None:
        update = {"thresholds": tuple(sorted(Decimal(x) for x in thresholds))}
        plan = dataclasses.replace(plan, restructure=plan.restructure.model_copy(update=update))
    ref = workforce if workforce is not None else plan.restructure.workforce
    if ref is None:
        raise RestructureError(
            "no workforce: the file names none and none was given.",
            file=plan.source,
            place="workforce",
            hint="pass --workforce FILE (or a bundled id), or add 'workforce: FILE' to the restructure file.",
        )
    if workforce is None and ref not in ("njc/illustrative", "sjc/illustrative"):
        # relative to the restructure file; on a server, one of the files uploaded with it
        ref = active(sources).resolve(str(ref), relative_to=plan.source, what="workforce", or_working_dir=False)
    wf = load_workforce(ref, sources)
    records, notes = records_from_workforce(wf, plan.structure, options)
    a = assign(plan, records)
    rates = (options or CostOptions()).on_cost_params()
    proj = project(plan, steps, records, a, rates)
    return _build(plan, steps, records, a, proj, loaded.awards, wf.illustrative, notes, compare_months, people, rates)


def _build(
    plan: RestructurePlan,
    steps: list[SpineStep],
    records: Records,
    a: Assignments,
    proj: Projection,
    award_words: tuple[str, ...],
    wf_illustrative: bool,
    wf_notes: list[str],
    compare_months: Sequence[Decimal],
    people: bool,
    rates: OnCostParams,
) -> RegradeReport:
    r = plan.restructure
    months = month_totals(proj)
    losses = unit_losses(plan, proj)
    stays = losses.stays & (proj.a_people > 0)
    losing = stays & (losses.annual_loss > 0)
    max_loss = int(losses.annual_loss[stays].max()) if stays.any() else 0
    n_losing = int(proj.a_people[losing].sum())
    mean_loss = (
        _pounds(round(int((losses.annual_loss[losing] * proj.a_people[losing]).sum()) / n_losing))
        if n_losing
        else Decimal("0.00")
    )
    variants = [_variant_doc("as in the file", plan, proj)]
    for m in compare_months:
        vp = _variant(plan, m)
        variants.append(_variant_doc(f"full protection for {m} months", vp, project(vp, steps, records, a, rates)))
    paths = path_totals(plan, proj)
    horizon = 12 * r.years
    notes = [*plan.notes, *a.notes, *wf_notes]
    if plan.grades is not None and plan.grades.illustrative:
        ill = ", ".join(g.id for g in plan.grades.grades if g.basis == "illustrative")
        notes.append(f"Grade ranges marked illustrative (not published): {ill}.")
    if wf_illustrative:
        notes.append("The workforce is synthetic and illustrative, not real data.")
    return RegradeReport(
        name=r.name,
        source=plan.source,
        structure=plan.structure.id,
        grades=plan.grades.id if plan.grades is not None else None,
        illustrative=plan.illustrative or wf_illustrative,
        start=r.start,
        years=r.years,
        months=len(plan.months),
        awards=award_words,
        people_selected=int(a.selected.sum()),
        max_annual_loss=_pounds(max_loss),
        mean_annual_loss_of_losers=mean_loss,
        people_losing=n_losing,
        total=_totals({k: int(v[:horizon].sum()) for k, v in months.items()}),
        by_year=tuple(
            YearDoc(year=y, start=a0, end=b0, **_totals(t).model_dump()) for y, a0, b0, t in year_totals(plan, months)
        ),
        by_path=tuple(
            PathDoc(label=plan.paths[k].label, kind=plan.paths[k].kind, people=t["people"], **_totals(t).model_dump())
            for k, t in enumerate(paths)
        ),
        point_losses=tuple(PointLossDoc(**dataclasses.asdict(x)) for x in point_losses(plan, steps, proj)),
        thresholds=tuple(
            ThresholdDoc(threshold=x, annual_loss_at_change=b, first_year_after_protection=f, three_years=t3)
            for x, b, f, t3 in threshold_counts(plan, proj, losses)
        ),
        protection_variants=tuple(variants),
        equal_pay=_equal_pay(plan),
        people=_people(plan, a, proj, records) if people else None,
        notes=tuple(notes),
    )
