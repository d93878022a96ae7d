"""Use cases on workforce tables: describe, validate and the calibration of the illustrative workforces.

``model_dump(mode="json")`` of each report is the ``--format json`` document (the keys ``payround workforce
describe`` and ``calibration`` have always printed, and typed figures beside them)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, RootModel

from payround.reports.base import Block, Kind, ListReport, Report, Row, Table, Text
from payround.sources import Sources

__all__ = [
    "CalibrationDoc",
    "CalibrationReport",
    "SynthReport",
    "WorkforceDescribeReport",
    "WorkforceValidateReport",
    "calibration_report",
    "synth_report",
    "workforce_describe_report",
    "workforce_validate_report",
]

Progress = Callable[[str, int, int], None]
"""A progress callback (what, done, total), as :data:`payround.workforce.load.Progress`: e.g. generating a bundled
workforce on first use."""


def _load(ref: str | Path, sources: Sources | None, columns: str | None, progress: Progress | None) -> Any:
    from payround.workforce import load_workforce

    return load_workforce(ref, sources, columns=columns, progress=progress)


# --- describe -----------------------------------------------------------------------------------------------------


class WorkforceDescribeReport(Report):
    """``payround workforce describe``: people, hours, and counts by employer, point, gender, group, grade and
    pension scheme; with a structure, the pay bill at its rates."""

    source: str
    rows: int
    headcount: int
    fte: Decimal
    illustrative: bool
    summary: dict[str, int | str]
    by: dict[str, list[tuple[str, int, str]]]
    pay: dict[str, str] | None = None
    notes: list[str] | None = None
    load_notes: list[str]

    def blocks(self) -> list[Block]:
        """Heading, the summary, one table per column (first 40 rows), and pay."""
        head = f"{self.source}: {self.rows:,} rows, {self.headcount:,} people, {self.fte:,} FTE"
        out: list[Block] = [Text(lines=(head,), style="heading")]
        out.append(Table.build("Summary", ["item", "value"], [(k, str(v)) for k, v in self.summary.items()]))
        for name, counts in self.by.items():
            rows = [Row(cells=(label, n, share), illustrative=self.illustrative) for label, n, share in counts[:40]]
            more = (f"... and {len(counts) - 40} more",) if len(counts) > 40 else ()
            out.append(Table.build(f"By {name}", [name, ("headcount", Kind.integer), "share"], rows, more))
        if self.pay:
            out.append(Table.build("Pay", ["item", "value"], list(self.pay.items())))
        notes = [*(self.notes or []), *self.load_notes]
        if notes:
            out.append(Text(lines=tuple(notes), style="note"))
        return out

    def tables(self) -> list[Table]:
        """The tables of :meth:`blocks`."""
        return [b for b in self.blocks() if isinstance(b, Table)]


def workforce_describe_report(
    ref: str | Path,
    structure: str | Path | None = None,
    *,
    columns: str | None = None,
    sources: Sources | None = None,
    progress: Progress | None = None,
) -> WorkforceDescribeReport:
    """Describe a workforce (a bundled id or a file, read through ``columns`` when given)."""
    from payround.structures import load_structure
    from payround.workforce.describe import describe_workforce

    wf = _load(ref, sources, columns, progress)
    doc = describe_workforce(wf, load_structure(structure) if structure is not None else None)
    return WorkforceDescribeReport(**doc, load_notes=wf.load_notes)


# --- validate -----------------------------------------------------------------------------------------------------


class WorkforceValidateReport(Report):
    """``payround workforce validate``: the table loads (errors are raised, naming the row and column)."""

    source: str
    rows: int
    headcount: int
    structure: str | None
    notes: list[str]

    def blocks(self) -> list[Block]:
        """One OK line and the notes."""
        where = f", points in {self.structure}" if self.structure else ""
        out: list[Block] = [
            Text(lines=(f"OK: {self.source}: {self.rows:,} rows, {self.headcount:,} people{where}",), style="good")
        ]
        if self.notes:
            out.append(Text(lines=tuple(self.notes), style="note"))
        return out


def workforce_validate_report(
    ref: str | Path,
    structure: str | Path | None = None,
    *,
    columns: str | None = None,
    sources: Sources | None = None,
    progress: Progress | None = None,
) -> WorkforceValidateReport:
    """Load and check a workforce (and, with ``structure``, that every point exists)."""
    from payround.structures import load_structure

    wf = _load(ref, sources, columns, progress)
    notes = [*wf.load_notes, *(wf.check(load_structure(structure)) if structure is not None else [])]
    return WorkforceValidateReport(
        source=wf.source,
        rows=wf.rows,
        headcount=wf.headcount,
        structure=None if structure is None else str(structure),
        notes=notes,
    )


# --- calibration --------------------------------------------------------------------------------------------------


class TargetDoc(Report):
    """A published costing against payround's estimate (pounds; percentages in percent)."""

    role: str
    offer: str
    structure: str
    measure: str
    published_increase: Decimal | None
    published_increase_pct: Decimal | None
    payround_increase: Decimal
    payround_increase_pct: Decimal
    difference_pct: Decimal | None
    paybill_before: Decimal
    total_cost_increase_full_year: Decimal
    total_cost_increase_full_year_pct: Decimal
    source: str


