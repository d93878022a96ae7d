"""Between round files (``RoundFile``) and database rows, both ways.

Importing fills a ``RoundRow`` from a round file: offers are matched by id and get a new version when their
construction changes; drafts that exist only in the database are kept. Exporting rebuilds a ``RoundFile`` from the
rows and validates it like any file, so an export is always a valid round file.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from payround.errors import RoundError
from payround.rounds.schema import RoundFile
from payround.rounds.schema_parts import OfferEntry
from payround.store.models import (
    ActionRow,
    BallotRow,
    MilestoneRow,
    OfferRow,
    OfferVersion,
    Organisation,
    ResponseRow,
    RoundRow,
    SettlementRow,
)

__all__ = ["fill_round", "round_mapping", "side_of"]


def _json(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(by_alias=True, mode="json", exclude_defaults=True)


def side_of(rf: RoundFile, name: str) -> str:
    """Which side an organisation is on."""
    for side in ("employers", "unions", "neutral"):
        s = getattr(rf.sides, side)
        if s is not None and name in s.names():
            return side
    raise KeyError(name)


def _organisations(rf: RoundFile) -> list[Organisation]:
    out: list[Organisation] = []
    for side in ("employers", "unions", "neutral"):
        s = getattr(rf.sides, side)
        if s is None:
            continue
        out.append(Organisation(side=side, name=s.name, is_side=True, position=len(out), sources=list(s.sources)))
        out += [Organisation(side=side, name=m, is_side=False, position=len(out) + i) for i, m in enumerate(s.members)]
    return out


def _offer_document(entry: OfferEntry) -> dict[str, Any] | None:
    return None if entry.offer is None else _json(entry.offer)


def _fill_offers(row: RoundRow, rf: RoundFile, actor: str, user_id: int | None) -> dict[str, list[str]]:
    existing = {o.key: o for o in row.offers}
    changes: dict[str, list[str]] = {"added": [], "revised": [], "removed": []}
    kept: list[OfferRow] = []
    entries = [("claim", rf.claim)] if rf.claim else []
    entries += [("offer", o) for o in rf.offers]
    for position, (kind, entry) in enumerate(entries):
        assert entry is not None
        offer = existing.pop(entry.id, None)
        document = _offer_document(entry)
        if offer is None:
            first = OfferVersion(version=1, document=document, created_by=actor, user_id=user_id)
            offer = OfferRow(key=entry.id, versions=[first])
            changes["added"].append(entry.id)
        else:
            if offer.visibility == "tabled" and entry.status == "draft":
                raise RoundError(
                    f"the offer {entry.id!r} was tabled: it cannot become a draft again.",
                    file=rf.id,
                    place=entry.id,
                    hint="a tabled offer is part of the public record; give the draft a new id.",
                )
            if offer.versions[-1].document != document:
                number = len(offer.versions) + 1
                offer.versions.append(
                    OfferVersion(version=number, document=document, created_by=actor, user_id=user_id)
                )
                changes["revised"].append(entry.id)
        offer.kind = kind
        offer.side = side_of(rf, entry.by)
        offer.tabled_by = entry.by
        offer.tabled_on = entry.tabled
        offer.date_note = entry.date_note
        offer.date_approximate = entry.date_approximate
        offer.status = entry.status
        offer.visibility = "draft" if entry.status == "draft" else "tabled"
        offer.summary = entry.summary
        offer.described = entry.described
        offer.note = entry.note
        offer.sources = list(entry.sources)
        offer.position = position
        kept.append(offer)
    for key, offer in existing.items():
        if offer.visibility == "draft":  # drafts live in the database only; a file does not remove them
            offer.position = len(kept)
            kept.append(offer)
        else:
            changes["removed"].append(key)
    row.offers = kept
    return changes


def fill_round(row: RoundRow, rf: RoundFile, actor: str, user_id: int | None = None) -> dict[str, Any]:
    """Copy a round file into ``row`` (new or existing); returns what changed, for the event log."""
    row.slug = rf.id
    row.name = rf.name
    row.body_kind = rf.body.kind
    row.body_name = rf.body.name
    row.country = rf.body.country
    row.pay_year_start = rf.pay_year.start if rf.pay_year else None
    row.pay_year_end = rf.pay_year.end if rf.pay_year else None
    row.period_note = rf.period_note
    row.description = rf.description
    row.sources = list(rf.sources)
    row.impact = _json(rf.impact)
    row.organisations = _organisations(rf)
    offers = _fill_offers(row, rf, actor, user_id)
    row.responses = [
        ResponseRow(
            offer_key=r.offer, union_name=r.union, response=r.response, on=r.date, date_note=r.date_note,
            date_approximate=r.date_approximate, ballot_key=r.ballot, note=r.note, sources=list(r.sources), position=i,
        )
        for i, r in enumerate(rf.responses)
    ]  # fmt: skip
    row.ballots = [_ballot_row(b.model_dump(), i) for i, b in enumerate(rf.ballots)]
    row.actions = [
        ActionRow(
            key=a.key(), key_given=a.id is not None, union_name=a.union, employer=a.employer,
            services=list(a.services), detail=a.detail, start=_text(_json(a)["start"]), end=_json(a).get("end"),
            first_day=a.first_day, last_day=a.last_day, members=a.members, status=a.status,
            status_date=a.status_date, ballot_key=a.ballot, notice_given=a.notice_given, note=a.note,
            sources=list(a.sources), position=i,
        )
        for i, a in enumerate(rf.industrial_action)
    ]  # fmt: skip
    row.milestones = [
        MilestoneRow(
            on=m.date,
            date_approximate=m.date_approximate,
            date_note=m.date_note,
            what=m.what,
            kind=m.kind,
            sources=list(m.sources),
            position=i,
        )
        for i, m in enumerate(rf.milestones)
    ]
    s = rf.settlement
    row.settlement = (
        None
        if s is None
        else SettlementRow(
            offer_key=s.offer,
            agreed=s.agreed,
            date_note=s.date_note,
            date_approximate=s.date_approximate,
            note=s.note,
            sources=list(s.sources),
        )
    )
    return {
        "offers": offers,
        "counts": {
            "offers": len(row.offers),
            "responses": len(row.responses),
            "ballots": len(row.ballots),
            "industrial_action": len(row.actions),
            "milestones": len(row.milestones),
        },
    }


def _text(v: Any) -> str:
    return str(v)


def _ballot_row(d: dict[str, Any], position: int) -> BallotRow:
    d = dict(d)
    d["key"] = d.pop("id")
    d["union_name"] = d.pop("union")
    d["offer_key"] = d.pop("offer")
    d["sources"] = list(d["sources"])
    return BallotRow(**d, position=position)


_BALLOT_FIELDS = (
    "bargaining_unit", "kind", "question", "opened", "closed", "date_note", "date_approximate", "country",
    "notice_of_ballot", "eligible",
    "votes_cast", "votes_yes", "votes_no", "turnout_pct", "yes_pct", "no_pct", "reported_turnout_met",
    "reported_majority", "important_public_services", "mandate_extended_by_agreement", "note", "sources",
)  # fmt: skip


def _side(row: RoundRow, side: str) -> dict[str, Any] | None:
    orgs = [o for o in row.organisations if o.side == side]
    head = next((o for o in orgs if o.is_side), None)
    if head is None:
        return None
    return {"name": head.name, "members": [o.name for o in orgs if not o.is_side], "sources": head.sources}


def _offer_mapping(o: OfferRow) -> dict[str, Any]:
    out: dict[str, Any] = {"id": o.key, "tabled": o.tabled_on, "date_note": o.date_note, "by": o.tabled_by}
    out["date_approximate"] = o.date_approximate
    out |= {"status": o.status, "summary": o.summary, "described": o.described, "note": o.note}
    out["sources"] = o.sources
    document = o.versions[-1].document if o.versions else None
    if document is not None:
        out["offer"] = document
    return out


def round_mapping(row: RoundRow, drafts_of: str | None = None) -> dict[str, Any]:
    """The round as a round-file mapping; draft offers are included only for the side ``drafts_of`` (the session's
    scoping has already kept other sides' drafts out of ``row.offers``; this is the second check)."""
    offers = [o for o in row.offers if o.visibility == "tabled" or o.side == drafts_of]
    claim = next((o for o in offers if o.kind == "claim"), None)
    out: dict[str, Any] = {"version": 1, "id": row.slug, "name": row.name}
    out["body"] = {"kind": row.body_kind, "name": row.body_name, "country": row.country}
    if row.pay_year_start and row.pay_year_end:
        out["pay_year"] = {"start": row.pay_year_start, "end": row.pay_year_end}
    out |= {"period_note": row.period_note, "description": row.description}
    out["sides"] = {k: v for k in ("employers", "unions", "neutral") if (v := _side(row, k)) is not None}
    if claim is not None:
        out["claim"] = _offer_mapping(claim)
    out["offers"] = [_offer_mapping(o) for o in offers if o.kind == "offer"]
    out["responses"] = [
        {"offer": r.offer_key, "union": r.union_name, "response": r.response, "date": r.on,
         "date_note": r.date_note, "date_approximate": r.date_approximate, "ballot": r.ballot_key,
         "note": r.note, "sources": r.sources}
        for r in row.responses
    ]  # fmt: skip
    out["ballots"] = [
        {"id": b.key, "union": b.union_name, "employers": b.employers, "offer": b.offer_key}
        | {f: getattr(b, f) for f in _BALLOT_FIELDS}
        for b in row.ballots
    ]
    out["industrial_action"] = [
        {"id": a.key if a.key_given else None, "union": a.union_name, "employer": a.employer,
         "services": a.services, "detail": a.detail, "start": a.start, "end": a.end, "members": a.members,
         "status": a.status, "status_date": a.status_date, "ballot": a.ballot_key,
         "notice_given": a.notice_given, "note": a.note, "sources": a.sources}
        for a in row.actions
    ]  # fmt: skip
    if row.settlement is not None:
        s = row.settlement
        out["settlement"] = {"offer": s.offer_key, "agreed": s.agreed, "date_note": s.date_note, "note": s.note}
        out["settlement"]["date_approximate"] = s.date_approximate
        out["settlement"]["sources"] = s.sources
    out["milestones"] = [
        {"date": m.on, "date_approximate": m.date_approximate, "date_note": m.date_note, "what": m.what}
        | {"kind": m.kind, "sources": m.sources}
        for m in row.milestones
    ]
    out["impact"] = row.impact
    out["sources"] = row.sources
    return out
