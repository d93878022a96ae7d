"""Loading workforces is quiet and light: generating a bundled workforce reports progress through a callback and
prints nothing; reading a cached one imports neither SciPy nor the generator nor the calibration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from payround.workforce import load_workforce

ROOT = Path(__file__).resolve().parents[2]


def test_generating_reports_progress_and_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAYROUND_CACHE_DIR", str(tmp_path))
    seen: list[tuple[str, int, int]] = []
    wf = load_workforce("sjc/illustrative", progress=lambda *a: seen.append(a))
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert [s[1:] for s in seen] == [(0, 1), (1, 1)] and "sjc/illustrative" in seen[0][0]
    assert wf.headcount == 200_000
    again: list[tuple[str, int, int]] = []
    load_workforce("sjc/illustrative", progress=lambda *a: again.append(a))
    assert again == []  # cached: nothing to report


def test_a_cached_bundled_workforce_loads_without_scipy(tmp_path: Path) -> None:
    env = {**os.environ, "PAYROUND_CACHE_DIR": str(tmp_path), "PYTHONPATH": os.pathsep.join(sys.path)}
    warm = "from payround.workforce import load_workforce; load_workforce('sjc/illustrative')"
    subprocess.run([sys.executable, "-c", warm], check=True, env=env, cwd=ROOT)
    probe = (
        "import sys, json; from payround.workforce import load_workforce; load_workforce('sjc/illustrative');"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy' or m.startswith("
        "('payround.calibration', 'payround.workforce.synth.generate', 'payround.costing')))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], check=True, env=env, cwd=ROOT, capture_output=True, text=True)
    assert json.loads(done.stdout) == []
    assert done.stderr == ""


def test_the_cli_shows_progress_on_stderr_and_writes_only_json_on_stdout_on_first_use(tmp_path: Path) -> None:
    """On a fresh machine the first command that needs a bundled workforce generates it, with a progress bar on
    stderr; stdout stays one JSON document (two at once, as CI's workers run them, both succeed)."""
    env = {**os.environ, "PAYROUND_CACHE_DIR": str(tmp_path), "COLUMNS": "100"}
    cmd = [sys.executable, "-m", "payround", "workforce", "describe", "sjc/illustrative", "--format", "json"]
    runs = [subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in "ab"]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
        assert b"Traceback" not in err
        assert json.loads(out)["headcount"] == 200_000
