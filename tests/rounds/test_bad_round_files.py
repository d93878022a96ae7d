"""The broken round files: each message names the file, the place and the fix, and the CLI exits with code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from payround.errors import InputError
from payround.rounds import load_round

HERE = Path(__file__).resolve().parents[1] / "bad_inputs" / "rounds"
EXPECTED: dict[str, dict[str, str]] = yaml.safe_load((HERE / "expected_messages.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_message_names_file_place_and_fix(name: str) -> None:
    want = EXPECTED[name]
    path = HERE / name
    with pytest.raises(InputError) as err:
        load_round(path)
    message = str(err.value)
    named = HERE / want["file"] if "file" in want else path
    assert message.startswith(f"{named}: "), message
    if want["place"]:
        assert f": {want['place']}: " in message, message
    assert want["fix"] in message, message


def test_every_bad_round_file_is_listed() -> None:
    on_disk = {p.name for p in HERE.glob("*.yaml") if p.name != "expected_messages.yaml"}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 15


def test_the_cli_exits_2_with_one_line_and_no_traceback() -> None:
    code = "from payround.cli.rounds import register; import typer, sys\n" + _RUNNER
    proc = subprocess.run(
        [sys.executable, "-c", code, "round", "show", str(HERE / "action_unknown_employer.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    assert "industrial_action[0].employer" in proc.stderr


_RUNNER = """
from payround.errors import PayroundError
app = typer.Typer()
register(app)
try:
    app(standalone_mode=False)
except PayroundError as exc:
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(2)
"""
