"""Reading and writing round files: bundled ids, paths, offers by file, CSV tables, strict validation, export.

A round file may point to other files, relative to itself: ``file:`` in place of an inline ``offer:``,
``industrial_action_csv:`` for a table of strikes, and ``impact.households_csv:`` for household counts.
``round_to_yaml`` writes the round back as one self-contained file (everything inline).
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from payround.errors import RoundError
from payround.offers import load_offer
from payround.rounds.csvfiles import read_actions_csv, read_households_csv
from payround.rounds.schema import BallotsFile, RoundFile, check_references
from payround.rounds.schema_action import Action, Ballot
from payround.sources import LOCAL, Sources, active
from payround.yamlio import dump_yaml, load_yaml_text, raise_validation, read_yaml

__all__ = [
    "bundled_round_ids",
    "load_ballots",
    "load_round",
    "parse_ballots",
    "parse_round",
    "round_to_mapping",
    "round_to_yaml",
]


def _bundled_root() -> Path:
    return Path(str(resources.files("payround").joinpath("data", "rounds")))


def bundled_round_ids() -> list[str]:
    """Ids of the rounds shipped with payround (``birmingham-2025``, ``sjc-2022-23``)."""
    return sorted(p.stem for p in _bundled_root().glob("*.yaml"))


def load_round(ref: str | Path, sources: Sources | None = None) -> RoundFile:
    """Load a round by bundled id (``sjc-2022-23``) or from a YAML file; errors name the file and the YAML path.

    The files a round names (offers, CSV tables) are read as ``sources`` allows (see ``payround.sources``)."""
    text = str(ref)
    if not isinstance(ref, Path) and text in bundled_round_ids():
        path = _bundled_root() / f"{text}.yaml"
        sources = LOCAL  # bundled rounds name bundled files beside them
    else:
        path = active(sources).resolve(ref, what="round")
        if not path.exists() and not text.endswith((".yaml", ".yml")):
            raise RoundError(
                f"{text!r} is neither a bundled round nor a file.",
                file=text,
                hint=f"use one of {', '.join(bundled_round_ids())}, or the path to a round file.",
            )
    return parse_round(read_yaml(path, RoundError), str(path), base_dir=path.parent, sources=sources)


def parse_round(
    data: Any, source: str = "<round>", base_dir: Path | None = None, sources: Sources | None = None
) -> RoundFile:
    """Validate a round mapping (or YAML text). Files it names are read relative to ``base_dir`` (default: cwd),
    as ``sources`` allows."""
    if isinstance(data, str):
        data = load_yaml_text(data, source, RoundError)
    if not isinstance(data, dict):
        raise RoundError(
            "a round file must be a mapping with the keys id, name, body and sides (at least).",
            file=source,
            got=type(data).__name__ if data is not None else "an empty file",
            hint="see docs/rounds.md or the bundled rounds (payround round export sjc-2022-23).",
        )
    base = _Base(base_dir or Path.cwd(), active(sources))
    data = dict(data)
    _refuse_boolean_keys(data, source)
    _inline_offer_files(data, source, base)
    origins = _inline_action_csv(data, source, base)
    _inline_households_csv(data, source, base)
    try:
        rf = RoundFile.model_validate(data)
    except ValidationError as exc:
        _raise_round_validation(exc, source)
    check_references(rf, source, origins)
    return rf


def _raise_round_validation(exc: ValidationError, source: str) -> NoReturn:
    """Located error for a round file (hints point at the round file format, not the offer schema)."""
    try:
        raise_validation(exc, source, RoundError)
    except RoundError as err:
        if err.hint and "payround schema" in err.hint:
            raise RoundError(
                err.detail,
                file=err.file,
                place=err.place,
                expected=err.expected,
                got=err.got,
                hint="remove this key, or check its spelling against the round file format in docs/rounds.md.",
            ) from exc
        raise
    raise AssertionError("raise_validation always raises")


def load_ballots(path: Path) -> tuple[list[Ballot], list[Action], str | None]:
    """The ballots (and action) of a file, and the country whose law applies (a ballots file's ``country``, or a
    round's ``body.country``): a ballots file (``ballots:`` without ``sides:``) or a round file."""
    data = read_yaml(path, RoundError)
    if isinstance(data, dict) and "ballots" in data and "sides" not in data:
        ballots, actions = parse_ballots(data, str(path))
        country = data.get("country")
        return ballots, actions, country if isinstance(country, str) else None
    rf = parse_round(data, str(path), base_dir=path.parent)
    return list(rf.ballots), list(rf.industrial_action), rf.body.country


def parse_ballots(data: Any, source: str) -> tuple[list[Ballot], list[Action]]:
    """Validate a ballots file (``ballots: [...]``, optionally ``industrial_action: [...]``)."""
    if not isinstance(data, dict):
        raise RoundError("a ballots file must be a mapping with the key 'ballots'.", file=source)
    _refuse_boolean_keys(data, source)
    try:
        bf = BallotsFile.model_validate(data)
    except ValidationError as exc:
        _raise_round_validation(exc, source)
    ids = [b.id for b in bf.ballots]
    for i, b in enumerate(bf.ballots):
        if ids.index(b.id) != i:
            raise RoundError(f"the ballot id {b.id!r} is used twice.", file=source, place=f"ballots[{i}].id")
    for i, a in enumerate(bf.industrial_action):
        if a.ballot is not None and a.ballot not in ids:
            raise RoundError(
                f"{a.ballot!r} is not a ballot of this file.",
                file=source,
                place=f"industrial_action[{i}].ballot",
                expected=f"one of {', '.join(ids)}",
                got=repr(a.ballot),
            )
    return list(bf.ballots), list(bf.industrial_action)


class _Base:
    """Where a round's file references point: its folder, under a source policy."""

    def __init__(self, folder: Path, sources: Sources) -> None:
        self.folder = folder
        self.sources = sources

    def __truediv__(self, ref: str) -> Path:
        return self.sources.resolve(ref, relative_to=self.folder / "round.yaml", what="file", or_working_dir=False)

    def __str__(self) -> str:
        return str(self.folder)


def _refuse_boolean_keys(data: dict[str, Any], source: str) -> None:
    """YAML 1.1 reads the keys ``yes``/``no``/``on``/``off`` as booleans: name the place and the fix."""
    for key in ("ballots", "industrial_action", "offers", "responses"):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict) and any(isinstance(k, bool) for k in item):
                bad = next(k for k in item if isinstance(k, bool))
                raise RoundError(
                    f"a key here was read as the boolean {str(bad).lower()}.",
                    file=source,
                    place=f"{key}[{i}]",
                    hint="YAML reads the keys yes, no, on and off as true/false: for ballot figures write votes_yes "
                    "and votes_no (or quote the key).",
                )


