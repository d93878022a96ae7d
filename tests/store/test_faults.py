"""Fault injection: processes killed (SIGKILL) during the first open of a database and during an import. Afterwards
every database opens, passes its integrity check, and holds either the whole round or none of it, with a log that
verifies. Most kills are aimed at a chosen statement or commit, so that every run kills in both phases whatever the
machine's speed (a timed kill missed the import window on a loaded CI machine); a few land at random moments.
(Marked ``faults``: about 20 seconds; it runs in ``make test``.)"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from payround.rounds import load_round
from payround.store import export_round, list_events, local_principal, open_store, verify_round
from payround.store import import_round as store_import
from tests.store.conftest import PG_SKIP, _pg_url

pytestmark = pytest.mark.faults
ROUND = "birmingham-2025"


def _child(url: str, marks: str, kill_at: int | None) -> None:
    """First open (migrations), then one import; leaves a mark after each so the parent knows where it was.

    Every statement sent to the database and every commit is a step. With ``kill_at``, the process kills itself
    (SIGKILL: no clean-up, no exit handlers) just before step ``kill_at``; without it, it records how many steps each
    phase took, so that the parent can aim a kill at every phase whatever the machine's speed."""
    steps = 0

    def step(*_args: object, **_kwargs: object) -> None:
        nonlocal steps
        steps += 1
        if steps == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Engine, "before_cursor_execute", step)
    event.listen(Engine, "commit", step)
    store = open_store(url)
    Path(marks + ".opened").write_text(str(steps))
    with store.session() as s:
        local_principal(s, "alice")
        store_import(s, load_round(ROUND))
    Path(marks + ".imported").write_text(str(steps))
    os._exit(0)


def _run(url: str, marks: str, *, kill_at: int | None = None, kill_after: float | None = None) -> None:
    proc = multiprocessing.get_context("fork").Process(target=_child, args=(url, marks, kill_at))
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


def _kill_runs(urls: list[str], tmp_path: Path, timed: int) -> tuple[int, int, int]:
    """Run once undisturbed to count the steps of the first open and of the import; then kill one run per URL at a
    chosen step, spread evenly over both phases (deterministic: the same kills on any machine), and finally ``timed``
    runs killed at a random moment, which can land inside a statement (mid-write, mid-fsync). Returns how many were
    killed while opening, while importing, and after finishing."""
    probe = str(tmp_path / "probe")
    _run(urls[0], probe)
    opening = int(Path(probe + ".opened").read_text())
    total = int(Path(probe + ".imported").read_text())
    started = time.time()
    assert _check(urls[0])
    duration = time.time() - started
    aimed = len(urls) - 1 - timed
    half = aimed // 2
    # Half the kills at steps of the first open, half at steps of the import, each half spread evenly.
    kill_steps = [1 + (opening - 1) * k // max(half - 1, 1) for k in range(half)]
    kill_steps += [opening + 1 + (total - opening - 1) * k // max(aimed - half - 1, 1) for k in range(aimed - half)]
    rng = random.Random(20251130)
    phases = [0, 0, 0]
    for i, url in enumerate(urls[1:]):
        marks = str(tmp_path / f"run{i}")
        if i < aimed:
            _run(url, marks, kill_at=kill_steps[i])
        else:
            _run(url, marks, kill_after=rng.uniform(0.0, 2 * duration))
        phase = _phase(marks)
        phases[phase] += 1
        held = _check(url)
        assert held == (phase == 2) or phase == 1, (i, phase, held)  # killed mid-import: all or nothing
        if i < aimed:
            assert phase == (0 if kill_steps[i] <= opening else 1), (i, kill_steps[i], opening, phase)
    return phases[0], phases[1], phases[2]


def test_kill_9_during_first_open_and_import_on_sqlite(tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / f'db{i}.sqlite3'}" for i in range(51)]
    opening, importing, _done = _kill_runs(urls, tmp_path, timed=10)
    assert opening >= 20 and importing >= 20, (opening, importing)


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
        opening, importing, _done = _kill_runs(urls, tmp_path, timed=2)
        assert opening >= 4 and importing >= 4, (opening, importing)
    finally:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
