"""The backlog model against reported outcomes: the backlog on a date, its peak and the day it was cleared.

The error is model minus reported: positive means the model over-estimates. Percentages are of the reported
figure, to 0.1. Used by ``payround impact ROUND --check`` (e.g. Birmingham 2025: about 17,000 t on 31 March).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from payround.rounds.impact import ImpactReport, assess
from payround.rounds.schema import RoundFile

__all__ = ["Comparison", "check_against_reports"]

TONNE = Decimal(1)
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Comparison:
    """One reported figure and what the model gives for it."""

    employer: str
    kind: str
    date: date | None
    reported: str
    modelled: str
    error: str
    error_pct: str | None
    note: str
    sources: list[str]

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form."""
        return {
            "employer": self.employer,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "reported": self.reported,
            "modelled": self.modelled,
            "error": self.error,
            "error_pct": self.error_pct,
            "note": self.note,
            "sources": self.sources,
        }


def _t(x: Decimal) -> Decimal:
    return x.quantize(TONNE, rounding=ROUND_HALF_UP)


def _pct(error: Decimal, base: Decimal) -> str | None:
    return None if base == 0 else str((error * 100 / base).quantize(TENTH, rounding=ROUND_HALF_UP))


def check_against_reports(rf: RoundFile, include_planned: bool = False) -> tuple[ImpactReport, list[Comparison]]:
    """Run the model through every reported date and compare; the report is for the latest reported date."""
    observed = rf.impact.observed
    dates = [o.date for o in observed if o.date is not None]
    at = max(dates) if dates else (rf.pay_year.end if rf.pay_year else date.today())
    report = assess(rf, at=min(dates) if dates else at, include_planned=include_planned, until=at)
    out: list[Comparison] = []
    for o in observed:
        run = report.backlog.get(o.employer)
        if run is None:
            reason = report.not_estimated.get(o.employer, "no refuse action counted for this employer")
            out.append(Comparison(o.employer, o.kind, o.date, _reported(o.backlog_tonnes, o.date), "not estimated",
                                  reason, None, o.note, list(o.sources)))  # fmt: skip
            continue
        ep = run.episode
        if o.kind == "backlog_at" and o.date is not None and o.backlog_tonnes is not None:
            model = _t(ep.at(o.date))
            err = model - o.backlog_tonnes
            out.append(Comparison(o.employer, o.kind, o.date, f"{o.backlog_tonnes} t", f"{model} t", f"{err:+} t",
                                  _pct(err, o.backlog_tonnes), o.note, list(o.sources)))  # fmt: skip
        elif o.kind == "peak" and o.backlog_tonnes is not None and ep.peak is not None:
            model = _t(ep.peak.backlog)
            err = model - o.backlog_tonnes
            out.append(Comparison(o.employer, o.kind, ep.peak.day, f"{o.backlog_tonnes} t",
                                  f"{model} t on {ep.peak.day}", f"{err:+} t", _pct(err, o.backlog_tonnes),
                                  o.note, list(o.sources)))  # fmt: skip
        elif o.kind == "cleared_by" and o.date is not None:
            cleared = ep.cleared_on
            modelled = str(cleared) if cleared else "not cleared"
            err_text = f"{(cleared - o.date).days:+} days" if cleared else "n/a"
            out.append(Comparison(o.employer, o.kind, o.date, str(o.date), modelled, err_text, None, o.note,
                                  list(o.sources)))  # fmt: skip
    return report, out


def _reported(tonnes: Decimal | None, day: date | None) -> str:
    return f"{tonnes} t" if tonnes is not None else str(day)
