"""PostgreSQL roles: the owner migrates; the application role reads and writes rounds but may only read and add to
the log (events) and the offer history (offer versions): no UPDATE, DELETE, TRUNCATE or DDL on them, and row-level
security applies to it (it does not own the tables). See docs/rounds.md for the commands that create both roles.
"""

from __future__ import annotations

from sqlalchemy import text

from payround.errors import StoreError
from payround.store.database import Store

__all__ = ["APPEND_ONLY_TABLES", "DATA_TABLES", "grant_app_role"]

DATA_TABLES = (
    "rounds", "organisations", "round_members", "offers", "responses", "ballots", "industrial_action", "milestones",
    "settlements", "users", "web_credentials", "web_sessions", "web_login_failures",
)  # fmt: skip
APPEND_ONLY_TABLES = ("events", "offer_versions")


def grant_app_role(store: Store, role: str) -> None:
    """Grant ``role`` (an existing PostgreSQL role) what the application needs, and nothing more, on the schema the
    store uses. Run by the owner after migrating (``payround db migrate --app-role ROLE``); safe to repeat."""
    if store.engine.dialect.name != "postgresql":
        raise StoreError("application roles exist on PostgreSQL only.", file=store.where, place="--app-role")
    with store.engine.begin() as conn:
        quote = conn.dialect.identifier_preparer.quote
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        r, s = quote(role), quote(schema)
        statements = [
            f"GRANT USAGE ON SCHEMA {s} TO {r}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {r}",
            f"GRANT INSERT, UPDATE, DELETE ON {', '.join(DATA_TABLES)} TO {r}",
            f"GRANT INSERT ON {', '.join(APPEND_ONLY_TABLES)} TO {r}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {', '.join(APPEND_ONLY_TABLES)} FROM {r}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        ]
        for statement in statements:
            conn.execute(text(statement))
