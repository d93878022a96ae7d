"""Reading dated parameter files: bundled ids under ``payround/data/params`` or user paths."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from payround.errors import ParameterError
from payround.params.model import Parameter
from payround.yamlio import load_yaml_text, raise_validation, read_yaml

__all__ = ["load_parameter", "parameter_ids", "parameter_path"]


def _root() -> Any:
    return resources.files("payround").joinpath("data", "params")


def parameter_path(param_id: str) -> Any:
    """The resource path of a bundled parameter id such as ``ni/employer/main_rate``."""
    return _root().joinpath(*param_id.split("/")).with_name(param_id.split("/")[-1] + ".yaml")


def parameter_ids() -> list[str]:
    """Every bundled parameter id, sorted."""
    root = Path(str(_root()))
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root).with_suffix("")) for p in root.rglob("*.yaml"))


def _validate(data: Any, source: str, param_id: str) -> Parameter:
    if not isinstance(data, dict):
        raise ParameterError("a parameter file must be a mapping (description, metadata, values).", file=source)
    try:
        return Parameter.model_validate({**data, "id": param_id})
    except ValidationError as exc:
        raise_validation(exc, source, ParameterError)
        raise


@lru_cache(maxsize=512)
def _load_bundled(param_id: str) -> Parameter:
    res = parameter_path(param_id)
    if not res.is_file():
        raise ParameterError(
            f"no bundled parameter {param_id!r}.",
            file=param_id,
            hint="run `python -c 'import payround.params as p; print(p.parameter_ids())'` for the list.",
        )
    source = f"params/{param_id}.yaml"
    return _validate(load_yaml_text(res.read_text(encoding="utf-8"), source, ParameterError), source, param_id)


def load_parameter(ref: str | Path) -> Parameter:
    """Load a parameter by bundled id (``ni/employer/main_rate``) or from a YAML file path."""
    if isinstance(ref, Path) or str(ref).endswith((".yaml", ".yml")):
        path = Path(ref)
        return _validate(read_yaml(path, ParameterError), str(path), str(path))
    return _load_bundled(str(ref))
