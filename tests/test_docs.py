"""Docs that cannot drift: every step, amount and selector of the schema, and every command, is documented."""

from __future__ import annotations

from pathlib import Path

import typer

from payround.cli import app
from payround.offers.schema import _AMOUNT_KEYS, _STEP_KEYS, Selector

ROOT = Path(__file__).resolve().parents[1]
FORMAT = (ROOT / "docs" / "offer-format.md").read_text(encoding="utf-8")


def test_every_step_amount_and_selector_is_in_the_format_reference() -> None:
    for key in (*_STEP_KEYS, *_AMOUNT_KEYS):
        assert f"`{key}" in FORMAT or f"{{{key}:" in FORMAT, key
    for field in Selector.model_fields:
        assert f"{{{field}:" in FORMAT, field


def _command_names(t: typer.Typer, prefix: str = "") -> list[str]:
    names = [prefix + (c.name or c.callback.__name__) for c in t.registered_commands if c.callback]
    for group in t.registered_groups:
        if group.typer_instance is not None:
            names += _command_names(group.typer_instance, f"{prefix}{group.name} ")
    return names


def test_every_command_is_in_the_readme_or_the_docs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))
    )
    missing = [n for n in _command_names(app) if f"payround {n}" not in text]
    assert missing == []
