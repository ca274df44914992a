"""Read a content file into a tree of YAML nodes that remember their line and column.

We compose (parse) but never construct with PyYAML: nodes keep their positions, a tag such
as `!!python/object` stays an inert string we refuse, and aliases are refused before they
can be expanded (an "alias bomb" cannot grow). Duplicate keys are found by `walker.py`
while it walks the mappings.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handout.errors import MAX_BYTES, InputError, Location, Problem, remember


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


def _decode(name: str, data: bytes) -> str:
    data = data.removeprefix(codecs.BOM_UTF8)  # positions below are counted without it, as YAML's
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        remember(name, data.decode("utf-8", errors="replace"))  # to show the line
        line = data[: err.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, err.start) + 1
        column = len(data[line_start : err.start].decode("utf-8")) + 1  # characters, not bytes
        raise InputError(
            [
                Problem(
                    Location(name, line, column),
                    f"the file is not UTF-8 text (byte 0x{data[err.start]:02x})",
                    hint="save the file as UTF-8 in your editor",
                )
            ]
        ) from None
    remember(name, text)
    return text


def _cannot_read(name: str, why: str, hint: str) -> InputError:
    return InputError([Problem(None, f"cannot read {name}: {why}", hint=hint)])


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file, at most MAX_BYTES + 1 of them (one more than allowed, to
    know that there are more). FIFOs, devices and folders are refused before reading: they may
    never end, or never start."""
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; no effect on a regular file
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except IsADirectoryError:
        raise _cannot_read(name, "it is a folder", "give the path of the YAML file") from None
    except OSError as err:
        raise _cannot_read(name, err.strerror or str(err),
                           "check the path given with --content") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise _cannot_read(name, "it is a folder", "give the path of the YAML file")
        raise _cannot_read(name, "it is not a regular file (a pipe, device or socket)",
                           "save the content to a file and give its path")
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read(MAX_BYTES + 1)
        except OSError as err:
            raise _cannot_read(name, err.strerror or str(err),
                               "check that the file can be read") from None


def load_nodes(path: str | Path, data: bytes | None = None) -> Node:
    """Parse `path` (or `data`, the file's bytes read elsewhere, e.g. from git, named `path`
    in messages) into a YAML node tree, or raise InputError with a located message."""
    path = Path(path)
    name = str(path)
    data = read_bounded(path) if data is None else data
    if len(data) > MAX_BYTES:
        remember(name, data.decode("utf-8", errors="replace"))  # to show its first line
        raise InputError(
            [
                Problem(
                    Location(name, 1, 1),
                    f"the file is larger than {MAX_BYTES:,} bytes; a content file may be at "
                    f"most {MAX_BYTES:,}",
                    hint="a leaflet is a few pages; check that this is the right file",
                )
            ]
        )
    text = _decode(name, data)
    node = _fast_compose(name, text)
    return node if node is not None else _compose(name, text)


class _Named(io.StringIO):
    """The text as a stream with a name: libyaml's marks take the stream's `name`."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.name = name


def _fast_compose(name: str, text: str) -> Node | None:
    """The node tree composed by libyaml (six times faster than PyYAML's Python parser), or
    None whenever the Python parser must decide, because the two differ there or because
    libyaml refuses: a tab (libyaml allows some PyYAML refuses), a character PyYAML refuses,
    an alias, nesting deeper than `_DEEPEST`, an empty plain value (libyaml puts some one
    column later). Every refusal's message therefore comes from `_compose`;
    tests/test_loader.py compares the two trees on every YAML file of the repository and
    on tricky text."""
    if (_CLoader is None or "\t" in text or yaml.reader.Reader.NON_PRINTABLE.search(text)):
        return None
    loader = _CLoader(_Named(text, name))
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    if node is None or (isinstance(node, ScalarNode) and node.tag.endswith(":null")
                        and not node.value):
        return None  # "the file holds no content", said by `_compose`
    return node if _plain(node) else None


_DEEPEST = 64  # PyYAML gives up near 330 levels, libyaml near 1000: a leaflet needs 8


def _plain(root: Node) -> bool:
    """No node twice in the tree (libyaml composes an alias as its anchor's node itself,
    where `_compose` refuses it), no nesting past `_DEEPEST`, no empty plain scalar."""
    seen: set[int] = set()
    todo = [(root, 0)]
    while todo:
        node, depth = todo.pop()
        if id(node) in seen or depth > _DEEPEST:
            return False
        seen.add(id(node))
        if isinstance(node, MappingNode):
            todo += [(part, depth + 1) for pair in node.value for part in pair]
        elif isinstance(node, SequenceNode):
            todo += [(item, depth + 1) for item in node.value]
        elif not node.value and not node.style:
            return False
    return True


_CLoader = getattr(yaml, "CSafeLoader", None)  # PyYAML built without libyaml: Python only


def load_own(text: str) -> Any:
    """One of handout's own data files as Python values (safe tags only), by libyaml when
    PyYAML has it: a user's file goes through `load_nodes`, which locates every problem."""
    return yaml.load(text, Loader=_CLoader or yaml.SafeLoader)


def _compose(name: str, text: str) -> Node:
    """The node tree composed by PyYAML's Python parser, or InputError with a located
    message."""
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
        lines = text.splitlines()
        mark = err.problem_mark or err.context_mark
        if mark and mark.line >= len(lines) and err.context_mark:
            mark = err.context_mark  # at the end of the file: where the open quote or [ is
        message = " ".join(part for part in (err.context, err.problem) if part)
        raise InputError(
            [Problem(_within(name, lines, mark.line if mark else 0, mark.column if mark else 0),
                     f"YAML syntax: {message}", hint=_syntax_hint(message))]
        ) from None
    except yaml.YAMLError as err:
        raise InputError([Problem(Location(name, 1, 1), f"YAML syntax: {err}",
                                  hint=_syntax_hint(str(err)))]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None or (isinstance(node, ScalarNode) and node.tag.endswith(":null")
                        and not node.value):
        line = node.start_mark.line if node is not None else 0
        raise InputError([Problem(_within(name, text.splitlines(), line, 0),
                                  "the file holds no content",
                                  hint="start with 'meta:'; docs/content-format.md shows every "
                                       "key, and content.yaml is a complete example")])
    return node


def _within(name: str, lines: list[str], line: int, column: int) -> Location:
    """The 0-based `line` and `column` as a Location on a line of the file: a place after
    the last line (YAML's end of the file) moves to the end of the last line with text."""
    if line < len(lines):
        return Location(name, line + 1, column + 1)
    last = max((i for i, text in enumerate(lines) if text.strip()), default=0)
    return Location(name, last + 1, len(lines[last]) + 1 if lines else 1)


def _syntax_hint(message: str) -> str:
    if "tab" in message or "'\\t'" in message:
        return "indent with spaces, not tabs"
    if "alias" in message:
        return "write the text out in full instead of referring to it"
    if "end of stream" in message or "<stream end>" in message:
        return "the file ends before this is closed: close the quote or bracket that opens here"
    if "mapping values are not allowed" in message:
        return 'check the indentation of this line; put text that contains ": " in quotes'
    return "check the indentation and quotes on this line and the one before"
