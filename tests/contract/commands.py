"""Every ``--format json`` command on the bundled examples whose output is a contract (DESIGN §7).

``tests/contract/golden/<name>.json`` holds what each printed before the reports layer; the test checks that today's
output is the same document or only adds keys. Regenerate deliberately (a data correction, a documented change) with
``python -m tests.contract.capture``.
"""

from __future__ import annotations

SJC_OFFER = "examples/sjc-2022-08-revised-offer.yaml"
SJC_SETTLED = "examples/sjc-2022-settlement.yaml"
NJC_OFFER = "examples/njc-2023-24.yaml"

COMMANDS: dict[str, list[str]] = {
    "structures": ["structures"],
    "show-njc-2024-25": ["show", "njc/2024-25"],
    "show-sjc-2021-22": ["show", "sjc/2021-22"],
    **{
        f"apply-{name}": ["apply", f"examples/{name}.yaml"]
        for name in (
            "njc-2022-23",
            "njc-2023-24",
            "njc-2024-25",
            "njc-2025-26",
            "sjc-2021-settlement",
            "sjc-2022-08-revised-offer",
            "sjc-2022-settlement",
        )
    },
    "apply-on-other-structure": ["apply", "examples/njc-2025-26.yaml", "--structure", "njc/2024-25"],
    "compare": ["compare", SJC_OFFER, SJC_SETTLED],
    "compare-workforce": ["compare", SJC_OFFER, SJC_SETTLED, "--workforce", "sjc/illustrative"],
    "compare-household": ["compare", SJC_OFFER, SJC_SETTLED, "--household", "lone-parent-2"],
    "cost-sjc": ["cost", SJC_SETTLED, "--workforce", "sjc/illustrative"],
    "cost-sjc-by-employer": ["cost", SJC_OFFER, "--workforce", "sjc/illustrative", "--by", "employer"],
    "cost-njc": ["cost", NJC_OFFER, "--workforce", "njc/illustrative"],
    "cost-njc-by-gender": ["cost", "examples/njc-2025-26.yaml", "--workforce", "njc/illustrative", "--by", "gender"],
    "distribution-sjc": ["distribution", SJC_OFFER, "--workforce", "sjc/illustrative", "--claim", "12:5"],
    "distribution-njc": ["distribution", NJC_OFFER, "--workforce", "njc/illustrative"],
    "workforce-describe": ["workforce", "describe", "sjc/illustrative", "--structure", "sjc/2021-22"],
    "workforce-calibration": ["workforce", "calibration", "sjc/illustrative"],
    "takehome": ["takehome", SJC_OFFER, "--household", "single", "--household", "lone-parent-2", "--points", "2-30"],
    "takehome-netcost": ["takehome", SJC_OFFER, "--household", "single", "--workforce", "sjc/illustrative"],
    "realterms": ["realterms", SJC_OFFER, SJC_SETTLED],
    "round-show-sjc": ["round", "show", "sjc-2022-23"],
    "round-show-birmingham": ["round", "show", "birmingham-2025"],
    "round-timeline": ["round", "timeline", "sjc-2022-23"],
    "round-list": ["round", "list", "--database", "sqlite:///:memory:"],
    "ballot-check-birmingham": ["ballot", "check", "birmingham-2025"],
    "ballot-check-sjc": ["ballot", "check", "sjc-2022-23"],
    "calendar": ["calendar", "--until", "2025-12-31", "--database", "sqlite:///:memory:"],
    "impact": ["impact", "birmingham-2025", "--at", "2025-03-31", "--check"],
    "impact-sjc": ["impact", "sjc-2022-23", "--at", "2022-09-01"],
}
