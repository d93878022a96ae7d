"""The regrading report as typed, frozen models: its JSON document is ``payround regrade --format json``; its tables
are what the terminal, CSV and Excel show. Money is in pounds as exact decimals (two places)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from payround.regrade.plan import LOSS_YEARS
from payround.reports.base import Block, Kind, Report, Row, Table, Text

__all__ = [
    "EqualPayDoc",
    "EqualPayRowDoc",
    "PathDoc",
    "PersonDoc",
    "PointLossDoc",
    "RegradeReport",
    "ThresholdDoc",
    "TotalsDoc",
    "VariantDoc",
    "YearDoc",
]

M, M0, N, D, T = Kind.money, Kind.money0, Kind.integer, Kind.date, Kind.text


class _Doc(BaseModel):
    model_config = ConfigDict(frozen=True)


class TotalsDoc(_Doc):
    """Sums over the regraded people (pounds): pay on the old path and as paid, the parts of the new cost, and the
    saving = (old pay + on-costs) - (new pay + lump sums + severance + one-off costs + on-costs + levy change)."""

    pay_old: Decimal
    pay_new: Decimal
    protection: Decimal
    lump_sums: Decimal
    severance: Decimal
    one_off: Decimal
    on_costs_old: Decimal
    on_costs_new: Decimal
    levy: Decimal
    protection_on_costs: Decimal
    saving: Decimal


class YearDoc(TotalsDoc):
    """One year of the projection."""

    year: int
    start: date
    end: date


class PathDoc(TotalsDoc):
    """One path (a move, or an option of a deleted post) over the whole projection (the levy is not split)."""

    label: str
    kind: str
    people: int


class PointLossDoc(_Doc):
    """Full-time annual pay at an old point and at its new point: on the structure's own spine and at the change."""

    change: str
    point_before: str
    point_after: str
    pay_before: Decimal
    pay_after: Decimal
    loss: Decimal
    pay_before_at_change: Decimal
    pay_after_at_change: Decimal
    loss_at_change: Decimal
    people: int


class ThresholdDoc(_Doc):
    """People losing more than ``threshold`` pounds: a year at the change, in the first year after protection,
    and over three years after protection."""

    threshold: Decimal
    annual_loss_at_change: int
    first_year_after_protection: int
    three_years: int


class VariantDoc(_Doc):
    """The cost of one protection policy: protection paid, its on-costs, and the saving it leaves."""

    label: str
    protection: Decimal
    protection_on_costs: Decimal
    protection_total: Decimal
    saving_first_year: Decimal
    saving_over_years: Decimal


class EqualPayRowDoc(_Doc):
    """One equal-pay comparison's estimate."""

    name: str
    annual_gap_full_time: Decimal
    claimants: int
    years: Decimal
    back_pay: Decimal
    on_costs: Decimal
    total: Decimal


class EqualPayDoc(_Doc):
    """An ESTIMATE of equal-pay exposure (``estimate`` is always true): back pay over the statutory look-back."""

    estimate: bool
    jurisdiction: str
    claim_date: date
    look_back_years: Decimal
    look_back_sources: tuple[str, ...]
    on_cost_rate: Decimal
    comparisons: tuple[EqualPayRowDoc, ...]
    back_pay: Decimal
    on_costs: Decimal
    total: Decimal


class PersonDoc(_Doc):
    """One workforce record on one path (``people`` persons alike): pay a year at the change, the loss in each
    year from the change before and after protection, when protection ends, one-off payments."""

    row: int
    employer: str
    group: str
    gender: str
    change: str
    path: str
    people: int
    point_before: str
    grade_before: str
    point_after: str
    grade_after: str
    pay_before: Decimal
    pay_after: Decimal
    annual_loss: Decimal
    loss_before_protection: tuple[Decimal, ...]
    loss_after_protection: tuple[Decimal, ...]
    loss_3y: Decimal
    loss_5y: Decimal
    protection_ends: date | None
    protection_beyond_projection: bool
    lump_sum: Decimal
    severance: Decimal
    stays: bool


_TOTAL_COLS = [
    ("old pay", M0),
    ("new pay", M0),
    ("of which protection", M0),
    ("lump sums", M0),
    ("severance", M0),
    ("one-off", M0),
    ("on-costs old", M0),
    ("on-costs new", M0),
    ("levy change", M0),
    ("saving", M0),
]


