"""Run the workbench with uvicorn (``payround serve``, ``make run``)."""

from __future__ import annotations

import os
import sys

__all__ = ["serve"]


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
    os.environ.setdefault("PAYROUND_DATABASE_URL", settings.database_url)
    builder = None
    if settings.takehome_prepare:
        from payround.takehome.ready import prepare_in_background

        # Take-home tables of the bundled years, built once (minutes each on an empty cache) by a low-priority
        # process while the server answers; the pages show take-home as each year's tables arrive.
        builder = prepare_in_background()
    try:
        uvicorn.run("payround.web:create_app", factory=True, host=host, port=port, workers=workers, log_level="warning")
    finally:
        if builder is not None and builder.poll() is None:
            builder.terminate()
            builder.wait(timeout=30)
