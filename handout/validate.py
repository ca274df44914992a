"""Turn the located YAML node tree into a `Leaflet`, collecting every problem on the way.

The walker never stops at the first problem: it records each one with its location, path
and a hint, carries on with what it can, and raises one `InputError` with all of them.
Here: the file's parts, `meta` (id, language, locale, dates, people) and `sources`; the
`sections` are read by `validate_sections.py`, `dosing` and `claims` by `validate_dosing.py`,
and every value's shape by the generic `walker.Walker`.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from handout import locales, model, strings
from handout.check_text import quote
from handout.errors import InputError, Problem, did_you_mean
from handout.loader import load_nodes
from handout.validate_dosing import DosingWalker
from handout.validate_sections import SectionWalker
from handout.walker import is_domain

# ID_LENGTH keeps every file name (<id>-<layout>-<paper>-imposed.pdf) far below the 255 bytes
# every file system allows.
ID_LENGTH = 64
_ID = re.compile(rf"^(?=.{{1,{ID_LENGTH}}}$)[a-z0-9]+(-[a-z0-9]+)*$")
_SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


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


def source_language(path: str | Path) -> str:
    """The file's meta.language as written ("" if it has none), without validating it."""

    def child(node: Node | None, key: str) -> Node | None:
        if not isinstance(node, MappingNode):
            return None
        return next((v for k, v in node.value if getattr(k, "value", None) == key), None)

    language = child(child(load_nodes(path), "meta"), "language")
    return str(language.value) if isinstance(language, ScalarNode) else ""


class _Walker(SectionWalker, DosingWalker):
    """The whole content file: `meta`, `sources` and the order of the parts here, `sections`
    in `SectionWalker`, `dosing` and `claims` in `DosingWalker`, the shapes in `Walker`."""

    def __init__(self, file: str, locale: str | None = None) -> None:
        super().__init__(file)
        self.locale_override = locale  # found before the texts are read, into self.locale
        self.source_ids: set[str] = set()
        self.roles: dict[str, int] = {}  # role -> the line where it is first given

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
            if domain and not is_domain(domain):
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
