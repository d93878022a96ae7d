"""A workforce as the projection's arrays: records grouped into the costing's units of identical per-person pay
(``payround.costing.prepare``), with the columns a change can select by."""

from __future__ import annotations

from payround.costing import CostOptions, prepare
from payround.regrade.assign import Records
from payround.structures import PayStructure
from payround.workforce import Workforce

__all__ = ["records_from_workforce"]

_SELECTABLE = ("group", "employer", "gender")


def records_from_workforce(
    workforce: Workforce, structure: PayStructure, options: CostOptions | None = None
) -> tuple[Records, list[str]]:
    """The workforce's records on ``structure`` (every point checked) and notes on any relocated points."""
    pw = prepare(workforce, structure, options)
    columns = {c: (workforce.codes(c), workforce.labels(c)) for c in _SELECTABLE if workforce.has(c)}
    records = Records(
        unit=pw.unit,
        headcount=pw.headcount,
        u_point=pw.u_point,
        u_factor=pw.factor,
        u_rate=pw.u_rate,
        rate_codes=tuple(pw.rate_codes),
        pay_ratio=pw.pay_ratio,
        columns=columns,
        source=workforce.source,
    )
    return records, list(pw.notes)
