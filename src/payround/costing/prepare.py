"""A workforce bound to a structure, ready for costing many offers quickly.

Pay and on-costs per person depend only on a record's point, weekly hours, paid weeks and pension rate, so records
that share all four form one **unit**; a million rows typically make a few thousand units. Per-person amounts are
computed once per unit, exactly, and summed with headcounts. Records keep their unit index for totals by employer,
group or gender (one ``bincount`` per total, no Python loop per employee)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from payround.costing.exact import Int64Array, decimal_places, sums
from payround.costing.options import CostOptions, default_scheme
from payround.errors import WorkforceError
from payround.structures import PayStructure
from payround.workforce import Workforce

__all__ = ["HOURS_SCALE", "Dimension", "PreparedWorkforce", "factorize", "prepare"]

HOURS_SCALE = 10_000  # weekly hours are kept to 1/10,000 of an hour
_DENSE = 20_000_000  # largest key range factorised with a lookup table instead of a sort
_MATRIX = 4_000_000  # largest labels x units table kept for fast totals by a dimension
# Per-record passes over a dimension before its (label, unit) pairs are built: building them costs about as much as
# a dozen passes, so a one-off costing never pays for them, and a server costing offer after offer soon does.
_PAIRS_AFTER = 16
_RECENT_SUMS = 8  # totals by a dimension remembered by the amounts' content

Float = npt.NDArray[np.float64]


def factorize(values: npt.NDArray[np.integer]) -> tuple[npt.NDArray[np.integer], Int64Array]:
    """Codes 0..k-1 for non-negative integers and the sorted distinct values (O(n) for small ranges)."""
    if values.size == 0:
        return values.astype(np.int64), values.astype(np.int64)
    top = int(values.max())
    if int(values.min()) >= 0 and top < _DENSE:
        present = np.zeros(top + 1, dtype=np.bool_)
        present[values] = True
        uniques = np.flatnonzero(present)
        lut = np.cumsum(present, dtype=np.int32) - 1
        return lut[values], uniques.astype(np.int64)
    uniques, codes = np.unique(values, return_inverse=True)
    return codes.astype(np.int64), uniques.astype(np.int64)


@dataclass(frozen=True)
class Dimension:
    """A grouping of records: each record's code and the label of each code."""

    codes: Int64Array
    labels: list[str]


