"""The settlement finder as a use case: ``settle_report(constraints) -> SettleReport``, whose JSON is the DESIGN §8
document (``feasible``, ``cost.total_cost_increase_full_year``, ``missing_money``, ``offer``, ``binding``, and more)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from payround.reports.base import Block, Kind, Report, Table, Text
from payround.settle import find_settlement, frontier, load_constraints, resolve_constraints
from payround.settle.finder import Settlement
from payround.sources import Sources

__all__ = [
    "BindingItem",
    "CheckItem",
    "ConstraintsCheckReport",
    "FrontierItem",
    "SettleCost",
    "SettleReport",
    "constraints_check_report",
    "settle_report",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class PaybillCost(_Frozen):
    """The pay bill part of the cost (pounds)."""

    before: Decimal
    increase_full_year: Decimal
    increase_full_year_pct: Decimal
    increase_in_year: Decimal


class OnCostsCost(_Frozen):
    """The on-costs part of the cost (pounds)."""

    increase_full_year: Decimal


class SettleCost(_Frozen):
    """What ``payround cost`` reports for the offer on the workforce (the same keys)."""

    headcount: int
    paybill: PaybillCost
    on_costs: OnCostsCost
    total_cost_increase_full_year: Decimal
    total_cost_increase_in_year: Decimal


class BindingItem(_Frozen):
    """A demand that decides the answer: its key in the file, its side, the words, and its shadow price (pounds a
    year per natural unit) when the objective is the least cost."""

    key: str
    side: str
    words: str
    price: Decimal | None


class CheckItem(_Frozen):
    """One constraint checked on the engine's and the costing's figures."""

    key: str
    side: str
    hard: bool
    met: bool
    detail: str


class FrontierItem(_Frozen):
    """One point of the frontier: the unions' level and the least cost of meeting it."""

    value: Decimal
    feasible: bool
    total_cost_increase_full_year: Decimal | None
    within_budget: bool | None


class SettleReport(Report):
    """The settlement found, or the money missing (DESIGN §8)."""

    name: str
    structure: str
    workforce: str
    period: dict[str, date]
    effective: date
    objective: str
    template: str
    feasible: bool
    cost: SettleCost | None
    missing_money: Decimal | None
    offer: dict[str, Any] | None
    binding: list[str]
    binding_detail: list[BindingItem]
    checks: list[CheckItem]
    parameters: dict[str, Decimal]
    repairs: int
    notes: list[str]
    frontier: list[FrontierItem] | None
    frontier_over: str | None
    illustrative: bool

    def offer_yaml(self) -> str | None:
        """The found offer as an offer file (YAML, DESIGN §3), or None."""
        if self.offer is None:
            return None
        header = f"# {self.name}: found by `payround settle` ({'feasible' if self.feasible else 'NOT feasible'}).\n"
        return header + yaml.safe_dump(_yaml_ready(self.offer), sort_keys=False, allow_unicode=True, width=100)

    def blocks(self) -> list[Block]:
        """The answer in words, then the tables."""
        head = f"{self.name} ({self.structure} on {self.workforce}, template {self.template})"
        lines: list[Block] = [Text(lines=(head,), style="heading")]
        if self.feasible:
            lines.append(Text(lines=("Feasible: an offer meets every hard demand of both sides.",), style="good"))
        elif self.missing_money is not None:
            lines.append(
                Text(
                    lines=(f"Not feasible: £{self.missing_money:,} is missing (the least extra budget).",), style="bad"
                )
            )
        else:
            lines.append(Text(lines=("Not feasible whatever the money: these demands conflict.",), style="bad"))
        if self.offer is not None:
            lines.append(Text(lines=("Offer:", *_steps_words(self.offer)), style="text"))
        if self.binding:
            lines.append(Text(lines=("What binds:", *(f"- {b}" for b in self.binding)), style="text"))
        lines.extend(self.tables())
        notes = list(self.notes)
        if self.illustrative:
            notes.append("Illustrative: the structure or the workforce is not published data.")
        if notes:
            lines.append(Text(lines=tuple(notes), style="note"))
        return lines

    def tables(self) -> list[Table]:
        """Cost, checks and (when asked) the frontier."""
        out: list[Table] = []
        if self.cost is not None:
            c = self.cost
            out.append(
                Table.build(
                    "Cost of the offer (payround cost)",
                    ["measure", ("amount", Kind.money)],
                    [
                        ["pay bill before", c.paybill.before],
                        ["pay bill increase, full year", c.paybill.increase_full_year],
                        ["pay bill increase, in year", c.paybill.increase_in_year],
                        ["on-costs increase, full year", c.on_costs.increase_full_year],
                        ["total cost increase, full year", c.total_cost_increase_full_year],
                        ["total cost increase, in year", c.total_cost_increase_in_year],
                    ],
                )
            )
        if self.checks:
            out.append(
                Table.build(
                    "Each demand, checked on the engine's figures",
                    ["demand", "side", "hard", "met", "detail"],
                    [[k.key, k.side, k.hard, k.met, k.detail] for k in self.checks],
                )
            )
        if self.frontier is not None:
            out.append(
                Table.build(
                    f"Frontier: least cost against the {self.frontier_over}",
                    [
                        (self.frontier_over or "level", Kind.number),
                        ("total cost increase, full year", Kind.money0),
                        "within budget",
                    ],
                    [[f.value, f.total_cost_increase_full_year, f.within_budget] for f in self.frontier],
                )
            )
        return out


