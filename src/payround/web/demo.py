"""The workbench's demo set-up (``make run``): the bundled rounds in the database, and one signed-in account per
side (employers, unions, neutral), each appointed to that side of every bundled round, plus a site administrator,
with fresh passwords each start."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from payround.rounds import bundled_round_ids, load_round
from payround.store import Store, add_user, appoint_admin, find_round, import_round, local_principal
from payround.store.models import RoundMember, RoundRow, User
from payround.web.accounts import set_password

__all__ = ["DEMO_OPERATOR", "DemoAccount", "seed_demo"]

DEMO_USERS = (("employers-demo", "employers"), ("unions-demo", "unions"), ("neutral-demo", "neutral"))
DEMO_OPERATOR = "workbench-demo"  # the local (command-line) user who loads the demo: the rounds' convenor


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
        local_principal(s, DEMO_OPERATOR)
        for rid in bundled_round_ids():
            if find_round(s, rid) is None:
                import_round(s, load_round(rid))
        for username, role in (*DEMO_USERS, ("admin-demo", "admin")):
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                user = add_user(s, username, f"{role.capitalize()} (demo)", site_admin=role == "admin")
            password = (passwords or {}).get(username) or secrets.token_urlsafe(12)
            set_password(s, user, password)
            if role != "admin":
                for rid in bundled_round_ids():
                    member = s.scalar(
                        select(RoundMember).join(RoundRow, RoundRow.id == RoundMember.round_id)
                        .where(RoundRow.slug == rid, RoundMember.user_id == user.id)
                    )  # fmt: skip
                    if member is None:
                        appoint_admin(s, rid, username, role)
            out.append(DemoAccount(username, role, password))
    return out
