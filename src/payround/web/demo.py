"""The workbench's demo set-up (``make run``): the bundled rounds in the database, and one account per side
(employers, unions, neutral) plus an administrator, with fresh passwords each start."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from payround.rounds import bundled_round_ids, load_round
from payround.store import Store
from payround.store.models import User
from payround.store.repository import find_round, import_round, round_row
from payround.store.sides import add_user, join_round, side_in
from payround.web.accounts import set_password

__all__ = ["DemoAccount", "seed_demo"]

DEMO_USERS = (("employers-demo", "employers"), ("unions-demo", "unions"), ("neutral-demo", "neutral"))


@dataclass(frozen=True)
class DemoAccount:
    """A demo account and its password (printed in the terminal)."""

    username: str
    role: str
    password: str


def seed_demo(store: Store, *, passwords: dict[str, str] | None = None) -> list[DemoAccount]:
    """Load the bundled rounds that are not stored yet; make (or reset) the demo accounts and their sides."""
    out: list[DemoAccount] = []
    with store.session() as s:
        for rid in bundled_round_ids():
            if find_round(s, rid) is None:
                import_round(s, load_round(rid), "system")
        for username, role in (*DEMO_USERS, ("admin-demo", "admin")):
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                user = add_user(s, username, f"{role.capitalize()} (demo)")
            password = (passwords or {}).get(username) or secrets.token_urlsafe(12)
            set_password(s, user, password, admin=role == "admin")
            if role != "admin":
                for rid in bundled_round_ids():
                    if side_in(s, user, round_row(s, rid)) is None:
                        join_round(s, user, rid, role)
            out.append(DemoAccount(username, role, password))
    return out
