"""Benchmark (issue 2): 10,000 offer variants applied to a 43-point spine in <= 1 s on a 2-core machine.

Each variant is a real-shaped offer (the greater of a percentage and a flat sum, with a cap above a salary and a
new floor), built from a mapping, validated, compiled and run — the whole path a settlement search takes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import record
from payround import compile_offer, load_structure, parse_offer
from payround.engine import final_pay

N = 10_000
TARGET_S = 1.0


def variant(i: int) -> dict[str, object]:
    """The i-th offer variant: percent 0.00-9.99, flat sum £500-£2,499, cap £2,000-£3,999 above £40,000."""
    return {
        "name": f"variant {i}",
        "structure": "njc/2022-23",
        "stages": [
            {
                "effective": "2023-04-01",
                "steps": [
                    {
                        "raise": {
                            "greatest": [
                                {"percent": f"{(i % 1000) / 100:.2f}"},
                                {"cash": 500 + (i * 7) % 2000, "per": "year"},
                            ]
                        }
                    },
                    {"cap": {"where": {"salary": {"from": 40000}}, "by": {"cash": 2000 + i % 2000, "per": "year"}}},
                ],
            }
        ],
    }


def main() -> int:
    """Run the benchmark, record it, and fail (exit 1) if it misses the target."""
    structure = load_structure("njc/2022-23")
    assert len(structure.points) == 43, len(structure.points)
    mappings = [variant(i) for i in range(N)]
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        checksum = 0
        for m in mappings:
            pay = final_pay(compile_offer(parse_offer(m, "bench"), structure))
            checksum += int(pay["43"])
        best = min(best, time.perf_counter() - t0)
    per = best / N * 1e6
    ok = best <= TARGET_S
    record(
        "Engine: 10,000 offer variants on the 43-point NJC 2022/23 spine",
        [
            f"- parse + validate + compile + apply, best of 3: **{best:.3f} s** ({per:.0f} µs per offer); "
            f"target ≤ {TARGET_S:.1f} s — {'met' if ok else 'MISSED'}",
            f"- checksum of SCP 43 after all variants: {checksum}",
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
