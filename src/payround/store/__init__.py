"""The payround database: SQLAlchemy 2 tables, Alembic migrations run once at start-up (in one transaction, under
a lock), SQLite by default and PostgreSQL through ``PAYROUND_DATABASE_URL``, and a hash-chained, append-only log.

Every unit of work acts for a principal (the signed-in user, or the CLI's local user) and sees only what that
principal may: tabled offers, and their own side's drafts.

```python
from payround.store import open_store, import_round, local_principal
store = open_store()                      # ./payround.sqlite3, or $PAYROUND_DATABASE_URL
with store.session() as s:                # one transaction: all or nothing
    local_principal(s, "alice")           # act as the local user alice (recorded in the log)
    import_round(s, load_round("sjc-2022-23"))
```
"""

from payround.store.access import Principal, current_principal, use_principal
from payround.store.chain import ChainBreak
from payround.store.database import DEFAULT_SQLITE_FILE, ENV_VAR, Store, database_url, head_revision, open_store
from payround.store.members import (
    MemberView,
    accept_invitation,
    appoint_admin,
    approve_request,
    invite_member,
    list_members,
    request_membership,
    revoke_member,
)
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
from payround.store.roles import grant_app_role
from payround.store.sides import draft_offer, revise_offer, set_offer_status, table_offer, visible_offers
from payround.store.users import add_user, local_principal, principal_for
from payround.store.verify import ChainReport, verify_round

__all__ = [
    "DEFAULT_SQLITE_FILE",
    "ENV_VAR",
    "ChainBreak",
    "ChainReport",
    "ImportResult",
    "MemberView",
    "Principal",
    "RoundSummary",
    "Store",
    "accept_invitation",
    "add_user",
    "appoint_admin",
    "approve_request",
    "current_principal",
    "database_url",
    "draft_offer",
    "export_round",
    "find_round",
    "grant_app_role",
    "head_revision",
    "import_round",
    "invite_member",
    "list_events",
    "list_members",
    "list_rounds",
    "local_principal",
    "open_store",
    "principal_for",
    "record_event",
    "request_membership",
    "revise_offer",
    "revoke_member",
    "set_offer_status",
    "table_offer",
    "use_principal",
    "verify_round",
    "visible_offers",
]
