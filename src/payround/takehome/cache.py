"""A small disk cache for take-home tables: JSON files named by a SHA-256 key of everything the result depends on.

The directory is ``$PAYROUND_CACHE_DIR``, else ``$XDG_CACHE_HOME/payround`` or ``~/.cache/payround`` (as for the
bundled workforces). A file that cannot be read is a miss, never an error;
writes are atomic (temporary file, then rename), so concurrent runs never see half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["DiskCache", "cache_key", "default_cache_dir"]


def default_cache_dir() -> Path:
    """``$PAYROUND_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/payround``, else ``~/.cache/payround``."""
    env = os.environ.get("PAYROUND_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "payround"


def cache_key(*parts: str | bytes) -> str:
    """A hex SHA-256 of the parts (each length-prefixed, so ('ab', 'c') and ('a', 'bc') differ)."""
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "big"))
        h.update(b)
    return h.hexdigest()


class DiskCache:
    """JSON values under ``root/namespace/key.json``."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = default_cache_dir() if root is None else Path(root)

    def path(self, namespace: str, key: str) -> Path:
        """Where a value lives."""
        return self.root / namespace / f"{key}.json"

    def get(self, namespace: str, key: str) -> dict[str, Any] | None:
        """The stored value, or None (missing or unreadable)."""
        try:
            with self.path(namespace, key).open("rb") as f:
                value = json.load(f)
        except (OSError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, namespace: str, key: str, value: dict[str, Any]) -> None:
        """Store a value atomically; a cache that cannot be written is silently skipped."""
        target = self.path(namespace, key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(value, f, separators=(",", ":"))
            os.replace(tmp, target)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