@dataclass(frozen=True)
class PreparedWorkforce:
    """One workforce on one structure: records grouped into units of identical per-person pay."""

    workforce: Workforce
    structure: PayStructure
    unit: npt.NDArray[np.integer]  # per record: its unit
    headcount: Int64Array  # per record
    single: bool  # every record is one person (headcount 1)
    employer: Dimension  # per record
    u_point: Int64Array  # per unit: index into structure.point_ids (the original point)
    u_hours: Int64Array  # per unit: weekly hours x HOURS_SCALE
    u_weeks: Int64Array  # per unit: paid weeks x weeks_scale
    u_rate: Int64Array  # per unit: pension rate code (see rate_codes)
    u_headcount: Int64Array  # per unit: people
    weeks_scale: int
    rate_codes: list[tuple[str, float | None]]  # (scheme, None) or ('', employer rate as a fraction)
    notes: list[str]
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def rows(self) -> int:
        """Number of records."""
        return int(self.unit.shape[0])

    @property
    def units(self) -> int:
        """Number of distinct units."""
        return int(self.u_point.shape[0])

    @property
    def factor(self) -> Int64Array:
        """Each unit's hours x weeks in fixed point (the per-unit multiplier of exact pay)."""
        return self.u_hours * self.u_weeks

    @property
    def u_fte(self) -> Float:
        """Full-time equivalent of one person in each unit (hours / standard week)."""
        return self.u_hours / (float(self.structure.standard_hours) * HOURS_SCALE)

    def pay_ratio(self, places: int) -> Fraction:
        """The exact constant that turns (pay in the structure's unit x 10**places) x factor into pence a year."""
        s = self.structure
        r = Fraction(100, 10**places * HOURS_SCALE * self.weeks_scale)
        if s.unit == "year":  # annual pay x (hours / standard hours) x (paid weeks / weeks a year)
            r /= Fraction(s.standard_hours) * Fraction(s.weeks_per_year)
        return r

    def dimension(self, name: str) -> Dimension:
        """Codes and labels per record for ``employer``, ``group``, ``gender`` or ``pension_scheme``."""
        key = f"dim:{name}"
        hit = self._cache.get(key)
        if isinstance(hit, Dimension):
            return hit
        if name == "employer":
            dim = self.employer
        elif name == "pension_scheme":
            labels = [s if s else f"employer rate {r:.2%}" for s, r in self.rate_codes]
            dim = Dimension(self.u_rate[self.unit], labels)
        elif not self.workforce.has(name):
            dim = Dimension(np.zeros(self.rows, dtype=np.int64), ["(not given)"])
        else:
            codes, labels = self.workforce.codes(name), self.workforce.labels(name)
            if (codes < 0).any():
                codes, labels = np.where(codes < 0, len(labels), codes), [*labels, "(not given)"]
            dim = Dimension(codes, labels)
        self._cache[key] = dim
        return dim

    def headcount_by(self, name: str) -> Float:
        """People per (label, unit), as a dense table (labels x units), built once per dimension."""
        key = f"matrix:{name}"
        hit = self._cache.get(key)
        if hit is None:
            dim = self.dimension(name)
            k, u = len(dim.labels), self.units
            cells = dim.codes * u + self.unit
            w = None if self.single else self.headcount
            hit = sums(cells, w, k * u).reshape(k, u)
            self._cache[key] = hit
        return hit  # type: ignore[return-value]

    def pairs_by(self, name: str) -> tuple[Int64Array, Int64Array, Int64Array, Float]:
        """The (label, unit) pairs that hold people, sorted by label: the labels present, where each one's pairs
        start, each pair's unit and its people. A sparse table, built once per dimension, for totals where the dense
        one is too large (many employers x many units)."""
        key = f"pairs:{name}"
        hit = self._cache.get(key)
        if hit is None:
            dim = self.dimension(name)
            cells = dim.codes.astype(np.int64) * self.units + self.unit
            codes, present = factorize(cells)
            people = sums(codes, None if self.single else self.headcount, len(present))
            label = present // self.units
            starts = np.flatnonzero(np.r_[True, label[1:] != label[:-1]]) if len(label) else label
            hit = (label[starts], starts, present % self.units, people)
            self._cache[key] = hit
        return hit  # type: ignore[return-value]

    def sum_by(self, name: str, per_person: npt.NDArray[np.generic]) -> Float:
        """Total of a per-person, per-unit amount for each label of a dimension (people x amount)."""
        dim = self.dimension(name)
        if len(dim.labels) * self.units <= min(_MATRIX, self.rows):  # the table is cheaper than a pass
            return self.headcount_by(name) @ np.asarray(per_person, dtype=np.float64)
        amounts = np.ascontiguousarray(per_person, dtype=np.float64)
        # Offer after offer costs the same pay before, so its totals are remembered by content (a few recent ones).
        recent: OrderedDict[tuple[str, bytes], Float] = self._cache.setdefault("sums", OrderedDict())  # type: ignore[assignment]
        key = (name, hashlib.blake2b(amounts.tobytes(), digest_size=16).digest())
        hit = recent.get(key)
        if hit is not None:
            return hit.copy()
        out = self._sum_by(name, dim, amounts)
        recent[key] = out.copy()
        while len(recent) > _RECENT_SUMS:
            recent.popitem(last=False)
        return out

    def _sum_by(self, name: str, dim: Dimension, amounts: Float) -> Float:
        uses = f"passes:{name}"
        passes = int(self._cache.get(uses, 0))  # type: ignore[call-overload]
        if passes < _PAIRS_AFTER and f"pairs:{name}" not in self._cache:
            self._cache[uses] = passes + 1
            weights = amounts[self.unit]
            if not self.single:
                weights = weights * self.headcount
            return sums(dim.codes, weights, len(dim.labels))
        # Sums of whole pence (or of people) are exact in floating point whatever the order, so summing per
        # (label, unit) pair gives the same totals as per record, in fewer steps.
        labels, starts, unit, people = self.pairs_by(name)
        out = np.zeros(len(dim.labels))
        if len(unit):
            out[labels] = np.add.reduceat(amounts[unit] * people, starts)
        return out


def _hours(workforce: Workforce, structure: PayStructure) -> Int64Array:
    hours_f = workforce.weekly_hours(structure)
    if workforce.hours_column == "fte" and float(hours_f.max()) > 48.0 + 1e-9:
        row = workforce.first_row + int(np.flatnonzero(hours_f > 48.0 + 1e-9)[0])
        raise WorkforceError(
            "fte times the standard week is more than 48 hours.",
            file=workforce.source,
            place=f"row {row}, column fte",
            expected="at most 48 hours a week",
            hint=f"the standard week of {structure.id} is {structure.standard_hours} hours.",
        )
    scaled_hours = np.multiply(hours_f, HOURS_SCALE)
    np.rint(scaled_hours, out=scaled_hours)
    out: Int64Array = scaled_hours.astype(np.int64)
    return out


def _weeks(
    workforce: Workforce, structure: PayStructure, scale: int
) -> tuple[npt.NDArray[np.integer], Int64Array] | None:
    """Codes and distinct values of paid weeks x ``scale`` (empty cells: the structure's full year)."""
    if not workforce.has("paid_weeks"):
        return None
    col = workforce.frame["paid_weeks"]
    if col.null_count() == workforce.rows:
        return None
    full_year = int(structure.weeks_per_year * scale)
    scaled_weeks = np.multiply(col.fill_null(float(structure.weeks_per_year)).to_numpy(), scale)
    np.rint(scaled_weeks, out=scaled_weeks)
    weeks = scaled_weeks.astype(np.int64)
    if int(weeks.max()) > full_year:
        row = workforce.first_row + int(np.flatnonzero(weeks > full_year)[0])
        raise WorkforceError(
            "paid_weeks is more than the structure's weeks a year.",
            file=workforce.source,
            place=f"row {row}, column paid_weeks",
            expected=f"at most {structure.weeks_per_year} weeks",
            hint="leave paid_weeks empty for staff paid all year.",
        )
    return factorize(weeks)


