"""Read a content file into a tree of YAML nodes that remember their line and column.

We compose (parse) but never construct with PyYAML: nodes keep their positions, a tag such
as `!!python/object` stays an inert string we refuse, and aliases are refused before they
can be expanded (an "alias bomb" cannot grow). Duplicate keys are found by `validate.py`
while it walks the mappings.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import yaml
from yaml.nodes import Node

from handout.errors import InputError, Location, Problem

MAX_BYTES = 1024 * 1024


class _NoAliasLoader(yaml.SafeLoader):
    """A SafeLoader that refuses `*alias` references: content never needs them."""

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            mark = event.start_mark
            raise yaml.MarkedYAMLError(
                problem=f"aliases (*{event.anchor}) are not allowed in content files",
                problem_mark=mark,
            )
        return super().compose_node(parent, index)


def location(file: str, node: Node) -> Location:
    """Where `node` is: in its own file when it knows it (a translation's texts put into its
    source leaflet's tree, handout/translation.py), else in `file`."""
    mark = node.start_mark
    own = getattr(mark, "name", "")
    return Location(own if own and not own.startswith("<") else file, mark.line + 1,
                    mark.column + 1)


def _decode(path: Path, data: bytes) -> str:
    data = data.removeprefix(codecs.BOM_UTF8)  # positions below are counted without it, as YAML's
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, err.start) + 1
        column = len(data[line_start : err.start].decode("utf-8")) + 1  # characters, not bytes
        raise InputError(
            [
                Problem(
                    Location(str(path), line, column),
                    f"the file is not UTF-8 text (byte 0x{data[err.start]:02x})",
                    hint="save the file as UTF-8 in your editor",
                )
            ]
        ) from None


def load_nodes(path: str | Path) -> Node:
    """Parse `path` into a YAML node tree, or raise InputError with a located message."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError([Problem(None, f"cannot read {name}: {err.strerror}")]) from None
    if size > MAX_BYTES:
        raise InputError(
            [
                Problem(
                    Location(name, 1, 1),
                    f"the file is {size:,} bytes; a content file may be at most {MAX_BYTES:,}",
                    hint="a leaflet is a few pages; check that this is the right file",
                )
            ]
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError([Problem(None, f"cannot read {name}: {err.strerror}")]) from None
    text = _decode(path, data)
    loader: _NoAliasLoader | None = None
    try:
        loader = _NoAliasLoader(text)
        loader.name = name  # every mark names its file
        node = loader.get_single_node()
    except RecursionError:
        mark = loader.get_mark() if loader else None
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name, 1, 1)
        raise InputError([Problem(loc, "the content is nested too deeply",
                                  hint="a leaflet needs only a few levels of indentation")]
                         ) from None
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        raise InputError(
            [Problem(Location(name, line, column),
                     f"the special character U+{err.character:04X} is not allowed",
                     hint="delete it (most editors do not show it)")]
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else None
        message = " ".join(part for part in (err.context, err.problem) if part)
        raise InputError(
            [Problem(loc, f"YAML syntax: {message}", hint=_syntax_hint(message))]
        ) from None
    except yaml.YAMLError as err:
        raise InputError([Problem(Location(name, 1, 1), f"YAML syntax: {err}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise InputError([Problem(Location(name, 1, 1), "the file is empty")])
    return node


def _syntax_hint(message: str) -> str:
    if "tab" in message or "'\\t'" in message:
        return "indent with spaces, not tabs"
    if "alias" in message:
        return "write the text out in full instead of referring to it"
    if "mapping values are not allowed" in message:
        return 'check the indentation of this line; put text that contains ": " in quotes'
    return "check the indentation and quotes on this line and the one before"
