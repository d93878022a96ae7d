"""The pay round file (version 1): one YAML document with the whole story of a round.

```yaml
version: 1
id: sjc-2022-23
name: SJC pay round 2022/23
body: {kind: sjc, name: Scottish Joint Council, country: scotland}
pay_year: {start: 2022-04-01, end: 2023-03-31}
sides:
  employers: {name: COSLA, members: [City of Edinburgh, ...]}
  unions: {name: SJC Trade Union Side, members: [Unison, GMB, Unite]}
claim: {id: claim, by: SJC Trade Union Side, tabled: 2022-01-18, summary: ..., offer: {...offer file...}}
offers: [{id: offer-1, by: COSLA, tabled: ..., status: rejected, summary: ..., offer: {...} or file: x.yaml}]
responses: [{offer: offer-1, union: Unison, response: reject, date: ...}]
ballots: [...]
industrial_action: [...]          # and/or industrial_action_csv: strikes.csv
settlement: {offer: offer-5, agreed: ...}
milestones: [{date: ..., what: ..., kind: call_off}]
impact: {households: [...], refuse: [...], pupils: [...], observed: [...]}   # households_csv: file.csv
```

Cross-references (responses to offers, strikes to ballots, names to sides) are checked by ``check_references``
with the YAML path of the offending entry.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import ConfigDict, Field

from payround.errors import RoundError
from payround.rounds.schema_action import Action, Ballot
from payround.rounds.schema_impact import Impact
from payround.rounds.schema_parts import (
    Body,
    Country,
    Milestone,
    OfferEntry,
    PayYear,
    Response,
    Settlement,
    Sides,
    Slug,
)
from payround.schemabase import CheckedModel

__all__ = ["BallotsFile", "RoundFile", "check_references"]


class RoundFile(CheckedModel):
    """A whole pay round: body, sides, claim, offers, responses, ballots, industrial action, settlement, impacts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    id: Slug
    name: str = Field(min_length=1)
    body: Body
    pay_year: PayYear | None = None
    period_note: str = ""
    description: str = ""
    sides: Sides
    claim: OfferEntry | None = None
    offers: list[OfferEntry] = Field(default_factory=list)
    responses: list[Response] = Field(default_factory=list)
    ballots: list[Ballot] = Field(default_factory=list)
    industrial_action: list[Action] = Field(default_factory=list)
    settlement: Settlement | None = None
    milestones: list[Milestone] = Field(default_factory=list)
    impact: Impact = Field(default_factory=Impact)
    sources: list[str] = Field(default_factory=list)

    def all_offers(self) -> list[OfferEntry]:
        """The claim (if any) followed by the offers."""
        return ([self.claim] if self.claim else []) + list(self.offers)

    def offer(self, offer_id: str) -> OfferEntry:
        """The claim or offer with this id."""
        for o in self.all_offers():
            if o.id == offer_id:
                return o
        raise KeyError(offer_id)


