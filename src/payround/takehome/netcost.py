"""Net cost to government of an offer on a workforce: what the employer pays out, less what comes straight back to
the Exchequer as extra income tax and NI, and what it no longer pays in Universal Credit and other benefits.

It is always an **estimate**: each worker is represented by the household archetypes in a stated mix (the bundled mix
is illustrative, not measured), each at the archetype's own hours; the employer cost comes from the costing engine
(or the user) and is taken as given. The result lists its assumptions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from payround.engine import OfferResult
from payround.errors import InputError
from payround.money import ZERO, quantize
from payround.takehome.households import default_mix
from payround.takehome.model import TakehomeTable

if TYPE_CHECKING:  # polars is imported only when a workforce is used
    from payround.workforce import Workforce

__all__ = ["NetCostEstimate", "headcount_by_point", "net_cost_for_workforce", "net_cost_to_government"]

_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class NetCostEstimate:
    """The net cost of an offer to the public purse (annual pounds). ``estimate`` is always True."""

    stage: str
    headcount: Decimal
    employer_cost_increase: Decimal
    income_tax: Decimal  # extra income tax received
    employee_ni: Decimal  # extra employee NI received
    employer_ni: Decimal  # employer NI inside the employer cost, which goes to HMRC
    universal_credit_saved: Decimal
    other_benefits_saved: Decimal  # Child Benefit and other cash benefits
    net_cost: Decimal
    mix: dict[str, Decimal]
    assumptions: list[str] = field(default_factory=list)
    estimate: bool = True

    @property
    def returned(self) -> Decimal:
        """Everything that comes back: employer cost minus net cost."""
        return self.employer_cost_increase - self.net_cost

    def to_json(self) -> dict[str, Any]:
        """Money as exact strings; always labelled an estimate with its assumptions."""
        return {
            "estimate": True,
            "stage": self.stage,
            "headcount": str(self.headcount),
            "employer_cost_increase": str(self.employer_cost_increase),
            "less_income_tax": str(self.income_tax),
            "less_employee_ni": str(self.employee_ni),
            "less_employer_ni": str(self.employer_ni),
            "less_universal_credit_saved": str(self.universal_credit_saved),
            "less_other_benefits_saved": str(self.other_benefits_saved),
            "net_cost": str(self.net_cost),
            "mix": {k: str(v) for k, v in self.mix.items()},
            "assumptions": list(self.assumptions),
        }


def net_cost_to_government(
    table: TakehomeTable,
    headcount: Mapping[str, Decimal | int],
    employer_cost_increase: Decimal,
    *,
    mix: Mapping[str, Decimal] | None = None,
    employer_ni_increase: Decimal = ZERO,
    fte: Mapping[str, Decimal] | None = None,
    stage: str = "final",
) -> NetCostEstimate:
    """Estimate the net cost to government of the offer behind ``table`` on a workforce.

    ``headcount`` gives the number of workers at each point (points absent count as none); ``employer_cost_increase``
    the full-year increase in what the employer pays (pay, employer NI and pension, lump sums — from the costing
    engine); ``employer_ni_increase`` the part of it that is employer NI (it goes to HMRC, so it comes back too).
    ``mix`` gives the share of workers in each household archetype (default: the bundled illustrative mix); every
    household in it must be in ``table``. ``fte`` (optional, FTE at each point) is used only to report how far the
    archetypes' hours are from the workforce's.
    """
    shares = dict(default_mix() if mix is None else mix)
    if sum(shares.values(), ZERO) != 1:
        raise InputError("the household mix must add up to 1.", place="mix", got=str(sum(shares.values(), ZERO)))
    rows = {(r.point, r.household): r for r in table.rows if r.stage == stage}
    known_points = {p for p, _ in rows}
    missing_h = [h for h, s in shares.items() if s and not any(k[1] == h for k in rows)]
    if missing_h:
        raise InputError(
            f"the take-home table has no rows for household {missing_h[0]!r} in the mix.",
            place="mix",
            hint="compute the table for every household in the mix.",
        )
    income_tax = employee_ni = uc = other = ZERO
    heads = ZERO
    for point, n in headcount.items():
        count = Decimal(n)
        if count < 0:
            raise InputError("a headcount cannot be negative.", place=f"headcount[{point}]", got=str(count))
        if count == 0:
            continue
        if point not in known_points:
            raise InputError(
                f"point {point!r} has staff but no take-home rows.",
                place=f"headcount[{point}]",
                expected=f"a point of {table.structure}",
                got=point,
            )
        heads += count
        for h, share in shares.items():
            if not share:
                continue
            r = rows[(point, h)]
            w = count * share
            income_tax += w * r.change("income_tax")
            employee_ni += w * r.change("employee_ni")
            uc -= w * r.change("universal_credit")
            other -= w * (r.change("child_benefit") + r.change("other_benefits"))
    income_tax, employee_ni, uc, other = (quantize(x, _CENT) for x in (income_tax, employee_ni, uc, other))
    net = quantize(employer_cost_increase - employer_ni_increase - income_tax - employee_ni - uc - other, _CENT)
    assumptions = [
        "Estimate. Each worker is represented by the household archetypes in the stated mix, each at the archetype's "
        "own hours; the mix "
        + ("is payround's illustrative default, not a measured composition." if mix is None else "was supplied."),
        f"Take-home changes are for the {'whole offer' if stage == 'final' else 'stage from ' + stage} at full-year "
        f"rates, tax year(s) {', '.join(table.tax_years)}; employer cost taken as given: {employer_cost_increase}.",
        "LGPS employee contributions go to the pension fund, not the Exchequer, and are not counted as returned.",
        "Council tax reduction, behavioural responses and indirect taxes on extra spending are not counted.",
    ]
    if table.illustrative:
        assumptions.append(f"The structure {table.structure} has illustrative points; so is this estimate.")
    if fte is not None and heads:
        avg_fte = sum((Decimal(v) for v in fte.values()), ZERO) / heads
        mix_fte = sum((s * Decimal(table.households[h].get("fte", "1")) for h, s in shares.items() if s), ZERO)
        assumptions.append(
            f"The workforce's average FTE is {quantize(avg_fte, Decimal('0.001'))}; the mix of archetypes assumes "
            f"{quantize(mix_fte, Decimal('0.001'))}. The further apart, the rougher the estimate."
        )
    return NetCostEstimate(
        stage=stage,
        headcount=heads,
        employer_cost_increase=employer_cost_increase,
        income_tax=income_tax,
        employee_ni=employee_ni,
        employer_ni=employer_ni_increase,
        universal_credit_saved=uc,
        other_benefits_saved=other,
        net_cost=net,
        mix=shares,
        assumptions=assumptions,
    )


def headcount_by_point(result: OfferResult, workforce: Workforce) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Headcount and FTE at each point in force after the offer (staff on a removed point follow it)."""
    import polars as pl

    f = workforce.frame
    s = result.structure
    if workforce.hours_column == "fte":
        fte_expr = (pl.col("fte") * pl.col("headcount")).sum()
    else:
        fte_expr = (pl.col("weekly_hours") * pl.col("headcount")).sum() / float(s.standard_hours)
    grouped = f.group_by(pl.col("point").cast(pl.Utf8)).agg(
        pl.col("headcount").sum().alias("hc"), fte_expr.alias("fte")
    )
    moved = result.final.removed  # original point -> the point its staff end on (engine.follow_removed)
    heads: dict[str, Decimal] = {}
    ftes: dict[str, Decimal] = {}
    for point, hc, fte in grouped.iter_rows():
        point = moved.get(point, point)
        heads[point] = heads.get(point, ZERO) + Decimal(int(hc))
        ftes[point] = ftes.get(point, ZERO) + Decimal(repr(float(fte)))
    return heads, ftes


def net_cost_for_workforce(
    table: TakehomeTable,
    result: OfferResult,
    workforce: Workforce,
    *,
    mix: Mapping[str, Decimal] | None = None,
) -> NetCostEstimate:
    """:func:`net_cost_to_government` with the headcounts of ``workforce`` and the employer cost from the costing
    engine (``payround.costing``: full-year pay, on-costs and lump sums; employer NI returns to HMRC)."""
    from payround.costing import cost_offer
    from payround.costing.summary import pounds

    totals = cost_offer(result, workforce).totals()
    heads, ftes = headcount_by_point(result, workforce)
    est = net_cost_to_government(
        table,
        heads,
        pounds(totals.total_cost_increase_full_year),
        mix=mix,
        employer_ni_increase=pounds(totals.after.employer_ni - totals.before.employer_ni),
        fte=ftes,
    )
    label = workforce.name or workforce.source
    note = f"Employer cost and employer NI from payround's costing of workforce {label}"
    note += " (an illustrative workforce)." if workforce.illustrative else "."
    return dataclasses.replace(est, assumptions=[*est.assumptions, note])
