"""The generic walker: a located YAML node tree into typed values, every problem recorded.

`Walker` checks shapes (mappings with their known keys, lists, texts, numbers, true/false,
dates, choices) and records each problem with its location, path and a hint, then carries on
with a neutral value, so a file's problems are all reported at once. It knows nothing of
leaflets: `validate.py` (content), `clinic.py` (the clinic file) and `plan.py` (a patient's
plan) build on it.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handout import locales, model
from handout.errors import Location, Problem, did_you_mean, locate
from handout.loader import location

_YAML = "tag:yaml.org,2002:"
_SAFE_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq",
                                  "map")}
# NUMBER_LIMIT keeps a stray digit or exponent (1e400 mg) out of the checks and the page.
# TEXT_LIMIT is about 3,000 words: far more than one paragraph of a leaflet needs, and little
# enough for every layout to place it in seconds (300,000 characters took minutes).
NUMBER_LIMIT = 1_000_000
TEXT_LIMIT = 20_000
_DOMAIN = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SCALARS = yaml.constructor.SafeConstructor()


def is_domain(host: str) -> bool:
    """A host name such as www.nhs.uk (no scheme, no path)."""
    return bool(_DOMAIN.match(host.lower()))


def kind(node: Node) -> str:
    """What a node is, in an author's words ("a list", "text"), for "expected X, got Y"."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = node.tag.removeprefix(_YAML)
    return {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
            "null": "nothing", "timestamp": "a date"}.get(tag, f"a value tagged {node.tag}")


