"""``payround user passwd`` and ``payround serve``'s settings check, from the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from payround.cli import app
from payround.store import open_store
from payround.web.accounts import check_password


def test_user_passwd_creates_a_signed_in_user(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    runner = CliRunner()
    args = ["user", "passwd", "alice", "--create", "--password-stdin", "--as", "ops", "--database", url]
    r = runner.invoke(app, args, input="a-long-password-1\n")
    assert r.exit_code == 0, r.output
    store = open_store(url)
    with store.session() as s:
        assert check_password(s, "alice", "a-long-password-1") is not None
        assert check_password(s, "alice", "wrong-password-1") is None
        assert check_password(s, "ops", "a-long-password-1") is None  # a local user never signs in
    store.close()
    r = runner.invoke(app, ["user", "passwd", "bob", "--password-stdin", "--as", "ops", "--database", url], input="x\n")
    assert r.exit_code != 0


def test_serve_refuses_unsafe_prod(monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.setenv("PAYROUND_ENV", "prod")
    try:
        r = CliRunner().invoke(app, ["serve", "--port", "8999"])
    finally:
        mp.undo()
    assert r.exit_code != 0
