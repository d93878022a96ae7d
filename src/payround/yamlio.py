"""Strict YAML reading shared by every loader: safe, duplicate keys rejected, line numbers kept for errors,
and Pydantic validation errors turned into located, human messages.

The C parser (libyaml) is used where PyYAML was built with it: a 1.6 MB offer parses in a fraction of a second
instead of ten. Files are bounded (size, nesting depth and node count, aliases counted each time they are used) and
the YAML 1.1 number forms that silently change a value are refused: ``10:50`` (base 60, i.e. 650), ``10_85``
(1085), ``010`` (octal 8), ``0x1A``; so are dates written as numbers (see ``payround.schemabase``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from payround.errors import InputError
from payround.limits import (
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    describe_size,
    read_text_limited,
    short,
)

__all__ = ["dump_yaml", "format_loc", "load_yaml_text", "raise_validation", "read_yaml"]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader (C where available) that refuses duplicate keys and YAML 1.1's surprising number forms."""


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_LEGACY = "tag:payround,2025:yaml11-number"

# Plain decimal numbers only; everything else YAML 1.1 would read as a number is refused with a message.
_STRICT_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_STRICT_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
# What YAML 1.1 reads as a number (PyYAML's own patterns, without .inf and .nan): checked after the two above.
_LEGACY_NUMBER = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)$""",
    re.X,
)
_DIGITS = list("-+0123456789")
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(_INT, _STRICT_INT, _DIGITS)
_StrictLoader.add_implicit_resolver(_FLOAT, _STRICT_FLOAT, [*_DIGITS, "."])
_StrictLoader.add_implicit_resolver(_LEGACY, _LEGACY_NUMBER, [*_DIGITS, "."])


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {short(key, 40)} (first at line {seen[key] + 1}); each key may appear once",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return dict(loader.construct_pairs(node, deep=deep))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _keep_dates_as_text(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text so that Pydantic parses them with one error format ("2022-13-01" names its field).
    return str(loader.construct_scalar(node))


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _keep_dates_as_text)


def _keep_floats_as_text(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    # Decimal-exact: 10.50 must not become the binary float 10.5000000000000001.
    return str(loader.construct_scalar(node))


_StrictLoader.add_constructor(_FLOAT, _keep_floats_as_text)


def _refuse_legacy_number(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    if ":" in text:
        why = "a base-60 number (10:50 is 650)"
        fix = "write a rate with a decimal point (10.50)"
    elif "_" in text:
        why = "a number with its underscores dropped (10_85 is 1085)"
        fix = "write the number with a decimal point and no underscore (10.85)"
    else:
        why = "an octal, hexadecimal or binary number (010 is 8, 0x10 is 16)"
        fix = "write the number without leading zeros"
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"{text[:20]!r} would be read as {why}; {fix}, or put text such as a point label in quotes",
        node.start_mark,
    )


_StrictLoader.add_constructor(_LEGACY, _refuse_legacy_number)


class _TooBig(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.mark = mark


def _check_shape(text: str) -> None:
    """Walk the event stream once (no objects built): nesting depth and node count, aliases counted in full, so
    that neither deep nesting nor an alias 'bomb' reaches the constructor or Pydantic."""
    depth = 0
    nodes = 0
    open_: list[tuple[int, str | None]] = []
    sizes: dict[str, int] = {}
    for ev in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(ev, yaml.ScalarEvent):
            nodes += 1
            if ev.anchor:
                sizes[ev.anchor] = 1
        elif isinstance(ev, yaml.AliasEvent):
            nodes += sizes.get(ev.anchor or "", 1)
        elif isinstance(ev, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _TooBig(f"the lists and mappings nest more than {MAX_YAML_DEPTH} levels deep", ev.start_mark)
            open_.append((nodes, ev.anchor))
            nodes += 1
        elif isinstance(ev, yaml.CollectionEndEvent):
            depth -= 1
            start, anchor = open_.pop()
            if anchor:
                sizes[anchor] = nodes - start
        if nodes > MAX_YAML_NODES:
            raise _TooBig(
                f"the file has more than {MAX_YAML_NODES:,} values (aliases counted each time they are used)",
                ev.start_mark,
            )


def load_yaml_text(text: str, source: str, error: type[InputError] = InputError) -> Any:
    """Parse YAML text strictly; ``source`` names it in errors (a path or '<string>')."""
    if len(text) > MAX_YAML_BYTES:
        raise error(
            f"the text is over the limit of {describe_size(MAX_YAML_BYTES)} for a YAML file.",
            file=source,
            hint="check that this is the right file.",
        )
    try:
        _check_shape(text)
        return yaml.load(text, Loader=_StrictLoader)
    except _TooBig as exc:
        mark = exc.mark
        raise error(
            f"{exc}, more than any payround file needs.",
            file=source,
            place=f"line {mark.line + 1}, column {mark.column + 1}" if mark else None,
            hint="check that this is the right file.",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = str(exc.problem or exc.context)
        detail = f"this is not valid YAML: {problem}."
        if problem.startswith("duplicate key"):
            hint = "keep one of them and delete the other."
        elif "would be read as" in problem:
            detail = f"this value is ambiguous: {problem}."
            hint = "YAML 1.1 reads these forms as numbers you did not mean."
        else:
            hint = "check the indentation, brackets and quotes near that line; every 'key: value' pair on its own line."
        raise error(detail, file=source, place=place, hint=hint) from exc
    except yaml.YAMLError as exc:
        raise error(f"this is not valid YAML: {type(exc).__name__}.", file=source) from exc
    except RecursionError as exc:  # a last guard: the shape check stops deep nesting first
        raise error("this file nests too deeply to be read.", file=source) from exc


def read_yaml(path: Path, error: type[InputError] = InputError) -> Any:
    """Read a YAML file strictly. A missing, unreadable, binary, non-UTF-8 or oversized file is an error that
    names it."""
    text = read_text_limited(path, MAX_YAML_BYTES, error)
    return load_yaml_text(text, str(path), error)


def format_loc(loc: Sequence[int | str]) -> str:
    """Render a Pydantic location as a YAML path: ('stages', 0, 'steps', 1, 'raise') -> 'stages[0].steps[1].raise'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


