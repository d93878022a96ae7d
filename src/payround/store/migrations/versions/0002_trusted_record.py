"""A record both sides can trust: principals (local users, site administrators, granted memberships), a version
per round (optimistic concurrency), a hash chain on the events, append-only offer versions, and on PostgreSQL
row-level security on offers, offer versions and events. The first released schema: no downgrade.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from payround.store.chain import GENESIS, chain_name, event_hash
from payround.store.types import UtcDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

# (table, column, referenced table) for the user references added here
_USER_REFS = (("rounds", "convenor_id"), ("round_members", "granted_by"), ("offer_versions", "user_id"))


def _add_user_refs(dialect: str) -> None:
    for table, column in _USER_REFS:
        if dialect == "sqlite":  # SQLite adds a referencing column in place (a table rebuild would cascade deletes)
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES users (id) ON DELETE RESTRICT")
        else:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(f"fk_{table}_{column}_users", table, "users", [column], ["id"], ondelete="RESTRICT")


def _add_columns() -> None:
    false = sa.false()
    op.add_column("users", sa.Column("is_local", sa.Boolean(), nullable=False, server_default=false))
    op.add_column("users", sa.Column("site_admin", sa.Boolean(), nullable=False, server_default=false))
    op.add_column("rounds", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("round_members", sa.Column("role", sa.String(10), nullable=False, server_default="member"))
    op.add_column("round_members", sa.Column("status", sa.String(10), nullable=False, server_default="active"))
    for name, type_, default in (
        ("chain", sa.String(100), ""),
        ("seq", sa.Integer(), "0"),
        ("scope", sa.String(20), "public"),
        ("prev_hash", sa.String(64), ""),
        ("hash", sa.String(64), ""),
    ):
        op.add_column("events", sa.Column(name, type_, nullable=False, server_default=default))
    op.add_column("events", sa.Column("actor_local", sa.Boolean(), nullable=False, server_default=false))


_EVENTS = sa.table(
    "events",
    sa.column("id", sa.Integer()),
    sa.column("occurred_at", UtcDateTime()),
    sa.column("actor", sa.String()),
    sa.column("actor_local", sa.Boolean()),
    sa.column("user_id", sa.Integer()),
    sa.column("round_slug", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("payload", JSON),
    sa.column("chain", sa.String()),
    sa.column("seq", sa.Integer()),
    sa.column("scope", sa.String()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)


def _chain_existing_events() -> None:
    """Number and hash the events written before the chain existed (drafting events go to their side's chain)."""
    bind = op.get_bind()
    heads: dict[str, tuple[int, str]] = {}
    for ev in bind.execute(sa.select(_EVENTS).order_by(_EVENTS.c.id)).mappings().all():
        payload: dict[str, Any] = json.loads(json.dumps(ev["payload"] or {}, default=str))
        side = payload.get("side")
        scope = side if ev["action"] == "offer.drafted" and isinstance(side, str) and ev["round_slug"] else "public"
        chain = chain_name(ev["round_slug"], scope)
        seq, prev = heads.get(chain, (0, GENESIS))
        fields: dict[str, Any] = {
            "chain": chain, "seq": seq + 1, "prev_hash": prev, "occurred_at": ev["occurred_at"], "actor": ev["actor"],
            "actor_local": False, "user_id": ev["user_id"], "round_slug": ev["round_slug"], "scope": scope,
            "action": ev["action"], "entity": ev["entity"], "payload": payload,
        }  # fmt: skip
        digest = event_hash(**fields)
        values = {k: fields[k] for k in ("chain", "seq", "prev_hash", "scope")}
        bind.execute(sa.update(_EVENTS).where(_EVENTS.c.id == ev["id"]).values(**values, hash=digest, payload=payload))
        heads[chain] = (seq + 1, digest)


_SQLITE_GUARDS = [
    f"CREATE TRIGGER {table}_no_{op_name} BEFORE {op_name.upper()} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} are append-only: they cannot be {op_name}d'); END"
    for table in ("offer_versions",)
    for op_name in ("update", "delete")
] + [
    # INSERT OR REPLACE deletes the old row without firing delete triggers: refuse reusing an id outright
    f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
    f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
    f"BEGIN SELECT RAISE(ABORT, '{table} are append-only: an id cannot be reused'); END"
    for table in ("events", "offer_versions")
]

_PG_GUARDS = [
    """CREATE FUNCTION payround_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% are append-only: they cannot be %', TG_TABLE_NAME, lower(TG_OP) || 'd';
END;
$$""",
    "CREATE TRIGGER offer_versions_append_only BEFORE UPDATE OR DELETE ON offer_versions "
    "FOR EACH ROW EXECUTE FUNCTION payround_append_only()",
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
    "FOR EACH STATEMENT EXECUTE FUNCTION payround_append_only()",
    "CREATE TRIGGER offer_versions_no_truncate BEFORE TRUNCATE ON offer_versions "
    "FOR EACH STATEMENT EXECUTE FUNCTION payround_append_only()",
]

# Row-level security: the application role sees tabled offers, its own side's drafts, their versions, public events
# and its side's private events; payround sets payround.user_id for each transaction. The owner (who migrates) is
# not subject to it.
_PG_RLS = [
    """CREATE FUNCTION payround_user_id() RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('payround.user_id', true), '')::integer
$$""",
    """CREATE FUNCTION payround_side(rid integer) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT side FROM round_members WHERE round_id = rid AND user_id = payround_user_id() AND status = 'active'
$$""",
    """CREATE FUNCTION payround_side_by_slug(rslug text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT m.side FROM round_members m JOIN rounds r ON r.id = m.round_id
    WHERE r.slug = rslug AND m.user_id = payround_user_id() AND m.status = 'active'
$$""",
    "ALTER TABLE offers ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY offers_by_side ON offers USING (visibility = 'tabled' OR side = payround_side(round_id)) "
    "WITH CHECK (visibility = 'tabled' OR side = payround_side(round_id))",
    "ALTER TABLE offer_versions ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY offer_versions_by_side ON offer_versions "
    "USING (EXISTS (SELECT 1 FROM offers o WHERE o.id = offer_id)) "
    "WITH CHECK (EXISTS (SELECT 1 FROM offers o WHERE o.id = offer_id))",
    "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY events_by_scope ON events USING (scope = 'public' OR scope = payround_side_by_slug(round_slug)) "
    "WITH CHECK (scope = 'public' OR scope = payround_side_by_slug(round_slug))",
]


def upgrade() -> None:
    """Apply this migration."""
    dialect = op.get_bind().dialect.name
    _add_columns()
    _add_user_refs(dialect)
    if dialect == "sqlite":
        op.execute("DROP TRIGGER events_no_update")
        _chain_existing_events()
        op.execute(
            "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
            "BEGIN SELECT RAISE(ABORT, 'events are append-only: they cannot be updated'); END"
        )
        for statement in _SQLITE_GUARDS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("ALTER TABLE events DISABLE TRIGGER events_append_only")
        _chain_existing_events()
        op.execute("ALTER TABLE events ENABLE TRIGGER events_append_only")
        for statement in _PG_GUARDS + _PG_RLS:
            op.execute(statement)
    op.create_index("uq_events_chain", "events", ["chain", "seq"], unique=True)


def downgrade() -> None:
    """Refused: this is the first released schema, and going back would drop the log's chain."""
    raise RuntimeError("payround databases cannot be downgraded below the first release (it would break the log).")