def _inline_offer_files(data: dict[str, Any], source: str, base: _Base) -> None:
    entries: list[tuple[str, Any]] = []
    if isinstance(data.get("claim"), dict):
        entries.append(("claim", data["claim"]))
    if isinstance(data.get("offers"), list):
        entries += [(f"offers[{i}]", o) for i, o in enumerate(data["offers"])]
    for place, entry in entries:
        if not isinstance(entry, dict) or "file" not in entry:
            continue
        if "offer" in entry:
            raise RoundError(
                "give the offer inline ('offer') or by path ('file'), not both.",
                file=source,
                place=f"{place}.file",
                hint="remove one of the two keys.",
            )
        ref = entry.pop("file")
        if not isinstance(ref, str) or not ref:
            raise RoundError("'file' must be the path of an offer file.", file=source, place=f"{place}.file")
        path = base / ref
        if not path.exists():
            raise RoundError(
                f"the offer file {ref!r} does not exist.",
                file=source,
                place=f"{place}.file",
                hint=f"paths are relative to the round file's folder ({base}).",
            )
        entry["offer"] = load_offer(path, base.sources).model_dump(by_alias=True, mode="json", exclude_defaults=True)


def _inline_action_csv(data: dict[str, Any], source: str, base: _Base) -> dict[int, tuple[str, int]]:
    refs = data.pop("industrial_action_csv", None)
    if refs is None:
        return {}
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, list) or not all(isinstance(r, str) and r for r in refs):
        raise RoundError(
            "'industrial_action_csv' must be a CSV path or a list of them.",
            file=source,
            place="industrial_action_csv",
        )
    actions = data.get("industrial_action") or []
    if not isinstance(actions, list):
        return {}
    actions = list(actions)
    origins: dict[int, tuple[str, int]] = {}
    for ref in refs:
        path = base / ref
        for row, action in read_actions_csv(path, "industrial_action_csv"):
            origins[len(actions)] = (str(path), row)
            actions.append(action)
    data["industrial_action"] = actions
    return origins


def _inline_households_csv(data: dict[str, Any], source: str, base: _Base) -> None:
    impact = data.get("impact")
    if not isinstance(impact, dict) or "households_csv" not in impact:
        return
    impact = dict(impact)
    ref = impact.pop("households_csv")
    if not isinstance(ref, str) or not ref:
        raise RoundError("'households_csv' must be a CSV path.", file=source, place="impact.households_csv")
    listed = impact.get("households") or []
    impact["households"] = (
        [*listed, *read_households_csv(base / ref, "impact.households_csv")] if isinstance(listed, list) else listed
    )
    data["impact"] = impact


def round_to_mapping(rf: RoundFile) -> dict[str, Any]:
    """The round as plain data (defaults left out), ready for YAML or JSON."""
    raw = rf.model_dump(by_alias=True, mode="python", exclude_defaults=True)
    out = _plain(raw)
    out = {"version": 1, **out}
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, datetime):
        return v.isoformat(timespec="minutes" if v.second == 0 else "seconds")
    return v


def round_to_yaml(rf: RoundFile) -> str:
    """The round as one self-contained YAML file (offers and tables inline)."""
    header = f"# {rf.name}\n# Exported by payround: a self-contained round file (offers and tables inline).\n"
    body = dump_yaml(round_to_mapping(rf))
    return header + body
