"""The generator's configuration (bundled as ``payround/data/workforces/<body>-illustrative.yaml``): every assumption
of an illustrative workforce in one readable file."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from payround.errors import WorkforceError
from payround.yamlio import load_yaml_text, raise_validation

__all__ = ["Anchor", "Claim", "EmployerType", "Group", "SynthConfig", "Target", "load_config"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmployerType(_Strict):
    """``count`` employers of one kind, each of about ``size`` staff (a spread of sizes around it)."""

    name: str
    count: int = Field(ge=1)
    size: float = Field(gt=0)


class Group(_Strict):
    """A job family: how likely each point is to be in it, its hours, term-time share and share of women."""

    name: str
    weight: float = Field(gt=0)  # prior weight; P(group | point) is proportional to weight x affinity(point)
    centre: float  # affinity: a normal curve over the point's position (1 = the lowest point)
    spread: float = Field(gt=0)
    full_time: float = Field(ge=0, le=1)  # share on the structure's standard week
    part_time_hours: tuple[float, float]  # part-timers' weekly hours: uniform on [low, high], to the quarter hour
    term_time: float = Field(ge=0, le=1)  # share paid for term-time weeks only
    women: float = Field(ge=0, le=1)


class Anchor(_Strict):
    """A published cumulative share: ``share`` of staff at or below ``point`` (SCP label)."""

    point: str
    share: float = Field(ge=0, le=1)
    source: str


class Target(_Strict):
    """A published costing: an offer (inline, offer format v1) and what it was said to cost - the increase in
    ``measure`` ('paybill': pay only; 'total_cost': pay and employer on-costs), in pounds and/or percent."""

    offer: dict[str, Any]
    measure: Literal["paybill", "total_cost"] = "paybill"
    increase: Decimal | None = None
    increase_pct: Decimal | None = None
    source: str


class Claim(_Strict):
    """A published statement "the lowest-paid SHARE% get more than ABOVE%" about an offer, checked on the workforce."""

    offer: dict[str, Any]
    share: float = Field(gt=0, le=100)
    above: float
    source: str


class SynthConfig(_Strict):
    """An illustrative workforce, fully specified: generate it with ``payround.workforce.synth.generate``."""

    id: str
    name: str
    description: str
    structure: str  # the structure whose points the workforce is on
    headcount: int = Field(ge=1)
    seed: int
    employers: list[EmployerType] = Field(min_length=1)
    employer_size_spread: float = Field(ge=0)  # lognormal sigma of sizes within a kind
    points: Literal["anchored", "gamma"]
    anchors: list[Anchor] = Field(default_factory=list)  # for points: anchored
    gamma_shape: float = Field(default=2.0, gt=0)  # for points: gamma (pmf ~ x^(shape-1) exp(-x/scale))
    gamma_scale: float = Field(default=10.0, gt=0)  # calibrated
    groups: list[Group] = Field(min_length=1)
    calibrate_group: str | None = None  # the group whose weight is calibrated (with gamma_scale)
    term_time_weeks: list[float] = Field(min_length=1)
    checks: list[Target] = Field(default_factory=list)  # offers costed and compared, never tuned to
    targets: list[Target] = Field(default_factory=list)  # offers the knobs are calibrated to
    claims: list[Claim] = Field(default_factory=list)  # lowest-paid statements checked, never tuned to
    relocate_missing_points: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> SynthConfig:
        if self.points == "anchored" and len(self.anchors) < 1:
            raise ValueError("an anchored point distribution needs anchors")
        if self.calibrate_group is not None and self.calibrate_group not in [g.name for g in self.groups]:
            raise ValueError(f"calibrate_group {self.calibrate_group!r} is not one of the groups")
        return self

    @property
    def knobs(self) -> tuple[float, float]:
        """The calibrated values: the gamma scale of points and the weight of ``calibrate_group``."""
        weight = next((g.weight for g in self.groups if g.name == self.calibrate_group), 0.0)
        return self.gamma_scale, weight

    def with_knobs(self, gamma_scale: float, group_weight: float) -> SynthConfig:
        """A copy with other calibrated knob values."""
        groups = [
            g.model_copy(update={"weight": group_weight}) if g.name == self.calibrate_group else g for g in self.groups
        ]
        return self.model_copy(update={"gamma_scale": gamma_scale, "groups": groups})


def load_config(name: str) -> SynthConfig:
    """The bundled generator configuration ``name`` (``sjc-illustrative`` or ``njc-illustrative``)."""
    res = resources.files("payround").joinpath("data", "workforces", f"{name}.yaml")
    source = f"workforces/{name}.yaml"
    data = load_yaml_text(res.read_text(encoding="utf-8"), source, WorkforceError)
    try:
        return SynthConfig.model_validate(data)
    except ValidationError as exc:
        raise_validation(exc, source, WorkforceError)
        raise
