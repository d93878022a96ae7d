"""The ``settle`` command and ``schema constraints``: thin, one call to ``payround.reports.settle`` and a render."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from payround.cli.render import err_console, render
from payround.errors import InputError
from payround.reports.schemas import schema_text, template_kinds

__all__ = ["register"]


class SettleFormat(StrEnum):
    """Output formats of ``payround settle``."""

    table = "table"
    json = "json"


@contextmanager
def _native_stdout_to_stderr() -> Iterator[None]:
    """HiGHS sometimes writes a debugging line to the C-level stdout even when silenced
    (https://github.com/ERGO-Code/HiGHS/issues/2783); send it to stderr so JSON on stdout stays clean."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):  # no real stdout (e.g. captured in tests): nothing to protect
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def cmd_settle(
    constraints: Annotated[Path, typer.Argument(help="A constraints file (YAML, DESIGN §8).", show_default=False)],
    workforce: Annotated[
        str | None,
        typer.Option(
            "--workforce", "-w", help="Cost on this workforce (a file or a bundled id) instead of the file's."
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option("--template", "-t", help=f"Search this family of offers: {', '.join(template_kinds())}."),
    ] = None,
    with_frontier: Annotated[
        bool, typer.Option("--frontier", help="Also the least cost along the unions' floor (or % for all).")
    ] = False,
    fmt: Annotated[SettleFormat, typer.Option("--format", "-f", help="Output format.")] = SettleFormat.table,
    write_offer: Annotated[
        Path | None, typer.Option("--write-offer", help="Write the offer found to this file (offer format v1).")
    ] = None,
) -> None:
    """Find the cheapest offer (or the best within the budget) that meets both sides' constraints, checked on the
    engine's and the costing's figures; or say how much money is missing and which demands bind."""

    def progress(msg: str) -> None:
        if fmt is SettleFormat.table:
            err_console.print(f"[dim]{msg}…[/]", highlight=False)

    with _native_stdout_to_stderr():
        from payround.reports.settle import settle_report

        report = settle_report(
            constraints, workforce=workforce, template=template, with_frontier=with_frontier, progress=progress
        )
    if write_offer is not None:
        text = report.offer_yaml()
        if text is None:
            raise InputError("no offer was found to write.", file=str(constraints), place="--write-offer")
        try:
            write_offer.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write the offer: {exc.strerror}.", file=str(write_offer)) from exc
        err_console.print(f"Wrote {write_offer}", highlight=False)
    render(report, fmt.value)


def cmd_schema_constraints() -> None:
    """The JSON Schema of the settlement finder's constraints file (version 1)."""
    typer.echo(schema_text("constraints"))


def register(app: typer.Typer) -> None:
    """Add ``settle`` to the main app and ``constraints`` to ``schema``."""
    from payround.cli.offers import schema_group

    app.command("settle")(cmd_settle)
    schema_group(app).command("constraints")(cmd_schema_constraints)
