"""Write tests/contract/golden/*.json from today's CLI (run from the repo root: python -m tests.contract.capture)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.contract.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"


def run(args: list[str]) -> object:
    """Run ``payround ARGS --format json`` and parse what it printed on stdout."""
    cmd = [sys.executable, "-m", "payround", *args, "--format", "json"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True, timeout=600)
    return json.loads(done.stdout)


def main() -> None:
    """Capture every command (or those named on the command line)."""
    GOLDEN.mkdir(exist_ok=True)
    for name in sys.argv[1:] or list(COMMANDS):
        doc = run(COMMANDS[name])
        (GOLDEN / f"{name}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(name)


if __name__ == "__main__":
    main()
