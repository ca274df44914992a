"""What changed between two versions of a leaflet, in the words a clinician reviews it in.

`compare(old, new)` is a pure function over two validated `Leaflet`s. It walks the dose plan
(field by field, whatever fields the model has), every section's blocks, the sources and the
people, and returns a `Diff`: one `Change` per added, removed or reworded text (with a word-level
diff), per changed number, and per added or removed list item, warning, emergency sign or
source; safety changes first. `diff_report.py` prints it as text, Markdown or JSON.

Blocks are paired within a section: identical blocks first (`difflib` over their content),
then, among the rest, blocks with the same type, role and title in order. A block left over
was added or removed.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from handout import check_reading
from handout.diff_dosing import flat, label, number, record, value_text
from handout.model import Block, Callout, DosePlan, FactBox, Leaflet, Paragraph, Person, Table

# Roles (`Block.role`) whose blocks a reviewer must check first: dosing, warnings, emergency
# and urgent signs, who must not take it, interactions.
SAFETY_ROLES = frozenset({
    "emergency_signs", "urgent_signs", "overdose", "interactions", "contraindications",
    "check_first", "pregnancy", "how_to_take", "missed_dose", "stopping", "withdrawal"})
SAFETY_SECTIONS = frozenset({"dosing_and_tapering"})
SAFETY_KINDS = frozenset({"urgent", "warning"})

_ITEM_NOUNS = {"emergency_signs": "emergency sign", "urgent_signs": "urgent sign",
               "interactions": "interaction", "contraindications": "contraindication",
               "overdose": "overdose instruction"}
_CALLOUT_NAMES = {"urgent": '"Get help now" box', "warning": '"Important" box',
                  "info": '"Good to know" box'}
CONTEXT_WORDS = 4
# A dose written in prose ("25 mg", "10mg"): rewording one is a safety change wherever it is.
_DOSE = re.compile(r"(\d+(?:\.\d+)?)\s*(mg|mcg|micrograms?|milligrams?|g|ml|units?)\b",
                   re.IGNORECASE)
_ABSENT = object()  # a dosing field one version does not have (None is a value)


@dataclass(frozen=True)
class Change:
    """One change. `kind`: added, removed, reworded (text, with `words`), changed (a value)
    or cited (`before`: source ids no longer cited, `after`: ids newly cited)."""

    kind: str
    where: str  # the place a reader finds it: "Side effects > "Get help now" box"
    what: str  # "emergency sign", "maximum daily dose", "paragraph", "source NHS4"
    before: str = ""
    after: str = ""
    words: tuple[tuple[str, str], ...] = ()  # ("=", kept), ("-", removed), ("+", added)
    safety: bool = False
    path: str = ""  # in the content file: sections.side_effects.blocks[0].items[2]


@dataclass(frozen=True)
class GradeChange:
    group: str
    heading: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Diff:
    old_file: str
    new_file: str
    old_version: str
    new_version: str
    old_published: str
    new_published: str
    changes: tuple[Change, ...]  # safety changes first, each group in the leaflet's order
    grades: tuple[GradeChange, ...]

    @property
    def safety(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.safety)

    @property
    def other(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.safety)


# The review record: who wrote and signed off the content, when. Not content itself.
RECORD_PATHS = ("meta.authors", "meta.reviewers")


def compare(old: Leaflet, new: Leaflet) -> Diff:
    changes = [*_meta(old, new), *_dosing(old, new), *_sections(old, new), *_sources(old, new),
               *_people(old.meta.authors, new.meta.authors, "meta.authors", "author"),
               *_people(old.meta.reviewers, new.meta.reviewers, "meta.reviewers", "reviewer")]
    ordered = [c for c in changes if c.safety] + [c for c in changes if not c.safety]
    m, n = old.meta, new.meta
    return Diff(old.file, new.file, m.version, n.version, m.published.isoformat(),
                n.published.isoformat(), tuple(ordered), _grades(old, new))


def content_changes(diff: Diff) -> tuple[Change, ...]:
    """Changes to what a patient reads (the review record, version and dates excluded)."""
    return tuple(c for c in diff.changes if not c.path.startswith(RECORD_PATHS))


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff: runs of kept ("="), removed ("-") and added ("+") words."""
    a, b = before.split(), after.split()
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", " ".join(b[j1:j2])))
    return tuple(ops)


