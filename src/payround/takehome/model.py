"""What a take-home calculation returns: per point, household and stage, the worker's pay and deductions and the
household's benefits and net income, before and after. Exact decimals; JSON round-trips exactly (the disk cache)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from payround.money import HUNDRED, quantize

__all__ = ["FIGURES", "Figures", "Row", "TakehomeTable"]

_CENT = Decimal("0.01")

#: The figures of one household at one pay level, in the order they are printed.
FIGURES = (
    "gross",
    "income_tax",
    "employee_ni",
    "pension",
    "universal_credit",
    "child_benefit",
    "other_benefits",
    "other_income",
    "net",
    "lump_sum",
)


@dataclass(frozen=True, slots=True)
class Figures:
    """One household at one level of the worker's pay (annual pounds).

    ``gross``, ``income_tax`` (including any High Income Child Benefit Charge), ``employee_ni`` and ``pension`` (LGPS
    employee contributions) are the worker's; ``universal_credit``, ``child_benefit`` and ``other_benefits`` (other
    cash benefits, e.g. Scottish Child Payment, cost-of-living payments) are the household's; ``other_income`` is the
    partner's earnings after their tax, NI and pension. ``net`` is the sum: gross - income_tax - employee_ni - pension
    + universal_credit + child_benefit + other_benefits + other_income. ``emr`` is the effective marginal rate: the
    share of a further £100 a year of the worker's gross pay that the household would not keep (a fraction).
    ``lump_sum`` is the worker's one-off payments in the year (gross, not in ``gross``; in ``net`` after the tax, NI
    and UC on it, which are inside those columns).
    """

    gross: Decimal
    income_tax: Decimal
    employee_ni: Decimal
    pension: Decimal
    universal_credit: Decimal
    child_benefit: Decimal
    other_benefits: Decimal
    other_income: Decimal
    net: Decimal
    emr: Decimal
    lump_sum: Decimal = Decimal("0.00")

    @staticmethod
    def net_of(
        gross: Decimal,
        income_tax: Decimal,
        employee_ni: Decimal,
        pension: Decimal,
        universal_credit: Decimal,
        child_benefit: Decimal,
        other_benefits: Decimal,
        other_income: Decimal,
    ) -> Decimal:
        """Household net income from its parts."""
        return (
            gross
            - income_tax
            - employee_ni
            - pension
            + universal_credit
            + child_benefit
            + other_benefits
            + other_income
        )


#: Where a gross rise goes that the household does not keep (``Row.taken``): more income tax, NI and pension (the
#: first three), less of the rest.
_TAKEN = tuple(f for f in FIGURES if f not in ("gross", "net"))
_TAKEN_UP = frozenset(_TAKEN[:3])


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else quantize(part / whole * HUNDRED, _CENT)


@dataclass(frozen=True, slots=True)
class Row:
    """One point, household and stage: the figures before and after."""

    point: str
    household: str
    stage: str  # 'final', or the effective date of a stage (YYYY-MM-DD)
    tax_year: str  # '2022/23'
    illustrative: bool
    before: Figures
    after: Figures
    lump_sum_net: Decimal = Decimal("0.00")  # what the one-off payments add to net income (after)

    def change(self, name: str) -> Decimal:
        """After minus before for one figure (see FIGURES)."""
        return Decimal(getattr(self.after, name)) - Decimal(getattr(self.before, name))

    @property
    def gross_change(self) -> Decimal:
        """Rise in the worker's gross pay."""
        return self.change("gross")

    @property
    def net_change(self) -> Decimal:
        """Rise in household net income."""
        return self.change("net")

    @property
    def kept_pct(self) -> Decimal | None:
        """Net rise as a percentage of the gross rise (None when gross does not change)."""
        return _pct(self.net_change, self.gross_change)

    @property
    def taken(self) -> dict[str, Decimal]:
        """Where the gross rise went that the household did not keep: more tax, NI and pension, less benefit, and
        less partner income (e.g. a smaller Marriage Allowance transfer). The parts add up to gross - net change."""
        return {k: self.change(k) if k in _TAKEN_UP else -self.change(k) for k in _TAKEN}

    def values(self) -> dict[str, Any]:
        """The row as DESIGN §7 names it, with extra keys; money and rates as Decimals (``to_json``: as strings)."""
        b, a = self.before, self.after
        out: dict[str, Any] = {
            "point": self.point,
            "household": self.household,
            "stage": self.stage,
            "tax_year": self.tax_year,
            "illustrative": self.illustrative,
        }
        change: dict[str, Decimal] = {}
        for name in FIGURES:
            vb, va = getattr(b, name), getattr(a, name)
            out[f"{name}_before"] = vb
            out[f"{name}_after"] = va
            change[name] = va - vb
        out["gross_change"] = change["gross"]
        out["net_change"] = change["net"]
        out["kept_pct"] = _pct(change["net"], change["gross"])
        out["taken"] = {k: change[k] if k in _TAKEN_UP else -change[k] for k in _TAKEN}
        out["emr_before_pct"] = quantize(b.emr * HUNDRED, _CENT)
        out["emr_after_pct"] = quantize(a.emr * HUNDRED, _CENT)
        out["lump_sum_net"] = self.lump_sum_net
        return out

    def to_json(self) -> dict[str, Any]:
        """The row as DESIGN §7 names it (money as exact strings), with extra keys."""
        out = self.values()
        for k, v in out.items():
            if isinstance(v, Decimal):
                out[k] = str(v)
        out["taken"] = {k: str(v) for k, v in out["taken"].items()}
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Row:
        """Rebuild a row from :meth:`to_json` output."""

        def figures(side: str) -> Figures:
            values = {name: Decimal(d.get(f"{name}_{side}", "0.00")) for name in FIGURES}
            emr = Decimal(d[f"emr_{side}_pct"]) / HUNDRED
            return Figures(**values, emr=emr)

        return cls(
            point=d["point"],
            household=d["household"],
            stage=d["stage"],
            tax_year=d["tax_year"],
            illustrative=bool(d["illustrative"]),
            before=figures("before"),
            after=figures("after"),
            lump_sum_net=Decimal(d.get("lump_sum_net", "0.00")),
        )


