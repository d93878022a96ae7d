#!/usr/bin/env python3
"""Build the bundled pay structures (src/payround/data/structures/{njc,sjc}/YYYY-YY.yaml) from the reference data.

Usage:
    .venv/bin/python scripts/build_structures.py            # write the ten YAML files and the fit tables in docs
    .venv/bin/python scripts/build_structures.py --check    # exit 1 if a file on disk differs from a rebuild
    .venv/bin/python scripts/build_structures.py --report   # print the anchor-fit tables (Markdown) only
    --data DIR  reference data directory (default: shared/data beside the repo, or $PAYROUND_REFERENCE_DATA)

All arithmetic is exact Decimal (50 significant digits); every rate is rounded once, to the penny (SJC) or the
pound (NJC), half-up. The output is deterministic: same inputs, byte-identical files.

Every figure carries a basis: published (quoted from the source beside it), computed (our arithmetic on published
figures), derived (a published award applied to published rates) or illustrative (built by one of the rules below).

NJC (England and Wales), unit year, 37 h x 52.143 weeks, rounded to the pound half-up, no floor
    Straight copies of njc/spine_YYYY-YY.csv: the rate, basis and source text of every row are kept verbatim.
    2021-22 and 2022-23 include SCP 1; SCP 1 was deleted from 1 April 2023, so 2023-24 onwards start at SCP 2.

SJC (Scotland), unit hour, 37 h x 52.143 weeks (1,929.291 hours a year), rounded to the penny half-up,
floor = the SLGLW from sjc/floor.csv, points SCP 2 ... 125. Only 2023-24 SCP 18 and 20-68 are published (Falkirk
Council); the top of the national spine is not sourced (Edinburgh's bands run to SCP 125, so we stop there).
The years are built in this order:

 1. Edinburgh anchors, 2021/22. Edinburgh published 2021/22 full-time salaries on its 36-hour week for SCP 24, 25,
    70, 71, 98 and 99 (sjc/published_points.csv). Hourly = salary / (36 x 52.143), rounded to the penny. These are
    used as the 2021-22 rates at those points (basis computed).

 2. 2022/23 anchors (basis computed). SCP 55 = 33,531 / 1,929.291 = 17.38 and SCP 65 = 38,586 / 1,929.291 = 20.00
    (Community Care); SCP 43 = 28,862 / 1,929.291 = 14.96 (UNISON, "circa"); SCP 24 and 25 = the unrounded Edinburgh
    2021/22 hourly rate plus the 2022/23 award on a 36-hour week (SCP 24: +2,000; SCP 25: +1,925), rounded:
    11.70 and 11.81. SCP 70, 71, 98 and 99 = the 2022/23 settlement (step 6) applied to the 2021-22 Edinburgh
    anchors, rounded (basis computed, since the inputs are computed). The SLGLW is 10.85 (published).

 3. 2023-24 (SLGLW 11.89, computed in floor.csv as 12.56 - 0.67). SCP 18 and 20-68 published (Falkirk).
    - SCP 19 = the geometric mean of SCP 18 and SCP 20, sqrt(11.86 x 12.15), rounded to the penny.
    - SCP 2-17: SCP 18 divided by r_low^(18 - k), r_low = (SCP30 / SCP20)^(1/10), the mean (geometric) step ratio of
      SCP 20-30, each rounded to the penny.
    - SCP 69-125: geometric (log-linear) interpolation through knots: SCP 68 (22.12, published) and the 2022/23
      values at SCP 70, 71, 98 and 99 (step 2) times the 2023/24 rise at SCP 65 (21.21 / 20.00 = 1.0605, the rise
      that step 4 holds flat above SCP 65), so that reversing 2023/24 lands back on the Edinburgh-derived figures.
      Above SCP 99 the spine continues at the mean step ratio of SCP 68-99. Each point rounded to the penny.
      Alternatives considered and reported in docs/structures.md: one ratio for all of SCP 69-125, either the mean
      step ratio of SCP 58-68 or the least-squares fit (in logs) to the four knots.

 4. 2022-23: the 2023/24 rise divided out. Rise factors new/old are known at SCP 18 (the SLGLW, 11.89 / 10.85:
    the SLGLW is paid on SCP 2-18, so its rise is placed at SCP 18), 24, 25, 43, 55 and 65 (2023-24 rate over the
    step-2 anchor). The factor at any other SCP is interpolated linearly by SCP between the neighbouring knots, and
    held flat below SCP 18 and above SCP 65. Rate = 2023-24 rate / factor, rounded to the penny; the anchors come
    back exactly. SCP 70, 71, 98, 99 take their step-2 values (which the rule reproduces).
    The 2023/24 settlement, as the unions reported it, gave everyone above the SLGLW at least £1.00 an hour, so no
    2022-23 rate from SCP 19 up may exceed its 2023-24 rate less £1.00 (the rule, interpolating a falling % rise,
    gave SCP 29-46 rises of £0.95-0.99). Where an anchor conflicts the settlement wins: SCP 43's 14.96 ("circa"
    £28,862, UNISON) would be a £0.95 rise, so SCP 43 is 15.91 - 1.00 = 14.91 (£28,766) and the knot moves with it.

 5. 2024-25: the published 2024/25 award applied to 2023-24, forwards: every point and the floor get the greater of
    +0.67 an hour and +3.6%, rounded to the penny half-up (check: 11.89 + 0.67 = 12.56, the published SLGLW).
    Published 2023-24 points become derived; illustrative points stay illustrative.

 6. 2021-22: the 2022/23 settlement reversed (as in examples/sjc-2022-settlement.yaml): SCP 2-24 got
    +2,000 / (36 x 52.143); SCP 25 and above got the greater of +5% and +1,925 / (36 x 52.143); the rise was capped
    at 3,000 / (37 x 52.143) for those paid 60,000 or more on 37 hours (pay at the 2021/22 rate). For each point we
    take the exact inverse of each case, try the pennies around it, and keep a penny rate whose case is consistent
    with it (its own pay picks that case) and which the settlement, applied forwards and rounded, maps exactly onto
    the 2022-23 rate. If no penny maps exactly, the rounded inverse is used (reported). Then the Edinburgh anchors
    (step 1) replace the rule at SCP 24, 25, 70, 71, 98, 99; the gaps are reported. SLGLW 9.78.

 7. 2020-21: the 2021/22 settlement reversed (examples/sjc-2021-settlement.yaml): bands by full-time pay on
    37 x 52.143 hours: below 25,000 +850 a year; 25,000 to below 40,000 +2%; 40,000 to below 80,000 +1%; 80,000 and
    above +800 a year. Same search as step 6; where two bands are both consistent (just above a threshold the
    two bands' ranges overlap) the lower band is chosen, which keeps the rates increasing. SLGLW 9.34.

Checks (the build fails if one breaks): rates strictly increase in every year; SCP 2-17 are below the floor
every year; applying the 2022/23 settlement to 2021-22 and the 2021/22 settlement to 2020-21 reproduces the next year
except at the points listed in the report; the 2024/25 award on the 2023-24 floor gives 12.56.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

getcontext().prec = 50

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "payround" / "data" / "structures"
DOCS = ROOT / "docs" / "structures.md"
DEFAULT_DATA = Path(os.environ.get("PAYROUND_REFERENCE_DATA", ROOT.parent / "shared" / "data"))

D = Decimal
PENNY = D("0.01")
WEEKS = D("52.143")
YEAR37 = 37 * WEEKS  # 1,929.291 hours a year on the standard week
YEAR36 = 36 * WEEKS  # 1,877.148 hours a year on the nominal 36-hour week of the 2022/23 award
SJC_POINTS = list(range(2, 126))
BASES = ("published", "derived", "computed", "illustrative")

# --- sources ----------------------------------------------------------------------------------------------
FALKIRK = "https://beta.falkirk.gov.uk/employees/terms-conditions/pay-benefits.aspx"
EDINBURGH_2122 = "https://www.edinburgh.gov.uk/work-us/pay-award-2022-2023/1"
EDINBURGH_2021_AWARD = "https://www.edinburgh.gov.uk/work-us/pay-award-2018-2021-except-teachers"
CC_NOV23 = (
    "https://www.communitycare.co.uk/2023/11/27/pay-deal-to-go-through-in-scotland-as-unison-members-give-assent/"
)
UNISON_2324 = "https://unison-scotland.org/local-government-pay-23-24/"
SETTLEMENT_2021 = "https://cosla.gov.uk/news/2021/local-government-pay-settlements-financial-year-20212022"
SETTLEMENT_2022 = "https://aberdeenunison.co.uk/local-government-pay-award-2022-23/"
AWARD_2024_OFFER = "https://cosla.gov.uk/news/2024/cosla-tables-enhanced-pay-offer-for-local-government-workforce"
MIN_RISE_2324 = Decimal("1.00")  # the 2023/24 SJC settlement's minimum for everyone above the SLGLW (unions)
AWARD_2024_PAGE = "https://www.edinburgh.gov.uk/work-us/pay-award-2023-2024"


def r2(x: Decimal) -> Decimal:
    """Round to the penny, half-up."""
    return x.quantize(PENNY, rounding=ROUND_HALF_UP)


def root(x: Decimal, n: int) -> Decimal:
    """The n-th root of a positive Decimal."""
    return (x.ln() / n).exp()


def fmt(x: Decimal, places: int = 2) -> str:
    return f"{x:.{places}f}"


def money(x: Decimal) -> str:
    """Whole pounds with thousands separators: 20,251."""
    return f"{x:,.0f}"


# --- reading the reference data ---------------------------------------------------------------------------
def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV with leading '#' comment lines: (comments, rows)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = [ln.lstrip("#").strip() for ln in lines if ln.startswith("#")]
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    return comments, list(csv.DictReader(body))


# --- one structure, as data -------------------------------------------------------------------------------
@dataclass
class Pt:
    rate: Decimal
    basis: str
    source: str


@dataclass
class Flr:
    rate: Decimal
    basis: str
    source: str
    name: str = "SLGLW"


@dataclass
class Structure:
    id: str
    name: str
    body: str
    country: str
    pay_year: str
    effective: str
    unit: str
    quantum: str
    floor: Flr | None
    notes: list[str]
    sources: list[str]
    points: dict[int, Pt]


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def to_yaml(s: Structure) -> str:
    out = [
        "# Generated by scripts/build_structures.py from the reference data (data/README.md). Do not edit by hand:",
        "# change the script or the data and rebuild. Every point has a basis and a source; see docs/structures.md.",
    ]
    out += [
        f"id: {s.id}",
        f"name: {q(s.name)}",
        f"body: {s.body}",
        f"country: {s.country}",
        f"pay_year: {q(s.pay_year)}",
        f"effective: {s.effective}",
        f"unit: {s.unit}",
        "standard_hours: 37",
        f"weeks_per_year: {WEEKS}",
        f"rounding: {{quantum: {s.quantum}, mode: half_up}}",
        "point_labels: {prefixes: [SCP]}  # payroll exports write 'SCP019' for point 19",
    ]
    if s.floor is None:
        out.append("floor: null")
    else:
        f = s.floor
        out.append(f"floor: {{name: {f.name}, rate: {f.rate}, basis: {f.basis}, source: {q(f.source)}}}")
    out.append("notes: >-")
    for i, para in enumerate(s.notes):
        if i:
            out.append("")
        out += ["  " + ln for ln in textwrap.wrap(para, 104, break_long_words=False, break_on_hyphens=False)]
    out.append("sources:")
    out += [f"  - {q(u)}" for u in s.sources]
    out.append("points:")
    for pid, p in s.points.items():
        out.append(f"  - {{id: {q(str(pid))}, rate: {p.rate}, basis: {p.basis}, source: {q(p.source)}}}")
    return "\n".join(out) + "\n"


def unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for it in items:
        if it and it not in seen:
            seen.append(it)
    return seen


# --- NJC --------------------------------------------------------------------------------------------------
NJC_EXTRA_SOURCES = {
    "2021-22": ["https://teachinherts.com/career-advice/professional-and-support/pay-ranges.htm"],
    "2022-23": [
        "https://teachinherts.com/career-advice/professional-and-support/pay-ranges.htm",
        "https://hrforschools.org.uk/news/article/4/support-staff-pay-award-consultation-dates",
    ],
    "2023-24": ["https://teachinherts.com/career-advice/professional-and-support/pay-ranges.htm"],
    "2024-25": [],
    "2025-26": [
        "https://teachinherts.com/career-advice/professional-and-support/pay-ranges.htm",
        "https://hrhub.judiciumeducation.co.uk/news/national-employers-njc-green-book-make-full-and-final-pay-offer-for-2025-26",
    ],
}


def build_njc(data: Path, year: str) -> Structure:
    comments, rows = read_table(data / "njc" / f"spine_{year}.csv")
    points = {int(r["scp"]): Pt(D(r["annual_salary"]), r["basis"], r["source"]) for r in rows}
    urls = [p.source for p in points.values() if p.source.startswith("http")]
    urls += [w.strip('",;()') for p in points.values() for w in p.source.split() if w.startswith("http")]
    label = year.replace("-", "/")
    counts = {b: sum(1 for p in points.values() if p.basis == b) for b in ("published", "derived")}
    notes = [
        f"NJC (Green Book) pay spine for {label}, annual full-time salaries in pounds, copied row by row from "
        f"njc/spine_{year}.csv in the payround reference data: {counts['published']} published and "
        f"{counts['derived']} derived points. Each point's basis and source are the CSV's own.",
        "What the CSV says about this year: " + " ".join(comments),
        "Hourly rate = annual / 37 / 52.143. Rates are whole pounds; offers round to the pound, half-up (no "
        "published rounding rule was found; this one reproduces the published figures). No floor: the NJC has no "
        "separate underpin.",
    ]
    return Structure(
        id=f"njc/{year}",
        name=f"NJC pay spine {label} (England and Wales)",
        body="NJC",
        country="england-wales",
        pay_year=year,
        effective=f"20{year[2:4]}-04-01",
        unit="year",
        quantum="1",
        floor=None,
        notes=notes,
        sources=unique(urls + NJC_EXTRA_SOURCES[year]),
        points=dict(sorted(points.items())),
    )


# --- SJC settlements as functions (forwards) --------------------------------------------------------------
Case = tuple[str, Decimal]  # (case name, unrounded new rate)
C2000 = D(2000) / YEAR36
C1925 = D(1925) / YEAR36
C3000 = D(3000) / YEAR37
C850 = D(850) / YEAR37
C800 = D(800) / YEAR37
SLGLW_2021 = D("9.34")  # the floor before the 2021/22 settlement (checked against sjc/floor.csv)
SLGLW_2122 = D("9.78")  # the floor before the 2022/23 settlement (checked against sjc/floor.csv)


def settle_2022(scp: int, rate: Decimal, floor: Decimal = SLGLW_2122) -> Case:
    """The 2022/23 settlement on one 2021/22 rate (examples/sjc-2022-settlement.yaml), unrounded."""
    pay = max(rate, floor)
    if scp <= 24:
        case, inc = "2000", C2000
    elif rate * D("0.05") > C1925:
        case, inc = "5%", rate * D("0.05")
    else:
        case, inc = "1925", C1925
    if pay * YEAR37 >= 60000 and inc > C3000:
        case, inc = "cap", C3000
    return case, rate + inc


def settle_2021(scp: int, rate: Decimal, floor: Decimal = SLGLW_2021) -> Case:
    """The 2021/22 settlement on one 2020/21 rate (examples/sjc-2021-settlement.yaml), unrounded."""
    salary = max(rate, floor) * YEAR37
    if salary < 25000:
        return "850", rate + C850
    if salary < 40000:
        return "2%", rate * D("1.02")
    if salary < 80000:
        return "1%", rate * D("1.01")
    return "800", rate + C800


def award_2024(rate: Decimal) -> Decimal:
    """The 2024/25 award: the greater of +0.67 an hour and +3.6%, unrounded."""
    return rate + max(D("0.67"), rate * D("0.036"))


INVERSE_2022: list[tuple[str, Callable[[Decimal], Decimal]]] = [
    ("2000", lambda n: n - C2000),
    ("1925", lambda n: n - C1925),
    ("5%", lambda n: n / D("1.05")),
    ("cap", lambda n: n - C3000),
]
INVERSE_2021: list[tuple[str, Callable[[Decimal], Decimal]]] = [
    ("850", lambda n: n - C850),
    ("2%", lambda n: n / D("1.02")),
    ("1%", lambda n: n / D("1.01")),
    ("800", lambda n: n - C800),
]


@dataclass
class Reversal:
    old: Decimal
    case: str
    exact: bool  # the settlement applied to `old` and rounded gives back the later rate


def reverse(
    scp: int,
    new: Decimal,
    forward: Callable[[int, Decimal], Case],
    inverses: list[tuple[str, Callable[[Decimal], Decimal]]],
) -> Reversal:
    """The penny rate the settlement maps onto `new`: lowest consistent case first, then nearest the inverse."""
    fallback: Reversal | None = None
    for case, inv in inverses:
        x = inv(new)
        base = r2(x)
        for cand in sorted((base + k * PENNY for k in (-2, -1, 0, 1, 2)), key=lambda c: (abs(c - x), c)):
            got_case, got = forward(scp, cand)
            if got_case != case:
                continue
            if r2(got) == new:
                return Reversal(cand, case, True)
            if fallback is None and cand == base:
                fallback = Reversal(cand, case, False)
    if fallback is None:
        raise SystemExit(f"SCP {scp}: no case of the settlement is consistent with a later rate of {new}")
    return fallback


# --- SJC build --------------------------------------------------------------------------------------------
@dataclass
class SjcBuild:
    years: dict[str, Structure]
    report: list[str]


def interp_linear(knots: dict[int, Decimal], k: int) -> Decimal:
    """Linear interpolation by SCP between knots, flat beyond the end knots."""
    ks = sorted(knots)
    if k <= ks[0]:
        return knots[ks[0]]
    if k >= ks[-1]:
        return knots[ks[-1]]
    for a, b in itertools.pairwise(ks):
        if a <= k <= b:
            return knots[a] + (knots[b] - knots[a]) * D(k - a) / D(b - a)
    raise AssertionError(k)


def interp_geometric(knots: dict[int, Decimal], k: int, tail_ratio: Decimal) -> Decimal:
    """Log-linear interpolation by SCP between knots; above the last knot, continue at tail_ratio per step."""
    ks = sorted(knots)
    if k >= ks[-1]:
        return knots[ks[-1]] * tail_ratio ** (k - ks[-1])
    for a, b in itertools.pairwise(ks):
        if a <= k <= b:
            step = root(knots[b] / knots[a], b - a)
            return knots[a] * step ** (k - a)
    raise AssertionError(k)


def sjc_structure(year: str, floor: Flr, points: dict[int, Pt], notes: list[str], sources: list[str]) -> Structure:
    label = year.replace("-", "/")
    return Structure(
        id=f"sjc/{year}",
        name=f"SJC spinal column points {label} (Scotland; partly illustrative)",
        body="SJC",
        country="scotland",
        pay_year=year,
        effective=f"20{year[2:4]}-04-01",
        unit="hour",
        quantum="0.01",
        floor=floor,
        notes=notes,
        sources=unique(sources),
        points=dict(sorted(points.items())),
    )


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def signed(x: Decimal) -> str:
    return ("+" if x > 0 else "") + fmt(x) if x != 0 else "0.00"


def build_sjc(data: Path) -> SjcBuild:
    report: list[str] = []
    _, floor_rows = read_table(data / "sjc" / "floor.csv")
    floors = {r["pay_year"]: r for r in floor_rows}
    _, pub_rows = read_table(data / "sjc" / "published_points.csv")
    _, falkirk_rows = read_table(data / "sjc" / "spine_2023-24.csv")
    falkirk = {int(r["scp"]): Pt(D(r["hourly_rate"]), r["basis"], r["source"]) for r in falkirk_rows}

    def floor_of(year: str) -> Flr:
        r = floors[year]
        return Flr(D(r["slglw_hourly"]), r["basis"], r["source"])

    def pub(pay_year: str, scp: str, measure_start: str) -> tuple[Decimal, str]:
        for r in pub_rows:
            if r["pay_year"] == pay_year and r["scp"] == scp and r["measure"].startswith(measure_start):
                return D(r["value"].replace("circa", "").replace(",", "").strip()), r["source_url"]
        raise SystemExit(f"published_points.csv has no {pay_year} SCP {scp} {measure_start}")

    # Step 1: Edinburgh 2021/22 anchors (36-hour salaries).
    edin: dict[int, Decimal] = {}
    edin_salary: dict[int, Decimal] = {}
    for scp in (24, 25, 70, 71, 98, 99):
        salary, url = pub("2021/22", str(scp), "annual_salary_36h_gbp")
        assert url == EDINBURGH_2122, url
        edin_salary[scp] = salary
        edin[scp] = salary / YEAR36
    a21 = {k: r2(v) for k, v in edin.items()}

    # Step 2: 2022/23 anchors.
    anchors23: dict[int, tuple[Decimal, str]] = {}
    for scp, measure in (
        (55, "annual_salary_fulltime_gbp"),
        (65, "annual_salary_fulltime_gbp"),
        (43, "annual_salary_37h_gbp_top_of_band"),
    ):
        salary, url = pub("2022/23", str(scp), measure)
        anchors23[scp] = (
            r2(salary / YEAR37),
            f"computed: 2022/23 full-time salary £{money(salary)} (published{', circa' if scp == 43 else ''}) "
            f"/ (37 x 52.143) = {fmt(salary / YEAR37, 4)}, rounded; {url}",
        )
    anchors23[24] = (
        r2(edin[24] + C2000),
        f"computed: Edinburgh 2021/22 SCP24 £{money(edin_salary[24])} (36h) / (36 x 52.143) = {fmt(edin[24], 4)}, "
        f"plus the 2022/23 £2,000 on 36h ({fmt(C2000, 4)}/h) = {fmt(edin[24] + C2000, 4)}, rounded; "
        f"{EDINBURGH_2122}; {SETTLEMENT_2022}",
    )
    anchors23[25] = (
        r2(edin[25] + C1925),
        f"computed: Edinburgh 2021/22 SCP25 £{money(edin_salary[25])} (36h) / (36 x 52.143) = {fmt(edin[25], 4)}, "
        f"plus the 2022/23 £1,925 on 36h ({fmt(C1925, 4)}/h) = {fmt(edin[25] + C1925, 4)}, rounded; "
        f"{EDINBURGH_2122}; {SETTLEMENT_2022}",
    )
    for scp in (70, 71, 98, 99):
        case, val = settle_2022(scp, a21[scp])
        anchors23[scp] = (
            r2(val),
            f"computed: the 2022/23 settlement ({case}) applied to the Edinburgh 2021/22 SCP{scp} rate {a21[scp]} "
            f"(£{money(edin_salary[scp])} on 36h / (36 x 52.143)), rounded; {EDINBURGH_2122}; {SETTLEMENT_2022}",
        )
    assert anchors23[55][0] == D("17.38") and anchors23[65][0] == D("20.00") and anchors23[43][0] == D("14.96")
    assert anchors23[25][0] == D("11.81"), anchors23[25]
    floor23 = floor_of("2022-23")
    floor24 = floor_of("2023-24")

    # Step 3: 2023-24.
    p24: dict[int, Pt] = dict(falkirk)
    s18, s20, s30 = falkirk[18].rate, falkirk[20].rate, falkirk[30].rate
    r_low = root(s30 / s20, 10)
    for k in range(2, 18):
        v = s18 / r_low ** (18 - k)
        p24[k] = Pt(
            r2(v),
            "illustrative",
            f"illustrative: SCP18 {s18} (Falkirk) / {fmt(r_low, 6)}^{18 - k}, where {fmt(r_low, 6)} = "
            f"(SCP30 {s30} / SCP20 {s20})^(1/10), the mean step ratio of SCP 20-30; = {fmt(v, 4)}, rounded",
        )
    g19 = (s18 * s20).sqrt()
    p24[19] = Pt(
        r2(g19),
        "illustrative",
        f"illustrative: geometric mean of SCP18 {s18} and SCP20 {s20} (Falkirk), "
        f"sqrt({s18} x {s20}) = {fmt(g19, 4)}, rounded",
    )
    rise65 = D("21.21") / D("20.00")
    assert falkirk[65].rate / anchors23[65][0] == rise65
    s68 = falkirk[68].rate
    top_knots = {68: s68} | {k: anchors23[k][0] * rise65 for k in (70, 71, 98, 99)}
    tail = root(top_knots[99] / s68, 99 - 68)
    for k in range(69, 126):
        v = interp_geometric(top_knots, k, tail)
        if k in (70, 71, 98, 99):
            how = (
                f"the 2022/23 value {anchors23[k][0]} (Edinburgh 2021/22 anchor + the 2022/23 settlement) "
                f"x {rise65} (the 2023/24 rise at SCP65, held flat above it)"
            )
        elif k > 99:
            how = (
                f"SCP99 {fmt(top_knots[99], 4)} x {fmt(tail, 6)}^{k - 99}, {fmt(tail, 6)} being the mean "
                "step ratio of SCP 68-99"
            )
        else:
            lo = max(x for x in top_knots if x < k)
            hi = min(x for x in top_knots if x > k)
            how = f"geometric interpolation between SCP{lo} {fmt(top_knots[lo], 4)} and SCP{hi} {fmt(top_knots[hi], 4)}"
        p24[k] = Pt(r2(v), "illustrative", f"illustrative: {how}; = {fmt(v, 4)}, rounded")

    # Step 4: 2022-23. The 2023/24 settlement as the unions reported it gave everyone above the SLGLW (SCP 19 up) at
    # least £1.00 an hour, so no 2022-23 rate above SCP 18 may be more than the 2023-24 rate less £1.00. Where an
    # anchor breaks that (SCP 43's "circa £28,862"), the settlement's minimum wins: it is a term of the award, the
    # anchor an approximate salary; the anchor is reported with its gap and replaced by the highest rate it allows.
    conflicts23: dict[int, Decimal] = {}
    for k in sorted(anchors23):
        most = p24[k].rate - MIN_RISE_2324
        if k > 18 and anchors23[k][0] > most:
            conflicts23[k] = anchors23[k][0]
            anchors23[k] = (
                most,
                f"computed: {p24[k].rate} less the 2023/24 minimum rise of £1.00 an hour; the anchor "
                f"{anchors23[k][0]} ({anchors23[k][1]}) would give a rise of {p24[k].rate - anchors23[k][0]}, "
                "below the settlement's minimum, so the minimum wins",
            )
    rise_knots = {18: floor24.rate / floor23.rate}
    for k in (24, 25, 43, 55, 65):
        rise_knots[k] = p24[k].rate / anchors23[k][0]
    p23: dict[int, Pt] = {}
    rule23: dict[int, Decimal] = {}
    for k in SJC_POINTS:
        f = interp_linear(rise_knots, k)
        rule23[k] = r2(p24[k].rate / f)
        if k > 18 and rule23[k] > p24[k].rate - MIN_RISE_2324 and k not in anchors23:
            rule23[k] = p24[k].rate - MIN_RISE_2324
            p23[k] = Pt(
                rule23[k],
                "illustrative",
                f"illustrative: 2023/24 rate {p24[k].rate} less the 2023/24 settlement's minimum rise of £1.00 an "
                f"hour (the interpolated rise, / {fmt(f, 6)}, would give less than £1.00)",
            )
        elif k in anchors23:
            p23[k] = Pt(anchors23[k][0], "computed", anchors23[k][1])
        else:
            p23[k] = Pt(
                rule23[k],
                "illustrative",
                f"illustrative: 2023/24 rate {p24[k].rate} / {fmt(f, 6)}, the 2023/24 rise interpolated "
                f"by SCP between known rises (SLGLW at SCP18, SCP 24, 25, 43, 55, 65; flat beyond); rounded",
            )

    # Step 5: 2024-25.
    p25: dict[int, Pt] = {}
    for k in SJC_POINTS:
        old = p24[k]
        v = award_2024(old.rate)
        how = "+0.67" if D("0.67") >= old.rate * D("0.036") else "+3.6%"
        if old.basis == "illustrative":
            p25[k] = Pt(
                r2(v),
                "illustrative",
                f"illustrative: 2023/24 illustrative rate {old.rate} {how} (the 2024/25 award: the greater of "
                f"£0.67/h and 3.6%) = {fmt(v, 4)}, rounded; {AWARD_2024_OFFER}",
            )
        else:
            p25[k] = Pt(
                r2(v),
                "derived",
                f"derived: 2023/24 rate {old.rate} ({FALKIRK}) {how} (the 2024/25 award: the greater of "
                f"£0.67/h and 3.6%) = {fmt(v, 4)}, rounded; {AWARD_2024_OFFER}",
            )
    floor25 = floor_of("2024-25")
    assert r2(award_2024(floor24.rate)) == floor25.rate, "2024/25 award on the 2023/24 SLGLW must give 12.56"

    # Step 6: 2021-22.
    p22: dict[int, Pt] = {}
    rule22: dict[int, Reversal] = {}
    for k in SJC_POINTS:
        rev = reverse(k, p23[k].rate, settle_2022, INVERSE_2022)
        rule22[k] = rev
        if k in a21:
            p22[k] = Pt(
                a21[k],
                "computed",
                f"computed: Edinburgh 2021/22 SCP{k} £{money(edin_salary[k])} (36-hour week) / (36 x 52.143) "
                f"= {fmt(edin[k], 4)}, rounded; {EDINBURGH_2122}",
            )
        else:
            case = {
                "2000": "less £2,000 on 36h",
                "1925": "less £1,925 on 36h",
                "5%": "divided by 1.05",
                "cap": "less the £3,000 cap on 37h",
            }[rev.case]
            note = "" if rev.exact else " (no penny maps exactly; rounded inverse)"
            p22[k] = Pt(
                rev.old,
                "illustrative",
                f"illustrative: 2022/23 rate {p23[k].rate} {case} (the 2022/23 settlement reversed){note}",
            )
    floor22 = floor_of("2021-22")
    assert floor22.rate == SLGLW_2122

    # Step 7: 2020-21.
    p21: dict[int, Pt] = {}
    rule21: dict[int, Reversal] = {}
    for k in SJC_POINTS:
        rev = reverse(k, p22[k].rate, settle_2021, INVERSE_2021)
        rule21[k] = rev
        case = {
            "850": "less £850 on 37h (band below £25,000)",
            "2%": "divided by 1.02 (band £25,000-£40,000)",
            "1%": "divided by 1.01 (band £40,000-£80,000)",
            "800": "less £800 on 37h (band £80,000 and above)",
        }[rev.case]
        note = "" if rev.exact else " (no penny maps exactly; rounded inverse)"
        p21[k] = Pt(
            rev.old,
            "illustrative",
            f"illustrative: 2021/22 rate {p22[k].rate} {case} (the 2021/22 settlement reversed){note}",
        )
    floor21 = floor_of("2020-21")
    assert floor21.rate == SLGLW_2021

    years = {
        "2020-21": (p21, floor21),
        "2021-22": (p22, floor22),
        "2022-23": (p23, floor23),
        "2023-24": (p24, floor24),
        "2024-25": (p25, floor25),
    }

    # ---- checks ----
    for year, (pts, fl) in years.items():
        rates = [pts[k].rate for k in SJC_POINTS]
        bad = [SJC_POINTS[i + 1] for i in range(len(rates) - 1) if rates[i + 1] <= rates[i]]
        assert not bad, f"sjc/{year}: rates do not strictly increase at SCP {bad}"
        assert all(pts[k].rate < fl.rate for k in range(2, 18)), f"sjc/{year}: SCP 2-17 must sit below the floor"
        assert pts[19].rate > fl.rate, f"sjc/{year}: SCP19 must be above the floor"
    fwd22 = {k: r2(settle_2022(k, p22[k].rate)[1]) for k in SJC_POINTS}
    fwd21 = {k: r2(settle_2021(k, p21[k].rate)[1]) for k in SJC_POINTS}
    miss22 = [k for k in SJC_POINTS if fwd22[k] != p23[k].rate]
    miss21 = [k for k in SJC_POINTS if fwd21[k] != p22[k].rate]
    assert set(miss22) <= {24, 25}, miss22
    assert r2(floor22.rate + C2000) == floor23.rate and r2(floor21.rate + C850) == floor22.rate

    # ---- report (Markdown, pasted into docs/structures.md between markers) ----
    rep = report
    rep.append("#### 2022-23 anchors (the rule reproduces each exactly)")
    rep.append("")
    rows = []
    for k in sorted(anchors23):
        rows.append(
            [
                str(k),
                fmt(anchors23[k][0]),
                fmt(rule23[k]),
                signed(rule23[k] - anchors23[k][0]),
                fmt((rise_knots.get(k, p24[k].rate / anchors23[k][0]) - 1) * 100),
            ]
        )
    rows.insert(0, ["SLGLW", fmt(floor23.rate), "(floor)", "", fmt((rise_knots[18] - 1) * 100) + " (at SCP18)"])
    rep += table(["SCP", "anchor 2022/23", "rule value", "rule − anchor", "2023/24 rise %"], rows)
    rep.append("")
    rep.append("#### 2021-22: Edinburgh 2021/22 anchors vs the reversed 2022/23 settlement")
    rep.append("")
    rows = []
    for k in sorted(a21):
        rows.append(
            [
                str(k),
                f"£{money(edin_salary[k])}",
                fmt(edin[k], 4),
                fmt(a21[k]),
                fmt(rule22[k].old),
                signed(rule22[k].old - a21[k]),
                fmt(p23[k].rate),
                fmt(fwd22[k]),
            ]
        )
    rep += table(
        [
            "SCP",
            "Edinburgh 36h salary",
            "hourly (÷ 36 × 52.143)",
            "anchor used",
            "rule value",
            "rule − anchor",
            "2022-23 rate",
            "2022/23 settlement on the anchor",
        ],
        rows,
    )
    rep.append("")
    if miss22:
        rep.append(
            "Applying examples/sjc-2022-settlement.yaml to sjc/2021-22 reproduces sjc/2022-23 at every point except "
            + ", ".join(f"SCP{k} ({fwd22[k]} vs {p23[k].rate})" for k in miss22)
            + ": the 2022-23 anchors there come from the unrounded Edinburgh figure, the settlement from the "
            "penny-rounded one."
        )
        rep.append("")
    inexact22 = [k for k in SJC_POINTS if not rule22[k].exact and k not in a21]
    inexact21 = [k for k in SJC_POINTS if not rule21[k].exact]
    rep.append(
        f"Reversal: points where no penny rate maps exactly onto the later year — 2021-22: "
        f"{', '.join(map(str, inexact22)) or 'none'}; 2020-21: {', '.join(map(str, inexact21)) or 'none'}. "
        f"Applying examples/sjc-2021-settlement.yaml to sjc/2020-21 reproduces sjc/2021-22 "
        + ("at every point." if not miss21 else "except at SCP " + ", ".join(map(str, miss21)) + ".")
    )
    rep.append("")

    # Top-of-spine alternatives (in 2023/24 terms) and the fit of each to the carried-forward anchors.
    r5868 = root(s68 / falkirk[58].rate, 10)
    num = sum((D(k - 68) * (top_knots[k] / s68).ln() for k in (70, 71, 98, 99)), D(0))
    den = sum((D(k - 68) ** 2 for k in (70, 71, 98, 99)), D(0))
    r_ls = (num / den).exp()
    rep.append("#### 2023-24 SCP 69-125: Edinburgh anchors carried forward to 2023/24 vs three extrapolations")
    rep.append("")
    rep.append(
        f"Knot = the 2022/23 value (Edinburgh 2021/22 anchor + 2022/23 settlement) × {rise65}. Chosen: geometric "
        f"interpolation through the knots (tail ratio {fmt(tail, 6)} above SCP99). Alternatives: one ratio from "
        f"SCP68 — the mean step ratio of SCP 58–68 ({fmt(r5868, 6)}) or the least-squares fit in logs to the four "
        f"knots ({fmt(r_ls, 6)})."
    )
    rep.append("")
    rows = []
    for k in (70, 71, 98, 99, 125):
        knot = fmt(top_knots[k], 4) if k in top_knots else "—"
        rows.append([str(k), knot, fmt(p24[k].rate), fmt(r2(s68 * r5868 ** (k - 68))), fmt(r2(s68 * r_ls ** (k - 68)))])
    rep += table(["SCP", "knot", "chosen", "ratio SCP 58–68", "least-squares ratio"], rows)
    rep.append("")

    # Band placement checks against published band edges: the first SCP over each threshold.
    def salary37(r: Decimal) -> str:
        return f"£{money(r * YEAR37)}"

    def pct5(r: Decimal) -> str:
        return f"5% = {fmt(r * D('0.05'), 4)}"

    def pct36(r: Decimal) -> str:
        return f"3.6% = {fmt(r * D('0.036'), 4)}"

    edges: list[tuple[str, int, str, dict[int, Pt], Decimal, Callable[[Decimal], bool], Callable[[Decimal], str]]] = [
        (
            "2020-21 pay ≥ £25,000 on 37h (2% band)",
            41,
            "Edinburgh 2021/22 award: SCP 41–72 at 2%",
            p21,
            floor21.rate,
            lambda r: r * YEAR37 >= 25000,
            salary37,
        ),
        (
            "2020-21 pay ≥ £40,000 on 37h (1% band)",
            73,
            "Edinburgh: SCP 73–118 at 1%",
            p21,
            floor21.rate,
            lambda r: r * YEAR37 >= 40000,
            salary37,
        ),
        (
            "2020-21 pay ≥ £80,000 on 37h (£800 band)",
            119,
            "Edinburgh: SCP 119–125 flat",
            p21,
            floor21.rate,
            lambda r: r * YEAR37 >= 80000,
            salary37,
        ),
        (
            "2021-22 5% > £1,925 on 36h (1.0255/h)",
            71,
            "Edinburgh 2022/23 award: SCP 71–98 at 5%",
            p22,
            D(0),
            lambda r: r * D("0.05") > C1925,
            pct5,
        ),
        (
            "2021-22 pay ≥ £60,000 on 37h (cap)",
            99,
            "Edinburgh: SCP 99–125 capped",
            p22,
            floor22.rate,
            lambda r: r * YEAR37 >= 60000,
            salary37,
        ),
        (
            "2023-24 3.6% > £0.67 (2024/25 award)",
            56,
            'published: £0.67 on "SCP019 to SCP055"',
            p24,
            D(0),
            lambda r: r * D("0.036") > D("0.67"),
            pct36,
        ),
    ]
    rep.append("#### Band edges: where the built spines cross published thresholds (out-of-sample checks)")
    rep.append("")
    rows = []
    for label, edge, where, pts, edge_floor, pred, show in edges:
        got = next(k for k in SJC_POINTS if pred(max(pts[k].rate, edge_floor)))
        around = "; ".join(f"SCP{k} {pts[k].rate} ({show(max(pts[k].rate, edge_floor))})" for k in (got - 1, got))
        rows.append([label, f"{edge} ({where})", str(got), around])
    rep += table(["threshold", "published first SCP over it", "built", "built rates either side"], rows)

    # ---- notes and structures ----
    common_end = (
        "Points run SCP 2 to 125. The national top of the spine is not sourced: Edinburgh's bands run to SCP125, so "
        "the structure stops there. SCP 2-17 (and SCP18 where below the SLGLW) sit below the floor and are "
        "absorbed by it: pay there is the SLGLW. Rates are hourly on a 37-hour week, 52.143 weeks a year "
        "(1,929.291 hours); offers round hourly rates to the penny, half-up. Rules and anchor fits: "
        "docs/structures.md; generator: scripts/build_structures.py."
    )
    out: dict[str, Structure] = {}
    out["2023-24"] = sjc_structure(
        "2023-24",
        floor24,
        p24,
        [
            "SJC national spinal column points for 2023/24. Published: SCP 18 and 20-68, the hourly rates Falkirk "
            "Council publishes for the national points (sjc/spine_2023-24.csv). The SLGLW 11.89 is computed (12.56, "
            "published for 2024/25, less the 2024/25 award of 0.67).",
            "Illustrative: SCP19 = geometric mean of SCP18 and SCP20. SCP 2-17 = SCP18 stepped down by the mean step "
            f"ratio of SCP 20-30 ({fmt(r_low, 6)}). SCP 69-125 = geometric interpolation from SCP68 through the "
            "Edinburgh 2021/22 anchors (SCP 70, 71, 98, 99) carried forward by the 2022/23 settlement and by the "
            "2023/24 rise at SCP65 (6.05%), continued above SCP99 at the mean step ratio of SCP 68-99 "
            f"({fmt(tail, 6)}).",
            common_end,
        ],
        [FALKIRK, CC_NOV23, AWARD_2024_PAGE, EDINBURGH_2122, SETTLEMENT_2022],
    )
    out["2024-25"] = sjc_structure(
        "2024-25",
        floor25,
        p25,
        [
            "SJC spinal column points for 2024/25: the published 2024/25 award (the greater of £0.67 an hour and "
            "3.6%, on every point and the SLGLW) applied to sjc/2023-24 and rounded to the penny, half-up. The SLGLW "
            "12.56 is published and equals 11.89 + 0.67. Points built on Falkirk's published 2023/24 rates (SCP 18, "
            "20-68) are derived; the others inherit the illustrative basis of their 2023/24 rate. The £0.67 applies "
            'up to SCP55 and 3.6% from SCP56, as published ("SCP019 to SCP055").',
            common_end,
        ],
        [AWARD_2024_OFFER, AWARD_2024_PAGE, FALKIRK],
    )
    out["2022-23"] = sjc_structure(
        "2022-23",
        floor23,
        p23,
        [
            "SJC spinal column points for 2022/23, built backwards from sjc/2023-24 by dividing out the 2023/24 rise. "
            "The rise is known where a 2022/23 rate is: SCP55 17.38 and SCP65 20.00 (from published annual salaries "
            "£33,531 and £38,586 / 1,929.291), SCP43 14.96 (£28,862, circa), SCP24 11.70 and SCP25 11.81 (Edinburgh "
            "2021/22 36-hour salaries plus the 2022/23 £2,000 / £1,925), and the SLGLW 10.85 (placed at SCP18). "
            "Between these the percentage rise is interpolated linearly by SCP, flat beyond SCP18 and SCP65; the "
            "anchors come back exactly (basis computed). SCP 70, 71, 98, 99 are the 2022/23 settlement applied to "
            "the Edinburgh 2021/22 anchors (computed). Every other point is illustrative.",
            common_end,
        ],
        [CC_NOV23, UNISON_2324, EDINBURGH_2122, SETTLEMENT_2022, FALKIRK, floor23.source],
    )
    out["2021-22"] = sjc_structure(
        "2021-22",
        floor22,
        p22,
        [
            "SJC spinal column points for 2021/22, built backwards from sjc/2022-23 by reversing the 2022/23 "
            "settlement (SCP 2-24 +£2,000 and SCP25+ the greater of 5% and £1,925, both on a nominal 36-hour week; "
            "rise capped at £3,000 on 37 hours for pay of £60,000 or more), choosing for each point the penny rate "
            "that the settlement maps back onto the 2022/23 rate. Where Edinburgh published a 2021/22 salary (SCP "
            "24, 25, 70, 71, 98, 99; 36-hour week) its hourly equivalent replaces the rule (basis computed). Every "
            "other point is illustrative. Note: the settlement applied to the SCP24 and SCP25 anchors gives 11.71 "
            "and 11.82, a penny above the 2022/23 anchors 11.70 and 11.81.",
            common_end,
        ],
        [EDINBURGH_2122, SETTLEMENT_2022, SETTLEMENT_2021],
    )
    out["2020-21"] = sjc_structure(
        "2020-21",
        floor21,
        p21,
        [
            "SJC spinal column points for 2020/21, built backwards from sjc/2021-22 by reversing the 2021/22 "
            "settlement (bands by full-time pay on 37 hours: below £25,000 +£850; £25,000-£40,000 +2%; "
            "£40,000-£80,000 +1%; £80,000 and above +£800), choosing for each point the band consistent with its "
            "2020/21 pay (the lower band where both are) and the penny rate the settlement maps back onto the 2021/22 "
            "rate. Only the SLGLW 9.34 is published; every point is illustrative.",
            common_end,
        ],
        [floor21.source, SETTLEMENT_2021, EDINBURGH_2021_AWARD],
    )
    return SjcBuild(dict(sorted(out.items())), report)


# --- docs -------------------------------------------------------------------------------------------------
def summary(structures: list[Structure]) -> list[str]:
    """One row per bundled structure: points, floor and how many figures of each basis."""
    rows = []
    for s in structures:
        n = {b: sum(1 for p in s.points.values() if p.basis == b) for b in BASES}
        first, last = next(iter(s.points)), next(reversed(s.points))
        floor = f"{s.floor.name} {s.floor.rate} ({s.floor.basis})" if s.floor else "none"
        rows.append([f"`{s.id}`", s.unit, f"{first}–{last}", floor, *(str(n[b]) for b in BASES)])
    return ["#### Bundled structures", "", *table(["id", "unit", "SCP", "floor", *BASES], rows), ""]


BEGIN = "<!-- BEGIN generated fit tables: scripts/build_structures.py -->"
END = "<!-- END generated fit tables -->"


def with_report(doc: str, report: list[str]) -> str:
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{DOCS} lacks the markers {BEGIN!r} / {END!r}")
    head, _, rest = doc.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + BEGIN + "\n\n" + "\n".join(report) + "\n\n" + END + tail


def validate(text: str, ref: str, s: Structure) -> None:
    """Load the text with payround's own strict loader, so a bad file never gets written."""
    sys.path.insert(0, str(ROOT / "src"))
    from payround.errors import StructureError
    from payround.structures.loader import parse_structure
    from payround.yamlio import load_yaml_text

    loaded = parse_structure(load_yaml_text(text, ref, StructureError), ref)
    assert loaded.notes == "\n".join(s.notes), f"{ref}: the notes did not survive the YAML round trip"
    assert [(p.id, p.rate, p.basis, p.source) for p in loaded.points] == [
        (str(k), p.rate, p.basis, p.source) for k, p in s.points.items()
    ], f"{ref}: the points did not survive the YAML round trip"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--check", action="store_true", help="compare with the files on disk; write nothing")
    ap.add_argument("--report", action="store_true", help="print the fit tables and exit")
    args = ap.parse_args(argv)

    built: dict[Path, Structure] = {}
    for year in ("2021-22", "2022-23", "2023-24", "2024-25", "2025-26"):
        built[OUT / "njc" / f"{year}.yaml"] = build_njc(args.data, year)
    sjc = build_sjc(args.data)
    for year, s in sjc.years.items():
        built[OUT / "sjc" / f"{year}.yaml"] = s
    report = summary(list(built.values())) + sjc.report
    if args.report:
        print("\n".join(report))
        return 0
    files: dict[Path, str] = {}
    for path, s in built.items():
        files[path] = to_yaml(s)
        validate(files[path], str(path.relative_to(ROOT)), s)
    if DOCS.exists():
        files[DOCS] = with_report(DOCS.read_text(encoding="utf-8"), report)

    stale = [p for p, t in files.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(files[p], encoding="utf-8", newline="\n")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
