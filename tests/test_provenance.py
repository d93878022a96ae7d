"""Every bundled data file says which shared reference files it came from, and is regenerated when they change.

src/payround/data/PROVENANCE.yaml records, per bundled file, the sha256 of each shared source when the file was
last regenerated (scripts/provenance.py). With the shared folder beside the repo (as in CI), a changed shared file
fails the check naming the bundled files to regenerate and the shared files that changed.
"""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import EXAMPLES, ROOT, SHARED

SHARED_DATA = SHARED / "data"
needs_shared = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason="the shared reference data (../shared/data) is not beside the repo"
)


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("provenance", ROOT / "scripts" / "provenance.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("provenance", module)  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


pv = _script()


def test_the_manifest_lists_every_bundled_data_file_and_nothing_else() -> None:
    rep = pv.check(ROOT, pv.load())  # any directory: this part looks at the bundled side only
    assert not rep.unlisted, f"add these to src/payround/data/PROVENANCE.yaml: {rep.unlisted}"
    assert not rep.vanished, f"PROVENANCE.yaml lists files that do not exist: {rep.vanished}"


def test_a_file_with_no_shared_source_says_what_it_is() -> None:
    for e in pv.load():
        assert (e.how == "ours") == (not e.sources), e.bundled
        if e.how == "ours":
            assert e.ours, f"{e.bundled}: say where its figures come from (`ours`)"


@needs_shared
def test_no_bundled_file_is_stale() -> None:
    rep = pv.check(SHARED_DATA, pv.load())
    assert rep.ok, "\n" + rep.text()


@needs_shared
def test_the_check_names_the_stale_files_and_the_changed_shared_file(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "data"
    shutil.copytree(SHARED_DATA, shared)
    shutil.copytree(SHARED / "examples", shared.parent / "examples")
    ni = shared / "params" / "ni.md"
    ni.write_text(ni.read_text(encoding="utf-8").replace("£10,500", "£10,600"), encoding="utf-8")
    (shared / "rounds" / "households_scotland.csv").unlink()
    rep = pv.check(shared, pv.load())
    stale = {s.bundled: s for s in rep.stale}
    assert stale["params/ni/employer/employment_allowance.yaml"].changed == ["params/ni.md"]
    assert stale["rounds/households_scotland.csv"].missing == ["rounds/households_scotland.csv"]
    assert "params/wages/nlw.yaml" not in stale
    text = rep.text()
    assert "params/ni/employer/rate.yaml  <-  params/ni.md (changed)" in text
    assert "rounds/households_scotland.csv  <-  rounds/households_scotland.csv (missing)" in text


@needs_shared
def test_update_records_the_new_hashes_of_a_regenerated_file(tmp_path: Path) -> None:
    shared = tmp_path / "data"
    shutil.copytree(SHARED_DATA, shared)
    wages = shared / "params" / "wages.md"
    wages.write_text(wages.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    manifest = tmp_path / "PROVENANCE.yaml"
    shutil.copy(pv.MANIFEST, manifest)
    args = ["--data", str(shared), "--manifest", str(manifest), "--no-generator"]
    assert pv.main(args) == 1
    assert pv.main([*args, "--update", "src/payround/data/params/wages/nlw.yaml"]) == 0
    still = {s.bundled for s in pv.check(shared, pv.load(manifest)).stale}
    assert "params/wages/nlw.yaml" not in still
    assert {"params/wages/rlw_uk.yaml", "structures/sjc/2024-25.yaml"} <= still


@needs_shared
def test_the_generated_structures_are_recorded_only_when_rebuilt(tmp_path: Path) -> None:
    manifest = tmp_path / "PROVENANCE.yaml"
    shutil.copy(pv.MANIFEST, manifest)
    entries = pv.load(manifest)
    with pytest.raises(SystemExit, match=r"build_structures\.py --check fails"):
        pv.update(SHARED_DATA, entries, ["structures/njc/2024-25.yaml"], generator_ok=False)


@needs_shared
def test_the_example_offers_are_the_shared_ones() -> None:
    for shared in sorted((SHARED / "examples").iterdir()):
        ours = EXAMPLES / shared.name
        assert ours.is_file(), f"examples/{shared.name} is missing (copy it from ../shared/examples)"
        assert ours.read_bytes() == shared.read_bytes(), f"examples/{shared.name} differs from ../shared/examples"


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines))


@needs_shared
def test_the_inflation_series_is_the_shared_one_plus_the_months_we_filled() -> None:
    shared = {r["date"]: r for r in _rows(SHARED_DATA / "params" / "inflation.csv")}
    ours = {r["date"]: r for r in _rows(pv.DATA / "inflation" / "uk_cpi_rpi_12m.csv")}
    assert list(ours) == list(shared)
    assert {d: r["cpi_12m"] for d, r in ours.items()} == {d: r["cpi_12m"] for d, r in shared.items()}
    filled = sorted(d for d in ours if ours[d]["rpi_12m"] != shared[d]["rpi_12m"])
    assert all(not shared[d]["rpi_12m"] for d in filled), "an RPI month differs from the shared data"
    entry = next(e for e in pv.load() if e.bundled == "inflation/uk_cpi_rpi_12m.csv")
    for d in filled:  # each month we filled is declared, and its row names its own source
        assert d in entry.ours, f"RPI {d} differs from the shared data: say so in PROVENANCE.yaml `ours`"
        assert "not found" not in ours[d]["source_url"].split("RPI:")[1], d


@needs_shared
def test_the_household_counts_are_the_shared_ones() -> None:
    shared = [
        (r["council"], r["households"], r["year"]) for r in _rows(SHARED_DATA / "rounds" / "households_scotland.csv")
    ]
    ours = [(r["council"], r["households"], r["year"]) for r in _rows(pv.DATA / "rounds" / "households_scotland.csv")]
    assert ours == shared
