"""What a costing assumes: the dated on-cost parameters and the choices a user can change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from payround.errors import ParameterError
from payround.params import Parameter, load_parameter, parameter_ids
from payround.structures import PayStructure

__all__ = ["CostOptions", "OnCostParams", "default_scheme"]


@dataclass(frozen=True)
class OnCostParams:
    """The dated parameters on-costs are computed from (bundled by default; swap any for a what-if)."""

    ni_rate: Parameter
    ni_threshold_monthly: Parameter
    employment_allowance: Parameter
    employment_allowance_public: Parameter
    levy_rate: Parameter
    levy_allowance: Parameter
    pension: Mapping[str, Parameter]

    @staticmethod
    @lru_cache(maxsize=1)
    def bundled() -> OnCostParams:
        """The parameters shipped in ``payround/data/params`` (NI, Apprenticeship Levy, LGPS employer rates)."""
        schemes = sorted(i.split("/", 1)[1] for i in parameter_ids() if i.startswith("pension_employer/"))
        return OnCostParams(
            ni_rate=load_parameter("ni/employer/rate"),
            ni_threshold_monthly=load_parameter("ni/employer/secondary_threshold_monthly"),
            employment_allowance=load_parameter("ni/employer/employment_allowance"),
            employment_allowance_public=load_parameter("ni/employer/employment_allowance_public_authorities"),
            levy_rate=load_parameter("apprenticeship_levy/rate"),
            levy_allowance=load_parameter("apprenticeship_levy/allowance"),
            pension={s: load_parameter(f"pension_employer/{s}") for s in schemes},
        )

    def ni_at(self, day: date) -> tuple[Decimal, Decimal]:
        """Employer NI rate and monthly secondary threshold (pounds) on a payday."""
        return self.ni_rate.decimal_at(day), self.ni_threshold_monthly.decimal_at(day)

    def levy_at(self, day: date) -> tuple[Decimal, Decimal]:
        """Apprenticeship Levy rate and yearly allowance (pounds) on a payday."""
        return self.levy_rate.decimal_at(day), self.levy_allowance.decimal_at(day)

    def pension_at(self, scheme: str, day: date) -> Decimal:
        """A scheme's employer contribution rate (a fraction) on a payday."""
        try:
            return self.pension[scheme].decimal_at(day)
        except ParameterError as exc:
            raise ParameterError(
                f"no employer pension rate for {scheme} on {day.isoformat()}: {exc.detail}",
                file=f"params/pension_employer/{scheme}.yaml",
                hint="give the employers' own rates (--pension-rates FILE or an employer_pension_rate column), "
                "or add a dated, sourced value to the parameter.",
            ) from exc


def default_scheme(structure: PayStructure) -> str:
    """The pension scheme staff are in unless the workforce says otherwise: LGPS Scotland for Scottish structures,
    LGPS England & Wales otherwise."""
    return "lgps_scotland" if structure.country == "scotland" else "lgps_ew"


@dataclass(frozen=True)
class CostOptions:
    """Choices for a costing.

    - ``public_authority``: councils cannot claim the Employment Allowance (NICA 2014 s.2); set False for an employer
      that can, and the allowance is taken off each employer's NI bill.
    - ``pension_scheme``: the scheme of rows with no ``pension_scheme`` (default: by the structure's country).
    - ``pension_rates``: employer name -> employer contribution rate (a fraction, 0.195 for 19.5%), overriding the
      scheme's dated default for that employer's staff (a row's ``employer_pension_rate`` wins over both).
    - ``lump_sums_pensionable``: whether one-off payments attract employer pension contributions (default no; they
      always attract employer NI and count towards the Apprenticeship Levy).
    """

    public_authority: bool = True
    pension_scheme: str | None = None
    pension_rates: Mapping[str, Decimal] = field(default_factory=dict)
    lump_sums_pensionable: bool = False
    params: OnCostParams | None = None

    def on_cost_params(self) -> OnCostParams:
        """The parameters to use (the bundled ones unless given)."""
        return self.params if self.params is not None else OnCostParams.bundled()
