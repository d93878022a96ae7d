"""Household archetypes as data: who lives with the worker, what they earn and pay, and what each assumes.

The bundled archetypes live in ``payround/data/households/archetypes.yaml``; users add or replace households with a
file of the same shape (``--households FILE``). A household has one **worker** (paid at the pay point being looked at),
optionally a partner with fixed earnings, children, housing costs and childcare costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from payround.errors import InputError
from payround.yamlio import load_yaml_text, raise_validation, read_yaml

__all__ = [
    "DEFAULT_HOUSEHOLDS",
    "Child",
    "Household",
    "Housing",
    "Partner",
    "Worker",
    "bundled_households",
    "default_mix",
    "load_households",
    "load_mix",
    "select_households",
]

#: The archetypes every take-home table shows unless told otherwise (DESIGN §7).
DEFAULT_HOUSEHOLDS = ("single", "lone-parent-2", "couple-2-one-earner", "couple-2-part-time")

Tenure = Literal["social", "housing-association", "private", "owner", "none"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Worker(_Strict):
    """The person paid at the pay point: age, how much of the standard week they work, their pension scheme."""

    age: int = Field(ge=16, le=75)
    fte: Decimal | None = Field(default=None, gt=0, le=2)
    hours: Decimal | None = Field(default=None, gt=0, le=100)
    pension: Literal["lgps", "none"] = "lgps"

    @model_validator(mode="after")
    def _one_of_fte_hours(self) -> Worker:
        if (self.fte is None) == (self.hours is None):
            raise ValueError("give exactly one of fte (share of the standard week) or hours (a week)")
        return self

    def fte_of(self, standard_hours: Decimal) -> Decimal:
        """The share of a structure's standard week this worker is paid for."""
        if self.fte is not None:
            return self.fte
        assert self.hours is not None  # enforced by the validator
        return self.hours / standard_hours


class Partner(_Strict):
    """A partner whose income does not change with the offer."""

    age: int = Field(ge=16, le=100)
    employment_income: Decimal = Field(default=Decimal(0), ge=0)
    pension_contributions: Decimal = Field(default=Decimal(0), ge=0)
    hours: Decimal = Field(default=Decimal(0), ge=0, le=100)

    @model_validator(mode="after")
    def _contributions_from_pay(self) -> Partner:
        if self.pension_contributions > self.employment_income:
            raise ValueError("pension_contributions cannot exceed employment_income")
        return self


class Child(_Strict):
    """A child of the benefit unit."""

    age: int = Field(ge=0, le=19)


class Housing(_Strict):
    """Housing costs: tenure and rent (social and private renters)."""

    tenure: Tenure = "none"
    rent_per_week: Decimal = Field(default=Decimal(0), ge=0)

    @model_validator(mode="after")
    def _rent_needs_tenancy(self) -> Housing:
        if self.rent_per_week > 0 and self.tenure in ("owner", "none"):
            raise ValueError(f"rent_per_week is set but tenure is {self.tenure!r}; use social, private or similar")
        return self


class Household(_Strict):
    """One household archetype and its stated assumptions."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    worker: Worker
    partner: Partner | None = None
    children: tuple[Child, ...] = ()
    housing: Housing = Housing()
    childcare_per_week: Decimal = Field(default=Decimal(0), ge=0)
    region: str | None = None
    assumptions: str = Field(min_length=1)

    @property
    def adults(self) -> int:
        """Number of adults (1 or 2)."""
        return 1 if self.partner is None else 2


def _parse(data: Any, source: str) -> list[Household]:
    if not isinstance(data, dict) or "households" not in data:
        raise InputError(
            "a households file must be a mapping with a 'households' list.",
            file=source,
            got=type(data).__name__,
            hint="see payround/data/households/archetypes.yaml for the shape.",
        )
    extra = sorted(set(data) - {"households"})
    if extra:
        raise InputError(f"unknown key {extra[0]!r}.", file=source, place=extra[0], hint="only 'households' is read.")
    items = data["households"]
    if not isinstance(items, list) or not items:
        raise InputError("'households' must be a non-empty list.", file=source, place="households")
    out: list[Household] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        try:
            h = Household.model_validate(item)
        except ValidationError as exc:
            raise_validation(exc, f"{source}: households[{i}]", InputError)
            raise
        if h.id in seen:
            raise InputError(f"the household id {h.id!r} appears twice.", file=source, place=f"households[{i}].id")
        seen.add(h.id)
        out.append(h)
    return out


def bundled_households() -> dict[str, Household]:
    """The archetypes shipped with payround, by id (a fresh dict each time; the households are frozen)."""
    return dict(_bundled())


@lru_cache(maxsize=1)
def _bundled() -> dict[str, Household]:
    res = resources.files("payround").joinpath("data", "households", "archetypes.yaml")
    source = "households/archetypes.yaml"
    return {h.id: h for h in _parse(load_yaml_text(res.read_text(encoding="utf-8"), source, InputError), source)}


def load_households(path: str | Path | None = None) -> dict[str, Household]:
    """The bundled archetypes, with those in ``path`` (if given) added or replacing bundled ones of the same id."""
    households = bundled_households()
    if path is not None:
        p = Path(path)
        households.update({h.id: h for h in _parse(read_yaml(p, InputError), str(p))})
    return households


def select_households(households: Mapping[str, Household], names: Iterable[str] | None) -> list[Household]:
    """The households named (in the order given), or the default archetypes; unknown names are errors."""
    wanted = list(names) if names else [h for h in DEFAULT_HOUSEHOLDS if h in households]
    unknown = [n for n in wanted if n not in households]
    if unknown:
        raise InputError(
            f"unknown household {unknown[0]!r}.",
            place="--household",
            expected=f"one of {', '.join(households)}",
            got=unknown[0],
            hint="add your own with --households FILE.",
        )
    return [households[n] for n in dict.fromkeys(wanted)]


def load_mix(path: str | Path | None = None) -> dict[str, Decimal]:
    """A household mix (shares of headcount by household id, adding up to 1): the bundled one, or a file."""
    if path is None:
        res = resources.files("payround").joinpath("data", "households", "mix.yaml")
        source = "households/mix.yaml"
        data = load_yaml_text(res.read_text(encoding="utf-8"), source, InputError)
    else:
        source = str(path)
        data = read_yaml(Path(path), InputError)
    if not isinstance(data, dict) or not isinstance(data.get("mix"), dict):
        raise InputError("a mix file needs a 'mix' mapping of household id to share.", file=source, place="mix")
    try:
        mix = {str(k): Decimal(str(v)) for k, v in data["mix"].items()}
    except ArithmeticError as exc:
        raise InputError("every share must be a number.", file=source, place="mix") from exc
    total = sum(mix.values(), Decimal(0))
    if any(v < 0 for v in mix.values()) or total != 1:
        raise InputError("the shares must be non-negative and add up to 1.", file=source, place="mix", got=str(total))
    return mix


def default_mix() -> dict[str, Decimal]:
    """The bundled illustrative household mix (an assumption, not a measured composition)."""
    return load_mix(None)