class AnchorDoc(Report):
    """A published share of staff at or below a point, against the workforce's."""

    point: str
    published_share: Decimal
    payround_share: Decimal
    source: str


class ClaimCheckDoc(Report):
    """A published lowest-paid claim on the workforce."""

    offer: str
    published: str
    holds: bool
    smallest_increase_pct: Decimal | None
    payround_lowest_paid_share_above: str  # '12.8%', as this document has always had it
    lowest_paid_share_above: Decimal  # the same as a fraction
    caveat: str
    source: str


class CalibrationDoc(Report):
    """One illustrative workforce against what was published."""

    workforce: str
    headcount: int
    employers: int
    fte: Decimal
    knobs: dict[str, Decimal]
    groups: dict[str, int]
    anchors: list[AnchorDoc]
    targets: list[TargetDoc]
    checks: list[TargetDoc]
    claims: list[ClaimCheckDoc]
    illustrative: bool
    note: str


class CalibrationReport(ListReport, RootModel[list[CalibrationDoc]]):
    """``payround workforce calibration``: how the illustrative workforces meet published figures."""

    model_config = ConfigDict(frozen=True)

    def blocks(self) -> list[Block]:
        """Per workforce: a heading, the anchors, the costings and the claims."""
        out: list[Block] = []
        for rep in self.root:
            knobs = ", ".join(f"{k} {v}" for k, v in rep.knobs.items())
            head = f"{rep.workforce}: {rep.headcount:,} people, {rep.employers} employers, {rep.fte:,} FTE"
            out.append(Text(lines=(head + (f" ({knobs})" if knobs else ""),), style="heading"))
            out += self._tables(rep)
            for c in rep.claims:
                verdict = "holds" if c.holds else "does not hold"
                out.append(
                    Text(
                        lines=(
                            f"Claim ({c.offer}): {c.published} - {verdict} on this workforce; the lowest-paid "
                            f"{c.payround_lowest_paid_share_above} all get more. {c.caveat}",
                        )
                    )
                )
        return out

    def tables(self) -> list[Table]:
        """Anchors and costings of every workforce."""
        return [t for rep in self.root for t in self._tables(rep)]

    @staticmethod
    def _tables(rep: CalibrationDoc) -> list[Table]:
        out = []
        if rep.anchors:
            out.append(
                Table.build(
                    "Published shares (calibration anchors)",
                    ["at or below SCP", ("published", Kind.share), ("payround", Kind.share)],
                    [Row(cells=(a.point, a.published_share, a.payround_share), illustrative=True) for a in rep.anchors],
                )
            )
        comps = [*rep.targets, *rep.checks]
        if comps:
            out.append(
                Table.build(
                    "Published costings (pay bill increase)",
                    [
                        "offer",
                        "role",
                        ("published", Kind.money0),
                        ("payround", Kind.money0),
                        ("diff", Kind.pct),
                        ("pub. %", Kind.pct),
                        ("payround %", Kind.pct),
                    ],
                    [
                        Row(
                            cells=(
                                c.offer,
                                c.role,
                                c.published_increase,
                                c.payround_increase,
                                c.difference_pct,
                                c.published_increase_pct,
                                c.payround_increase_pct,
                            ),
                            illustrative=True,
                        )
                        for c in comps
                    ],
                )
            )
        return out


def _target_doc(check: Any) -> TargetDoc:
    from payround.costing.summary import pct, pounds

    t, m = check.target, check.measured
    totals = m.totals
    return TargetDoc(
        role=check.role,
        offer=str(t.offer.get("name", "")),
        structure=str(t.offer.get("structure", "")),
        measure=t.measure,
        published_increase=t.increase,
        published_increase_pct=t.increase_pct,
        payround_increase=m.increase,
        payround_increase_pct=m.increase_pct,
        difference_pct=None if t.increase is None else Decimal(f"{(m.increase - t.increase) / t.increase * 100:.1f}"),
        paybill_before=pounds(totals.before.pay),
        total_cost_increase_full_year=pounds(totals.total_cost_increase_full_year),
        total_cost_increase_full_year_pct=pct(totals.total_cost_increase_full_year, totals.total_cost_before),
        source=t.source,
    )


