"""Run the workbench with uvicorn (``payround serve``, ``make run``)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import socket
import sys
import time
from typing import Any

__all__ = ["serve", "served_app", "settle_heap"]

_APP = "payround.web.serve:served_app"
#: Container allocations between young-generation collections (CPython's default is 700). See settle_heap.
GC_YOUNG_THRESHOLD = 10_000


def settle_heap() -> None:
    """Tune the garbage collector for a long-running worker, once the app is built.

    Everything alive by then (modules, classes, validators: about 230,000 objects) lives as long as the process, yet
    each full collection walks it again, for 80 ms or more, while requests wait. Frozen, the collector never looks
    at them again. A preview builds some thousands of report objects that die with the request; under the default
    threshold they set off several young collections a request, which promote them and make full collections
    frequent. A larger young generation lets them die by reference counting first."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, older, oldest)


def served_app() -> Any:
    """The app as ``payround serve`` runs it: :func:`payround.web.create_app`, then :func:`settle_heap`."""
    from payround.web import create_app

    app = create_app()
    settle_heap()
    return app


def _address(host: str, port: int) -> tuple[int, Any]:
    family, _, _, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    return family, addr


def _check_free(host: str, port: int) -> None:
    """Fail at once, with one line, when another program holds the port (a worker's own bind would not say)."""
    family, addr = _address(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(addr)
        except OSError as exc:
            sys.stderr.write(f"payround serve: cannot listen on {host}:{port}: {exc.strerror}.\n")
            raise SystemExit(2) from None


def _worker(host: str, port: int) -> None:
    """One worker process with its own listening socket on the shared port (SO_REUSEPORT)."""
    import uvicorn

    family, addr = _address(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(addr)
    sock.listen(2048)
    uvicorn.Server(uvicorn.Config(_APP, factory=True, log_level="warning")).run(sockets=[sock])


def _run_workers(host: str, port: int, workers: int) -> None:
    """Run ``workers`` processes, each with its own socket on the port, so that the kernel spreads connections evenly
    between them. (With one shared socket, as uvicorn's own workers have, whichever process is first to accept takes
    a connection, and browsers keep their connections: under load one worker can end up with most of them while the
    other idles.) A worker that dies is started again, unless workers keep dying as they start (the app cannot
    start: its error is above, and restarting would only repeat it); SIGINT or SIGTERM stops them all."""
    _check_free(host, port)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(host, port), daemon=True) for _ in range(workers)]
    started = [time.monotonic()] * workers
    early_deaths = 0
    for p in procs:
        p.start()
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping:
            time.sleep(0.2)
            for i, p in enumerate(procs):
                if not p.is_alive() and not stopping:
                    early_deaths = early_deaths + 1 if time.monotonic() - started[i] < 10 else 0
                    if early_deaths >= 3 * workers:
                        sys.stderr.write("payround serve: the workers stop as they start; see the error above.\n")
                        raise SystemExit(1)
                    procs[i] = ctx.Process(target=_worker, args=(host, port), daemon=True)
                    started[i] = time.monotonic()
                    procs[i].start()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=30)


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, *, demo: bool = False) -> None:
    """Serve the app; with ``demo`` load the bundled rounds and print one demo account per side first."""
    # Each worker answers one request at a time on vectors of thousands: a threaded BLAS only waits for its threads
    # (milliseconds on a busy machine). Set before the workers import NumPy.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    import uvicorn

    from payround.store import open_store
    from payround.web.settings import WebSettings

    settings = WebSettings()  # refuses unsafe settings outside dev before anything starts
    if demo:
        from payround.web.demo import seed_demo

        store = open_store(settings.database_url)
        accounts = seed_demo(store)
        store.close()
        sys.stderr.write(f"\npayround workbench on http://{host}:{port}  (database {settings.database_url})\n")
        sys.stderr.write("Demo accounts (new passwords each start):\n")
        for a in accounts:
            sys.stderr.write(f"  {a.role:<10} {a.username:<16} {a.password}\n")
        sys.stderr.write("\n")
    else:
        # Open (and migrate) the database once, here: a wrong URL or a server that is down is one line from the
        # command, not a traceback from each worker.
        open_store(settings.database_url).close()
    os.environ.setdefault("PAYROUND_DATABASE_URL", settings.database_url)
    builder = None
    if settings.takehome_prepare:
        from payround.takehome.ready import prepare_in_background

        # Take-home tables of the bundled years, built once (minutes each on an empty cache) by a low-priority
        # process while the server answers; the pages show take-home as each year's tables arrive.
        builder = prepare_in_background()
    try:
        if workers > 1 and hasattr(socket, "SO_REUSEPORT"):
            _run_workers(host, port, workers)
        else:
            uvicorn.run(_APP, factory=True, host=host, port=port, workers=workers, log_level="warning")
    finally:
        if builder is not None and builder.poll() is None:
            builder.terminate()
            builder.wait(timeout=30)