class Walker:
    """Typed values from located nodes; `problems` lists what was wrong. `locale`, once set,
    fills the placeholders of every text read (`locales.fill`); `texts` collects the texts
    read (with `section`, the section they are in) for the checks that read all of them."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.locale: locales.Locale | None = None
        self.problems: list[Problem] = []
        self.texts: list[model.Text] = []
        self.section: str | None = None

    # -- reporting ---------------------------------------------------------------------
    def loc(self, node: Node) -> Location:
        return location(self.file, node)

    def error(self, node: Node, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.loc(node), message, hint=hint, path=path))

    # -- generic shapes ----------------------------------------------------------------
    def unsafe_tags(self, node: Node, path: str) -> bool:
        """Report every tag outside plain YAML (e.g. !!python/object); never construct it."""
        found = False
        if node.tag not in _SAFE_TAGS:
            self.error(node, path, f"the tag '{node.tag}' is not allowed",
                       hint="content files hold plain text, numbers, dates, lists and mappings")
            return True
        if isinstance(node, MappingNode):
            for key, value in node.value:
                found |= self.unsafe_tags(key, path) | self.unsafe_tags(value, path)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                found |= self.unsafe_tags(item, path)
        return found

    def mapping(self, node: Node, path: str, required: tuple[str, ...],
                optional: tuple[str, ...] = ()) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.error(node, path, f"expected a mapping (key: value lines), got {kind(node)}",
                       hint=f"write 'key: value' lines here, indented under '{path}:'" if path
                       else "a content file starts with 'meta:' at the left margin")
            return None
        known = required + optional
        seen: dict[str, Node] = {}
        first_line: dict[str, int] = {}  # where each key is first written, for duplicates
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.error(key_node, path, "a key must be plain text",
                           hint="write the key as a plain word followed by ':'")
                continue
            where = f"{path}.{key}" if path else key
            if key in seen:
                self.error(key_node, where,
                           f"duplicate key '{key}' (first at line {first_line[key]})",
                           hint="remove one of them; otherwise one would be silently lost")
            elif key not in known:
                self.error(key_node, where, f"unknown key '{key}'",
                           hint=did_you_mean(key, known) or f"allowed keys: {', '.join(known)}")
            else:
                seen[key] = value
                first_line[key] = key_node.start_mark.line + 1
        for key in required:
            if key not in seen:
                self.error(node, path or "(top level)", f"missing key '{key}'",
                           hint=f"add '{key}:' here")
        return seen

    def text(self, node: Node | None, path: str, *, track: bool = True) -> str:
        if node is None:
            return ""
        if not (isinstance(node, ScalarNode) and node.tag == _YAML + "str"):
            self.error(node, path, f"expected text, got {kind(node)}",
                       hint="put the value in quotes" if isinstance(node, ScalarNode)
                       else "write one text after the key; put text that contains ': ' "
                            "or starts with '- ' in quotes")
            return ""
        value = " ".join(node.value.split())  # folded YAML lines become single spaces
        written = ""
        if track and self.locale is not None:
            written, (value, misfits) = value, locales.fill(value, self.locale)
            for misfit in misfits:
                self.problems.append(Problem(
                    locate(self.loc(node), misfit.needle, misfit.nth, len(written)),
                    misfit.message, hint=misfit.hint, path=path))
            written = "" if written == value else written
        if not value:
            self.error(node, path, "is empty", hint="write the text, or remove the key")
        elif len(value) > TEXT_LIMIT:  # layouts would take minutes over it, readers longer
            self.error(node, path, f"the text is {len(value):,} characters long; one text may "
                       f"have at most {TEXT_LIMIT:,}",
                       hint="split it into several paragraphs or list items")
            return ""
        elif track:
            self.texts.append(model.Text(value, self.loc(node), path, self.section, written))
        return value

    def text_list(self, node: Node | None, path: str) -> tuple[str, ...]:
        return tuple(self.text(item, f"{path}[{i}]") for i, item in enumerate(self.seq(node, path)))

    def seq(self, node: Node | None, path: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, path, f"expected a list, got {kind(node)}",
                       hint="start each item on its own line with '- '")
            return []
        if not node.value:
            self.error(node, path, "the list is empty",
                       hint="add at least one item on its own line with '- ', or remove the key")
        return node.value

    def number(self, node: Node | None, path: str, *, whole: bool = False) -> float:
        if node is None:
            return 0
        tags = ("int",) if whole else ("int", "float")
        if not (isinstance(node, ScalarNode) and node.tag.removeprefix(_YAML) in tags):
            wanted = "a whole number" if whole else "a number"
            self.error(node, path, f"expected {wanted}, got {kind(node)}",
                       hint="write digits only, without units or quotes")
            return 0
        value = _SCALARS.construct_object(node)
        if not math.isfinite(value):  # .inf, .nan: YAML's words for what no dose can be
            self.error(node, path, f"'{node.value}' is not a finite number",
                       hint="write an ordinary number, e.g. 25")
            return 0
        if abs(value) > NUMBER_LIMIT:
            self.error(node, path, f"{node.value} is out of range (at most {NUMBER_LIMIT:,} "
                       "either side of zero)",
                       hint="no number in a leaflet is this large; check for extra digits")
            return 0
        return value

    def boolean(self, node: Node | None, path: str) -> bool:
        if node is None:
            return False
        if not (isinstance(node, ScalarNode) and node.tag == _YAML + "bool"):
            self.error(node, path, f"expected true/false, got {kind(node)}",
                       hint="write true or false, or leave the key out")
            return False
        return bool(_SCALARS.construct_object(node))

    def date(self, node: Node | None, path: str) -> dt.date:
        fallback = dt.date(1970, 1, 1)
        if node is None:
            return fallback
        if isinstance(node, ScalarNode) and node.tag in (_YAML + "timestamp", _YAML + "str"):
            try:
                value = (_SCALARS.construct_object(node) if node.tag.endswith("timestamp")
                         else dt.date.fromisoformat(node.value))
                if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                    return value
            except ValueError as err:
                # a timestamp's reason ("month must be in 1..12") helps; fromisoformat's does not
                reason = f" ({err})" if node.tag.endswith("timestamp") else ""
                self.error(node, path, f"'{node.value}' is not a real date{reason}",
                           hint="write the date as YYYY-MM-DD, e.g. 2026-11-01")
                return fallback
        self.error(node, path, f"expected a date, got {kind(node)} '{getattr(node, 'value', '')}'",
                   hint="write the date as YYYY-MM-DD, e.g. 2026-11-01")
        return fallback

    def choice(self, node: Node | None, path: str, choices: tuple[str, ...],
               default: str) -> str:
        if node is None:
            return default
        value = self.text(node, path, track=False)
        if value and value not in choices:
            self.error(node, path, f"'{value}' is not one of: {', '.join(choices)}",
                       hint=did_you_mean(value, choices) or f"write one of: {', '.join(choices)}")
            return default
        return value or default
