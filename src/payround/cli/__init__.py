"""The ``payround`` command line (Typer + Rich). Thin: every command calls the library and prints its result."""

from __future__ import annotations

import sys

import typer

from payround.cli import costing as _costing
from payround.cli import offers as _offers
from payround.cli import rounds as _rounds
from payround.cli import settle as _settle
from payround.cli import takehome as _takehome
from payround.errors import PayroundError

__all__ = ["app", "main"]

app = typer.Typer(
    name="payround",
    help="An open workbench for public-sector pay rounds: offers, costing, take-home, negotiation, industrial action.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_offers.register(app)
_costing.register(app)
_takehome.register(app)
_rounds.register(app)
_settle.register(app)


def main() -> None:
    """Entry point: run the app; payround's own errors print one clear message and exit with code 2."""
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except PayroundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        sys.exit(1)
    except Exception as exc:  # click's usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
