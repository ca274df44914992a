"""Unit tests of the loader, the validator and the shape of their messages."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from pathlib import Path

import pytest
from yaml.nodes import MappingNode

from handout import loader, validate
from handout.errors import InputError, Location, Problem, did_you_mean
from handout.loader import load_nodes

MINIMAL = Path(__file__).resolve().parent / "data" / "minimal.yaml"
BASE = MINIMAL.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "content.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def problems(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        validate.load(path)
    return sorted(caught.value.problems, key=lambda p: (p.loc.line, p.loc.column))


def test_minimal_is_valid() -> None:
    assert isinstance(load_nodes(MINIMAL), MappingNode)
    leaflet = validate.load(MINIMAL)
    assert leaflet.meta.id == "test-leaflet"
    assert leaflet.meta.published == dt.date(2026, 1, 1)
    assert [s.key for s in leaflet.sections] == ["overview", "how_it_works", "expected_benefit",
                                                 "side_effects", "dosing_and_tapering"]
    assert leaflet.texts, "every text is listed for the glyph check"


# -- tags are refused, never constructed -------------------------------------------------

@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system [\"touch {marker}\"]",
    "!!python/object/new:subprocess.check_call [[touch, {marker}]]",
    "!!python/name:os.system",
    "!local text",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
])
def test_tags_are_refused_and_never_run(tag: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a) or 0)
    monkeypatch.setattr(subprocess, "check_call", lambda *a, **k: calls.append(a) or 0)
    marker = tmp_path / "ran"
    path = write(tmp_path, edit("  title: Testmedicine for headaches",
                                "  title: " + tag.replace("{marker}", str(marker))))
    [problem] = problems(path)
    assert problem.loc == Location(str(path), 4, 10)
    assert "is not allowed" in problem.message
    assert calls == []
    assert not marker.exists()


def test_a_tag_on_a_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, edit("  title: Test", "  !!python/str title: Test"))
    [problem] = problems(path)
    assert (problem.loc.line, problem.loc.column) == (4, 3)
    assert "python/str" in problem.message


def test_a_large_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    levels = [f"l0: &l0 [{', '.join(['lol'] * 20)}]"]
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 20)}]" for i in range(1, 30)]
    path = write(tmp_path, "\n".join(levels) + "\n" + BASE)
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        load_nodes(path)
    assert time.perf_counter() - started < 0.5
    [problem] = caught.value.problems
    assert (problem.loc.line, problem.loc.column) == (2, 10)
    assert "aliases (*l0) are not allowed" in problem.message


# -- locations and messages --------------------------------------------------------------

def test_duplicate_key_names_the_line_of_the_first_key(tmp_path: Path) -> None:
    # 'authors:' is on line 13 and its value starts on line 14: the message names line 13
    path = write(tmp_path, edit("  reviewers:", "  authors: []\n  reviewers:"))
    [problem] = problems(path)
    assert problem.loc.line == 15
    assert "duplicate key 'authors' (first at line 13)" in problem.message


@pytest.mark.parametrize(("key", "line"), [("published", 11), ("next_review", 12)])
@pytest.mark.parametrize("value", ["2026-02-30", "soon", "'2026-13-01'"])
def test_a_bad_date_is_one_problem(key: str, line: int, value: str, tmp_path: Path) -> None:
    old = f"{key}: {'2026' if key == 'published' else '2099'}-01-01"
    path = write(tmp_path, edit(old, f"{key}: {value}"))
    [problem] = problems(path)  # not also "the review date 1970-01-01 is not after ..."
    assert problem.loc.line == line
    assert "is not a real date" in problem.message
    assert "isoformat" not in problem.message


def test_a_tab_gets_the_tab_hint(tmp_path: Path) -> None:
    path = write(tmp_path, edit("  title: Test", "\ttitle: Test"))
    with pytest.raises(InputError) as caught:
        load_nodes(path)
    [problem] = caught.value.problems
    assert (problem.loc.line, problem.loc.column) == (4, 1)
    assert problem.hint == "indent with spaces, not tabs"


def test_not_utf8_column_counts_characters_after_a_bom(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf# \xc3\xa9t\xc3\xa9 \xff\n" + MINIMAL.read_bytes())
    with pytest.raises(InputError) as caught:
        load_nodes(path)
    [problem] = caught.value.problems
    assert (problem.loc.line, problem.loc.column) == (1, 7)
    assert "byte 0xff" in problem.message


def test_a_control_character_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, edit("Pharmacist}", "Pharma\x00cist}"))
    with pytest.raises(InputError) as caught:
        load_nodes(path)
    [problem] = caught.value.problems
    column = len("    - {name: Test Reviewer, role: Pharma") + 1
    assert problem.loc == Location(str(path), 16, column)
    assert "U+0000" in problem.message


def test_reasonable_nesting_is_not_refused(tmp_path: Path) -> None:
    path = write(tmp_path, edit("title: Testmedicine for headaches",
                                "title: " + "[" * 40 + "x" + "]" * 40))
    [problem] = problems(path)
    assert problem.message == "expected text, got a list"


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    path = write(tmp_path, edit("  unit: mg\n", "  unit: mg\n  colour: red\n"))
    [problem] = problems(path)
    assert problem.message == "unknown key 'colour'"
    assert problem.hint.startswith("allowed keys: regimens, cite, unit, maximum")


def test_did_you_mean() -> None:
    assert did_you_mean("titel", ("title", "subtitle")) == "did you mean 'title'?"
    assert did_you_mean("zzz", ("title", "subtitle")) == ""


def test_problem_format_shows_line_caret_and_hint() -> None:
    problem = Problem(Location("c.yaml", 2, 5), "unknown key 'x'", hint="remove it",
                      path="meta.x")
    assert problem.format(["a:", "\tb: x:"]).split("\n") == [
        "c.yaml:2:5: error: meta.x: unknown key 'x'",
        "     b: x:",  # a tab shows as one space, so the caret stays under its column
        "        ^",
        "    hint: remove it",
    ]
    assert Problem(None, "cannot read x").format() == "error: cannot read x"


def test_report_sorts_by_line_then_column(tmp_path: Path) -> None:
    file = str(write(tmp_path, "a: 1\nb: 2\n"))
    error = InputError([Problem(Location(file, 2, 4), "third"),
                        Problem(Location(file, 1, 4), "second"),
                        Problem(Location(file, 1, 1), "first")])
    firsts = [line for line in error.report().split("\n") if ": error: " in line]
    assert [line.rsplit(" ", 1)[1] for line in firsts] == ["first", "second", "third"]


# -- libyaml's fast composer against PyYAML's -------------------------------------------------
ROOT = MINIMAL.parent.parent.parent
TRICKY = {
    "anchor without alias": "a: &x 1\nb: 2\n",
    "alias": "a: &x [1, 2]\nb: *x\n",
    "recursive alias": "a: &x [*x]\n",
    "tab indent": "a:\n\tb: 1\n",
    "tab in a value": "a: b\tc\n",
    "tab after a colon": "a:\tb\n",
    "tab before a colon": "a\t: 1\n",
    "tab before a comment": "a: 1\t# note\n",
    "tab in a continuation line": "a: one\n  \ttwo\n",
    "empty flow values": "a: {b: , c: }\n",
    "empty block value": "a:\nb: 1\n",
    "nested 990 deep": "a: " + "[" * 990 + "]" * 990 + "\n",
    "nested 200 deep": "a: " + "[" * 200 + "1" + "]" * 200 + "\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "next line and separators": "a: one\x85b: two\u2028c: three\u2029d: four\n",
    "long key": "k" * 1100 + ": 1\n",
    "flow and quotes": 'a: {b: [1, "two", \'three\']}\nc: |\n  block\n  text\nd: >-\n  folded\n',
    "bold markers": "a: '**bold** text'\nb: a * star\n",
    "empty": "",
    "null": "~\n",
    "non-printable": "a: b\x07\n",
    "private use and astral": "a: \ue000 \U0001f600\n",
    "bad indent": "a:\n  b: 1\n c: 2\n",
    "unclosed quote": "a: 'open\n",
}


def _shape(node: object) -> object:
    """Everything a node tree carries that handout reads: tags, values, styles, marks."""
    marks = tuple((m.name, m.line, m.column) for m in (node.start_mark, node.end_mark))
    value = node.value
    if isinstance(value, list):
        value = [tuple(_shape(n) for n in item) if isinstance(item, tuple) else _shape(item)
                 for item in value]
    style = getattr(node, "style", None) or None  # a plain scalar: libyaml '', PyYAML None
    return (type(node).__name__, node.tag, value, marks, style,
            getattr(node, "flow_style", None))


def _both(name: str, text: str) -> tuple[object, object]:
    try:
        slow = _shape(loader._compose(name, text))
    except InputError as err:
        slow = err
    fast = loader._fast_compose(name, text)
    return slow, None if fast is None else _shape(fast)


@pytest.mark.parametrize("path", sorted(
    [*ROOT.glob("*.yaml"), *(ROOT / "tests" / "data").rglob("*.yaml"),
     *(ROOT / "handout" / "data").rglob("*.yaml"), *(ROOT / "docs").rglob("*.yaml")]),
    ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_composes_every_repository_file_as_pyyaml_does(path: Path) -> None:
    """The fast composer gives the very tree PyYAML's Python parser gives, or steps aside
    (None) for a file the Python parser refuses, whose message must come from PyYAML."""
    data = path.read_bytes()
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before any parser")
    slow, fast = _both(str(path), text)
    if isinstance(slow, InputError):
        assert fast is None, f"libyaml accepts what PyYAML refuses: {slow}"
    elif fast is not None:
        assert fast == slow


@pytest.mark.parametrize("name", TRICKY)
def test_libyaml_agrees_with_pyyaml_on_tricky_text(name: str) -> None:
    slow, fast = _both("tricky.yaml", TRICKY[name])
    if isinstance(slow, InputError) or name in ("alias", "recursive alias"):
        assert fast is None
    elif fast is not None:
        assert fast == slow, name


@pytest.mark.parametrize("name", [name for name in TRICKY if "tab" in name or "deep" in name
                                  or "empty" in name])
def test_the_python_parser_decides_where_the_two_differ(name: str) -> None:
    """libyaml accepts tabs PyYAML refuses, nests deeper than PyYAML (and the validator)
    can follow, and places some empty values a column later: PyYAML decides all of these."""
    assert loader._fast_compose("tricky.yaml", TRICKY[name]) is None


def test_a_file_nested_990_deep_is_refused_as_input(tmp_path: Path) -> None:
    """Not an internal error: libyaml composes it, the Python parser refuses it."""
    path = write(tmp_path, "meta: " + "[" * 990 + "]" * 990 + "\n")
    found = problems(path)
    assert [p.message for p in found] == ["the content is nested too deeply"]


def test_the_fast_composer_is_used_for_the_shipped_leaflet() -> None:
    """Otherwise the comparisons above compare nothing."""
    assert loader._fast_compose("content.yaml",
                                (ROOT / "content.yaml").read_text(encoding="utf-8"))
