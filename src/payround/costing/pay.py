"""Pay per person in every unit, exactly: a year at a pay state, the day-weighted in-year pay, and lump sums.

Each is rounded half-up to the penny once per person (everyone in a unit is paid the same; a group row multiplies
by its headcount)."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from fractions import Fraction

import numpy as np

from payround.costing.exact import Int64Array, decimal_places, pence_per_record, scaled
from payround.costing.prepare import HOURS_SCALE, PreparedWorkforce
from payround.costing.timeline import Lump, Timeline

__all__ = ["PayCalculator"]

_KEEP = 24  # pay vectors cached per prepared workforce (the structure's own pay is reused by every offer)


class PayCalculator:
    """Computes and caches pay per unit (pence a year, per person) for one prepared workforce."""

    def __init__(self, prepared: PreparedWorkforce) -> None:
        self.pw = prepared
        cache = prepared._cache.setdefault("pay", OrderedDict())
        assert isinstance(cache, OrderedDict)
        self._cache: OrderedDict[tuple[Decimal, ...], Int64Array] = cache

    def annual(self, vector: tuple[Decimal, ...]) -> Int64Array:
        """Pay a year per person at ``vector`` (pay per original point in the structure's unit)."""
        hit = self._cache.get(vector)
        if hit is not None:
            self._cache.move_to_end(vector)
            return hit
        places = decimal_places(vector)
        out = pence_per_record(scaled(vector, places), self.pw.u_point, self.pw.factor, self.pw.pay_ratio(places))
        self._cache[vector] = out
        if len(self._cache) > _KEEP:
            self._cache.popitem(last=False)
        return out

    def in_year(self, timeline: Timeline) -> Int64Array:
        """Pay over the period per person: each piece of the period at its pay, weighted by days, rounded once."""
        pieces = [(timeline.states[st], (b - a).days + 1) for a, b, st in timeline.segments]
        if len(pieces) == 1:
            return self.annual(pieces[0][0])
        places = decimal_places(v for vec, _ in pieces for v in vec)
        n = len(self.pw.structure.point_ids)
        q = [0] * n
        for vec, days in pieces:
            for i, v in enumerate(scaled(vec, places)):
                q[i] += v * days
        ratio = self.pw.pay_ratio(places) / timeline.days
        return pence_per_record(q, self.pw.u_point, self.pw.factor, ratio)

    def lump(self, lump: Lump) -> Int64Array:
        """A one-off payment per person: pro rata to hours (up to the nominal week) and to paid weeks."""
        pw = self.pw
        places = decimal_places(lump.amounts)
        nominal = int(lump.hours * HOURS_SCALE)
        full_year = int(pw.structure.weeks_per_year * pw.weeks_scale)
        factor = np.minimum(pw.u_hours, nominal) * pw.u_weeks
        ratio = Fraction(100, 10**places * nominal * full_year)
        return pence_per_record(scaled(lump.amounts, places), pw.u_point, factor, ratio)
