"""Helpers shared by the benchmarks: machine description and appending results to bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def machine() -> str:
    """A one-line description of this machine: CPU model, cores, memory, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        out = subprocess.run(["free", "-g"], capture_output=True, text=True, check=False).stdout.splitlines()
        mem = f", {out[1].split()[1]} GiB RAM"
    except (OSError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def record(title: str, lines: list[str]) -> None:
    """Append a dated section to bench/RESULTS.md and print it."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")  # noqa: UP017 - explicit for readers
    text = f"\n## {title} — {stamp}\nMachine: {machine()}\n\n" + "\n".join(lines) + "\n"
    print(text)
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(text)
