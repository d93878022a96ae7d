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
