"""One function per use case, each returning a frozen, typed report that every front end renders.

``report.model_dump(mode="json")`` (or ``report.to_json()``) is the ``--format json`` document; ``report.blocks()``
and ``report.tables()`` are what people see, rendered alike by the terminal, Excel, HTML and PDF. Inputs are
resolved through :mod:`payround.sources`, so a server gives a use case only bundled data and uploads.

Functions are imported on first use: ``import payround.reports`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "apply_report": "payround.reports.offers",
    "ballot_check_report": "payround.reports.action",
    "calendar_report": "payround.reports.action",
    "calibration_report": "payround.reports.workforce",
    "compare_report": "payround.reports.offers",
    "compare_view_report": "payround.reports.preview_takehome",
    "constraints_check_report": "payround.reports.settle",
    "cost_report": "payround.reports.costing",
    "db_migrate_report": "payround.reports.members",
    "distribution_report": "payround.reports.costing",
    "draft_offer_report": "payround.reports.sides",
    "explain_report": "payround.reports.offers",
    "impact_report": "payround.reports.action",
    "member_accept_report": "payround.reports.members",
    "member_appoint_report": "payround.reports.members",
    "member_approve_report": "payround.reports.members",
    "member_invite_report": "payround.reports.members",
    "member_list_report": "payround.reports.members",
    "member_request_report": "payround.reports.members",
    "member_revoke_report": "payround.reports.members",
    "preview_report": "payround.reports.preview",
    "regrade_report": "payround.reports.regrade",
    "revise_offer_report": "payround.reports.sides",
    "round_export": "payround.reports.rounds",
    "round_import_report": "payround.reports.rounds",
    "round_list_report": "payround.reports.rounds",
    "round_log_report": "payround.reports.rounds",
    "round_show_report": "payround.reports.rounds",
    "round_timeline_report": "payround.reports.rounds",
    "realterms_report": "payround.reports.takehome",
    "round_verify_report": "payround.reports.rounds",
    "schema_text": "payround.reports.schemas",
    "settle_report": "payround.reports.settle",
    "side_audit_report": "payround.reports.sides",
    "side_offer": "payround.reports.sides",
    "side_offers_report": "payround.reports.sides",
    "structure_report": "payround.reports.offers",
    "structures_report": "payround.reports.offers",
    "synth_report": "payround.reports.workforce",
    "takehome_report": "payround.reports.takehome",
    "table_offer_report": "payround.reports.sides",
    "user_add_report": "payround.reports.members",
    "user_list_report": "payround.reports.members",
    "user_passwd_report": "payround.reports.accounts",
    "validate_report": "payround.reports.offers",
    "workforce_check_report": "payround.reports.preview",
    "workforce_describe_report": "payround.reports.workforce",
    "workforce_validate_report": "payround.reports.workforce",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """Import a use case on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'payround.reports' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