_NUMBERS = frozenset({"percent", "cash", "hours", "floor", "from", "below", "above", "to"})


def _yaml_ready(x: Any, key: str = "") -> Any:
    if isinstance(x, dict):
        return {k: _yaml_ready(v, k) for k, v in x.items()}
    if isinstance(x, list):
        return [_yaml_ready(v, key) for v in x]
    if key in _NUMBERS and isinstance(x, str | Decimal):
        # the strict loader reads numbers as exact text, so the shortest repr of the decimal round-trips
        d = Decimal(x)
        return int(d) if d == d.to_integral_value() else float(d)
    return x


def _json_ready(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _json_ready(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_json_ready(v) for v in x]
    if isinstance(x, Decimal | date):
        return str(x) if isinstance(x, Decimal) else x.isoformat()
    return x


def _steps_words(offer: dict[str, Any]) -> list[str]:
    """The found offer in plain English, one line per stage (as `payround explain` words it)."""
    from payround.engine.explain import describe_stage
    from payround.offers import parse_offer, resolve_structure

    parsed = parse_offer(_json_ready(offer), "the found offer")
    structure = resolve_structure(parsed)
    return [f"- {describe_stage(st, structure)}" for st in parsed.stages]


def _cost(doc: dict[str, Any]) -> SettleCost:
    pb = doc["paybill"]
    return SettleCost(
        headcount=doc["headcount"],
        paybill=PaybillCost(
            before=Decimal(pb["before"]),
            increase_full_year=Decimal(pb["increase_full_year"]),
            increase_full_year_pct=Decimal(pb["increase_full_year_pct"]),
            increase_in_year=Decimal(pb["increase_in_year"]),
        ),
        on_costs=OnCostsCost(increase_full_year=Decimal(doc["on_costs"]["increase_full_year"])),
        total_cost_increase_full_year=Decimal(doc["total_cost_increase_full_year"]),
        total_cost_increase_in_year=Decimal(doc["total_cost_increase_in_year"]),
    )


def _params(st: Settlement) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for k, v in st.parameters.items():
        shown = v * 100.0 if k == "percent" or k.startswith("band") else v
        out[k] = Decimal(repr(round(shown, 6)))
    return out


class ConstraintsCheckReport(Report):
    """A constraints file checked without solving: what it asks, on what."""

    name: str
    structure: str
    workforce: str | None
    template: str
    objective: str
    demands: list[str]

    def blocks(self) -> list[Block]:
        """One line: valid, and what it asks."""
        lines = (
            f"Valid constraints: {self.name} ({self.structure}, template {self.template}, objective {self.objective}).",
            "Demands: " + ("; ".join(self.demands) or "none"),
        )
        return [Text(lines=lines, style="good")]


def constraints_check_report(
    constraints: str | Path, *, template: str | None = None, sources: Sources | None = None
) -> ConstraintsCheckReport:
    """Check a constraints file (format, template, structure, point labels, dated wage floors) without loading the
    workforce or solving: quick enough to run as a user types. A located error otherwise."""
    from payround.settle.loader import check_constraints

    c = load_constraints(constraints, sources)
    c, s, floor_words = check_constraints(c, str(constraints), template=template, sources=sources)
    demands = [
        f"{side}.{key}" for side, part in (("employers", c.employers), ("unions", c.unions))
        for key, value in part if value not in (None, False)
    ]  # fmt: skip
    if floor_words:
        demands = [floor_words if d == "unions.floor" else d for d in demands]
    return ConstraintsCheckReport(
        name=c.name,
        structure=s.id,
        workforce=c.workforce,
        template=c.template.kind,
        objective=c.objective,
        demands=demands,
    )


def settle_report(
    constraints: str | Path,
    *,
    workforce: str | None = None,
    template: str | None = None,
    with_frontier: bool = False,
    max_frontier_points: int | None = None,
    sources: Sources | None = None,
    progress: Callable[[str], None] | None = None,
) -> SettleReport:
    """Find the settlement a constraints file asks for (``workforce`` and ``template`` override the file's own);
    with ``with_frontier``, also the least cost along the unions' floor (or % for all), at most
    ``max_frontier_points`` points when given (a server bounds the work one request may ask for)."""
    from payround.settle.schema import Frontier

    c = load_constraints(constraints, sources)
    capped = None
    if max_frontier_points is not None and (with_frontier or c.frontier is not None):
        spec = c.frontier or Frontier()
        if spec.points > max_frontier_points:
            capped = spec.points
            c = c.model_copy(update={"frontier": spec.model_copy(update={"points": max_frontier_points})})
    res = resolve_constraints(c, str(constraints), workforce=workforce, template=template, sources=sources)
    st = find_settlement(res, progress=progress)
    front = frontier(res, progress=progress) if with_frontier or c.frontier is not None else None
    v = st.verified
    wf = res.prepared.workforce
    return SettleReport(
        name=c.name,
        structure=res.structure.id,
        workforce=wf.name or str(wf.source),
        period={"start": res.start, "end": res.end},
        effective=c.effective,
        objective=res.constraints.objective,
        template=res.constraints.template.kind,
        feasible=st.feasible,
        cost=_cost(v.cost) if v is not None else None,
        missing_money=st.missing_money,
        offer=_json_ready(v.offer) if v is not None else None,
        binding=[b.words for b in st.binding],
        binding_detail=[
            BindingItem(
                key=b.key,
                side=b.side,
                words=b.words,
                price=None if b.price is None else Decimal(repr(round(b.price, 2))),
            )
            for b in st.binding
        ],
        checks=[CheckItem(key=k.key, side=k.side, hard=k.hard, met=k.met, detail=k.detail) for k in v.checks]
        if v is not None
        else [],
        parameters=_params(st),
        repairs=st.repairs,
        notes=st.notes
        + (
            [f"The frontier is limited to {max_frontier_points} points here (the file asks for {capped})."]
            if capped
            else []
        ),
        frontier=None
        if front is None
        else [
            FrontierItem(
                value=f.value,
                feasible=f.feasible,
                total_cost_increase_full_year=f.cost,
                within_budget=f.within_budget,
            )
            for f in front
        ],
        frontier_over=None if front is None else (c.frontier.over if c.frontier is not None else "floor"),
        illustrative=res.structure.illustrative or wf.illustrative,
    )
