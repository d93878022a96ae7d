"""Workbench benchmark (issue 14): the offer-preview request (apply + cost + distribution + headroom on the
1.5M-employee illustrative NJC workforce, and take-home per household archetype on the interactive path) from 20
concurrent users, each sending an edited offer about once a second for 60 s, against a server on 127.0.0.1 only.
Target: p95 <= 150 ms and no errors, judged on the median of 3 runs.

Plain script: ``python bench/bench_web.py [--runs 3] [--seconds 60] [--users 20] [--workers 2] [--label TEXT]``.
Starts ``payround serve`` on a free loopback port with a fresh SQLite database (the take-home tables of the offers'
tax year built first, as the bundled workforce is, and no background builder while timing), signs in, drives the
load with httpx, stops the server, and appends to bench/RESULTS.md with the machine and date. ``--label`` names
the build measured in the record (e.g. when comparing with another checkout on PYTHONPATH).

``--cpu`` measures instead the CPU time of one preview in this process (the same edited offers, the JSON body
built), with and without take-home: on a machine others load, CPU time per request says more than latency, which
is mostly waiting for a core. Run it with ``OPENBLAS_NUM_THREADS=1`` to match ``payround serve``'s workers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # loopback only, by design
TARGET_P95_MS = 150.0

OFFER = """name: edited offer {i}
structure: njc/2024-25
period: {{start: 2025-04-01, end: 2026-03-31}}
stages:
  - effective: 2025-04-01
    steps:
      - raise: [{{where: {{points: ["2-6"]}}, by: {{cash: {cash}, per: year}}}}, {{by: {{percent: {pct}}}}}]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _start_server(workers: int, folder: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    """A server with one account (``bench``), on a free loopback port."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    env = dict(os.environ, PAYROUND_DATABASE_URL=url, PAYROUND_ENV="dev", PAYROUND_TAKEHOME_PREPARE="false")
    setup = (
        "from payround.store import open_store\n"
        "from payround.web.demo import seed_demo\n"
        f"s = open_store({url!r})\n"  # migrates it, the sign-in tables too
        "seed_demo(s, passwords={'unions-demo': 'bench-password-1'}); s.close()\n"
        # generate the bundled workforce before timing, if it is not cached yet
        "from payround.workforce import load_workforce; load_workforce('njc/illustrative')\n"
        # and the take-home tables of the offers' tax year (minutes, once; kept in the cache)
        "try:\n"
        "    from payround.structures import load_structure\n"
        "    from payround.takehome.ready import Target, prepare_tables\n"
        "    prepare_tables([Target.of(load_structure('njc/2024-25'), 2025)])\n"
        "except ImportError:\n"
        "    pass\n"
    )
    subprocess.run([sys.executable, "-c", setup], check=True, env=env, cwd=folder)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "payround", "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=folder,
    )
    base = f"http://{HOST}:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise SystemExit("the server did not start")
    return proc, base, "bench-password-1"


async def _user(client: httpx.AsyncClient, csrf: str, seconds: float, rng: random.Random, out: list[float]) -> int:
    """One negotiator: an edited offer about once a second. Returns the number of errors."""
    errors = 0
    end = time.monotonic() + seconds
    i = 0
    await asyncio.sleep(rng.random())  # users do not all type at the same instant
    while time.monotonic() < end:
        i += 1
        body = {"yaml": OFFER.format(i=i, cash=rng.randrange(500, 2500), pct=round(rng.uniform(1, 8), 2))}
        t = time.perf_counter()
        try:
            r = await client.post("/api/offers/preview", json=body, headers={"X-CSRF-Token": csrf})
            ok = r.status_code == 200
        except httpx.HTTPError:
            ok = False
        elapsed = time.perf_counter() - t
        out.append(elapsed * 1000)
        errors += not ok
        await asyncio.sleep(max(0.0, rng.uniform(0.8, 1.2) - elapsed))
    return errors


async def _run(base: str, password: str, users: int, seconds: float, seed: int) -> tuple[list[float], int, str]:
    clients = []
    for _ in range(users):
        c = httpx.AsyncClient(base_url=base, timeout=30)
        page = await c.get("/login")
        assert page.status_code == 200
        token = c.cookies.get("payround_login_csrf")
        r = await c.post("/login", data={"username": "unions-demo", "password": password, "csrf_token": token})
        assert r.status_code == 204, r.text
        csrf = (await c.get("/api/me")).json()["csrf_token"]
        clients.append((c, csrf))
    # warm: each worker loads the workforce (and the take-home tables) once
    takehome = "n/a"
    for c, csrf in clients[:4]:
        r = await c.post(
            "/api/offers/preview", json={"yaml": OFFER.format(i=0, cash=1000, pct=3)}, headers={"X-CSRF-Token": csrf}
        )
        takehome = str(r.json().get("takehome_status", "not in this build"))
    times: list[float] = []
    rng = random.Random(seed)
    errors = await asyncio.gather(*(_user(c, csrf, seconds, random.Random(rng.random()), times) for c, csrf in clients))
    for c, _ in clients:
        await c.aclose()
    return times, sum(errors), takehome


def _cpu(runs: int, label: str) -> None:
    """CPU time (all threads) of one preview request's work, in this process; median of ``runs`` edited offers."""
    from payround.sources import Sources, use_by_default

    use_by_default(Sources.server())
    try:
        from payround.web.preview import run_preview
    except ImportError:  # a build before take-home was in the preview (to compare with)
        from payround.web.routes.offers import run_preview  # type: ignore[attr-defined,no-redef]

    rng = random.Random(1)

    def once(i: int, takehome: bool) -> float:
        text = OFFER.format(i=i, cash=rng.randrange(500, 2500), pct=round(rng.uniform(1, 8), 2))
        start = time.process_time()
        if takehome or not new_build:
            run_preview(text).model_dump_json()
        else:
            from payround.offers import parse_offer
            from payround.reports.preview import preview_report

            preview_report(parse_offer(text, "offer.yaml"), takehome=False).model_dump_json()
        return (time.process_time() - start) * 1000

    status = getattr(run_preview(OFFER.format(i=0, cash=1000, pct=3)), "takehome_status", None)  # warm
    new_build = status is not None
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    lines = [f"- take-home: {status or 'not in this build'}; BLAS threads: {blas}"]
    for takehome in (False, True) if new_build else (False,):
        ms = [once(i + 1, takehome) for i in range(runs)]
        what = "with take-home (4 households x 43 points, final stage)" if takehome else "without take-home"
        lines.append(
            f"- **CPU per preview{' (' + label + ')' if label else ''}, {what}: median {statistics.median(ms):.1f} "
            f"ms**, best {min(ms):.1f} ms ({runs} edited offers on njc/illustrative, 1.5M staff; shared, loaded "
            f"machine: load average {os.getloadavg()[0]:.1f})"
        )
    record("Web workbench: CPU of one offer preview", lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--label", default="", help="names the build measured in the record")
    ap.add_argument("--cpu", action="store_true", help="CPU time of one preview in this process, not the load test")
    args = ap.parse_args()
    if args.cpu:
        _cpu(max(args.runs, 30), args.label)
        return
    p95s, lines, total_errors = [], [], 0
    with tempfile.TemporaryDirectory(prefix="payround-bench-web-") as d:
        proc, base, password = _start_server(args.workers, Path(d))
        try:
            for run in range(args.runs):
                times, errors, takehome = asyncio.run(_run(base, password, args.users, args.seconds, seed=run))
                times.sort()
                p95 = times[int(0.95 * (len(times) - 1))]
                p95s.append(p95)
                total_errors += errors
                lines.append(
                    f"- run {run + 1}: {len(times)} requests, median {statistics.median(times):.0f} ms, "
                    f"p95 {p95:.0f} ms, max {times[-1]:.0f} ms, errors {errors}, take-home {takehome}"
                )
                print(lines[-1], flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    median_p95 = statistics.median(p95s)
    ok = median_p95 <= TARGET_P95_MS and total_errors == 0
    load = os.getloadavg()[0]
    label = f" ({args.label})" if args.label else ""
    lines.append(
        f"- **offer preview{label}, {args.users} users x ~1/s x {args.seconds:.0f} s, {args.workers} workers: "
        f"median p95 {median_p95:.0f} ms** (target <= {TARGET_P95_MS:.0f} ms), errors {total_errors} "
        f"({'met' if ok else 'MISSED'}; measured on a shared, loaded machine: load average {load:.1f} at the end)"
    )
    record("Web workbench: offer preview under load", lines)
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