_HINTS: Mapping[str, str] = {
    "extra_forbidden": "remove this key, or check its spelling (`payround schema offer` and "
    "`payround schema structure` list every key).",
    "missing": "add this key.",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD, e.g. 2022-04-01.",
    "date_parsing": "write dates as YYYY-MM-DD, e.g. 2022-04-01.",
    "date_from_datetime_inexact": "write dates as YYYY-MM-DD, e.g. 2022-04-01.",
    "decimal_parsing": "write a plain number such as 5 or 10.50.",
    "decimal_type": "write a plain number such as 5 or 10.50.",
    "greater_than_equal": "amounts here cannot be negative.",
    "greater_than": "this must be more than zero.",
    "less_than": "this is beyond any plausible figure; check the number and its unit.",
    "less_than_equal": "this is beyond any plausible figure; check the number and its unit.",
    "too_long": "this list is longer than any payround file needs; check that this is the right file.",
    "finite_number": "write a plain number such as 5 or 10.50.",
    "too_short": "this list cannot be empty.",
    "literal_error": "use one of the values listed.",
    "amount": "write one amount, e.g. {percent: 5} or {cash: 1925, per: year, hours: 37}.",
    "step": "write each step as its own list item, e.g. '- raise: {percent: 5}' then '- floor: 10.50'.",
    "raise": "e.g. 'raise: {percent: 5}', or a list of cases '- where: {points: [\"2-18\"]}' with 'by: AMOUNT'.",
    "int_parsing": "write a whole number.",
    "bool_parsing": "write true or false.",
    "model_type": "write a mapping of keys here (key: value).",
    "list_type": "write a list here (items starting with '- ', or [a, b]).",
    "string_type": "write text here.",
}


def raise_validation(exc: ValidationError, source: str, error: type[InputError] = InputError) -> None:
    """Turn the first Pydantic error into a located InputError (all errors are listed in the message)."""
    errs = exc.errors(include_url=False)
    first = errs[0]
    # Union tags ('<raise>', '<amount>', ...) are how the schema dispatches, not places in the user's file.
    loc = [
        p
        for p in first["loc"]
        if not (isinstance(p, str) and (p.startswith(("function-", "tagged-union")) or p.startswith("<")))
    ]
    msg = str(first["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    got = first.get("input")
    got_text = None if isinstance(got, Mapping | list) else repr(got)
    if first["type"] in {"missing", "value_error"}:
        got_text = None  # our own value errors say what was found and how to fix it
    more = ""
    if len(errs) > 1:
        others = "; ".join(
            f"{format_loc([p for p in e['loc'] if not (isinstance(p, str) and p.startswith('<'))])}: {e['msg']}"
            for e in errs[1:4]
        )
        more = f" ({len(errs) - 1} more: {others})"
    raise error(
        msg.rstrip(".") + "." + more,
        file=source,
        place=format_loc(loc),
        got=got_text,
        hint=_hint(first),
    ) from exc


def _hint(err: Any) -> str | None:
    bound = (err.get("ctx") or {}).get("ge", (err.get("ctx") or {}).get("gt"))
    if err["type"] in {"greater_than_equal", "greater_than"} and bound is not None and str(bound) not in {"0", "0.0"}:
        return "this is below any plausible figure; check the number and its unit."
    return _HINTS.get(err["type"])


class _Dumper(yaml.SafeDumper):
    """Writes exact decimals and dates as plain YAML scalars (the reader reads them back exactly)."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_date(dumper: yaml.SafeDumper, value: date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(date, _represent_date)


def dump_yaml(data: Any) -> str:
    """Plain data (with Decimal and date values) as YAML that ``load_yaml_text`` reads back to the same values."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
