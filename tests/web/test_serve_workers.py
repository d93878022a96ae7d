"""``payround serve --workers N``: each worker listens on the port with its own socket (SO_REUSEPORT), so that the
kernel spreads connections between them; a port another program holds is one clear line and exit code 2."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="SO_REUSEPORT is not available here")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        PAYROUND_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PAYROUND_ENV="dev",
        PAYROUND_TAKEHOME_PREPARE="false",
    )


def _sockets(pid: int) -> list[set[str]]:
    """The sockets each worker process (a child of ``pid``) holds, by inode."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    out = []
    for c in children:
        links = (os.readlink(f"/proc/{c}/fd/{fd}") for fd in os.listdir(f"/proc/{c}/fd"))
        out.append({link for link in links if link.startswith("socket:")})
    return out


def test_two_workers_share_the_port_and_stop_together(tmp_path: Path) -> None:
    port = _free_port()
    cmd = [sys.executable, "-m", "payround", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(cmd, env=_env(tmp_path), cwd=tmp_path)
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        for _ in range(100):  # the second worker may still be starting
            held = [x for x in _sockets(proc.pid) if x]
            if len(held) == 2:
                break
            time.sleep(0.1)
        # two workers, each listening on a socket of its own (a shared socket would be one inode in both)
        assert len(held) == 2 and not held[0] & held[1], held
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as c:
            assert all(c.get("/healthz").status_code == 200 for _ in range(20))
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) is not None
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        cmd = [sys.executable, "-m", "payround", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
        done = subprocess.run(cmd, env=_env(tmp_path), cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "cannot listen on 127.0.0.1:" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    env = _env(tmp_path) | {"PAYROUND_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"}
    cmd = [sys.executable, "-m", "payround", "serve", "--port", str(_free_port()), "--workers", "2"]
    done = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "cannot open the database" in done.stderr and "Traceback" not in done.stderr


def _dies(host: str, port: int) -> None:
    raise SystemExit(3)


def test_workers_that_die_as_they_start_stop_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from payround.web import serve

    monkeypatch.setattr(serve, "_worker", _dies)
    started = time.monotonic()
    with pytest.raises(SystemExit) as stopped:
        serve._run_workers("127.0.0.1", _free_port(), 2)
    assert stopped.value.code == 1 and time.monotonic() - started < 60


def test_a_served_app_settles_its_heap(tmp_path: Path) -> None:
    # In a process of its own: freezing the heap is for a server's worker, never for the process running the tests.
    code = (
        "import gc\n"
        "from payround.web.serve import GC_YOUNG_THRESHOLD, served_app\n"
        "app = served_app()\n"
        "assert gc.get_freeze_count() > 100_000, gc.get_freeze_count()\n"
        "assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD\n"
        "assert '/api/offers/preview' in app.openapi()['paths']\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
