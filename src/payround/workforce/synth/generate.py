"""Generating an illustrative workforce from its configuration, one row per employee, deterministically.

Points are allocated in exact cumulative quotas (published shares are met to half a person); everything else
is drawn from a seeded PCG64 stream of uniform numbers only (``Generator.random``), transformed by hand, so a seed
gives the same workforce on any platform. The draws are made once and reused while calibrating (common random
numbers)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from payround.structures import PayStructure, load_structure
from payround.workforce.model import Workforce
from payround.workforce.synth.config import SynthConfig
from payround.workforce.synth.pmf import anchored_pmf, cumulative_quotas, employer_sizes, gamma_pmf

__all__ = ["Draws", "build", "draw", "generate", "point_pmf", "to_workforce"]

Float = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Draws:
    """The uniform random numbers behind a workforce, one array per decision."""

    order: Float
    group: Float
    employer: Float
    full_time: Float
    hours: Float
    term_time: Float
    weeks: Float
    gender: Float


def draw(n: int, seed: int) -> Draws:
    """All the randomness of a workforce of ``n`` people, from ``seed``."""
    rng = np.random.default_rng(seed)
    return Draws(*(rng.random(n) for _ in range(8)))


def point_pmf(config: SynthConfig, structure: PayStructure) -> Float:
    """Share of staff on each point of the structure."""
    if config.points == "anchored":
        return anchored_pmf(structure, config.anchors)
    return gamma_pmf(len(structure.points), config.gamma_shape, config.gamma_scale)


def build(config: SynthConfig, draws: Draws, structure: PayStructure) -> pl.DataFrame:
    """The workforce table (typed as the loader types it) from a configuration and its draws."""
    n = draws.order.shape[0]
    ids = structure.point_ids
    point = np.repeat(np.arange(len(ids)), cumulative_quotas(n, point_pmf(config, structure)))[np.argsort(draws.order)]
    groups = config.groups
    pos = np.arange(1, len(ids) + 1, dtype=np.float64)
    affinity = np.stack([g.weight * np.exp(-0.5 * ((pos - g.centre) / g.spread) ** 2) for g in groups], axis=1)
    cum = np.cumsum(affinity / affinity.sum(axis=1, keepdims=True), axis=1)
    group = np.minimum((draws.group[:, None] > cum[point]).sum(axis=1), len(groups) - 1)
    names, sizes = employer_sizes(config.employers, config.employer_size_spread)
    csize = np.cumsum(sizes)
    employer = np.minimum(np.searchsorted(csize, draws.employer * csize[-1], side="right"), len(names) - 1)
    std = float(structure.standard_hours)
    full = draws.full_time < np.array([g.full_time for g in groups])[group]
    lo = np.array([g.part_time_hours[0] for g in groups])[group]
    hi = np.array([g.part_time_hours[1] for g in groups])[group]
    part = np.round((lo + (hi - lo) * draws.hours) * 4.0) / 4.0
    hours = np.where(full, std, np.clip(part, 1.0, std - 0.25))
    term = draws.term_time < np.array([g.term_time for g in groups])[group]
    wk = np.array(config.term_time_weeks)
    weeks = wk[np.minimum((draws.weeks * len(wk)).astype(np.int64), len(wk) - 1)]
    women = draws.gender < np.array([g.women for g in groups])[group]
    return pl.DataFrame(
        [
            pl.Series("employer", employer.astype(np.uint32)).cat.to(pl.Enum(names)),
            pl.Series("point", point.astype(np.uint32)).cat.to(pl.Enum(ids)),
            pl.Series("weekly_hours", hours),
            pl.Series("paid_weeks", np.where(term, weeks, np.nan)).fill_nan(None),
            pl.Series("gender", (~women).astype(np.uint32)).cat.to(pl.Enum(["F", "M"])),
            pl.Series("group", group.astype(np.uint32)).cat.to(pl.Enum([g.name for g in groups])),
        ]
    )


def to_workforce(config: SynthConfig, frame: pl.DataFrame, source: str | None = None) -> Workforce:
    """Wrap a generated frame as a Workforce (headcount 1 per row; flagged illustrative)."""
    if "headcount" not in frame.columns:
        frame = frame.with_columns(pl.lit(1, dtype=pl.Int64).alias("headcount"))
    return Workforce(
        frame,
        source or config.id,
        2,
        name=config.id,
        illustrative=True,
        notes=(f"{config.name}: synthetic and illustrative (see docs/costing.md).",),
        relocate_missing_points=config.relocate_missing_points,
    )


def generate(config: SynthConfig, *, headcount: int | None = None, seed: int | None = None) -> Workforce:
    """Generate the workforce ``config`` describes (optionally with another size or seed)."""
    structure = load_structure(config.structure)
    draws = draw(headcount or config.headcount, config.seed if seed is None else seed)
    return to_workforce(config, build(config, draws, structure))
