"""Property: whatever is done to the shipped content, handout never crashes and never leaves
the output folder half written.

Each example mutates content.yaml (an odd number; deletes, repeats or swaps lines, replaces a
value with an odd one, cuts the file short, inserts odd characters) and builds it with the real
command line, in-process, in one of the layouts on A4. It must exit 0, 1 or 2 (never 3, a bug),
print no traceback, give every error of an exit 2 a `file:line:column` and a hint, and leave
the folder byte for byte as it was unless it succeeded.

The normal suite runs a few examples; a longer hunt is

    HANDOUT_FUZZ_EXAMPLES=2000 python -m pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handout import registry
from handout.cli import main

ROOT = Path(__file__).resolve().parent.parent
LINES = (ROOT / "content.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
EXAMPLES = int(os.environ.get("HANDOUT_FUZZ_EXAMPLES", "0")) or None
LAYOUTS = sorted(registry.discover())  # each example builds one of them, on A4

ODD_VALUES = [
    ".inf", "-.inf", ".nan", "1.0e+400", "-1", "0", "0.0000001", "99999999999999999999",
    "[]", "{}", "~", "''", '"\\ud800"', '"\\x00"', "!!python/object:os.system x", "*alias",
    "&anchor x", "[1, .nan]", "x" * 300, "- a\n- b", "2026-02-30", "true", "|", ">-",
    '"unterminated', "[unclosed", "{a: 1", "\t", "é€😀", "\u202e", "a: b: c",
]
ODD_NUMBERS = [".inf", "-.inf", ".nan", "1.0e+400", "-1", "0", "0.0000001",
               "99999999999999999999", "[1, .nan]", "[10, .inf]", "[3, 2]", "[1]"]
# the first line of each numeric key (year, start, step, ..., without_medicine)
NUMBER_LINES = list({m[1]: i for i, line in reversed(list(enumerate(LINES)))
                     if (m := re.fullmatch(r"\s*([\w-]+): (\[[\d., ]+\]|[\d.]+)\s*",
                                           line))}.values())
ODD_CHARS = ["\t", "\x07", "\x00", "\ufeff", "\r", ":", "- ", "#", "'", '"', "[", "{", "*",
             "&", "!", "%", "@", "`", "\u2028", "\udcff"]

_ERROR = re.compile(r"(?P<where>.*?)error: ")
_LOCATED = re.compile(r".+:\d+:\d+: ")


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    odd_number = draw(st.booleans())  # numbers are few, and where odd input did most harm
    if odd_number:
        i = draw(st.sampled_from(NUMBER_LINES))
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {draw(st.sampled_from(ODD_NUMBERS))}\n"
    for _ in range(draw(st.integers(0 if odd_number else 1, 2))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "repeat", "swap", "value", "char", "cut",
                                       "indent"]))
        if action == "delete":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif action == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(ODD_VALUES))}\n"
        elif action == "char":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(ODD_CHARS)) + lines[i][at:]
        elif action == "cut":
            lines = [*lines[:i], lines[i][:draw(st.integers(0, len(lines[i])))]]
        elif action == "indent":
            lines[i] = " " * draw(st.integers(0, 5)) + lines[i].lstrip(" ")
        if not lines:
            lines = [""]
    return "".join(lines)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fuzz") / "earlier"
    assert main(["--content", str(ROOT / "content.yaml"), "--layout", "standard",
                 "--paper", "a4", "--out", str(out)]) == 0
    return out


# The normal suite: 30 examples, the same ones every run; a longer hunt explores at random.
@settings(max_examples=EXAMPLES or 30, deadline=None, derandomize=EXAMPLES is None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(text=mutated(), layout=st.sampled_from(LAYOUTS))
def test_mutated_content_never_crashes_nor_half_writes(
        text: str, layout: str, earlier: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content.yaml"
    content.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(earlier, out)
    before = snapshot(out)

    code = main(["--content", str(content), "--layout", layout, "--paper", "a4",
                 "--out", str(out)])
    captured = capsys.readouterr()

    assert code in (0, 1, 2), captured.err
    assert "Traceback" not in captured.out + captured.err
    if code != 0:
        assert snapshot(out) == before, "a failed build changed the output folder"
    if code == 2:
        errors = [m["where"] for line in captured.err.splitlines()
                  if (m := _ERROR.match(line)) and not line.startswith(" ")]
        assert errors, captured.err
        assert all(_LOCATED.fullmatch(where) for where in errors), captured.err
        hints = captured.err.count("\n    hint: ")
        assert hints >= len(errors), f"an error without a hint:\n{captured.err}"
