"""The ``payround`` command line (Typer + Rich). Thin: every command calls the library and prints its result.

Start-up is kept short: ``payround COMMAND ...`` builds an app of the offer commands plus the module that defines
COMMAND (Typer inspects every registered command each time it starts, a few milliseconds apiece); ``--help``, no
arguments or an unknown command get every command, so help and "No such command" read as before.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

from payround.errors import PayroundError

if TYPE_CHECKING:
    import typer

__all__ = ["app", "build_app", "main"]

MODULES = ("offers", "costing", "takehome", "rounds", "regrade", "settle", "web")
"""The command modules, in the order their commands are listed by ``payround --help``."""

COMMANDS: dict[str, tuple[str, ...]] = {
    "structures": ("offers",),
    "show": ("offers",),
    "apply": ("offers",),
    "explain": ("offers",),
    "validate": ("offers",),
    "compare": ("offers",),
    "schema": ("offers", "regrade", "settle"),  # each adds its file format's schema
    "cost": ("costing",),
    "distribution": ("costing",),
    "workforce": ("costing",),
    "takehome": ("takehome",),
    "realterms": ("takehome",),
    "round": ("rounds",),
    "ballot": ("rounds",),
    "calendar": ("rounds",),
    "impact": ("rounds",),
    "user": ("rounds",),
    "member": ("rounds",),
    "db": ("rounds",),
    "regrade": ("regrade",),
    "settle": ("settle",),
    "serve": ("web",),
}
"""Each top-level command and the modules that define it (a test checks this against the full app)."""


def build_app(command: str | None = None) -> typer.Typer:
    """The command line: every command, or only what ``payround COMMAND`` needs (the offer commands always come, so
    the app is never a single command, which Typer would run without its name)."""
    import typer

    app = typer.Typer(
        name="payround",
        help="An open workbench for public-sector pay rounds: offers, costing, take-home, negotiation, "
        "industrial action.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain click usage errors: "Error: No such option: --x", exit 2
    )
    wanted = {"offers", *COMMANDS[command]} if command in COMMANDS else set(MODULES)
    for name in MODULES:
        if name in wanted:
            import_module(f"payround.cli.{name}").register(app)
    return app


_full: list[typer.Typer] = []


def __getattr__(name: str) -> Any:
    # ``app`` (every command) is built on first use: ``main`` builds only what the command line asks for.
    if name == "app":
        if not _full:
            _full.append(build_app())
        return _full[0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point. A usage mistake (unknown command or option, missing argument, bad choice) prints click's usage
    line and exits 2; payround's own errors print one clear line and exit 2; neither ever shows a traceback."""
    from payround.cli.render import err_console

    app = build_app(sys.argv[1] if len(sys.argv) > 1 else None)
    try:
        app(standalone_mode=True)  # click shows usage errors itself (one line, exit 2)
    except PayroundError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
