"""PostgreSQL roles: the application role may only read and add to the log and the offer history (the owner
migrates), and row-level security hides other sides' drafts from it even in hand-written SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from payround.errors import StoreError
from payround.rounds import load_round
from payround.store import Store, grant_app_role, import_round, open_store, visible_offers
from payround.store.models import User
from tests.store.conftest import as_user
from tests.store.test_sides import SJC, _draft, setup_sides

pytestmark = pytest.mark.postgres
APP_ROLE = "payround_app_test"


@pytest.fixture
def app_url(postgres_url: str, postgres_store: Store) -> Iterator[str]:
    """The same schema as ``postgres_store`` (migrated by the owner), reached as the application role."""
    with postgres_store.engine.begin() as conn:
        conn.execute(
            text(f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        )
    grant_app_role(postgres_store, APP_ROLE)
    yield make_url(postgres_url).set(username=APP_ROLE).render_as_string(hide_password=False)


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TRIGGER events_append_only ON events",
        "TRUNCATE events",
        "ALTER TABLE events DISABLE TRIGGER events_append_only",
        "ALTER TABLE events DISABLE ROW LEVEL SECURITY",
        "UPDATE events SET actor = 'mallory'",
        "DELETE FROM events",
        "UPDATE offer_versions SET created_by = 'mallory'",
        "DELETE FROM offer_versions",
        "TRUNCATE offer_versions",
        "DROP TABLE events",
    ],
)
def test_the_application_role_cannot_rewrite_the_log(postgres_store: Store, app_url: str, statement: str) -> None:
    with as_user(postgres_store, "alice") as s:
        import_round(s, load_round("birmingham-2025"))
    app = open_store(app_url)
    with pytest.raises(StoreError, match=r"(permission denied|must be owner|append-only)"), app.session() as s:
        s.execute(text(statement))
    app.close()
    with postgres_store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events WHERE action = 'round.imported'")).scalar_one() == 1


def test_the_application_role_works_and_sees_no_other_sides_draft_even_in_raw_sql(
    postgres_store: Store, app_url: str
) -> None:
    app = open_store(app_url)
    setup_sides(app)  # everything through the application role, under row-level security
    _draft(app, "unison-rep", "unison-counter", "Unison")
    _draft(app, "cosla-officer", "offer-6", "COSLA")
    with as_user(app, "unison-rep") as s:
        assert {"unison-counter"} == {o.key for o in visible_offers(s, SJC) if o.visibility == "draft"}
    with app.session() as s:
        ids = {u.username: u.id for u in s.query(User)}
    raw = create_engine(app_url)
    for who, drafts in ((None, set()), ("cosla-officer", {"offer-6"}), ("unison-rep", {"unison-counter"})):
        with raw.begin() as conn:
            if who is not None:
                conn.execute(text("SELECT set_config('payround.user_id', :u, true)"), {"u": str(ids[who])})
            keys = set(conn.execute(text("SELECT key FROM offers WHERE visibility = 'draft'")).scalars())
            versions = conn.execute(text("SELECT count(*) FROM offer_versions")).scalar_one()
            private = set(conn.execute(text("SELECT scope FROM events WHERE scope <> 'public'")).scalars())
        assert keys == drafts, who
        assert versions == 6 + len(drafts), who
        assert private == ({"employers"} if who == "cosla-officer" else {"unions"} if who else set()), who
    raw.dispose()
    app.close()


def test_the_application_role_cannot_migrate(postgres_url: str, postgres_store: Store) -> None:
    """An empty schema, reached as the application role: a clear error naming the owner's job, not a traceback."""
    empty = f"empty_{uuid.uuid4().hex[:12]}"
    with postgres_store.engine.begin() as conn:
        conn.execute(
            text(f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        )
        conn.execute(text(f"CREATE SCHEMA {empty}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA {empty} TO {APP_ROLE}"))
    url = make_url(postgres_url).set(username=APP_ROLE).update_query_dict({"options": f"-csearch_path={empty}"})
    try:
        with pytest.raises(StoreError, match="permission denied") as err:
            open_store(url.render_as_string(hide_password=False))
        assert "owner role migrates" in str(err.value)
    finally:
        with postgres_store.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {empty} CASCADE"))
