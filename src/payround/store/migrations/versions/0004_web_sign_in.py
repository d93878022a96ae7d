"""The web workbench's sign-in tables: password hashes, server-side sessions, and failed sign-ins (counted here, in
the database, so that the limit holds across every worker process of ``payround serve --workers N``).

Before this revision the workbench created ``web_credentials`` and ``web_sessions`` itself when it started; a
database that has them already keeps them (and their rows) as they are.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 01:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tables() -> dict[str, list[sa.Column[object]]]:
    return {
        "web_credentials": [
            sa.Column("user_id", sa.Integer(), primary_key=True),  # users.id
            sa.Column("password_hash", sa.String(200), nullable=False),
        ],
        "web_sessions": [
            sa.Column("token_sha256", sa.String(64), primary_key=True),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("csrf", sa.String(64), nullable=False),
            sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        ],
        "web_login_failures": [
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("key", sa.String(200), nullable=False),  # ip:ADDRESS or user:NAME
            sa.Column("expires_ms", sa.BigInteger(), nullable=False),  # Unix time in ms when it stops counting
        ],
    }


def upgrade() -> None:
    """Apply this migration."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, columns in _tables().items():
        if name not in existing:
            op.create_table(name, *columns)
    op.create_index("ix_web_login_failures_key_expires", "web_login_failures", ["key", "expires_ms"])
    op.create_index("ix_web_login_failures_expires", "web_login_failures", ["expires_ms"])
    op.create_index("ix_web_sessions_expires", "web_sessions", ["expires"])


def downgrade() -> None:
    """Refused, like every payround migration since the first release."""
    raise RuntimeError("payround databases cannot be downgraded below the first release (it would break the log).")
