"""``payround serve``: the web workbench."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["register"]


def cmd_serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.", min=1, max=64)] = 1,
    demo: Annotated[
        bool, typer.Option("--demo/--no-demo", help="Load the bundled rounds and print one demo account per side.")
    ] = False,
) -> None:
    """Serve the web workbench (settings from PAYROUND_* variables; see docs/web.md)."""
    from payround.web.serve import serve

    serve(host, port, workers, demo=demo)


def register(app: typer.Typer) -> None:
    """Add the command."""
    app.command("serve")(cmd_serve)
