"""The hash-chained event log: every event carries the SHA-256 of its own content and of the previous event of its
chain, so that editing, deleting or inserting an event anywhere breaks every later link.

Chains: ``ROUND/public`` (what everyone in a round may see), ``ROUND/employers`` etc. (a side's private chain: its
drafts and who read them) and ``/public`` (users). A reader verifies the chains they can see. The hash covers the
stored columns only, in a canonical JSON form, so that it can be recomputed from the database at any time (and by
anyone, with ``sha256sum``-level tools: see docs/rounds.md).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = ["GENESIS", "ChainBreak", "chain_name", "event_hash", "verify_events"]

GENESIS = "0" * 64
"""The ``prev_hash`` of the first event of every chain."""


def chain_name(round_slug: str | None, scope: str) -> str:
    """The chain an event belongs to: its round (or none) and who may see it."""
    return f"{round_slug or ''}/{scope}"


def _iso(at: datetime) -> str:
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    chain: str,
    seq: int,
    prev_hash: str,
    occurred_at: datetime,
    actor: str,
    actor_local: bool,
    user_id: int | None,
    round_slug: str | None,
    scope: str,
    action: str,
    entity: str,
    payload: dict[str, Any],
) -> str:
    """The SHA-256 (hex) of one event's content and the hash of the event before it.

    The form is fixed for good (changing it would break every stored chain): a JSON array, keys sorted, no spaces.
    """
    body = [
        "payround-event-v1", chain, seq, prev_hash, _iso(occurred_at), actor, bool(actor_local), user_id,
        round_slug, scope, action, entity, payload,
    ]  # fmt: skip
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first place a chain does not verify."""

    chain: str
    seq: int
    event_id: int
    reason: str


def verify_events(chain: str, events: list[Any]) -> ChainBreak | None:
    """Check one chain's events (ordered by ``seq``): numbering, links and hashes. The first break, or None."""
    prev = GENESIS
    for expected_seq, ev in enumerate(events, start=1):
        if ev.seq != expected_seq:
            reason = f"event number {expected_seq} is missing (found number {ev.seq}): an event was deleted"
            return ChainBreak(chain, expected_seq, ev.id, reason)
        if ev.prev_hash != prev:
            reason = "it does not link to the event before it: an event before it was replaced or removed"
            return ChainBreak(chain, ev.seq, ev.id, reason)
        fields = ("occurred_at", "actor", "actor_local", "user_id", "round_slug", "scope", "action", "entity")
        again = event_hash(chain=chain, seq=ev.seq, prev_hash=ev.prev_hash, payload=ev.payload,
                           **{f: getattr(ev, f) for f in fields})  # fmt: skip
        if again != ev.hash:
            return ChainBreak(chain, ev.seq, ev.id, "its content does not match its hash: the event was edited")
        prev = ev.hash
    return None
