"""Initial schema: rounds, organisations by side, offers with versions, responses, ballots, industrial action,
milestones, settlements, users and their sides, and the append-only events log (guarded by triggers).

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:52:50.141816
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("body_kind", sa.String(length=20), nullable=False),
        sa.Column("body_name", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=30), nullable=False),
        sa.Column("pay_year_start", sa.Date(), nullable=True),
        sa.Column("pay_year_end", sa.Date(), nullable=True),
        sa.Column("period_note", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("impact", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("slug", name=op.f("uq_rounds_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("union_name", sa.String(length=300), nullable=False),
        sa.Column("employers", JSON, nullable=False),
        sa.Column("bargaining_unit", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("offer_key", sa.String(length=80), nullable=True),
        sa.Column("opened", sa.Date(), nullable=True),
        sa.Column("closed", sa.Date(), nullable=True),
        sa.Column("date_note", sa.Text(), nullable=False),
        sa.Column("notice_of_ballot", sa.Date(), nullable=True),
        sa.Column("eligible", sa.Integer(), nullable=True),
        sa.Column("votes_cast", sa.Integer(), nullable=True),
        sa.Column("votes_yes", sa.Integer(), nullable=True),
        sa.Column("votes_no", sa.Integer(), nullable=True),
        sa.Column("turnout_pct", sa.String(length=40), nullable=True),
        sa.Column("yes_pct", sa.String(length=40), nullable=True),
        sa.Column("no_pct", sa.String(length=40), nullable=True),
        sa.Column("reported_turnout_met", sa.Boolean(), nullable=True),
        sa.Column("reported_majority", sa.Boolean(), nullable=True),
        sa.Column("important_public_services", sa.Boolean(), nullable=False),
        sa.Column("mandate_extended_by_agreement", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('industrial_action', 'consultative', 'offer')", name=op.f("ck_ballots_kind")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_ballots_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballots")),
        sa.UniqueConstraint("round_id", "key", name=op.f("uq_ballots_round_id")),
    )
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballots_round_id"), ["round_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("round_slug", sa.String(length=80), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=200), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_events_user_id_users"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_occurred_at"), ["occurred_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_round_slug"), ["round_slug"], unique=False)

    op.create_table(
        "industrial_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("key_given", sa.Boolean(), nullable=False),
        sa.Column("union_name", sa.String(length=300), nullable=False),
        sa.Column("employer", sa.String(length=300), nullable=False),
        sa.Column("services", JSON, nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("start", sa.String(length=25), nullable=False),
        sa.Column("end", sa.String(length=25), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("members", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=True),
        sa.Column("ballot_key", sa.String(length=80), nullable=True),
        sa.Column("notice_given", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'held', 'suspended', 'called_off')", name=op.f("ck_industrial_action_status")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_industrial_action_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_industrial_action")),
        sa.UniqueConstraint("round_id", "key", name=op.f("uq_industrial_action_round_id")),
    )
    with op.batch_alter_table("industrial_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_industrial_action_employer"), ["employer"], unique=False)
        batch_op.create_index(batch_op.f("ix_industrial_action_first_day"), ["first_day"], unique=False)
        batch_op.create_index(batch_op.f("ix_industrial_action_round_id"), ["round_id"], unique=False)

    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_milestones_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestones_round_id"), ["round_id"], unique=False)

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("tabled_by", sa.String(length=300), nullable=False),
        sa.Column("tabled_on", sa.Date(), nullable=True),
        sa.Column("date_note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("described", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('claim', 'offer')", name=op.f("ck_offers_kind")),
        sa.CheckConstraint("side IN ('employers', 'unions', 'neutral')", name=op.f("ck_offers_side")),
        sa.CheckConstraint(
            "status IN ('draft', 'tabled', 'rejected', 'accepted', 'withdrawn', 'superseded')",
            name=op.f("ck_offers_status"),
        ),
        sa.CheckConstraint("visibility IN ('draft', 'tabled')", name=op.f("ck_offers_visibility")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_offers_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("round_id", "key", name=op.f("uq_offers_round_id")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_round_id"), ["round_id"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("is_side", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.CheckConstraint("side IN ('employers', 'unions', 'neutral')", name=op.f("ck_organisations_side")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_organisations_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("round_id", "side", "name", name=op.f("uq_organisations_round_id")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_round_id"), ["round_id"], unique=False)

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("offer_key", sa.String(length=80), nullable=False),
        sa.Column("union_name", sa.String(length=300), nullable=False),
        sa.Column("response", sa.String(length=10), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_note", sa.Text(), nullable=False),
        sa.Column("ballot_key", sa.String(length=80), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("response IN ('accept', 'reject', 'consult', 'ballot')", name=op.f("ck_responses_response")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_responses_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_responses_round_id"), ["round_id"], unique=False)

    op.create_table(
        "round_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.CheckConstraint("side IN ('employers', 'unions', 'neutral')", name=op.f("ck_round_members_side")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_round_members_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_round_members_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_members")),
        sa.UniqueConstraint("round_id", "user_id", name=op.f("uq_round_members_round_id")),
    )
    op.create_table(
        "settlements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("offer_key", sa.String(length=80), nullable=False),
        sa.Column("agreed", sa.Date(), nullable=True),
        sa.Column("date_note", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_settlements_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlements")),
        sa.UniqueConstraint("round_id", name=op.f("uq_settlements_round_id")),
    )
    op.create_table(
        "offer_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", JSON, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_versions_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_versions")),
        sa.UniqueConstraint("offer_id", "version", name=op.f("uq_offer_versions_offer_id")),
    )
    with op.batch_alter_table("offer_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_versions_offer_id"), ["offer_id"], unique=False)

    _append_only_events()


_SQLITE_TRIGGERS = (
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: they cannot be updated'); END",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: they cannot be deleted'); END",
)
_PG_FUNCTION = """
CREATE FUNCTION payround_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: they cannot be %', lower(TG_OP) || 'd';
END;
$$
"""
_PG_TRIGGER = (
    "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION payround_events_append_only()"
)


def _append_only_events() -> None:
    """Refuse UPDATE and DELETE on events, in the database itself."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)


def downgrade() -> None:
    """Refused: below the first release there is no schema to go back to, and going there would drop the log."""
    raise RuntimeError("payround databases cannot be downgraded below the first release (it would drop the log).")
