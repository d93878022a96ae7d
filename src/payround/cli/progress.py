"""A Rich progress bar on stderr, fed by the library's progress callbacks (the library never prints)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from payround.cli.render import stderr_console

__all__ = ["progress_bar"]


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A callback ``(what, done, total)`` that drives a transient progress bar on stderr while the block runs. Nothing
    is shown unless the library calls it (a cached or interactive answer needs no simulation)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr_console(),
        transient=True,
    )
    task = None
    started = False

    def update(what: str, done: int, total: int) -> None:
        nonlocal task, started
        if not started:
            bar.start()
            started = True
        if task is None:
            task = bar.add_task(what, total=total)
        bar.update(task, description=what, completed=done, total=total)

    try:
        yield update
    finally:
        if started:
            bar.stop()
