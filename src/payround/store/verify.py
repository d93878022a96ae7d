"""``payround round verify``: recompute a round's hash chains and report the first break.

A reader verifies the chains they may see: the round's public chain, and their own side's private chain. The
head of each chain (the hash of its last event) can be written down, or sent to the other side; giving it back
later (``known_heads``) proves that nothing up to that point was rewritten or cut off since, even by someone able
to recompute every hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from payround.store.chain import ChainBreak, chain_name, verify_events
from payround.store.models import Event
from payround.store.repository import member_side, round_row

__all__ = ["ChainReport", "verify_round"]


@dataclass(frozen=True)
class ChainReport:
    """One chain's verification: how many events, its head, and the first break (None: it verifies)."""

    chain: str
    events: int
    head: str
    first_break: ChainBreak | None


def verify_round(session: Session, slug: str, known_heads: tuple[str, ...] = ()) -> list[ChainReport]:
    """Verify the round's public chain and the principal's side chain. Each hash in ``known_heads`` must still be
    in one of them (a head recorded earlier), else the chain is reported broken."""
    row = round_row(session, slug)
    scopes = ["public"] + ([side] if (side := member_side(session, row)) else [])
    reports: list[ChainReport] = []
    seen: set[str] = set()
    for scope in scopes:
        name = chain_name(slug, scope)
        events = list(session.scalars(select(Event).where(Event.chain == name).order_by(Event.seq, Event.id)))
        found = verify_events(name, events)
        seen |= {e.hash for e in events}
        reports.append(ChainReport(name, len(events), events[-1].hash if events else "", found))
    for head in known_heads:
        if head not in seen:
            public = reports[0]
            reason = f"the recorded head {head[:12]}… is no longer in the log: events were rewritten or removed"
            if public.first_break is None:
                seq = public.events + 1
                reports[0] = ChainReport(
                    public.chain, public.events, public.head, ChainBreak(public.chain, seq, 0, reason)
                )
    return reports
