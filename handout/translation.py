"""Translations that follow their source leaflet (`content.es.yaml` beside `content.yaml`).

A translation file holds only texts: the translated meta texts, dosing words, section
headings and, for every block of the source in order, its translated text fields with the
fingerprint of the source block it translates. Everything else (structure, block types,
roles, dosing numbers, fact-box counts, sources, priorities) is the source's, so it cannot
drift. The translation's texts are put into the source's YAML node tree, keeping their own
file and line, and the result is validated like any leaflet: every later finding (glyphs,
lint, readability, placeholders) points at the translation file.

While merging, each translated text is compared with the source text it replaces: the same
numbers (doses, counts out of 100, weeks, ages), the same `**bold**` spans, the same locale
placeholders and `[[ ]]` parts, lists of the same length. A missing or extra block or text
is an error at its line. A block whose source text changed since it was translated (its
fingerprint differs) is a warning listing what changed, fatal under --strict, as is a
translation of an older source version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handout import validate
from handout.errors import InputError, Location, Problem, did_you_mean
from handout.loader import load_nodes, location
from handout.model import Leaflet, Person, Translation

# The keys whose values are texts a translation gives, by where they are in the source.
META_TEXTS = ("title", "subtitle", "audience", "summary", "disclaimer", "contact", "authors",
              "reviewers")
PERSON_TEXTS = ("name", "role")
REGIMEN_TEXTS = ("name", "form", "amount", "when")
BLOCK_TEXTS = ("title", "text", "items", "header", "rows", "caption", "outcome", "time_frame",
               "alt", "short")
HEADER = ("language", "locale", "source_version", "date", "translators", "reviewers")
FINGERPRINT = "source"  # each translated block's key for the source block's fingerprint
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|\[\[|\]\]")
_STR = "tag:yaml.org,2002:str"


def path_for(content: Path, language: str) -> Path:
    """The translation of `content` into `language`: content.yaml -> content.es.yaml."""
    return content.with_name(f"{content.stem}.{language}{content.suffix}")


def languages(content: Path) -> tuple[str, ...]:
    """The languages `content` has a translation file for, sorted."""
    found = content.parent.glob(f"{content.stem}.*{content.suffix}")
    return tuple(sorted(p.name[len(content.stem) + 1:-len(content.suffix)] for p in found))


def fingerprint(block: Node) -> str:
    """8 hex digits from the block's source texts (as written, spaces folded): changes when
    any text a translator translated changes, and only then."""
    texts: list[str] = []

    def collect(node: Node) -> None:
        if isinstance(node, ScalarNode):
            texts.append(" ".join(str(node.value).split()))
        else:
            for item in node.value:
                collect(item)

    for key, value in _pairs(block):
        if key in BLOCK_TEXTS:
            texts.append(f"{key}:")
            collect(value)
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:8]


def load(content: Path, language: str, locale: str | None = None) -> Leaflet:
    """The source leaflet `content` in `language`, from its translation file; InputError
    (located in the translation file) for anything missing, extra or changed."""
    source_path, file = Path(content), path_for(Path(content), language)
    if not file.is_file():
        raise InputError([Problem(None, f"there is no {language} translation of {content}",
                                  hint=f"add {file} (docs/translations.md), or use one of: "
                                       f"{', '.join(languages(source_path)) or 'none yet'}")])
    merger = _Merger(str(source_path), str(file))
    root, header = merger.merge(load_nodes(source_path), load_nodes(file))
    errors = [p for p in merger.problems if p.severity == "error"]
    if errors:
        raise InputError(merger.problems)
    leaflet = validate.load(source_path, locale=locale, root=root)
    assert header is not None  # no errors: the header was read
    return replace(leaflet, file=str(file), translation=replace(
        header, findings=tuple(merger.problems)))


def _pairs(node: Node) -> list[tuple[str, Node]]:
    if not isinstance(node, MappingNode):
        return []
    return [(k.value, v) for k, v in node.value if isinstance(k, ScalarNode)]


def _set(mapping: MappingNode, key: str, value: Node) -> None:
    """Put `value` under `key` in a source mapping (replacing it, or adding it)."""
    for i, (k, _) in enumerate(mapping.value):
        if isinstance(k, ScalarNode) and k.value == key:
            mapping.value[i] = (k, value)
            return
    mapping.value.append((ScalarNode(_STR, key, value.start_mark, value.end_mark), value))


class _Merger:
    def __init__(self, source: str, file: str) -> None:
        self.source, self.file = source, file
        self.problems: list[Problem] = []
        self.changed: list[str] = []  # source blocks changed since they were translated
        self.outdated: tuple[Node, str, str] | None = None  # source_version, it, the source's

    def loc(self, node: Node) -> Location:
        return location(self.file, node)

    def error(self, node: Node, path: str, message: str, hint: str = "",
              severity: str = "error") -> None:
        self.problems.append(Problem(self.loc(node), message, hint=hint, path=path,
                                     severity=severity))

    def fields(self, node: Node, path: str, allowed: tuple[str, ...]) -> dict[str, Node]:
        """A translation mapping's keys; a key that is not a text of the source is refused."""
        if not isinstance(node, MappingNode):
            self.error(node, path, "expected a mapping (key: value lines)")
            return {}
        found = {}
        for key, value in _pairs(node):
            if key in allowed:
                found[key] = value
            else:
                hint = did_you_mean(key, allowed) or (
                    "a translation holds only texts; structure, numbers, roles and sources "
                    f"come from {self.source}. Allowed here: {', '.join(allowed)}")
                self.error(value, f"{path}.{key}", f"'{key}' is not a text to translate here",
                           hint=hint)
        return found

    # -- the whole file ----------------------------------------------------------------
    def merge(self, source: Node, tr: Node) -> tuple[Node, Translation | None]:
        top = self.fields(tr, "", ("translation", "meta", "dosing", "sections"))
        src = dict(_pairs(source))
        header = self.header(top.get("translation"), tr, src.get("meta"))
        for key in ("meta", "dosing", "sections"):
            if key not in top:
                self.error(tr, key, f"missing key '{key}'", hint=f"translate {key} of "
                           f"{self.source}")
        if "meta" in top and "meta" in src:
            self.texts(src["meta"], top["meta"], "meta", META_TEXTS)
            if header is not None:
                language = ScalarNode(_STR, header.language, *self.marks(top["translation"]))
                _set(src["meta"], "language", language)
                _set(src["meta"], "locale", ScalarNode(_STR, header.locale,
                                                       *self.marks(top["translation"])))
        if "dosing" in top and "dosing" in src:
            self.dosing(src["dosing"], top["dosing"])
            _moved(src["dosing"], top["dosing"])
        if "sections" in top and "sections" in src:
            self.sections(src["sections"], top["sections"])
        if self.outdated:
            node, old, new = self.outdated
            changed = "; ".join(self.changed) or "none of its blocks' texts"
            self.error(node, "translation.source_version",
                       f"this translates version {old} of {self.source}, which is now version "
                       f"{new}; changed since: {changed}",
                       hint=f"update the blocks changed since, then set source_version: "
                            f"\"{new}\"", severity="warning")
        return source, header

    def marks(self, node: Node) -> tuple:
        return node.start_mark, node.end_mark

    def header(self, node: Node | None, top: Node, meta: Node | None) -> Translation | None:
        if node is None:
            self.error(top, "translation", "missing key 'translation'",
                       hint="say who translated it, when, into which language and locale, "
                            "and which version of the source (docs/translations.md)")
            return None
        fields = self.fields(node, "translation", HEADER)
        missing = [k for k in HEADER if k not in fields]
        for key in missing:
            self.error(node, f"translation.{key}", f"missing key '{key}'")
        if missing:
            return None
        people = {k: self.people(fields[k], f"translation.{k}")
                  for k in ("translators", "reviewers")}
        texts = {k: str(fields[k].value) for k in ("language", "locale", "source_version")}
        try:
            date = dt.date.fromisoformat(str(fields["date"].value))
        except ValueError:
            self.error(fields["date"], "translation.date", "expected a date: YYYY-MM-DD")
            return None
        version = dict(_pairs(meta)).get("version") if meta else None
        if version is not None and version.value != texts["source_version"]:
            self.outdated = (fields["source_version"], texts["source_version"], version.value)
        return Translation(file=self.file, source=self.source, language=texts["language"],
                           locale=texts["locale"], source_version=texts["source_version"],
                           date=date, translators=people["translators"],
                           reviewers=people["reviewers"], loc=self.loc(node))

    def people(self, node: Node, path: str) -> tuple[Person, ...]:
        if not (isinstance(node, SequenceNode) and node.value):
            self.error(node, path, "expected a list of people ({name: ..., role: ...})")
            return ()
        found = []
        for i, item in enumerate(node.value):
            f = self.fields(item, f"{path}[{i}]", PERSON_TEXTS)
            if set(f) != set(PERSON_TEXTS):
                self.error(item, f"{path}[{i}]", "each person needs a name and a role")
                continue
            found.append(Person(" ".join(str(f["name"].value).split()),
                                " ".join(str(f["role"].value).split())))
        return tuple(found)

    # -- texts -------------------------------------------------------------------------
    def texts(self, src: Node, tr: Node, path: str, allowed: tuple[str, ...]) -> None:
        """Put every translated text of `tr` in place of the source's, after comparing them;
        a text of the source without a translation is an error."""
        given = self.fields(tr, path, allowed)
        source = {k: v for k, v in _pairs(src) if k in allowed}
        for key, node in given.items():
            if key not in source:
                self.error(node, f"{path}.{key}", f"the source has no {key} here",
                           hint="remove it: a translation translates only what the source says")
        for key, node in source.items():
            if key not in given:
                self.error(tr, f"{path}.{key}", f"'{key}' is not translated",
                           hint=f"add '{key}:' with the translation of the source's {key} "
                                f"(line {node.start_mark.line + 1} of {self.source})")
                continue
            if self.same_shape(node, given[key], f"{path}.{key}"):
                assert isinstance(src, MappingNode)
                _set(src, key, given[key])

    def same_shape(self, src: Node, tr: Node, path: str) -> bool:
        """The translated value has the source's shape (a text, or a list of the same length,
        person mappings), and each text keeps the source's numbers, bold and placeholders."""
        if isinstance(src, ScalarNode):
            if not isinstance(tr, ScalarNode):
                self.error(tr, path, "expected a text, as in the source")
                return False
            return self.same_text(src, tr, path)
        if isinstance(src, SequenceNode):
            if not isinstance(tr, SequenceNode):
                self.error(tr, path, f"expected a list of {len(src.value)}, as in the source")
                return False
            if len(tr.value) != len(src.value):
                self.error(tr, path, f"the source's list has {len(src.value)} items; this "
                                     f"one has {len(tr.value)}",
                           hint="translate each item of the source as one item, in order: "
                                "never leave one out or split one")
                return False
            return all([self.same_shape(s, t, f"{path}[{i}]")
                        for i, (s, t) in enumerate(zip(src.value, tr.value, strict=True))])
        self.texts(src, tr, path, PERSON_TEXTS)  # people: only names and roles
        return False  # merged key by key

    def same_text(self, src: ScalarNode, tr: ScalarNode, path: str) -> bool:
        ok = True
        words = " ".join(str(tr.value).split())
        if words == " ".join(str(src.value).split()) and len(words.split()) >= 4:
            self.error(tr, path, "this text is the source's, untranslated",
                       hint="translate it (a name or a term may stay as it is, not a sentence)",
                       severity="warning")
        for what, pattern, hint in (
                ("numbers", _NUMBER, "a translation keeps every number of the source: doses, "
                                     "counts out of 100, weeks, ages; write them as digits"),
                ("placeholders", _PLACEHOLDER, "keep each {placeholder} and [[ ]] part as "
                                               "written, untranslated")):
            want = sorted(m.replace(",", ".") for m in pattern.findall(str(src.value)))
            got = sorted(m.replace(",", ".") for m in pattern.findall(str(tr.value)))
            if want != got:
                self.error(tr, path, f"the {what} differ from the source's: the source has "
                                     f"{', '.join(want) or 'none'}, this text "
                                     f"{', '.join(got) or 'none'}", hint=hint)
                ok = False
        if str(src.value).count("**") != str(tr.value).count("**"):
            self.error(tr, path, f"the source has {str(src.value).count('**') // 2} bold "
                                 f"span(s) here; this text has {str(tr.value).count('**') // 2}",
                       hint="put **bold** around the words that translate the source's bold")
            ok = False
        return ok

    # -- dosing and sections -----------------------------------------------------------
    def dosing(self, src: Node, tr: Node) -> None:
        given = self.fields(tr, "dosing", ("regimens", "maximum", "taper"))
        source = dict(_pairs(src))
        for key, node in given.items():
            if key not in source:
                self.error(node, f"dosing.{key}", f"the source's dosing has no {key}")
        if "regimens" in source:
            regimens = given.get("regimens")
            if regimens is None:
                self.error(tr, "dosing.regimens", "'regimens' is not translated",
                           hint="translate each regimen's form and when")
            elif self.same_length(source["regimens"], regimens, "dosing.regimens"):
                for i, (s, t) in enumerate(zip(source["regimens"].value, regimens.value,
                                               strict=True)):
                    self.texts(s, t, f"dosing.regimens[{i}]", REGIMEN_TEXTS)
        for key, allowed in (("maximum", ("note",)), ("taper", ("text",))):
            node = source.get(key)
            if node is None or not (isinstance(node, ScalarNode)
                                    or any(k in allowed for k, _ in _pairs(node))):
                continue  # nothing to translate: no such key, or only numbers
            if key not in given:
                self.error(tr, f"dosing.{key}", f"'{key}' is not translated")
            elif isinstance(source[key], ScalarNode):  # taper: text
                if self.same_shape(source[key], given[key], f"dosing.{key}"):
                    _set(src, key, given[key])  # type: ignore[arg-type]
            else:
                self.texts(source[key], given[key], f"dosing.{key}", allowed)

    def same_length(self, src: Node, tr: Node, path: str) -> bool:
        if not isinstance(tr, SequenceNode):
            self.error(tr, path, "expected a list, as in the source")
            return False
        if len(tr.value) != len(src.value):
            self.error(tr, path, f"the source has {len(src.value)}; this has {len(tr.value)}")
            return False
        return True

    def sections(self, src: Node, tr: Node) -> None:
        source = dict(_pairs(src))
        given = self.fields(tr, "sections", tuple(source))
        for key, section in source.items():
            path = f"sections.{key}"
            if key not in given:
                self.error(tr, path, f"section '{key}' is not translated")
                continue
            fields = self.fields(given[key], path, ("heading", "blocks"))
            self.texts(section, _only(given[key], "heading"), path, ("heading",))
            blocks = dict(_pairs(section)).get("blocks")
            if blocks is not None and "blocks" not in fields:
                self.error(given[key], f"{path}.blocks", "'blocks' is not translated")
            elif blocks is not None:
                self.blocks(blocks, fields["blocks"], f"{path}.blocks")
            _moved(section, given[key])

    def blocks(self, src: Node, tr: Node, path: str) -> None:
        if not isinstance(tr, SequenceNode) or not isinstance(src, SequenceNode):
            self.error(tr, path, "expected the list of blocks")
            return
        for i, block in enumerate(src.value):
            where = f"{path}[{i}]"
            if i >= len(tr.value):
                kind = dict(_pairs(block)).get("type")
                self.error(tr, where, f"block {i + 1} of {len(src.value)} (a "
                                      f"{getattr(kind, 'value', 'block')} at line "
                                      f"{block.start_mark.line + 1} of {self.source}) is "
                                      "not translated",
                           hint=f"add it, in the source's order, with '{FINGERPRINT}: "
                                f"{fingerprint(block)}'")
                continue
            self.block(block, tr.value[i], where)
        for i, extra in enumerate(tr.value[len(src.value):], len(src.value)):
            self.error(extra, f"{path}[{i}]", f"the source has only {len(src.value)} blocks "
                                              "here; this one translates none of them",
                       hint="remove it, or move it to the section whose block it translates")

    def block(self, src: Node, tr: Node, path: str) -> None:
        allowed = (FINGERPRINT, *BLOCK_TEXTS)
        fields = self.fields(tr, path, allowed)
        now = fingerprint(src)
        mark = fields.get(FINGERPRINT)
        if mark is None:
            self.error(tr, f"{path}.{FINGERPRINT}", "which source block this translates is "
                                                    "not said",
                       hint=f"add '{FINGERPRINT}: {now}' (the source block's fingerprint)")
        elif str(mark.value) != now:
            self.changed.append(f"{path} (line {src.start_mark.line + 1})")
            self.error(mark, f"{path}.{FINGERPRINT}",
                       f"the source block changed since it was translated (line "
                       f"{src.start_mark.line + 1} of {self.source})",
                       hint=f"translate the change, then write '{FINGERPRINT}: {now}'",
                       severity="warning")
        texts = _only(tr, *BLOCK_TEXTS)
        if isinstance(tr, MappingNode):
            self.texts(src, texts, path, BLOCK_TEXTS)
            _moved(src, tr)


def _moved(src: Node, tr: Node) -> None:
    """Locate a merged section, block or dosing mapping at its translation: a layout that
    cannot place it then names the translation's line, where the words to shorten are."""
    src.start_mark, src.end_mark = tr.start_mark, tr.end_mark


def _only(node: Node, *keys: str) -> Node:
    """A copy of a mapping node with only `keys` (the rest was reported)."""
    if not isinstance(node, MappingNode):
        return node
    kept = [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value in keys]
    return MappingNode(node.tag, kept, node.start_mark, node.end_mark)
