"""The ``payround`` command line (Typer + Rich). Thin: every command calls the library and prints its result."""

from __future__ import annotations

import sys

import typer

from payround.cli import costing as _costing
from payround.cli import offers as _offers
from payround.cli import regrade as _regrade
from payround.cli import rounds as _rounds
from payround.cli import settle as _settle
from payround.cli import takehome as _takehome
from payround.cli import web as _web
from payround.cli.render import err_console
from payround.errors import PayroundError

__all__ = ["app", "main"]

app = typer.Typer(
    name="payround",
    help="An open workbench for public-sector pay rounds: offers, costing, take-home, negotiation, industrial action.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click usage errors: "Error: No such option: --x", exit 2
)

_offers.register(app)
_costing.register(app)
_takehome.register(app)
_rounds.register(app)
_regrade.register(app)
_settle.register(app)
_web.register(app)


def main() -> None:
    """Entry point. A usage mistake (unknown command or option, missing argument, bad choice) prints click's usage
    line and exits 2; payround's own errors print one clear line and exit 2; neither ever shows a traceback."""
    try:
        app(standalone_mode=True)  # click shows usage errors itself (one line, exit 2)
    except PayroundError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
