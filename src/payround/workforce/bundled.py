"""Bundled illustrative workforces (``sjc/illustrative``, ``njc/illustrative``): shipped as generator configurations
and generated deterministically on first use into a cache (``$PAYROUND_CACHE_DIR``, else ``$XDG_CACHE_HOME/payround``
or ``~/.cache/payround``), as Parquet. Each cache file has a ``.sha256`` companion (its size and SHA-256); a file that
does not match it, or cannot be read, is generated again rather than trusted."""

from __future__ import annotations

import hashlib
import logging
import os
from importlib import resources
from pathlib import Path

from payround.errors import WorkforceError
from payround.workforce.load import Progress, workforce_from_raw
from payround.workforce.model import Workforce
from payround.workforce.read import read_table

__all__ = [
    "GENERATOR_VERSION",
    "Progress",
    "bundled_workforce_ids",
    "cache_dir",
    "cache_path",
    "load_bundled",
    "write_parquet",
]

log = logging.getLogger(__name__)

GENERATOR_VERSION = "4"  # bump when the generator's output (or the cache file's layout) changes


def bundled_workforce_ids() -> list[str]:
    """Ids of the bundled workforces, e.g. ``['njc/illustrative', 'sjc/illustrative']``."""
    root = resources.files("payround").joinpath("data", "workforces")
    names = sorted(p.name[: -len(".yaml")] for p in root.iterdir() if p.name.endswith(".yaml"))
    return [n.replace("-", "/", 1) for n in names]


def cache_dir() -> Path:
    """Where generated workforces are kept."""
    if os.environ.get("PAYROUND_CACHE_DIR"):
        return Path(os.environ["PAYROUND_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "payround"


def _config_text(name: str) -> str:
    return resources.files("payround").joinpath("data", "workforces", f"{name}.yaml").read_text(encoding="utf-8")


def cache_path(workforce_id: str) -> Path:
    """The cache file for a bundled id: named by a hash of its configuration and the generator version."""
    name = workforce_id.replace("/", "-", 1)
    digest = hashlib.sha256((GENERATOR_VERSION + _config_text(name)).encode()).hexdigest()[:12]
    return cache_dir() / f"{name}-{digest}.parquet"


def _seal_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _sealed(path: Path) -> bool:
    """Whether a cache file is intact: its size and SHA-256 match those recorded when it was written."""
    try:
        size, digest = _seal_path(path).read_text(encoding="ascii").split()
        return path.stat().st_size == int(size) and _digest(path) == digest
    except (OSError, ValueError):
        return False


def write_parquet(workforce: Workforce, path: Path, *, seal: bool = False) -> None:
    """Write a workforce as Parquet (Enums kept), atomically; ``seal`` records its size and hash beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    frame = workforce.frame
    if "headcount" in frame.columns and (frame["headcount"] == 1).all():
        frame = frame.drop("headcount")  # one row per employee: the loader puts the 1s back
    # A local cache: reading speed matters more than size. One row group reads into contiguous columns.
    frame.write_parquet(tmp, compression="uncompressed", row_group_size=max(frame.height, 1))
    if seal:
        seal_tmp = _seal_path(tmp)
        seal_tmp.write_text(f"{tmp.stat().st_size} {_digest(tmp)}\n", encoding="ascii")
        tmp.replace(path)
        seal_tmp.replace(_seal_path(path))
    else:
        tmp.replace(path)


def load_bundled(workforce_id: str, progress: Progress | None = None) -> Workforce:
    """A bundled workforce, generated into the cache the first time it is asked for (reported to ``progress`` as
    0 then 1 of 1 step; reading a cached one imports neither SciPy nor the generator)."""
    from payround.workforce.synth.config import load_config

    name = workforce_id.replace("/", "-", 1)
    config = load_config(name)
    path = cache_path(workforce_id)
    if not _sealed(path):
        from payround.workforce.synth.generate import generate  # SciPy: only to generate

        again = path.exists()  # a cached copy that does not match its recorded size and hash is not trusted
        what = f"{'Generating again' if again else 'Generating'} {workforce_id} ({config.headcount:,} rows, once)"
        log.info("%s into %s", what, path)
        if progress is not None:
            progress(what, 0, 1)
        write_parquet(generate(config), path, seal=True)
        if progress is not None:
            progress(what, 1, 1)
    try:
        raw = read_table(path, source=workforce_id)
    except WorkforceError:  # changed between the check and the read: build it again, once
        from payround.workforce.synth.generate import generate

        write_parquet(generate(config), path, seal=True)
        raw = read_table(path, source=workforce_id)
    return workforce_from_raw(
        raw,
        name=workforce_id,
        illustrative=True,
        notes=(f"{config.name}: synthetic and illustrative, not real data (docs/costing.md).",),
        relocate_missing_points=config.relocate_missing_points,
    )