_SHORT_COLS = [("cost before", M0), ("cost after", M0), ("protection", M0), ("one-off", M0), ("saving", M0)]


def _short_cells(t: TotalsDoc) -> list[Decimal]:
    """Cost on the old path, cost as paid (all in), protection with its on-costs, one-off payments, saving."""
    one_off = t.lump_sums + t.severance + t.one_off
    after = t.pay_new + one_off + t.on_costs_new + t.levy
    return [t.pay_old + t.on_costs_old, after, t.protection + t.protection_on_costs, one_off, t.saving]


def _total_cells(t: TotalsDoc) -> list[Decimal]:
    return [
        t.pay_old, t.pay_new, t.protection, t.lump_sums, t.severance, t.one_off, t.on_costs_old, t.on_costs_new,
        t.levy, t.saving,
    ]  # fmt: skip


class RegradeReport(Report):
    """What a restructure costs over the projection, who loses and for how long, and the equal-pay estimate."""

    name: str
    source: str
    structure: str
    grades: str | None
    illustrative: bool
    start: date
    years: int
    months: int
    awards: tuple[str, ...]
    people_selected: int
    people_losing: int
    max_annual_loss: Decimal
    mean_annual_loss_of_losers: Decimal
    total: TotalsDoc
    by_year: tuple[YearDoc, ...]
    by_path: tuple[PathDoc, ...]
    point_losses: tuple[PointLossDoc, ...]
    thresholds: tuple[ThresholdDoc, ...]
    protection_variants: tuple[VariantDoc, ...]
    equal_pay: EqualPayDoc | None
    people: tuple[PersonDoc, ...] | None
    notes: tuple[str, ...]

    def people_table(self) -> Table:
        """The per-person table (one row per record and path), for CSV and Excel."""
        cols: list[tuple[str, Kind] | str] = [
            ("row", N), "employer", "group", "gender", "change", "path", ("people", N), "point before",
            "grade before", "point after", "grade after", ("pay before", M), ("pay after", M), ("annual loss", M),
        ]  # fmt: skip
        cols += [(f"loss year {y + 1} before protection", M) for y in range(LOSS_YEARS)]
        cols += [(f"loss year {y + 1} after protection", M) for y in range(LOSS_YEARS)]
        cols += [("loss 3 years", M), ("loss 5 years", M), ("protection ends", D), "protection beyond projection"]
        cols += [("lump sum", M), ("severance", M), "stays"]
        rows = [
            Row(
                cells=(
                    p.row, p.employer, p.group, p.gender, p.change, p.path, p.people, p.point_before, p.grade_before,
                    p.point_after, p.grade_after, p.pay_before, p.pay_after, p.annual_loss,
                    *p.loss_before_protection, *p.loss_after_protection, p.loss_3y, p.loss_5y, p.protection_ends,
                    p.protection_beyond_projection, p.lump_sum, p.severance, p.stays,
                ),
                illustrative=self.illustrative,
            )
            for p in self.people or ()
        ]  # fmt: skip
        return Table.build("Per person", cols, rows)

    def largest_losses_table(self, limit: int = 100) -> Table:
        """The ``limit`` records that lose most over five years after protection (then over three, then a year at
        the change), with their pay, losses and when protection ends: the per-person table at a glance."""
        ranked = sorted(self.people or (), key=lambda p: (p.loss_5y, p.loss_3y, p.annual_loss, -p.row), reverse=True)[
            :limit
        ]
        cols: list[tuple[str, Kind] | str] = [
            ("row", N), "group", "path", ("people", N), "point before", "point after", ("pay before", M0),
            ("pay after", M0), ("annual loss", M0), ("loss 3 years", M0), ("loss 5 years", M0),
            ("protection ends", D),
        ]  # fmt: skip
        rows = [
            Row(
                cells=(
                    p.row, p.group, p.path, p.people, p.point_before, p.point_after, p.pay_before, p.pay_after,
                    p.annual_loss, p.loss_3y, p.loss_5y, p.protection_ends,
                ),
                illustrative=self.illustrative,
            )
            for p in ranked
        ]  # fmt: skip
        return Table.build(f"The {len(rows)} largest losses over five years, after protection", cols, rows)

    def detail_tables(self) -> list[Table]:
        """Every part of the cost by year and by path (for workbooks)."""
        ill = self.illustrative
        return [
            Table.build(
                "By year, every part (pounds)",
                [("year", N), ("from", D), ("to", D), *_TOTAL_COLS],
                [Row(cells=(y.year, y.start, y.end, *_total_cells(y)), illustrative=ill) for y in self.by_year],
            ),
            Table.build(
                "By path, every part, whole projection",
                ["path", ("people", N), *_TOTAL_COLS],
                [Row(cells=(p.label, p.people, *_total_cells(p)), illustrative=ill) for p in self.by_path],
            ),
        ]

    def tables(self) -> list[Table]:
        """Totals by year and by path, the loss at each point, thresholds, protection side by side, equal pay."""
        ill = self.illustrative
        out = [
            Table.build(
                "By year: cost before and after (pay and on-costs), protection, one-off payments, saving",
                [("year", N), ("from", D), *_SHORT_COLS],
                [Row(cells=(y.year, y.start, *_short_cells(y)), illustrative=ill) for y in self.by_year],
            ),
            Table.build(
                "By path, whole projection",
                ["path", ("people", N), *_SHORT_COLS],
                [Row(cells=(p.label, p.people, *_short_cells(p)), illustrative=ill) for p in self.by_path],
            ),
            Table.build(
                "Loss a year at each point (full-time): on the structure's own spine, and at the change",
                [
                    "change",
                    "point",
                    "to",
                    ("pay", M0),
                    ("new pay", M0),
                    ("loss", M0),
                    ("loss at change", M0),
                    ("people", N),
                ],
                [
                    Row(
                        cells=(
                            x.change,
                            x.point_before,
                            x.point_after,
                            x.pay_before,
                            x.pay_after,
                            x.loss,
                            x.loss_at_change,
                            x.people,
                        )
                    )
                    for x in self.point_losses
                ],
            ),
            Table.build(
                "People losing more than £X",
                [("£X", M0), ("a year at the change", N), ("first year after protection", N), ("over 3 years", N)],
                [
                    (t.threshold, t.annual_loss_at_change, t.first_year_after_protection, t.three_years)
                    for t in self.thresholds
                ],
            ),
            Table.build(
                "Protection policies side by side",
                [
                    "policy",
                    ("protection", M0),
                    ("its on-costs", M0),
                    ("saving, first year", M0),
                    (f"saving, {self.years} years", M0),
                ],
                [
                    Row(
                        cells=(v.label, v.protection, v.protection_on_costs, v.saving_first_year, v.saving_over_years),
                        illustrative=ill,
                    )
                    for v in self.protection_variants
                ],
            ),
        ]
        if self.equal_pay is not None:
            ep = self.equal_pay
            out.append(
                Table.build(
                    f"Equal-pay exposure: an ESTIMATE ({ep.jurisdiction}, claims on {ep.claim_date.isoformat()}, "
                    f"look-back {ep.look_back_years} years)",
                    ["comparison", ("gap a year, full-time", M0), ("claimants", N), ("years", Kind.number),
                     ("back pay", M0), ("with on-costs", M0)],
                    [Row(cells=(c.name, c.annual_gap_full_time, c.claimants, c.years, c.back_pay, c.total),
                         illustrative=True) for c in ep.comparisons],
                    notes=("Assumes today's gap held constant in cash, every woman claims, on-costs at the "
                           "claim date's rates; no interest. Sources: " + " ; ".join(ep.look_back_sources),),
                )
            )  # fmt: skip
        return out

    def blocks(self) -> list[Block]:
        """A heading with the headline figures, the tables, and the notes."""
        head = Text(
            lines=(
                f"{self.name} ({self.structure}" + (f", grades {self.grades}" if self.grades else "") + ")",
                f"From {self.start.isoformat()} for {self.months // 12} years; awards: "
                + ("; ".join(self.awards) or "none"),
                f"{self.people_selected:,} people affected; {self.people_losing:,} lose pay; largest loss "
                f"£{self.max_annual_loss:,} a year, average of those losing £{self.mean_annual_loss_of_losers:,}.",
                f"Saving over {self.years} years: £{self.total.saving:,} (protection £{self.total.protection:,}).",
            ),
            style="heading",
        )
        notes: list[Block] = [Text(lines=self.notes, style="note")] if self.notes else []
        if self.illustrative:
            notes.append(
                Text(lines=("Figures rest on illustrative data (marked); see docs/regrading.md.",), style="warning")
            )
        return [head, *self.tables(), *notes]

    def csv_table(self) -> Table | None:
        """CSV writes the per-person table."""
        return self.people_table()