@dataclass(frozen=True, slots=True)
class TakehomeTable:
    """Take-home figures for an offer: rows plus what they assume and what was overridden."""

    offer: str
    structure: str
    country: str
    period: tuple[str, str]
    rows: list[Row]
    households: dict[str, dict[str, str]]  # id -> {name, assumptions}
    tax_years: list[str]
    overrides: list[str]
    notes: list[str]
    illustrative: bool
    policyengine_version: str
    cached: bool = False
    stages: list[str] = field(default_factory=list)
    path: str = "exact"  # 'interactive' (read from the tables) or 'exact' (a direct simulation)

    def filter(
        self,
        *,
        points: Iterable[str] | None = None,
        households: Iterable[str] | None = None,
        stages: Iterable[str] | None = None,
    ) -> TakehomeTable:
        """Only the rows of the given points, households and stages (None keeps all)."""
        p = None if points is None else set(points)
        h = None if households is None else set(households)
        s = None if stages is None else set(stages)
        rows = [
            r
            for r in self.rows
            if (p is None or r.point in p) and (h is None or r.household in h) and (s is None or r.stage in s)
        ]
        kept = self.households if h is None else {k: v for k, v in self.households.items() if k in h}
        return replace(self, rows=rows, households=kept)

    def row(self, point: str, household: str, stage: str = "final") -> Row:
        """One row (KeyError if absent)."""
        for r in self.rows:
            if (r.point, r.household, r.stage) == (point, household, stage):
                return r
        raise KeyError((point, household, stage))

    def to_json(self) -> dict[str, Any]:
        """The machine-readable table (DESIGN §7: ``{"rows": [...]}``, with more keys)."""
        return self.header() | {"rows": [r.to_json() for r in self.rows]}

    def header(self) -> dict[str, Any]:
        """Everything :meth:`to_json` says but the rows."""
        return {
            "offer": self.offer,
            "structure": self.structure,
            "country": self.country,
            "period": {"start": self.period[0], "end": self.period[1]},
            "stages": list(self.stages),
            "tax_years": list(self.tax_years),
            "illustrative": self.illustrative,
            "policyengine_uk": self.policyengine_version,
            "path": self.path,
            "households": self.households,
            "overrides": list(self.overrides),
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any], *, cached: bool = False) -> TakehomeTable:
        """Rebuild a table from :meth:`to_json` output."""
        return cls(
            offer=d["offer"],
            structure=d["structure"],
            country=d["country"],
            period=(d["period"]["start"], d["period"]["end"]),
            rows=[Row.from_json(r) for r in d["rows"]],
            households=d["households"],
            tax_years=list(d["tax_years"]),
            overrides=list(d["overrides"]),
            notes=list(d["notes"]),
            illustrative=bool(d["illustrative"]),
            policyengine_version=d["policyengine_uk"],
            cached=cached,
            stages=list(d.get("stages", [])),
            path=str(d.get("path", "exact")),
        )