class BallotsFile(CheckedModel):
    """A file of ballots alone (for ``payround ballot check``), optionally with the action taken on them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    country: Country | None = None
    ballots: list[Ballot] = Field(min_length=1)
    industrial_action: list[Action] = Field(default_factory=list)


_ADD_BALLOT = "add the ballot under 'ballots', or leave 'ballot' out."


def _suggest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"Did you mean {close[0]!r}?" if close else ""


def _check_name(name: str, allowed: list[str], what: str, file: str, place: str, hint_tail: str) -> None:
    if name not in allowed:
        shown = ", ".join(repr(a) for a in allowed[:6]) + (", ..." if len(allowed) > 6 else "")
        suggestion = _suggest(name, allowed)
        tail = hint_tail or "correct the name."
        hint = f"{suggestion} Otherwise {tail}" if suggestion else tail[:1].upper() + tail[1:]
        raise RoundError(
            f"{name!r} is not {what}.",
            file=file,
            place=place,
            expected=f"one of {shown}" if allowed else "a name defined in this file (there is none yet)",
            got=repr(name),
            hint=hint,
        )


def _unique(ids: list[tuple[str, str]], file: str, what: str) -> None:
    seen: dict[str, str] = {}
    for place, ident in ids:
        if ident in seen:
            raise RoundError(
                f"the {what} id {ident!r} is used twice (first at {seen[ident]}).",
                file=file,
                place=place,
                hint=f"give each {what} its own id.",
            )
        seen[ident] = place


def check_references(rf: RoundFile, file: str, origins: Mapping[int, tuple[str, int]] | None = None) -> None:
    """Check every cross-reference of a round; raise RoundError naming the YAML path of the first bad one.

    ``origins`` maps the index of an industrial action read from a CSV file to (file, row), so that errors in it
    name the CSV row rather than the merged list.
    """
    try:
        _check_references(rf, file)
    except RoundError as exc:
        raise _relocate(exc, origins or {}) from None


def _relocate(exc: RoundError, origins: Mapping[int, tuple[str, int]]) -> RoundError:
    place = exc.place or ""
    if place.startswith("industrial_action[") and origins:
        index = int(place[len("industrial_action[") : place.index("]")])
        if index in origins:
            csv_file, row = origins[index]
            column = place.split("].", 1)[1].split(".")[0] if "]." in place else ""
            return RoundError(
                exc.detail,
                file=csv_file,
                place=f"row {row}" + (f", column {column}" if column else ""),
                expected=exc.expected,
                got=exc.got,
                hint=exc.hint,
            )
    return exc


def _check_references(rf: RoundFile, file: str) -> None:
    employers = rf.sides.employers.names()
    unions = rf.sides.unions.names()
    neutral = rf.sides.neutral.names() if rf.sides.neutral else []
    add_member = "add it to sides.{side}.members, or correct the spelling."
    offer_places = ([("claim.id", rf.claim.id)] if rf.claim else []) + [
        (f"offers[{i}].id", o.id) for i, o in enumerate(rf.offers)
    ]
    _unique(offer_places, file, "offer")
    _unique([(f"ballots[{i}].id", b.id) for i, b in enumerate(rf.ballots)], file, "ballot")
    _unique([(f"industrial_action[{i}].id", a.key()) for i, a in enumerate(rf.industrial_action)], file, "action")
    offer_ids = [o for _, o in offer_places]
    dated = [(i, o.tabled) for i, o in enumerate(rf.offers) if o.tabled is not None]
    for (_, earlier), (j, later) in itertools.pairwise(dated):
        if later < earlier:
            raise RoundError(
                f"offers[{j}] was tabled {later}, before the offer listed above it ({earlier}).",
                file=file,
                place=f"offers[{j}].tabled",
                hint="list offers in the order they were tabled, oldest first.",
            )
    ballot_ids = [b.id for b in rf.ballots]
    if rf.claim:
        _check_name(rf.claim.by, unions, "on the unions' side", file, "claim.by", add_member.format(side="unions"))
    for i, o in enumerate(rf.offers):
        _check_name(o.by, employers + unions + neutral, "a party to the round", file, f"offers[{i}].by", "")
    for i, r in enumerate(rf.responses):
        _check_name(r.offer, offer_ids, "a claim or offer of this round", file, f"responses[{i}].offer", "")
        _check_name(
            r.union, unions, "on the unions' side", file, f"responses[{i}].union", add_member.format(side="unions")
        )
        if r.ballot is not None:
            _check_name(r.ballot, ballot_ids, "a ballot of this round", file, f"responses[{i}].ballot", _ADD_BALLOT)
    for i, b in enumerate(rf.ballots):
        _check_name(
            b.union, unions, "on the unions' side", file, f"ballots[{i}].union", add_member.format(side="unions")
        )
        for j, e in enumerate(b.employers):
            place = f"ballots[{i}].employers[{j}]"
            _check_name(e, employers, "on the employers' side", file, place, add_member.format(side="employers"))
        if b.offer is not None:
            _check_name(b.offer, offer_ids, "a claim or offer of this round", file, f"ballots[{i}].offer", "")
    for i, a in enumerate(rf.industrial_action):
        place = f"industrial_action[{i}]"
        _check_name(a.union, unions, "on the unions' side", file, f"{place}.union", add_member.format(side="unions"))
        _check_name(
            a.employer,
            employers,
            "on the employers' side",
            file,
            f"{place}.employer",
            add_member.format(side="employers"),
        )
        if a.ballot is not None:
            _check_name(a.ballot, ballot_ids, "a ballot of this round", file, f"{place}.ballot", _ADD_BALLOT)
    if rf.settlement is not None:
        _check_name(rf.settlement.offer, offer_ids, "a claim or offer of this round", file, "settlement.offer", "")
    _check_impact(rf, employers, file)


def _check_impact(rf: RoundFile, employers: list[str], file: str) -> None:
    hint = "impact figures are kept for the employers on the employers' side; " + "add it to sides.employers.members."
    lists: dict[str, list[str]] = {
        "households": [h.employer for h in rf.impact.households],
        "refuse": [r.employer for r in rf.impact.refuse],
        "pupils": [p.employer for p in rf.impact.pupils],
        "observed": [o.employer for o in rf.impact.observed],
    }
    for key, names in lists.items():
        seen: set[str] = set()
        for i, employer in enumerate(names):
            _check_name(employer, employers, "on the employers' side", file, f"impact.{key}[{i}].employer", hint)
            if key != "observed" and employer in seen:
                raise RoundError(
                    f"{employer!r} is given twice.",
                    file=file,
                    place=f"impact.{key}[{i}].employer",
                    hint="give each employer's figures once.",
                )
            seen.add(employer)
