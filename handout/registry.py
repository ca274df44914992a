"""Find layouts by scanning the `layouts` package: adding a layout is adding one module."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path
from typing import TYPE_CHECKING

import layouts
from handout.errors import InputError, Problem, did_you_mean

if TYPE_CHECKING:  # listing layouts loads no ReportLab; loading one does
    from handout.layout import Layout


def _modules() -> list[pkgutil.ModuleInfo]:
    """The layout modules in a stable order; a name starting with `_` is hidden."""
    return sorted((info for info in pkgutil.iter_modules(layouts.__path__)
                   if not info.name.startswith("_")), key=lambda info: info.name)


def _layout_name(module_name: str) -> str:
    """The name a layout module's LAYOUT must have, and the command line uses."""
    return module_name.replace("_", "-")


def _load(module_name: str) -> Layout:
    from handout.layout import Layout

    module = importlib.import_module(f"layouts.{module_name}")
    layout = getattr(module, "LAYOUT", None)
    if not isinstance(layout, Layout):
        raise TypeError(f"layouts/{module_name}.py must define LAYOUT = Layout(...)")
    if layout.name != _layout_name(module_name):
        raise TypeError(f"layouts/{module_name}.py: LAYOUT.name is {layout.name!r}; "
                        f"it must be {_layout_name(module_name)!r}")
    return layout


def discover() -> dict[str, Layout]:
    """Every layout, by name, in a stable order. A broken module fails loudly, by file."""
    found = [_load(info.name) for info in _modules()]
    return {layout.name: layout for layout in found}


Listed = tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def listing() -> list[Listed]:
    """Name, description, papers and the roles it needs and uses of every layout, for
    `--list-layouts`, read from each
    module's source: importing the layouts would load ReportLab's layout engine and pikepdf
    for three strings. A module that does not write them as `layouts/standard.py` does (a
    literal name, `description=__doc__.splitlines()[0]` or a literal, `page_sizes` a dict
    with literal keys) is imported instead, so the answer is always `discover()`'s."""
    rows = []
    for info in _modules():
        row = _declared(Path(layouts.__path__[0]) / f"{info.name}.py", info.name)
        if row is None:
            layout = _load(info.name)
            row = (layout.name, layout.description, layout.papers, layout.needs, layout.uses)
        rows.append(row)
    return rows


def _declared(path: Path, module_name: str) -> Listed | None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None  # importing it reports the problem
    calls = [node.value for node in tree.body if isinstance(node, ast.Assign)
             and [getattr(t, "id", None) for t in node.targets] == ["LAYOUT"]
             and isinstance(node.value, ast.Call)]
    if len(calls) != 1:
        return None
    args = {k.arg: k.value for k in calls[0].keywords}
    name = _literal(args.get("name"))
    docstring = ast.get_docstring(tree, clean=False) or ""
    description = (docstring.splitlines()[0] if docstring and _is_first_doc_line(
        args.get("description")) else _literal(args.get("description")))
    sizes = args.get("page_sizes")
    papers = (tuple(_literal(k) for k in sizes.keys) if isinstance(sizes, ast.Dict) else ())
    needs, uses = (_literals(args[key]) if key in args else () for key in ("needs", "uses"))
    if (name != _layout_name(module_name) or not isinstance(description, str)
            or not description.strip() or not papers or not all(papers)
            or needs is None or uses is None):
        return None
    return name, description, papers, needs, uses  # type: ignore[return-value]  # checked above


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _literals(node: ast.expr) -> tuple[str, ...] | None:
    """A tuple or list of string literals, else None."""
    if not isinstance(node, ast.Tuple | ast.List):
        return None
    values = tuple(_literal(item) for item in node.elts)
    return None if None in values else values  # type: ignore[return-value]


def _is_first_doc_line(node: ast.expr | None) -> bool:
    """`__doc__.splitlines()[0]`"""
    return (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
            and node.slice.value == 0 and isinstance(node.value, ast.Call)
            and not node.value.args and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr == "splitlines"
            and isinstance(node.value.func.value, ast.Name)
            and node.value.func.value.id == "__doc__")


def select(names: list[str]) -> list[Layout]:
    """The layouts asked for on the command line ('all' or none means every layout). Only
    those are imported: a module's name is its layout's (`_load` holds them to it)."""
    if not names or "all" in names:
        return list(discover().values())
    modules = {_layout_name(info.name): info.name for info in _modules()}
    problems = [
        Problem(None, f"unknown layout '{name}'",
                hint=" ".join(filter(None, [did_you_mean(name, list(modules)),
                                            "available: " + ", ".join(modules)])))
        for name in names if name not in modules
    ]
    if problems:
        raise InputError(problems)
    return [_load(modules[name]) for name in dict.fromkeys(names)]
