"""docs/rounds.md cannot drift: its round-file example is valid, and its Birmingham figures are the model's."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from payround.rounds import check_against_reports, load_round, parse_round
from payround.rounds.schema import RoundFile

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rounds.md"
TEXT = DOCS.read_text(encoding="utf-8")


def test_the_round_file_example_is_a_valid_round_using_every_top_level_key() -> None:
    block = TEXT.split("```yaml\n", 1)[1].split("```", 1)[0]
    rf = parse_round(block, str(DOCS), base_dir=DOCS.parent)
    used = set(rf.model_fields_set)
    assert used >= set(RoundFile.model_fields) - {"period_note", "sources"}
    assert [a.key() for a in rf.industrial_action] == ["example-strike"]
    assert rf.ballots[0].important_public_services


def test_the_birmingham_figures_in_the_docs_are_what_the_model_gives() -> None:
    _, checks = check_against_reports(load_round("birmingham-2025"))
    for c in checks:
        if c.error_pct is not None:
            assert f"({c.error_pct.replace('-', '−')}%)" in TEXT, c
        if c.kind == "cleared_by":
            assert c.modelled == date(2025, 4, 26).isoformat()
            assert re.search(r"cleared on \*\*26 April\*\*", TEXT) and f"**{c.error}**" in TEXT
        else:
            assert f"**{int(c.modelled.split(' t')[0]):,} t**" in TEXT, c