def _rates(
    workforce: Workforce, structure: PayStructure, employer: Dimension, opts: CostOptions
) -> tuple[Int64Array | None, list[tuple[str, float | None]]]:
    """Each record's pension rate code: its scheme, or an employer's own rate (option or column)."""
    default = opts.pension_scheme or default_scheme(structure)
    if workforce.has("pension_scheme"):
        labels = workforce.labels("pension_scheme")
        codes = workforce.codes("pension_scheme")
        if default not in labels:
            labels = [*labels, default]
        codes = np.where(codes < 0, labels.index(default), codes)
    else:
        labels, codes = [default], None
    override = None
    if opts.pension_rates:
        by_code = np.full(len(employer.labels), np.nan)
        for i, name in enumerate(employer.labels):
            if name in opts.pension_rates:
                by_code[i] = float(Decimal(opts.pension_rates[name]))
        override = by_code[employer.codes]
    if workforce.has("employer_pension_rate"):
        col = workforce.frame["employer_pension_rate"].to_numpy() / 100.0
        override = col if override is None else np.where(np.isnan(col), override, col)
    table: list[tuple[str, float | None]] = [(s, None) for s in labels]
    if override is None or np.isnan(override).all():
        return codes, table
    base = codes if codes is not None else np.zeros(workforce.rows, dtype=np.int64)
    ocodes, ovalues = factorize(np.where(np.isnan(override), -1, np.rint(override * 1e6)).astype(np.int64) + 1)
    table += [("", float(v - 1) / 1e6) for v in ovalues]
    return np.where(np.isnan(override), base, len(labels) + ocodes), table


def _units(
    key: npt.NDArray[np.integer], n_keys: int, headcount: Int64Array | None
) -> tuple[npt.NDArray[np.integer], Int64Array, Int64Array]:
    """Unit of each record, the key of each unit and the people in it. For a small key range the people per key
    are counted first and the empty keys dropped (one pass fewer than factorising, then counting)."""
    if n_keys > _DENSE:
        unit, keys = factorize(key)
        people = np.bincount(unit, weights=headcount, minlength=len(keys))
        return unit, keys, people.astype(np.int64)
    per_key = np.bincount(key, weights=headcount, minlength=n_keys)
    used = per_key > 0
    lut = np.cumsum(used, dtype=np.int32) - 1
    return lut[key], np.flatnonzero(used).astype(np.int64), per_key[used].astype(np.int64)


def prepare(workforce: Workforce, structure: PayStructure, options: CostOptions | None = None) -> PreparedWorkforce:
    """Bind ``workforce`` to ``structure``: check every point exists and group records into units."""
    opts = options or CostOptions()
    point, notes = workforce.point_index(structure)
    n_points = len(structure.points)
    wscale = 10 ** max(3, decimal_places([structure.weeks_per_year]))
    h_code, h_vals = factorize(_hours(workforce, structure))
    weeks = _weeks(workforce, structure, wscale)
    w_code: npt.NDArray[np.integer]
    if weeks is None:
        w_code, w_vals = np.zeros(workforce.rows, dtype=np.int64), np.array([int(structure.weeks_per_year * wscale)])
    else:
        w_code, w_vals = weeks
    employer = Dimension(workforce.codes("employer"), workforce.labels("employer"))
    r_code, rate_codes = _rates(workforce, structure, employer, opts)
    n_keys = n_points * len(h_vals) * len(w_vals) * len(rate_codes)
    itype: type[np.signedinteger[Any]] = np.int32 if n_keys < 2**31 else np.int64
    key: npt.NDArray[np.signedinteger[Any]] = point.astype(itype, copy=False) * len(h_vals)
    key += h_code.astype(itype, copy=False)
    if len(w_vals) > 1:
        key = key * len(w_vals) + w_code.astype(itype, copy=False)
    if r_code is not None and len(rate_codes) > 1:
        key = key * len(rate_codes) + r_code.astype(itype, copy=False)
    headcount = workforce.frame["headcount"].to_numpy().astype(np.int64, copy=False)
    single = int(headcount.max()) == 1
    unit, keys, u_headcount = _units(key, n_keys, None if single else headcount)
    r_u = keys % len(rate_codes) if r_code is not None and len(rate_codes) > 1 else np.zeros(len(keys), np.int64)
    rest = keys // len(rate_codes) if r_code is not None and len(rate_codes) > 1 else keys
    w_u = rest % len(w_vals) if len(w_vals) > 1 else np.zeros(len(keys), np.int64)
    rest = rest // len(w_vals) if len(w_vals) > 1 else rest
    return PreparedWorkforce(
        workforce,
        structure,
        unit,
        headcount,
        single,
        employer,
        rest // len(h_vals),
        h_vals[rest % len(h_vals)],
        w_vals[w_u],
        r_u,
        u_headcount,
        wscale,
        rate_codes,
        [*workforce.load_notes, *notes],
    )
