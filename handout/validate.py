"""Turn the located YAML node tree into a `Leaflet`, collecting every problem on the way.

The walker never stops at the first problem: it records each one with its location, path
and a hint, carries on with what it can, and raises one `InputError` with all of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handout import locales, model, strings
from handout.check_text import quote
from handout.errors import InputError, Location, Problem, locate
from handout.loader import load_nodes, location
from handout.validate_dosing import DosingWalker

_YAML = "tag:yaml.org,2002:"
_SAFE_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq",
                                  "map")}
# ID_LENGTH keeps every file name (<id>-<layout>-<paper>-imposed.pdf) far below the 255 bytes
# every file system allows; NUMBER_LIMIT keeps a stray digit or exponent (1e400 mg) out of the
# checks and the page.
# TEXT_LIMIT is about 3,000 words: far more than one paragraph of a leaflet needs, and little
# enough for every layout to place it in seconds (300,000 characters took minutes).
ID_LENGTH = 64
NUMBER_LIMIT = 1_000_000
TEXT_LIMIT = 20_000
_ID = re.compile(rf"^(?=.{{1,{ID_LENGTH}}}$)[a-z0-9]+(-[a-z0-9]+)*$")
_SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DOMAIN = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SCALARS = yaml.constructor.SafeConstructor()
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Block fields that are not what the block says (ids and choices): a short form's numbers
# must come from the others.
_NOT_TEXT = ("short", "loc", "cite", "priority", "role", "kind", "certainty", "source")


def load(path: str | Path, data: bytes | None = None, locale: str | None = None,
         root: Node | None = None) -> model.Leaflet:
    """Read and validate a content file (or its `data`, read elsewhere) for `locale`
    (default: its meta.locale, or its language when that names a region); raise InputError
    listing every problem. `root`: the file's nodes, already read (a translation's texts put
    into them)."""
    root = load_nodes(path, data) if root is None else root
    walker = _Walker(str(path), locale)
    leaflet = walker.leaflet(root)
    if walker.problems or leaflet is None:
        raise InputError(walker.problems)
    return leaflet


def is_domain(host: str) -> bool:
    """A host name such as www.nhs.uk (no scheme, no path)."""
    return bool(_DOMAIN.match(host.lower()))


def source_language(path: str | Path) -> str:
    """The file's meta.language as written ("" if it has none), without validating it."""

    def child(node: Node | None, key: str) -> Node | None:
        if not isinstance(node, MappingNode):
            return None
        return next((v for k, v in node.value if getattr(k, "value", None) == key), None)

    language = child(child(load_nodes(path), "meta"), "language")
    return str(language.value) if isinstance(language, ScalarNode) else ""


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = node.tag.removeprefix(_YAML)
    return {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
            "null": "nothing", "timestamp": "a date"}.get(tag, f"a value tagged {node.tag}")


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class _Walker(DosingWalker):
    def __init__(self, file: str, locale: str | None = None) -> None:
        self.file = file
        self.locale_override = locale
        self.locale: locales.Locale | None = None  # found before the texts are read
        self.problems: list[Problem] = []
        self.texts: list[model.Text] = []
        self.section: str | None = None
        self.source_ids: set[str] = set()
        self.roles: dict[str, int] = {}  # role -> the line where it is first given

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
            self.error(node, path, f"expected a mapping (key: value lines), got {_kind(node)}",
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
            self.error(node, path, f"expected text, got {_kind(node)}",
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
            self.error(node, path, f"expected a list, got {_kind(node)}",
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
            self.error(node, path, f"expected {wanted}, got {_kind(node)}",
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
            self.error(node, path, f"expected true/false, got {_kind(node)}",
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
        self.error(node, path, f"expected a date, got {_kind(node)} '{getattr(node, 'value', '')}'",
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

    def cites(self, node: Node | None, path: str) -> tuple[str, ...]:
        ids = []
        for i, item in enumerate(self.seq(node, path)):
            ids.append(self.text(item, f"{path}[{i}]", track=False))
            self.check_source_id(item, f"{path}[{i}]", ids[-1])
        return tuple(ids)

    def check_source_id(self, node: Node, path: str, source_id: str) -> None:
        if source_id and source_id not in self.source_ids:
            self.error(node, path, f"unknown source id '{source_id}'",
                       hint=did_you_mean(source_id, sorted(self.source_ids))
                       or "add it to 'sources' or fix the spelling")

    # -- the leaflet -------------------------------------------------------------------
    def leaflet(self, root: Node) -> model.Leaflet | None:
        if self.unsafe_tags(root, ""):
            return None
        top = self.mapping(root, "", ("meta", "sources", "dosing", "sections"), ("claims",))
        if top is None:
            return None
        self.locale = self.find_locale(top.get("meta"))
        sources = self.sources(top.get("sources"))
        meta = self.meta(top["meta"]) if "meta" in top else None
        dosing = self.dosing(top["dosing"]) if "dosing" in top else None
        sections = self.sections(top["sections"]) if "sections" in top else ()
        claims = self.claims(top.get("claims"))
        if meta is None or dosing is None or self.problems:
            return None
        return model.Leaflet(meta, sources, dosing, sections, tuple(self.texts), self.file,
                             claims)

    def find_locale(self, meta: Node | None) -> locales.Locale | None:
        """The locale whose values fill the placeholders: --locale, else meta.locale, else
        meta.language when it names a region. None (with a problem) when there is none; a
        bad meta.language is reported by `meta` and skipped here."""
        fields = {k.value: v for k, v in meta.value} if isinstance(meta, MappingNode) else {}
        language_node, locale_node = fields.get("language"), fields.get("locale")
        language = getattr(language_node, "value", "")
        if not (isinstance(language, str) and _LANGUAGE.match(language)
                and strings.primary(language) in strings.available()):
            return None
        tag = (self.locale_override or getattr(locale_node, "value", None)
               or locales.default_tag(language))
        where = None if self.locale_override else locale_node or language_node
        if not tag:
            self.error(language_node, "meta.language", f"'{language}' names no country, so "
                       "the leaflet has no emergency numbers",
                       hint="add 'locale:' to meta, one of: " + ", ".join(locales.available()))
            return None
        if not isinstance(tag, str) or tag not in locales.available():
            self.problems.append(dataclasses.replace(
                locales.unknown_tag(str(tag), where and self.loc(where)),
                path="meta.locale" if where is locale_node else "meta.language"))
            return None
        locale = locales.get(tag)
        if locale.language != strings.primary(language):
            self.problems.append(Problem(
                where and self.loc(where),
                f"the locale {tag} is for leaflets in '{locale.language}', and this one is "
                f"written in '{language}'", path="meta.locale",
                hint="build a translated content file for that locale, or choose a locale "
                     f"in '{strings.primary(language)}'"))
            return None
        return locale

    def people(self, node: Node | None, path: str,
               optional: tuple[str, ...] = ()) -> tuple[model.Person, ...]:
        people = []
        for i, item in enumerate(self.seq(node, path)):
            m = self.mapping(item, f"{path}[{i}]", ("name", "role"), optional)
            if m is not None:
                signed = m.get("signed_off")
                people.append(model.Person(
                    self.text(m.get("name"), f"{path}[{i}].name"),
                    self.text(m.get("role"), f"{path}[{i}].role"),
                    self.date(signed, f"{path}[{i}].signed_off") if signed else None,
                    self.loc(signed or item)))
        return tuple(people)

    def meta(self, node: Node) -> model.Meta | None:
        keys = ("id", "title", "language", "audience", "summary", "disclaimer", "version",
                "published", "next_review", "authors", "reviewers")
        m = self.mapping(node, "meta", keys, ("subtitle", "contact", "readability",
                                              "link_domains", "supply", "locale"))
        if m is None:
            return None
        leaflet_id = self.text(m.get("id"), "meta.id", track=False)
        if leaflet_id and not _ID.match(leaflet_id):
            self.error(m["id"], "meta.id", f"'{leaflet_id}' is not a valid id",
                       hint=f"use at most {ID_LENGTH} lower-case letters, digits and '-', "
                            "e.g. amitriptyline-migraine")
        language = self.text(m.get("language"), "meta.language", track=False)
        if language and not _LANGUAGE.match(language):
            self.error(m["language"], "meta.language", f"'{language}' is not a language tag",
                       hint="use a tag such as en-GB or en-US")
        elif language and strings.primary(language) not in strings.available():
            self.error(m["language"], "meta.language", f"no interface words for '{language}'",
                       hint="handout has interface words for: "
                            + ", ".join(strings.available())
                            + " (add handout/data/strings/<language>.yaml for another)")
        before = len(self.problems)
        published = self.date(m.get("published"), "meta.published")
        next_review = self.date(m.get("next_review"), "meta.next_review")
        dates_ok = len(self.problems) == before  # a bad date is reported once, not compared
        if "next_review" in m and "published" in m and dates_ok and next_review <= published:
            self.error(m["next_review"], "meta.next_review",
                       f"the review date {next_review} is not after publication ({published})",
                       hint="set the next review after the publication date, within 3 years")
        return model.Meta(
            id=leaflet_id,
            title=self.text(m.get("title"), "meta.title"),
            subtitle=self.text(m.get("subtitle"), "meta.subtitle"),
            language=language,
            audience=self.text(m.get("audience"), "meta.audience"),
            summary=self.text(m.get("summary"), "meta.summary"),
            disclaimer=self.text(m.get("disclaimer"), "meta.disclaimer"),
            version=self.text(m.get("version"), "meta.version"),
            published=published,
            next_review=next_review,
            authors=self.people(m.get("authors"), "meta.authors"),
            reviewers=self.people(m.get("reviewers"), "meta.reviewers", ("signed_off",)),
            contact=self.text(m.get("contact"), "meta.contact"),
            loc=self.loc(node),
            readability=self.readability(m.get("readability")),
            link_domains=self.domains(m.get("link_domains"), "meta.link_domains"),
            supply=self.supply(m.get("supply")),
            locale=self.locale.tag if self.locale else "",
        )

    def supply(self, node: Node | None) -> str:
        """How the medicine is supplied; local terms (POM, P, GSL, OTC) name the same three."""
        if node is None:
            return model.SUPPLY[0]
        value = self.text(node, "meta.supply", track=False)
        found = value.lower() if value.lower() in model.SUPPLY else model.SUPPLY_TERMS.get(
            value.lower())
        if value and found is None:
            self.error(node, "meta.supply", f"'{quote(value)}' is not a way a medicine is "
                       "supplied", hint=did_you_mean(value.lower(), model.SUPPLY)
                       or "use prescription-only, pharmacy or general-sale (or POM, P, GSL)")
        return found or model.SUPPLY[0]

    def readability(self, node: Node | None) -> model.Readability:
        default = model.Readability()
        if node is None:
            return default
        m = self.mapping(node, "meta.readability", (), ("warn_grade", "error_grade")) or {}
        warn, error = (self.number(m[key], f"meta.readability.{key}") if key in m
                       else getattr(default, key) for key in ("warn_grade", "error_grade"))
        if warn > error:
            self.error(node, "meta.readability", f"the warning grade ({warn:g}) is above the "
                       f"error grade ({error:g})", hint="write warn_grade <= error_grade")
        return model.Readability(warn, error)

    def domains(self, node: Node | None, path: str) -> tuple[str, ...]:
        domains = []
        for i, item in enumerate(self.seq(node, path)):
            domain = self.text(item, f"{path}[{i}]", track=False).lower()
            if domain and not _DOMAIN.match(domain):
                self.error(item, f"{path}[{i}]", f"'{domain}' is not a domain name",
                           hint="write the domain only, e.g. nhs.uk: no https:// and no path")
            domains.append(domain)
        return tuple(domains)

    def sources(self, node: Node | None) -> tuple[model.Source, ...]:
        sources = []
        for i, item in enumerate(self.seq(node, "sources")):
            path = f"sources[{i}]"
            m = self.mapping(item, path, ("id", "title", "publisher", "year", "url"))
            if m is None:
                continue
            source_id = self.text(m.get("id"), f"{path}.id", track=False)
            if source_id in self.source_ids:
                self.error(m["id"], f"{path}.id", f"the source id '{source_id}' is used twice",
                           hint="give each source its own id, or remove the copy")
            elif source_id and not _SOURCE_ID.match(source_id):
                self.error(m["id"], f"{path}.id", f"'{source_id}' is not a valid source id",
                           hint="use letters, digits and '-'")
            self.source_ids.add(source_id)
            url = self.text(m.get("url"), f"{path}.url")
            if url and not url.startswith("https://"):
                self.error(m["url"], f"{path}.url", "a source URL must start with https://",
                           hint="use the secure address of the same page")
            sources.append(model.Source(
                source_id, self.text(m.get("title"), f"{path}.title"),
                self.text(m.get("publisher"), f"{path}.publisher"),
                int(self.number(m.get("year"), f"{path}.year", whole=True)), url,
                self.loc(item)))
        return tuple(sources)

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
            self.error(node, path, f"expected a block (a mapping with 'type:'), got {_kind(node)}",
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


_Builder = Callable[[_Walker, dict[str, Node], str, dict], model.Block]
_BLOCKS: dict[str, tuple[tuple[str, ...], tuple[str, ...], _Builder]] = {
    "paragraph": (("text",), (), _Walker.paragraph),
    "bullets": (("items",), ("title",), _Walker.bullets),
    "callout": (("kind", "title"), ("text", "items"), _Walker.callout),
    "table": (("header", "rows"), ("caption",), _Walker.table),
    "factbox": (("title", "outcome", "with_medicine", "without_medicine", "time_frame",
                 "certainty", "source", "alt"), (), _Walker.factbox),
    "dose_plan": ((), (), _Walker.dose_plan),
}


# The generic walker (mappings, texts, lists, located problems), for other YAML files that are
# validated the same way: the clinic profile (handout/clinic.py).
Walker = _Walker
