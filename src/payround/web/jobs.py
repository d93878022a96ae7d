"""Long requests (a settlement solve, a regrading projection) run in the server's thread pool, at most a few at
once per worker process, so that they never hold up the pages and the editor's previews for long: a request that
cannot start within a short wait is refused with 503 and the one error shape."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from payround.web.errors import WebError

__all__ = ["MAX_AT_ONCE", "WAIT_SECONDS", "bounded"]

T = TypeVar("T")
MAX_AT_ONCE = 2  # the machines this runs on have a few cores; the previews need the rest
WAIT_SECONDS = 20.0
_SLOTS = threading.BoundedSemaphore(MAX_AT_ONCE)


def bounded(work: Callable[[], T]) -> T:
    """Run ``work`` (already in a worker thread: routes that call this are plain ``def``) when a slot is free."""
    if not _SLOTS.acquire(timeout=WAIT_SECONDS):
        raise WebError(
            503, "the server is busy with other long calculations.", place="server", hint="try again in a minute."
        )
    try:
        return work()
    finally:
        _SLOTS.release()
