"""Plain English for every step, amount and selector ("5% on all points; floor raised to £10.50"), shared by the
CLI, the web workbench and printed reports."""

from __future__ import annotations

from decimal import Decimal

from payround.engine.plan import floor_rate
from payround.engine.result import OfferResult
from payround.offers.schema import (
    Amount,
    Band,
    CapStep,
    Cash,
    FloorRate,
    FloorStep,
    Greatest,
    Least,
    LumpSumStep,
    Offer,
    Percent,
    RaiseStep,
    RemoveStep,
    SalaryBand,
    Selector,
    SetStep,
    Stage,
    Step,
)
from payround.structures.model import PayStructure

__all__ = [
    "describe_amount",
    "describe_selector",
    "describe_stage",
    "describe_step",
    "explain_offer",
    "summarise",
]

_PER = {"hour": "an hour", "week": "a week", "month": "a month", "year": "a year"}


def _num(x: Decimal) -> str:
    """1925 -> '1,925'; 10.5 -> '10.50'; 3.2 -> '3.2' (percentages keep their own places)."""
    if x == x.to_integral_value():
        return f"{int(x):,}"
    return f"{x:,.2f}"


def _money(x: Decimal) -> str:
    return "£" + _num(x)


def _pct(x: Decimal) -> str:
    return f"{x.normalize():f}%"


def describe_amount(amount: Amount, structure: PayStructure | None = None) -> str:
    """'5%', '£1,925 a year (36-hour week)', 'the greater of 5% and £1,925 a year (36-hour week)'."""
    if isinstance(amount, Percent):
        return _pct(amount.percent)
    if isinstance(amount, Cash):
        text = f"{_money(amount.cash)} {_PER[amount.per]}"
        if amount.hours is not None:
            text += f" ({_num(amount.hours)}-hour week)"
        return text
    if isinstance(amount, Greatest):
        parts = [describe_amount(a, structure) for a in amount.greatest]
        return "the greater of " + _join(parts, "and")
    if isinstance(amount, Least):
        parts = [describe_amount(a, structure) for a in amount.least]
        return "the lesser of " + _join(parts, "and")
    raise TypeError(amount)  # pragma: no cover