def shortened(ops: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The word diff with long unchanged runs cut to a few words of context ("…")."""
    out = []
    for i, (op, text) in enumerate(ops):
        words = text.split()
        if op == "=" and len(words) > 2 * CONTEXT_WORDS:
            head = words[:CONTEXT_WORDS] if i > 0 else []
            tail = words[-CONTEXT_WORDS:] if i < len(ops) - 1 else []
            text = " ".join([*head, "…", *tail])
        out.append((op, text))
    return tuple(out)


# -- the parts ---------------------------------------------------------------------------
def _text(where: str, what: str, before: str, after: str, path: str,
          safety: bool) -> Iterator[Change]:
    """Changes between two texts: added, removed or reworded."""
    if before == after:
        return
    if not before:
        yield Change("added", where, what, after=after, safety=safety, path=path)
    elif not after:
        yield Change("removed", where, what, before=before, safety=safety, path=path)
    else:
        dose = _doses(before) != _doses(after)
        yield Change("reworded", where, what, before, after, word_diff(before, after),
                     safety or dose, path)


def _doses(text: str) -> list[tuple[str, str]]:
    return sorted((number, unit.lower()) for number, unit in _DOSE.findall(text))


def _meta(old: Leaflet, new: Leaflet) -> Iterator[Change]:
    for key in ("title", "subtitle", "audience", "summary", "disclaimer", "contact"):
        yield from _text("Cover and title", key, getattr(old.meta, key),
                         getattr(new.meta, key), f"meta.{key}", key == "disclaimer")


def _dosing(old: Leaflet, new: Leaflet) -> Iterator[Change]:
    """Field by field over whatever the dosing model holds (nested records and lists too)."""
    before, after = flat(record(old.dosing)), flat(record(new.dosing))
    old_unit, new_unit = str(before.get("unit", "")), str(after.get("unit", ""))
    for key in [*before, *(k for k in after if k not in before)]:
        a, b = before.get(key, _ABSENT), after.get(key, _ABSENT)
        if a == b:
            continue
        what = label(key)
        a_text, b_text = value_text(key, a, old_unit), value_text(key, b, new_unit)
        if key not in before:
            yield Change("added", "Dose plan", what, after=b_text, safety=True,
                         path=f"dosing.{key}")
        elif key not in after:
            yield Change("removed", "Dose plan", what, before=a_text, safety=True,
                         path=f"dosing.{key}")
        elif isinstance(a, str) and isinstance(b, str) and key != "unit":
            yield from _text("Dose plan", what, a, b, f"dosing.{key}", True)
        else:
            yield Change("changed", "Dose plan", what, a_text, b_text, safety=True,
                         path=f"dosing.{key}")


def _sections(old: Leaflet, new: Leaflet) -> Iterator[Change]:
    old_sections = {s.key: s for s in old.sections}
    for section in new.sections:
        before = old_sections.get(section.key)
        if before is None:
            continue
        yield from _text(section.heading, "section heading", before.heading, section.heading,
                         f"sections.{section.key}.heading", False)
        for i, j in _pairs(before.blocks, section.blocks):
            a = before.blocks[i] if i is not None else None
            b = section.blocks[j] if j is not None else None
            path = f"sections.{section.key}.blocks[{j if j is not None else i}]"
            yield from _block(section.key, section.heading, a, b, path,
                              j if j is not None else i)


def _content(block: Block) -> tuple[object, ...]:
    return (type(block).__name__, *(getattr(block, f.name) for f in dataclasses.fields(block)
                                    if f.name != "loc"))


def _similar(a: Block, b: Block) -> bool:
    return _likeness(_summary(a), _summary(b)) >= 0.5


# How a changed block is recognised, strictest first: same type, role and title; same type and
# title (a role was added or changed); same type and mostly the same words.
_SAME = (
    lambda a, b: (type(a), getattr(a, "role", ""), getattr(a, "title", ""))
    == (type(b), getattr(b, "role", ""), getattr(b, "title", "")),
    lambda a, b: (type(a), getattr(a, "title", "")) == (type(b), getattr(b, "title", "")),
    lambda a, b: type(a) is type(b) and _similar(a, b),
)


def _pairs(old: tuple[Block, ...], new: tuple[Block, ...]) -> list[tuple[int | None, int | None]]:
    """Which old block became which new one (None: added or removed), in the new order."""
    pairs: list[tuple[int | None, int | None]] = []
    matcher = difflib.SequenceMatcher(None, [_content(b) for b in old],
                                      [_content(b) for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(range(i1, i2), range(j1, j2), strict=True)
            continue
        left, matched = list(range(i1, i2)), {}
        for same in _SAME:
            for j in range(j1, j2):
                i = next((i for i in left if same(old[i], new[j])), None) \
                    if j not in matched else None
                if i is not None:
                    left.remove(i)
                    matched[j] = i
        pairs += [(matched.get(j), j) for j in range(j1, j2)]
        pairs += [(i, None) for i in left]
    return pairs


def is_safety(section: str, block: Block) -> bool:
    """A block a reviewer checks first: its role, its callout kind or its section says so."""
    return (getattr(block, "role", "") in SAFETY_ROLES or section in SAFETY_SECTIONS
            or isinstance(block, DosePlan)
            or (isinstance(block, Callout) and block.kind in SAFETY_KINDS))


def block_name(block: Block, index: int) -> str:
    title = getattr(block, "title", "") or getattr(block, "caption", "")
    if isinstance(block, Callout):
        name = _CALLOUT_NAMES.get(block.kind, "box")
    elif isinstance(block, FactBox):
        name = "fact box"
    elif isinstance(block, DosePlan):
        return "dose plan table"
    elif isinstance(block, Table):
        name = "table"
    elif isinstance(block, Paragraph):
        return f"paragraph {index + 1}"
    else:
        name = "list"
    return f'{name} "{title}"' if title else f"{name} {index + 1}"


def _item_noun(block: Block) -> str:
    role = getattr(block, "role", "") or ""
    if role in _ITEM_NOUNS:
        return _ITEM_NOUNS[role]
    if isinstance(block, Callout) and block.kind == "urgent":
        return "emergency sign"
    if isinstance(block, Callout) and block.kind == "warning":
        return "warning"
    return "list item"


def _block(section: str, heading: str, a: Block | None, b: Block | None, path: str,
           index: int) -> Iterator[Change]:
    block = b or a
    assert block is not None
    safety = is_safety(section, block) or (a is not None and is_safety(section, a))
    name = block_name(block, index)
    if a is None or b is None:
        summary = _summary(block)
        if a is None:
            yield Change("added", heading, name, after=summary, safety=safety, path=path)
        else:
            yield Change("removed", heading, name, before=summary, safety=safety, path=path)
        return
    where = f"{heading} > {name}"
    # what the block says first, then where it comes from
    for f in sorted(dataclasses.fields(b), key=lambda f: f.name == "cite"):
        if f.name == "loc":
            continue
        x, y = getattr(a, f.name, None), getattr(b, f.name)
        if x == y:
            continue
        at = f"{path}.{f.name}"
        if f.name == "cite":
            yield from _cites(where, x or (), y, at)
        elif isinstance(y, str):
            what = "text" if f.name == "text" else f.name.replace("_", " ")
            yield from _text(where, what, x or "", y, at, safety)
        elif f.name == "items":
            yield from _items(where, _item_noun(b), x or (), y, at, safety)
        elif f.name == "rows":
            yield from _items(where, "table row", tuple(" | ".join(r) for r in x or ()),
                              tuple(" | ".join(r) for r in y), at, safety)
        elif isinstance(y, tuple):
            yield Change("changed", where, f.name.replace("_", " "), " | ".join(x or ()),
                         " | ".join(y), safety=safety, path=at)
        else:
            what = {"with_medicine": "number with the medicine (in 100)",
                    "without_medicine": "number without the medicine (in 100)"}.get(
                        f.name, f.name.replace("_", " "))
            yield Change("changed", where, what, number(x), number(y), safety=safety, path=at)


def _summary(block: Block) -> str:
    parts = [getattr(block, k, "") for k in ("title", "text", "caption", "outcome")]
    parts += list(getattr(block, "items", ()))
    parts += [" | ".join(r) for r in getattr(block, "rows", ())]
    return " / ".join(p for p in parts if p) or "the dose plan table"


def _items(where: str, noun: str, old: tuple[str, ...], new: tuple[str, ...], path: str,
           safety: bool) -> Iterator[Change]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = list(range(i1, i2)), list(range(j1, j2))
        for i in list(removed):  # a reworded item: the most similar new one, if similar enough
            ratio, j = max(((_likeness(old[i], new[j]), j) for j in added), default=(0, 0))
            if ratio >= 0.5:
                removed.remove(i)
                added.remove(j)
                yield from _text(where, noun, old[i], new[j], f"{path}[{j}]", safety)
        for i in removed:
            yield Change("removed", where, noun, before=old[i], safety=safety, path=f"{path}[{i}]")
        for j in added:
            yield Change("added", where, noun, after=new[j], safety=safety, path=f"{path}[{j}]")


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower().split(), b.lower().split(),
                                   autojunk=False).ratio()


def _cites(where: str, old: tuple[str, ...], new: tuple[str, ...], path: str) -> Iterator[Change]:
    """One change per block: the source ids it now cites and no longer cites."""
    added = ", ".join(i for i in new if i not in old)
    removed = ", ".join(i for i in old if i not in new)
    if added or removed:
        yield Change("cited", where, "sources cited", before=removed, after=added, path=path)


def _sources(old: Leaflet, new: Leaflet) -> Iterator[Change]:
    before = {s.id: s for s in old.sources}
    after = {s.id: s for s in new.sources}
    for i, source in enumerate(new.sources):
        path = f"sources[{i}]"
        if source.id not in before:
            yield Change("added", "Sources", f"source {source.id}", after=_source(source),
                         path=path)
        elif _source(before[source.id]) != _source(source):
            yield from _text("Sources", f"source {source.id}", _source(before[source.id]),
                             _source(source), path, False)
    for i, source in enumerate(old.sources):
        if source.id not in after:
            yield Change("removed", "Sources", f"source {source.id}", before=_source(source),
                         path=f"sources[{i}]")


def _source(source: object) -> str:
    s = source
    return f"{s.publisher}: {s.title} ({s.year}). {s.url}"  # type: ignore[attr-defined]


def _people(old: tuple[Person, ...], new: tuple[Person, ...], path: str,
            noun: str) -> Iterator[Change]:
    before = [_person(p) for p in old]
    after = [_person(p) for p in new]
    yield from _items("About this leaflet", noun, tuple(before), tuple(after), path, False)


def _person(person: Person) -> str:
    signed = getattr(person, "signed_off", None)
    return f"{person.name} ({person.role})" + (f", signed off {signed}" if signed else "")


def _grades(old: Leaflet, new: Leaflet) -> tuple[GradeChange, ...]:
    before = {g.group: g for g in check_reading.check(old)[1]}
    after = {g.group: g for g in check_reading.check(new)[1]}
    groups = [*after, *(k for k in before if k not in after)]
    return tuple(GradeChange(k, (after.get(k) or before[k]).heading,
                             before[k].grade if k in before else None,
                             after[k].grade if k in after else None) for k in groups)
