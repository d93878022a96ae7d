"""A fingerprint of the code a computation runs: the definitions reachable from an entry point, as syntax.

A table of PolicyEngine's answers is keyed by the code that built it, so that a change to that code never serves a
stale table. Hashing whole modules would do that, but it would also throw every table away for a comment, a docstring
or an edit to an unrelated function of the same module (the exact path's code lives beside the table builder's).
Instead, starting from the entry point (e.g. ``payround.takehome.gridbuild.build_grids``), this follows every name a
definition uses — functions, classes (whole, methods included), constants — through payround's own modules and
imports, and hashes the syntax tree of each definition reached, without docstrings; comments and formatting are not
in the tree. Names outside payround (numpy, PolicyEngine: versioned separately) and modules that cannot change a
result (``payround.errors``: raising never produces a table) are not followed.

It errs on the side of too much: a local variable that shares a module-level name pulls that definition in.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["code_fingerprint", "reachable"]

_ROOT = "payround"
_NOT_FOLLOWED = ("payround.errors",)

Ref = tuple[str, str]  # module, top-level name


@dataclass
class _Module:
    defs: dict[str, list[ast.stmt]] = field(default_factory=dict)  # top-level name -> statements defining it
    imports: dict[str, Ref | str] = field(default_factory=dict)  # alias -> (module, name) or module


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _ours(module: str, root: str) -> bool:
    return (module == root or module.startswith(root + ".")) and not module.startswith(_NOT_FOLLOWED)


def _import_table(nodes: Iterable[ast.stmt], root: str) -> dict[str, Ref | str]:
    """What each imported alias stands for: a module of ``root``, or a name in one."""
    out: dict[str, Ref | str] = {}
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and _ours(node.module, root):
            for a in node.names:
                full = f"{node.module}.{a.name}"
                out[a.asname or a.name] = full if _is_module(full) else (node.module, a.name)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if _ours(a.name, root) and a.asname:
                    out[a.asname] = a.name
    return out


@lru_cache(maxsize=64)
def _module(name: str, root: str) -> _Module:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ValueError(f"no source for module {name}")
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    mod = _Module(imports=_import_table(tree.body, root))
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [node.name]
        elif isinstance(node, ast.Assign):
            names = [n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names = [node.target.id]
        for n in names:
            mod.defs.setdefault(n, []).append(node)
    return mod


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    """A copy of ``tree`` without docstrings (they explain; they do not compute)."""
    tree = ast.parse(ast.unparse(tree))  # a private copy
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module):
            body = node.body
            first = body[0] if body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
    return tree


def _canonical(node: object) -> str:
    """The tree as text, the same under every Python version that parses it alike: fields a newer Python added
    empty (``type_params``) or unset are left out, and positions are not kept."""
    if isinstance(node, ast.AST):
        parts = []
        for name in node._fields:
            value = getattr(node, name, None)
            if value is None or value == []:
                continue
            parts.append(f"{name}={_canonical(value)}")
        return f"{type(node).__name__}({','.join(parts)})"
    if isinstance(node, list):
        return "[" + ",".join(_canonical(v) for v in node) + "]"
    return repr(node)


def _uses(stmt: ast.stmt, module: str, root: str) -> set[Ref]:
    """The payround definitions a statement refers to (names, ``module.attr``, and imports inside functions)."""
    mod = _module(module, root)
    imports = dict(mod.imports)
    imports.update(_import_table((n for n in ast.walk(stmt) if isinstance(n, ast.ImportFrom | ast.Import)), root))
    out: set[Ref] = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target = imports.get(node.value.id)
            if isinstance(target, str):
                out.add((target, node.attr))
        if isinstance(node, ast.Name):
            if node.id in mod.defs:
                out.add((module, node.id))
            elif isinstance(imports.get(node.id), tuple):
                out.add(imports[node.id])  # type: ignore[arg-type]
    return out


def _resolve(ref: Ref, root: str, seen: set[Ref] | None = None) -> Ref | None:
    """Where a name is defined, following re-exports (``from payround.x import y`` in a package's ``__init__``)."""
    module, name = ref
    if not _ours(module, root):
        return None
    mod = _module(module, root)
    if name in mod.defs:
        return ref
    target = mod.imports.get(name)
    if isinstance(target, tuple):
        seen = set() if seen is None else seen
        if target in seen:
            return None
        seen.add(target)
        return _resolve(target, root, seen)
    return None


def reachable(*entries: Ref, root: str = _ROOT) -> list[Ref]:
    """Every definition of package ``root`` reachable from the entry points (module, name), sorted."""
    todo = [r for r in (_resolve(e, root) for e in entries) if r is not None]
    if len(todo) != len(entries):
        raise ValueError(f"an entry point is not a payround definition: {entries}")
    seen: set[Ref] = set()
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        module, name = ref
        for stmt in _module(module, root).defs[name]:
            for used in _uses(stmt, module, root):
                found = _resolve(used, root)
                if found is not None and found not in seen:
                    todo.append(found)
    return sorted(seen)


def code_fingerprint(*entries: Ref, root: str = _ROOT) -> str:
    """A SHA-256 of the syntax (docstrings left out) of every definition reachable from the entry points."""
    h = hashlib.sha256()
    for module, name in reachable(*entries, root=root):
        h.update(f"{module}:{name}\n".encode())
        for stmt in _module(module, root).defs[name]:
            h.update(_canonical(_strip_docstrings(stmt)).encode())
            h.update(b"\n")
    return h.hexdigest()
