"""Approximate dates (offers, responses, ballots, milestones, settlements), a milestone's date note and the country
of a ballot.

A date that is not known exactly (e.g. a ballot's closing date taken from the day it was reported) is marked
``date_approximate``; a ballot may name its own country where the law differs (Wales from September 2017).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("offers", "responses", "ballots", "milestones", "settlements")


def upgrade() -> None:
    """Apply this migration."""
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("date_approximate", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("ballots") as batch:
        batch.add_column(sa.Column("country", sa.String(length=20), nullable=True))
    with op.batch_alter_table("milestones") as batch:
        batch.add_column(sa.Column("date_note", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    """Refused, like every payround migration since the first release: dropping these columns would lose recorded
    facts (which dates are approximate, where a ballot was held) that the event log's entries rely on."""
    raise RuntimeError("payround databases cannot be downgraded below the first release (it would break the log).")
