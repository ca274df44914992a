"""The `sections` part of a content file, for `validate._Walker`: sections in their order,
blocks by type, roles (each for one block), short forms (which add no number).

Each block type is one row of `_BLOCKS` (required keys, optional keys, builder); every block
also takes `role`, `cite`, `priority` and, unless it is drawn from `dosing`, `short`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from yaml.nodes import MappingNode, Node, SequenceNode

from handout import model
from handout.errors import did_you_mean
from handout.walker import Walker, kind

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Block fields that are not what the block says (ids and choices): a short form's numbers
# must come from the others.
_NOT_TEXT = ("short", "loc", "cite", "priority", "role", "kind", "certainty", "source")


class SectionWalker(Walker):
    """The section and block parsers; `validate._Walker` provides the source ids (`cites`,
    `check_source_id`) and the roles given so far."""

    roles: dict[str, int]  # role -> the line where it is first given
    cites: Callable[[Node | None, str], tuple[str, ...]]
    check_source_id: Callable[[Node, str, str], None]

    def sections(self, node: Node) -> tuple[model.Section, ...]:
        m = self.mapping(node, "sections", model.SECTION_KEYS)
        if m is None:
            return ()
        order = [k for k in m if k in model.SECTION_KEYS]
        if order != [k for k in model.SECTION_KEYS if k in m]:
            self.error(node, "sections", "the sections are out of order",
                       hint="put them in this order: " + ", ".join(model.SECTION_KEYS))
        return tuple(self.section_(key, m[key]) for key in model.SECTION_KEYS if key in m)

    def section_(self, key: str, node: Node) -> model.Section:
        self.section = key
        path = f"sections.{key}"
        m = self.mapping(node, path, ("heading", "blocks")) or {}
        heading = self.text(m.get("heading"), f"{path}.heading")
        blocks = tuple(b for i, item in enumerate(self.seq(m.get("blocks"), f"{path}.blocks"))
                       if (b := self.block(item, f"{path}.blocks[{i}]")) is not None)
        self.section = None
        return model.Section(key, heading, blocks, self.loc(node))

    def block(self, node: Node, path: str) -> model.Block | None:
        if not isinstance(node, MappingNode):
            self.error(node, path, f"expected a block (a mapping with 'type:'), got {kind(node)}",
                       hint="start each block with '- type: ' and its type, e.g. "
                            "'- type: paragraph'")
            return None
        type_node = next((v for k, v in node.value if getattr(k, "value", None) == "type"), None)
        if type_node is None:
            self.error(node, path, "missing key 'type'",
                       hint="one of: " + ", ".join(_BLOCKS))
            return None
        block_type = self.text(type_node, f"{path}.type", track=False)
        if block_type not in _BLOCKS:
            self.error(type_node, f"{path}.type", f"unknown block type '{block_type}'",
                       hint=did_you_mean(block_type, tuple(_BLOCKS))
                       or "one of: " + ", ".join(_BLOCKS))
            return None
        required, optional, build = _BLOCKS[block_type]
        shortens = block_type != "dose_plan"  # drawn from `dosing`: no text to shorten
        m = self.mapping(node, path, ("type", *required),
                         ("role", "cite", "priority", *optional, *(("short",) * shortens)))
        if m is None:
            return None
        common = {
            "cite": self.cites(m.get("cite"), f"{path}.cite"),
            "priority": self.choice(m.get("priority"), f"{path}.priority", model.PRIORITIES,
                                    "essential"),
            "loc": self.loc(node),
            "role": self.role(m.get("role"), f"{path}.role"),
            "short": self.short(m.get("short"), f"{path}.short"),
        }
        block = build(self, m, path, common)
        if block.short:
            self.check_short(block, m["short"], f"{path}.short")
        return block

    def check_short(self, block: model.Block, node: Node, path: str) -> None:
        """A short form says nothing new: each of its numbers is in the full block too."""
        full = [getattr(block, f.name) for f in dataclasses.fields(block)
                if f.name not in _NOT_TEXT]
        known = set(_NUMBER.findall(repr(full)))
        short = block.short if isinstance(block.short, tuple) else (block.short,)
        new = sorted({n for text in short for n in _NUMBER.findall(text)} - known)
        if new:
            self.error(node, path, f"the short form has {', '.join(new)}, which the full block "
                       "does not say", hint="a short form keeps the block's facts and numbers "
                       "and adds none: fix the number or say it in the full text too")

    def short(self, node: Node | None, path: str) -> str | tuple[str, ...]:
        """A block's short form: one text, or a list of texts (checked like all text)."""
        if node is None:
            return ""
        if isinstance(node, SequenceNode):
            return self.text_list(node, path)
        return self.text(node, path)

    def role(self, node: Node | None, path: str) -> str:
        """A block's role: one of model.ROLES, used by one block only."""
        if node is None:
            return ""
        role = self.text(node, path, track=False)
        if role and role not in model.ROLES:
            self.error(node, path, f"unknown role '{role}'",
                       hint=did_you_mean(role, tuple(model.ROLES))
                       or "one of: " + ", ".join(model.ROLES))
            return ""
        if role in self.roles:
            self.error(node, path, f"the role '{role}' is already given to another block, at line "
                       f"{self.roles[role]}",
                       hint="a role names one block: remove it from one of them")
            return ""
        if role:
            self.roles[role] = node.start_mark.line + 1
        return role

    # -- block builders ----------------------------------------------------------------
    def paragraph(self, m: dict[str, Node], path: str, common: dict) -> model.Block:
        return model.Paragraph(**common, text=self.text(m.get("text"), f"{path}.text"))

    def bullets(self, m: dict[str, Node], path: str, common: dict) -> model.Block:
        return model.Bullets(**common, items=self.text_list(m.get("items"), f"{path}.items"),
                             title=self.text(m.get("title"), f"{path}.title"))

    def callout(self, m: dict[str, Node], path: str, common: dict) -> model.Block:
        if "text" not in m and "items" not in m:
            self.error(m["type"], path, "a callout needs 'text' or 'items'",
                       hint="add 'text:' with a sentence, or 'items:' with a list")
        return model.Callout(
            **common,
            kind=self.choice(m.get("kind"), f"{path}.kind", model.CALLOUT_KINDS, "info"),
            title=self.text(m.get("title"), f"{path}.title"),
            text=self.text(m.get("text"), f"{path}.text"),
            items=self.text_list(m.get("items"), f"{path}.items"))

    def table(self, m: dict[str, Node], path: str, common: dict) -> model.Block:
        header = self.text_list(m.get("header"), f"{path}.header")
        rows = []
        for i, row_node in enumerate(self.seq(m.get("rows"), f"{path}.rows")):
            row = self.text_list(row_node, f"{path}.rows[{i}]")
            if header and row and len(row) != len(header):
                self.error(row_node, f"{path}.rows[{i}]",
                           f"this row has {len(row)} cell{'s' if len(row) != 1 else ''} "
                           f"but the header has {len(header)}",
                           hint="give every row one cell per header column; write '-' for none")
            rows.append(row)
        return model.Table(**common, header=header, rows=tuple(rows),
                           caption=self.text(m.get("caption"), f"{path}.caption"))

    def factbox(self, m: dict[str, Node], path: str, common: dict) -> model.Block:
        counts = {}
        for key in ("with_medicine", "without_medicine"):
            value = int(self.number(m.get(key), f"{path}.{key}", whole=True))
            if not 0 <= value <= 100:
                self.error(m[key], f"{path}.{key}", f"{value} is not a number out of 100",
                           hint="give how many people in every 100, from 0 to 100")
            counts[key] = value
        source = self.text(m.get("source"), f"{path}.source", track=False)
        if "source" in m:
            self.check_source_id(m["source"], f"{path}.source", source)
        return model.FactBox(
            **common, **counts,
            title=self.text(m.get("title"), f"{path}.title"),
            outcome=self.text(m.get("outcome"), f"{path}.outcome"),
            time_frame=self.text(m.get("time_frame"), f"{path}.time_frame"),
            certainty=self.choice(m.get("certainty"), f"{path}.certainty", model.CERTAINTIES,
                                  "low"),
            source=source,
            alt=self.text(m.get("alt"), f"{path}.alt"))

    def dose_plan(self, m: dict[str, Node], path: str, common: dict) -> model.Block:
        return model.DosePlan(**common)


_Builder = Callable[[SectionWalker, dict[str, Node], str, dict], model.Block]
_BLOCKS: dict[str, tuple[tuple[str, ...], tuple[str, ...], _Builder]] = {
    "paragraph": (("text",), (), SectionWalker.paragraph),
    "bullets": (("items",), ("title",), SectionWalker.bullets),
    "callout": (("kind", "title"), ("text", "items"), SectionWalker.callout),
    "table": (("header", "rows"), ("caption",), SectionWalker.table),
    "factbox": (("title", "outcome", "with_medicine", "without_medicine", "time_frame",
                 "certainty", "source", "alt"), (), SectionWalker.factbox),
    "dose_plan": ((), (), SectionWalker.dose_plan),
}
