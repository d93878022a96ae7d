"""Strict YAML reading shared by every loader: safe, duplicate keys rejected, line numbers kept for errors,
and Pydantic validation errors turned into located, human messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from payround.errors import InputError

__all__ = ["dump_yaml", "format_loc", "load_yaml_text", "raise_validation", "read_yaml"]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and records where each mapping key sits."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {seen[key] + 1}); each key may appear once",
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


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _keep_floats_as_text)


def load_yaml_text(text: str, source: str, error: type[InputError] = InputError) -> Any:
    """Parse YAML text strictly; ``source`` names it in errors (a path or '<string>')."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = str(exc.problem or exc.context)
        hint = (
            "keep one of them and delete the other."
            if problem.startswith("duplicate key")
            else "check the indentation, brackets and quotes near that line; every 'key: value' pair on its own line."
        )
        raise error(f"this is not valid YAML: {problem}.", file=source, place=place, hint=hint) from exc
    except yaml.YAMLError as exc:
        raise error(f"this is not valid YAML: {exc}.", file=source) from exc


def read_yaml(path: Path, error: type[InputError] = InputError) -> Any:
    """Read a YAML file strictly. A missing or unreadable file is an error that names it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error("no such file.", file=str(path), hint="check the path.") from exc
    except UnicodeDecodeError as exc:
        raise error("the file is not UTF-8 text.", file=str(path), hint="save it as UTF-8.") from exc
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}.", file=str(path)) from exc
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
        hint=_HINTS.get(first["type"]),
    ) from exc


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