def calibration_doc(cal: Any) -> CalibrationDoc:
    """From :class:`payround.calibration.Calibration`."""
    config = cal.config
    return CalibrationDoc(
        workforce=config.id,
        headcount=cal.headcount,
        employers=cal.employers,
        fte=Decimal(f"{cal.fte:.0f}"),
        knobs={
            "gamma_scale": Decimal(f"{config.knobs[0]:.4f}"),
            "calibrated_group_weight": Decimal(f"{config.knobs[1]:.4f}"),
        }
        if config.points == "gamma"
        else {},
        groups=cal.groups,
        anchors=[
            AnchorDoc(
                point=a.point,
                published_share=Decimal(f"{a.published_share:.3f}"),
                payround_share=Decimal(f"{a.payround_share:.3f}"),
                source=a.source,
            )
            for a in cal.anchors
        ],
        targets=[_target_doc(t) for t in cal.targets],
        checks=[_target_doc(t) for t in cal.checks],
        claims=[
            ClaimCheckDoc(
                offer=c.offer,
                published=c.claim.claim,
                holds=c.claim.holds,
                smallest_increase_pct=None
                if c.claim.smallest_increase_pct is None
                else Decimal(f"{float(c.claim.smallest_increase_pct):.2f}"),
                payround_lowest_paid_share_above=f"{100 * c.claim.lowest_paid_share_above:.1f}%",
                lowest_paid_share_above=Decimal(f"{c.claim.lowest_paid_share_above:.4f}"),
                caveat=c.caveat,
                source=c.source,
            )
            for c in cal.claims
        ],
        illustrative=True,
        note="Synthetic, illustrative workforce: see docs/costing.md for the method.",
    )


def calibration_report(ids: list[str] | None = None, *, progress: Progress | None = None) -> CalibrationReport:
    """The calibration of the bundled illustrative workforces (``ids``, default all)."""
    from payround.calibration import calibration
    from payround.workforce import load_workforce
    from payround.workforce.bundled import bundled_workforce_ids
    from payround.workforce.synth import load_config

    docs = []
    for wid in ids or bundled_workforce_ids():
        config = load_config(wid.replace("/", "-", 1))
        docs.append(calibration_doc(calibration(config, load_workforce(wid, progress=progress))))
    return CalibrationReport(docs)


# --- synth --------------------------------------------------------------------------------------------------------


class SynthReport(Report):
    """``payround workforce synth``: a generated workforce written to a file, with how it meets the published
    costings when generated at the configuration's size."""

    body: str
    output: str
    rows: int
    knobs: dict[str, Decimal] | None
    checks: list[TargetDoc]

    def blocks(self) -> list[Block]:
        """What was written, the knobs solved (with --calibrate) and the published costings."""
        out: list[Block] = []
        if self.knobs:
            out.append(Text(lines=("Calibrated: " + ", ".join(f"{k}={v}" for k, v in self.knobs.items()),)))
        out.append(Text(lines=(f"Wrote {self.rows:,} rows to {self.output}",), style="good"))
        out += [
            Text(
                lines=(
                    f"{t.role}: {t.offer}: published {t.published_increase} ({t.published_increase_pct}%), "
                    f"payround {t.payround_increase} ({t.payround_increase_pct}%)",
                )
            )
            for t in self.checks
        ]
        return out


def synth_report(
    body: str, output: str | Path, *, seed: int | None = None, headcount: int | None = None, calibrate: bool = False
) -> SynthReport:
    """Generate ``body``'s illustrative workforce (re-solving its knobs with ``calibrate``) and write it to
    ``output`` (.parquet or .csv)."""
    from payround.calibration import calibrate as solve
    from payround.calibration import calibration
    from payround.workforce.bundled import write_parquet
    from payround.workforce.synth import load_config
    from payround.workforce.synth.generate import generate

    config = load_config(f"{body.lower()}-illustrative")
    knobs = None
    if calibrate:
        config, _ = solve(config, headcount=headcount, seed=seed)
        knobs = {"gamma_scale": Decimal(f"{config.knobs[0]:.6f}"), "group_weight": Decimal(f"{config.knobs[1]:.6f}")}
    wf = generate(config, headcount=headcount, seed=seed)
    out = Path(output)
    if out.suffix.lower() == ".csv":
        wf.frame.drop("headcount").write_csv(out)
    else:
        write_parquet(wf, out)
    checks: list[TargetDoc] = []
    if headcount is None or headcount == config.headcount:
        cal = calibration(config, wf)
        checks = [_target_doc(t) for t in [*cal.targets, *cal.checks]]
    return SynthReport(body=body, output=str(out), rows=wf.rows, knobs=knobs, checks=checks)
