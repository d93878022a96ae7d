"""Fault injection: processes killed (SIGKILL) during the first open of a database and during an import. Afterwards
every database opens, passes its integrity check, and holds either the whole round or none of it, with a log that
verifies. (Marked ``faults``: about a minute; it runs in ``make test``.)"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from payround.rounds import load_round
from payround.store import export_round, list_events, local_principal, open_store, verify_round
from payround.store import import_round as store_import
from tests.store.conftest import PG_SKIP, _pg_url

pytestmark = pytest.mark.faults
ROUND = "birmingham-2025"


def _child(url: str, marks: str) -> None:
    """First open (migrations), then one import; leaves a mark after each so the parent knows where it was."""
    store = open_store(url)
    Path(marks + ".opened").touch()
    with store.session() as s:
        local_principal(s, "alice")
        store_import(s, load_round(ROUND))
    Path(marks + ".imported").touch()
    os._exit(0)


def _run(url: str, marks: str, kill_after: float | None) -> None:
    proc = multiprocessing.get_context("fork").Process(target=_child, args=(url, marks))
    proc.start()
    if kill_after is not None:
        time.sleep(kill_after)
        if proc.pid is not None:
            os.kill(proc.pid, signal.SIGKILL)
    proc.join(60)


def _check(url: str) -> bool:
    """The database opens, is intact, and holds all of the round or none of it. True if it holds it."""
    store = open_store(url)
    try:
        if store.engine.dialect.name == "sqlite":
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        with store.session() as s:
            local_principal(s, "checker")
            actions = [e.action for e in list_events(s, ROUND)]
            if not actions:
                return False
            assert actions == ["round.imported"]
            assert export_round(s, ROUND) == load_round(ROUND)
            assert all(r.first_break is None for r in verify_round(s, ROUND))
            return True
    finally:
        store.close()


def _phase(marks: str) -> int:
    return 2 if Path(marks + ".imported").exists() else 1 if Path(marks + ".opened").exists() else 0


def _kill_runs(urls: list[str], tmp_path: Path) -> tuple[int, int, int]:
    """Time one undisturbed run, then kill one run per URL at a random moment: half aimed at the first open, half at
    the import. The aim adapts to the machine's load (a kill that came too late narrows its window). Returns how many
    were killed while opening, while importing, and after finishing."""
    probe = str(tmp_path / "probe")
    started = time.time()
    _run(urls[0], probe, None)
    opened = Path(probe + ".opened").stat().st_mtime - started
    windows = [[0.01, max(opened, 0.05)], [opened, time.time() - started]]
    assert _check(urls[0])
    rng = random.Random(20251130)
    phases = [0, 0, 0]
    for i, url in enumerate(urls[1:]):
        target = i % 2
        low, high = windows[target]
        marks = str(tmp_path / f"run{i}")
        _run(url, marks, rng.uniform(low, max(high, low + 0.01)))
        phase = _phase(marks)
        phases[phase] += 1
        if phase > target:
            windows[target][1] = low + (high - low) * 0.7
        elif phase < target:
            windows[target][0] = low + (high - low) * 0.3
        held = _check(url)
        assert held == (phase == 2) or phase == 1, (i, phase, held)  # killed mid-import: all or nothing
    return phases[0], phases[1], phases[2]


def test_kill_9_during_first_open_and_import_on_sqlite(tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / f'db{i}.sqlite3'}" for i in range(51)]
    opening, importing, _done = _kill_runs(urls, tmp_path)
    assert opening >= 5 and importing >= 5, (opening, importing)


@pytest.mark.postgres
def test_kill_9_during_first_open_and_import_on_postgres(tmp_path: Path) -> None:
    base = _pg_url()
    if not base:
        pytest.skip(PG_SKIP)
    schemas = [f"k_{uuid.uuid4().hex[:12]}" for _ in range(11)]
    admin = create_engine(base)
    with admin.begin() as conn:
        for schema in schemas:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    urls = [
        make_url(base).update_query_dict({"options": f"-csearch_path={s}"}).render_as_string(hide_password=False)
        for s in schemas
    ]
    try:
        opening, importing, _done = _kill_runs(urls, tmp_path)
        assert opening + importing >= 5
    finally:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
