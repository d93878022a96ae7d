"""The user, member and db commands end to end on an SQLite file: a side is granted, drafts stay private, the log
names local users, and a refused step is one line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from payround.cli import app
from payround.errors import StoreError
from payround.store import draft_offer, open_store
from payround.store.lookup import local_session

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_sides_are_granted_through_the_command_line(tmp_path: Path) -> None:
    db = ["--database", f"sqlite:///{tmp_path / 'r.sqlite3'}"]
    run("round", "import", "sjc-2022-23", "--as", "convenor", *db)
    for user in ("cosla-officer", "unison-rep", "gmb-rep", "spy"):
        run("user", "add", user, "--as", "convenor", *db)
    run("member", "appoint", "sjc-2022-23", "cosla-officer", "--side", "employers", "--as", "convenor", *db)
    run("member", "appoint", "sjc-2022-23", "unison-rep", "--side", "unions", "--as", "convenor", *db)
    run("member", "invite", "sjc-2022-23", "gmb-rep", "--as", "unison-rep", *db)
    run("member", "accept", "sjc-2022-23", "--as", "gmb-rep", *db)
    run("member", "request", "sjc-2022-23", "--side", "unions", "--as", "spy", *db)
    refused = runner.invoke(app, ["member", "approve", "sjc-2022-23", "spy", "--as", "spy", *db])
    assert refused.exit_code != 0 and isinstance(refused.exception, StoreError)
    members = json.loads(run("member", "list", "sjc-2022-23", "-f", "json", *db))
    assert {(m["user"], m["side"], m["status"]) for m in members} >= {
        ("gmb-rep (local)", "unions", "active"),
        ("spy (local)", "unions", "requested"),
    }
    with local_session(db[1], "gmb-rep") as s:
        offer = {"name": "5%", "structure": "sjc/2021-22",
                 "stages": [{"effective": "2022-04-01", "steps": [{"raise": {"percent": 5}}]}]}  # fmt: skip
        draft_offer(s, "sjc-2022-23", "claim-5", "5%", offer, by="GMB")
    mine = run("round", "export", "sjc-2022-23", "--drafts", "--as", "unison-rep", *db)
    assert "claim-5" in mine
    theirs = runner.invoke(app, ["round", "export", "sjc-2022-23", "--drafts", "--as", "cosla-officer", *db])
    assert theirs.exit_code == 0 and "claim-5" not in theirs.stdout
    assert "claim-5" not in run("round", "export", "sjc-2022-23", *db)
    log = json.loads(run("round", "log", "sjc-2022-23", "-f", "json", "--as", "spy", *db))
    assert log[0]["actor"] == "convenor" and log[0]["local"] is True
    assert not [e for e in log if "claim-5" in json.dumps(e)]
    assert "verify" in run("round", "verify", "sjc-2022-23", "--as", "gmb-rep", *db)
    users = json.loads(run("user", "list", "-f", "json", *db))
    assert [u["site admin"] for u in users if u["user"] == "convenor"] == ["yes"]


def test_db_migrate_reports_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    assert "is at schema" in run("db", "migrate", "--database", url)
    open_store(url).close()
    refused = runner.invoke(app, ["db", "migrate", "--app-role", "payround_app", "--database", url])
    assert isinstance(refused.exception, StoreError) and "PostgreSQL only" in str(refused.exception)
