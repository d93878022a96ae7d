"""The round commands through Typer's test runner: formats and JSON keys (DESIGN §7), the database, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from icalendar import Calendar
from typer.testing import CliRunner

from payround.cli.rounds import register
from payround.errors import RoundError
from payround.rounds import load_round, parse_round

app = typer.Typer()
register(app)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test in its own folder, with no database configured (the default is ./payround.sqlite3)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PAYROUND_DATABASE_URL", raising=False)
    return tmp_path


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_impact_json_has_the_contract_keys() -> None:
    doc = json.loads(run("impact", "birmingham-2025", "--at", "2025-03-31", "--format", "json"))
    assert doc["at"] == "2025-03-31" and doc["backlog_tonnes"] == "15771"
    assert doc["by_employer"]["Birmingham City Council"]["backlog_tonnes"] == "15771"
    assert doc["by_employer"]["Birmingham City Council"]["days_to_clear"] == "26"


def test_impact_check_prints_the_birmingham_error() -> None:
    out = run("impact", "birmingham-2025", "--at", "2025-03-31", "--check")
    assert "-1229 t" in out and "-7.2" in out and "+4 days" in out
    doc = json.loads(run("impact", "birmingham-2025", "--at", "2025-03-31", "--check", "--format", "json"))
    assert [c["error_pct"] for c in doc["checks"]] == ["-7.2", "-9.2", None]


def test_impact_day_by_day() -> None:
    out = run("impact", "sjc-2022-23", "--at", "2022-08-31", "--daily", "City of Edinburgh")
    assert "2022-08-29" in out and "6,789" in out and "scotland_household_waste" in out


def test_ballot_check_json_has_the_contract_keys(tmp_path: Path) -> None:
    path = tmp_path / "ballots.yaml"
    path.write_text(
        "ballots:\n"
        "  - {id: schools-2026-01, union: Unison, employers: [A Council], bargaining_unit: school support staff,\n"
        "     important_public_services: true, opened: 2026-01-10, closed: 2026-01-31,\n"
        "     eligible: 1000, votes_cast: 550, votes_yes: 380, votes_no: 170}\n"
        "  - {id: schools-2026-03, union: Unison, employers: [A Council], bargaining_unit: school support staff,\n"
        "     important_public_services: true, opened: 2026-02-18, closed: 2026-03-10,\n"
        "     eligible: 1000, votes_cast: 550, votes_yes: 380, votes_no: 170}\n",
        encoding="utf-8",
    )
    doc = json.loads(run("ballot", "check", str(path), "--format", "json"))
    first, second = doc["ballots"]
    assert {k: first[k] for k in ("id", "valid", "mandate_expires")} == {
        "id": "schools-2026-01",
        "valid": False,
        "mandate_expires": "2026-07-31",
    }
    assert first["reasons"] and "40.0%" in first["reasons"][0]
    assert (second["valid"], second["reasons"], second["mandate_expires"]) == (True, [], "2027-03-10")
    assert second["rules"]["in_force_from"] == "2026-02-18"
    assert any("freshfields" in s for s in second["rules"]["sources"])


def test_ballot_check_on_a_bundled_round() -> None:
    out = run("ballot", "check", "birmingham-2025")
    assert "unite-2025-06" in out and "2025-12-06" in out


def test_timeline_json_lists_each_offer_with_its_floor() -> None:
    doc = json.loads(run("round", "timeline", "sjc-2022-23", "--format", "json", "--workforce", "none"))
    floors = {e["ref"]: e["floor"]["after"] for e in doc["entries"] if e["kind"] in ("claim", "offer")}
    assert floors == {"claim": "12.00", "offer-1": "9.98", "offer-2": None, "offer-3": "10.50", "offer-4": None,
                      "offer-5": "10.85"}  # fmt: skip


def test_show_summarises_the_round() -> None:
    doc = json.loads(run("round", "show", "sjc-2022-23", "--format", "json"))
    assert doc["industrial_action"] == {"total": 86, "by_status": {"held": 40, "suspended": 46}}
    assert doc["settlement"]["offer"] == "offer-5"
    assert "Settled on offer-5" in run("round", "show", "sjc-2022-23")


def test_calendar_writes_an_ical_file_for_one_employer_and_service() -> None:
    out = run("calendar", "--employer", "City of Edinburgh", "--service", "refuse", "--until", "2026-01-27")
    cal = Calendar.from_ical(out)
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == [
        "Bin collections strike: City of Edinburgh (GMB, Unite)",
        "Bin collections strike: City of Edinburgh (GMB, Unite) (suspended)",
    ]
    doc = json.loads(
        run("calendar", "--service", "refuse", "--status", "held", "--format", "json", "--until", "2025-04-01")
    )
    assert "Birmingham City Council" in {e["employer"] for e in doc["events"]}
    assert {e["status"] for e in doc["events"]} == {"held"}
    assert "Strike calendar" in run("calendar", "--service", "refuse", "--format", "table", "--until", "2025-04-01")


def test_import_export_round_trip_through_the_default_database(tmp_path: Path) -> None:
    assert "Imported sjc-2022-23" in run("round", "import", "sjc-2022-23", "--as", "cli")
    assert (tmp_path / "payround.sqlite3").exists()
    exported = tmp_path / "out.yaml"
    run("round", "export", "sjc-2022-23", "--output", str(exported))
    assert load_round(exported) == load_round("sjc-2022-23")
    listing = json.loads(run("round", "list", "--format", "json"))
    assert [(r["id"], r["where"]) for r in listing] == [("sjc-2022-23", "database"), ("birmingham-2025", "bundled")]
    log = json.loads(run("round", "log", "sjc-2022-23", "--format", "json"))
    assert [(e["actor"], e["action"], e["local"]) for e in log] == [("cli", "round.imported", True)]


def test_the_stored_round_is_what_later_commands_read(tmp_path: Path) -> None:
    text = tmp_path / "r.yaml"
    data = load_round("birmingham-2025").model_dump(by_alias=True, mode="json", exclude_defaults=True)
    data["name"] = "Birmingham, as edited"
    text.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    assert parse_round(text.read_text(encoding="utf-8"), "r.yaml").name == "Birmingham, as edited"
    run("round", "import", str(text), "--as", "alice")
    doc = json.loads(run("round", "show", "birmingham-2025", "--format", "json"))
    assert doc["name"] == "Birmingham, as edited"


def test_import_twice_is_an_error_with_the_fix() -> None:
    run("round", "import", "birmingham-2025")
    result = runner.invoke(app, ["round", "import", "birmingham-2025"])
    assert isinstance(result.exception, RoundError) and "--replace" in str(result.exception)
    assert "Replaced" in run("round", "import", "birmingham-2025", "--replace")


def test_an_unknown_round_is_an_error_naming_the_choices() -> None:
    result = runner.invoke(app, ["round", "show", "sjc-2099"])
    assert isinstance(result.exception, RoundError) and "birmingham-2025" in str(result.exception)
