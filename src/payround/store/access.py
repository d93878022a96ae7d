"""Who is acting (the principal) and what they may see, enforced on every query of the session.

Every ORM query of a store session is scoped by the principal's side: offers that are drafts of another side,
their versions, and other sides' private events never come back, whatever the caller forgot to filter (SQLAlchemy
``with_loader_criteria`` on every statement, relationship loads included). On PostgreSQL the same rule is also
enforced by the database itself (row-level security, ``payround.user_id`` set for each transaction), so that even
hand-written SQL by the application role cannot read another side's drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, event, exists, or_, select, text
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from payround.errors import StoreError
from payround.store.models import Event, OfferRow, OfferVersion, RoundMember, RoundRow

__all__ = ["Principal", "current_principal", "install_scoping", "require_principal", "use_principal"]

_KEY = "payround.principal"


@dataclass(frozen=True)
class Principal:
    """An authenticated user: the id every write carries. ``local`` marks the CLI's local user, whose identity no
    server has checked (the event log says so)."""

    user_id: int
    username: str
    local: bool = False
    site_admin: bool = False

    def label(self) -> str:
        """The name shown in logs: ``alice`` or ``alice (local)``."""
        return f"{self.username} (local)" if self.local else self.username


def use_principal(session: Session, principal: Principal | None) -> None:
    """Act as ``principal`` for the rest of the session's transaction (None: an anonymous, public reader)."""
    session.info[_KEY] = principal
    if session.get_bind().dialect.name == "postgresql":
        uid = "" if principal is None else str(principal.user_id)
        session.execute(text("SELECT set_config('payround.user_id', :uid, true)"), {"uid": uid})


def current_principal(session: Session) -> Principal | None:
    """The principal the session acts for (None when anonymous)."""
    found = session.info.get(_KEY)
    return found if isinstance(found, Principal) else None


def require_principal(session: Session, what: str) -> Principal:
    """The acting principal; a write without one is refused."""
    principal = current_principal(session)
    if principal is None:
        raise StoreError(
            f"{what} needs a signed-in user: every change records who made it.",
            hint="give the user (--as NAME on the command line).",
        )
    return principal


# Table aliases of their own, so that the criteria's subqueries never correlate with the tables of the query they
# are added to (a query that joins offers and members, say).
_M = RoundMember.__table__.alias("scope_member")
_R = RoundRow.__table__.alias("scope_round")
_O = OfferRow.__table__.alias("scope_offer")


def _my_sides(uid: int, round_id: Any) -> Any:
    """The principal's active side in a round (a correlated subquery)."""
    return (
        select(_M.c.side)
        .where(_M.c.round_id == round_id, _M.c.user_id == uid, _M.c.status == "active")
        .correlate_except(_M)
    )


def _offer_visible(cls: Any, uid: int) -> ColumnElement[bool]:
    return or_(cls.visibility == "tabled", cls.side.in_(_my_sides(uid, cls.round_id)))


def _version_visible(cls: Any, uid: int) -> ColumnElement[bool]:
    visible = or_(_O.c.visibility == "tabled", _O.c.side.in_(_my_sides(uid, _O.c.round_id)))
    return exists(select(_O.c.id).where(_O.c.id == cls.offer_id, visible).correlate_except(_O))


def _event_visible(cls: Any, uid: int) -> ColumnElement[bool]:
    mine = (
        select(_M.c.side)
        .select_from(_M.join(_R, _R.c.id == _M.c.round_id))
        .where(_R.c.slug == cls.round_slug, _M.c.user_id == uid, _M.c.status == "active")
        .correlate_except(_M, _R)
    )
    return or_(cls.scope == "public", and_(cls.round_slug.is_not(None), cls.scope.in_(mine)))


def _scope_statement(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return  # relationship loads inherit the criteria of the query that loaded their parent
    if not (state.is_select or state.is_update or state.is_delete):
        return
    principal = current_principal(state.session)
    uid = -1 if principal is None else principal.user_id  # -1: nobody's id, so only public rows
    state.statement = state.statement.options(
        with_loader_criteria(OfferRow, lambda cls: _offer_visible(cls, uid), include_aliases=True),
        with_loader_criteria(OfferVersion, lambda cls: _version_visible(cls, uid), include_aliases=True),
        with_loader_criteria(Event, lambda cls: _event_visible(cls, uid), include_aliases=True),
    )


def install_scoping(session_class: Any) -> None:
    """Scope every query of sessions made by ``session_class`` (a sessionmaker) by the acting principal."""
    event.listen(session_class, "do_orm_execute", _scope_statement)
