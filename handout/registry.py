"""Find layouts by scanning the `layouts` package: adding a layout is adding one module."""

from __future__ import annotations

import importlib
import pkgutil

import layouts
from handout.errors import InputError, Problem
from handout.layout import Layout
from handout.validate import did_you_mean


def discover() -> dict[str, Layout]:
    """Every layout, by name, in a stable order. A broken module fails loudly, by file."""
    found: dict[str, Layout] = {}
    for info in sorted(pkgutil.iter_modules(layouts.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"layouts.{info.name}")
        layout = getattr(module, "LAYOUT", None)
        if not isinstance(layout, Layout):
            raise TypeError(f"layouts/{info.name}.py must define LAYOUT = Layout(...)")
        if layout.name != info.name.replace("_", "-"):
            raise TypeError(f"layouts/{info.name}.py: LAYOUT.name is {layout.name!r}; "
                            f"it must be {info.name.replace('_', '-')!r}")
        found[layout.name] = layout
    return found


def select(names: list[str]) -> list[Layout]:
    """The layouts asked for on the command line ('all' or none means every layout)."""
    available = discover()
    if not names or "all" in names:
        return list(available.values())
    problems = [
        Problem(None, f"unknown layout '{name}'",
                hint=" ".join(filter(None, [did_you_mean(name, list(available)),
                                            "available: " + ", ".join(available)])))
        for name in names if name not in available
    ]
    if problems:
        raise InputError(problems)
    return [available[name] for name in dict.fromkeys(names)]
