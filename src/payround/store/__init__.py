"""The payround database: SQLAlchemy 2 tables, Alembic migrations applied at start-up, SQLite by default and
PostgreSQL through ``PAYROUND_DATABASE_URL``, and an append-only log of every change.

```python
from payround.store import open_store, import_round, export_round
store = open_store()                      # ./payround.sqlite3, or $PAYROUND_DATABASE_URL
with store.session() as s:                # one transaction: all or nothing
    import_round(s, load_round("sjc-2022-23"), actor="alice")
```
"""

from payround.store.database import DEFAULT_SQLITE_FILE, ENV_VAR, Store, database_url, head_revision, open_store
from payround.store.repository import (
    ImportResult,
    RoundSummary,
    export_round,
    find_round,
    import_round,
    list_events,
    list_rounds,
    record_event,
)
from payround.store.sides import (
    add_user,
    draft_offer,
    join_round,
    revise_offer,
    set_offer_status,
    table_offer,
    visible_offers,
)

__all__ = [
    "DEFAULT_SQLITE_FILE",
    "ENV_VAR",
    "ImportResult",
    "RoundSummary",
    "Store",
    "add_user",
    "database_url",
    "draft_offer",
    "export_round",
    "find_round",
    "head_revision",
    "import_round",
    "join_round",
    "list_events",
    "list_rounds",
    "open_store",
    "record_event",
    "revise_offer",
    "set_offer_status",
    "table_offer",
    "visible_offers",
]
