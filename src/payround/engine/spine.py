"""What the engine needs to know about a structure, derived once per structure content and kept in a small cache.

Applying ten thousand variants of an offer to one spine used to rebuild the same lists, the same floor comparisons
and the same rounding function for every variant. A :class:`Spine` holds them, keyed by ``PayStructure.fingerprint``
(a digest of the structure's content, so an edited structure never meets a stale entry) in a bounded cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from threading import Lock

from payround.engine.selectors import CompiledSelector
from payround.structures.model import MAX_RATE, PayStructure

__all__ = ["Spine", "pays", "spine"]

_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}
_ONE = Decimal(1)
_CENT = Decimal("0.01")
# Percentages of the rise in pay are taken at Python's 28 digits when every figure of the structure has at most this
# many decimal places, with the same result as ``pct_change`` at 40 digits. The pays compared are the structure's
# own figures or rates rounded by its rule, all under £10m: whole numbers A and B below 10^19 in units of the finer
# last place. The percentage in hundredths, X = 10^4 (A - B) / B, is at least 1 / (2B) away from any half-hundredth
# it is not on; taking the ratio to 28 digits moves X by at most 10^-23 |A - B| / (2B), less than that, so both round
# to the same hundredth. Structures written with longer figures use ``pct_change`` itself.
_SHORT_PLACES = 12
_BOUND = 64  # structures kept; a server that sees more drops the oldest
_MASKS = 256  # selections kept per structure


def pays(rates: Sequence[Decimal], floor: Decimal | None) -> list[Decimal]:
    """Pay at each point: its rate, or the floor where the floor is higher (``run.pay_at``, point by point)."""
    if floor is None:
        return list(rates)
    return [r if r >= floor else floor for r in rates]


def _places(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


@dataclass(frozen=True, slots=True)
class Spine:
    """A structure's points, rates, floor and conventions as the engine's loops use them (read-only)."""

    keys: tuple[str, ...]
    index: dict[str, int]  # point -> position; shared, never modified
    rates: tuple[Decimal, ...]
    floor: Decimal | None
    pays: tuple[Decimal, ...]  # base pay (floor applied) of each point
    hundredths: tuple[Decimal, ...]  # base pay over 100 (exact), to divide increases by for percentages
    unit: str
    weeks: Decimal
    hours: Decimal
    week_hours: Decimal  # weeks a year x standard hours: a year's pay over this is the hourly rate
    quantum: Decimal
    rounding: str  # a decimal module rounding constant
    whole_quantum: bool  # rounds to a multiple of a whole number above 1 (say £5)
    limit: Decimal  # the sanity bound on any rate (MAX_RATE for the unit)
    in_year_places: Decimal
    # Zero to in-year places when every rounded pay has no more places than that (its quantum's, or none for a whole
    # quantum): adding it gives exactly the quantized value, more cheaply than quantize.
    in_year_zero: Decimal | None
    short: bool  # every base figure has at most _SHORT_PLACES decimal places: percentages at 28 digits are exact
    masks: dict[tuple[object, ...], tuple[bool, ...]] = field(default_factory=dict, compare=False, repr=False)

    def select_at_base(self, sel: CompiledSelector) -> tuple[bool, ...]:
        """``sel.select`` on the structure's own points and pay (what a first stage that deletes no point asks): the
        same for every variant of an offer that keeps its ``where``, so it is kept (up to _MASKS selectors)."""
        key = sel.content
        found = self.masks.get(key)
        if found is None:
            found = tuple(sel.select(self.keys, self.pays))
            if len(self.masks) >= _MASKS:
                self.masks.clear()
            self.masks[key] = found
        return found

    def round_all(self, values: Sequence[Decimal]) -> list[Decimal]:
        """Each value rounded by the structure's rule (``money.quantize`` with its quantum and mode)."""
        q, mode = self.quantum, self.rounding
        if self.whole_quantum:
            return [(v / q).quantize(_ONE, mode) * q for v in values]
        return [v.quantize(q, mode) for v in values]

    def round_one(self, value: Decimal) -> Decimal:
        """One value rounded by the structure's rule."""
        if self.whole_quantum:
            return (value / self.quantum).quantize(_ONE, self.rounding) * self.quantum
        return value.quantize(self.quantum, self.rounding)

    def hourly(self, values: Sequence[Decimal]) -> list[Decimal]:
        """The hourly equivalent of each pay on the standard week, to the penny (a row's ``after_hourly``)."""
        if self.unit == "hour":
            return list(values)
        d, cent, up = self.week_hours, _CENT, ROUND_HALF_UP
        return [(v / d).quantize(cent, up) for v in values]

    def annual(self, values: Sequence[Decimal]) -> list[Decimal]:
        """The full-time annual equivalent of each pay, to the penny (a row's ``after_annual``)."""
        if self.unit == "year":
            return list(values)
        w, h, cent, up = self.weeks, self.hours, _CENT, ROUND_HALF_UP
        return [(v * w * h).quantize(cent, up) for v in values]


def _build(s: PayStructure) -> Spine:
    keys = tuple(p.id for p in s.points)
    rates = tuple(p.rate for p in s.points)
    floor = s.floor.rate if s.floor else None
    q = s.rounding.quantum
    whole = q > 1 and q == q.to_integral_value()
    places = Decimal("0.01") if s.unit == "year" else Decimal("0.0001")
    figures = [*rates, *([floor] if floor is not None else [])]
    return Spine(
        keys=keys,
        index={p: i for i, p in enumerate(keys)},
        rates=rates,
        floor=floor,
        pays=tuple(pays(rates, floor)),
        hundredths=tuple(p.scaleb(-2) for p in pays(rates, floor)),
        unit=s.unit,
        weeks=s.weeks_per_year,
        hours=s.standard_hours,
        week_hours=s.weeks_per_year * s.standard_hours,
        quantum=q,
        rounding=_MODES[s.rounding.mode],
        whole_quantum=whole,
        limit=MAX_RATE[s.unit],
        in_year_places=places,
        in_year_zero=Decimal(0).quantize(places) if whole or _places(q) <= _places(places) else None,
        short=all(_places(f) <= _SHORT_PLACES for f in figures),
    )


_CACHE: dict[str, Spine] = {}
_LOCK = Lock()


def spine(structure: PayStructure) -> Spine:
    """The engine's view of ``structure``, built once per content (bounded cache keyed by its fingerprint)."""
    key = structure.fingerprint
    found = _CACHE.get(key)
    if found is None:
        found = _build(structure)
        with _LOCK:
            while len(_CACHE) >= _BOUND:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = found
    return found