def _join(parts: list[str], word: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def _band(b: Band, money: bool) -> str:
    f = _money if money else _num
    bits = []
    if b.from_ is not None:
        bits.append(f"{f(b.from_)} or more")
    if b.above is not None:
        bits.append(f"more than {f(b.above)}")
    if b.below is not None:
        bits.append(f"under {f(b.below)}")
    if b.to is not None:
        bits.append(f"up to {f(b.to)}")
    return " and ".join(bits)


def describe_selector(sel: Selector | None, structure: PayStructure | None = None) -> str:
    """'all points and the floor', 'SLGLW and points 2-24', 'full-time pay of £60,000 or more (37-hour week)'."""
    if sel is None:
        return "all points and the floor" if structure is None or structure.floor else "all points"
    parts: list[str] = []
    if sel.points is not None:
        floor_name = structure.floor.name if structure and structure.floor else None
        named = [p for p in sel.points if p == floor_name]
        pts = [p for p in sel.points if p != floor_name]
        text = ""
        if named:
            text = named[0]
        if pts:
            text += (" and " if text else "") + ("point " if len(pts) == 1 and "-" not in pts[0] else "points ")
            text += ", ".join(p.replace("-", "–") if not p.endswith("-") else p[:-1] + " and above" for p in pts)
        parts.append(text)
    if sel.floor is True:
        parts.append("the floor")
    elif sel.floor is False:
        parts.append("points (not the floor)")
    if sel.salary is not None:
        s: SalaryBand = sel.salary
        week = f" ({_num(s.hours)}-hour week)" if s.hours is not None else ""
        parts.append(f"full-time pay of {_band(s, True)}{week}")
    if sel.rate is not None:
        unit = structure.unit if structure else "unit"
        parts.append(f"a rate of {_band(sel.rate, True)} per {unit}")
    return " with ".join(parts)


def describe_step(step: Step, structure: PayStructure | None = None) -> str:
    """One clause per step."""
    if isinstance(step, RaiseStep):
        body = step.raise_
        if not isinstance(body, list):
            return f"{describe_amount(body, structure)} on {describe_selector(None, structure)}"
        clauses = []
        for i, case in enumerate(body):
            who = describe_selector(case.where, structure)
            if case.where is None:
                who = "everyone else" if i else who
            clauses.append(f"{describe_amount(case.by, structure)} for {who}")
        return "; ".join(clauses)
    if isinstance(step, CapStep):
        who = describe_selector(step.cap.where, structure) if step.cap.where else "every point"
        return f"rises capped at {describe_amount(step.cap.by, structure)} for {who}"
    if isinstance(step, FloorStep):
        # A structure without a floor gets one named "minimum" (engine.plan): call it what the tables will.
        name = "the floor" if structure is None else structure.floor.name if structure.floor else "minimum"
        unit = f" {_PER[structure.unit]}" if structure else ""
        if isinstance(step.floor, Decimal):
            return f"floor ({name}) set to £{step.floor:,.2f}{unit}"
        if isinstance(step.floor, FloorRate):
            said = f"floor ({name}) set to £{step.floor.rate:,.2f} {_PER[step.floor.per]}"
            if structure is None or structure.unit == step.floor.per:
                return said
            value = floor_rate(step.floor, structure)
            return f"{said} (£{value:,.2f}{unit} on the {_num(structure.standard_hours)}-hour week)"
        return f"floor ({name}) raised by {describe_amount(step.floor.by, structure)}"
    if isinstance(step, SetStep):
        unit = f" {_PER[structure.unit]}" if structure else ""
        return "rates set: " + ", ".join(f"point {p} to £{_num(v)}{unit}" for p, v in step.set.items())
    if isinstance(step, RemoveStep):
        pts = ", ".join(step.remove)
        return f"point{'s' if len(step.remove) > 1 else ''} {pts} deleted (staff move to the next point up)"
    if isinstance(step, LumpSumStep):
        ls = step.lump_sum
        who = describe_selector(ls.where, structure) if ls.where else "everyone"
        week = f" (full-time, {_num(ls.by.hours)}-hour week; pro rata)" if ls.by.hours else " (full-time; pro rata)"
        return f"one-off payment of {_money(ls.by.cash)}{week} to {who}, paid {ls.paid:%-d %B %Y}"
    raise TypeError(step)  # pragma: no cover


def describe_stage(stage: Stage, structure: PayStructure | None = None) -> str:
    """'From 1 April 2022: 5% on all points and the floor; floor (SLGLW) set to £10.50 an hour.'"""
    clauses = "; ".join(describe_step(s, structure) for s in stage.steps)
    return f"From {stage.effective:%-d %B %Y}: {clauses}."


def summarise(result: OfferResult) -> list[str]:
    """Headline figures: the floor, the smallest and largest rises, and who gets more than the headline."""
    s = result.structure
    lines: list[str] = []
    final = result.final
    if final.floor is not None:
        f = final.floor
        full_time = f", £{s.full_time_annual(f.after):,.0f} a year full-time" if s.unit == "hour" else ""
        if s.floor is None:  # the offer sets the structure's first floor: there is no rise to speak of
            hourly = f" (£{s.to_hourly(f.after):,.2f} an hour)" if s.unit != "hour" else ""
            rate = f"{_money(f.after)} {_PER[s.unit]}{hourly}{full_time}"
            lines.append(f"A minimum rate of {rate} is set (there was none).")
        else:
            lines.append(f"{f.name} goes from £{f.before} to £{f.after} ({f.increase_pct}%){full_time}.")
    everyone = result.everyone  # the staff of deleted points too, on the point they moved to
    if everyone:
        lo = min(everyone, key=lambda p: p.increase_pct)
        hi = max(everyone, key=lambda p: p.increase_pct)
        lines.append(
            f"Rises run from {lo.increase_pct}% (point {lo.point}) to {hi.increase_pct}% (point {hi.point}); "
            f"in cash from £{min(p.increase for p in everyone)} to £{max(p.increase for p in everyone)} "
            f"{_PER[s.unit]}."
        )
    if final.removed:
        moved = {c.point: c for c in result.moved_changes}
        moves = ", ".join(
            f"{p}→{q} (£{moved[p].before} to £{moved[p].after}, +{moved[p].increase_pct}%)"
            if p in moved
            else f"{p}→{q}"
            for p, q in final.removed.items()
        )
        lines.append(f"Points deleted (staff move up): {moves}.")
    if result.illustrative:
        lines.append(
            f"Note: {len(s.illustrative_points)} point(s) of {s.id} are illustrative (built by a documented rule, "
            "not published); figures on those points are illustrative too."
        )
    return lines


def explain_offer(offer: Offer, result: OfferResult | None = None) -> list[str]:
    """The whole offer in plain English: one sentence per stage, then the headline figures."""
    structure = result.structure if result else None
    if structure is not None and structure.id != offer.structure:
        lines = [f"{offer.name} (applied to {structure.id}; the offer was written for {offer.structure}):"]
    else:
        lines = [f"{offer.name} (on {offer.structure}):"]
    lines += [describe_stage(st, structure) for st in offer.stages]
    if result is not None:
        lines += summarise(result)
    return lines
